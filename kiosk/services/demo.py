"""Demo data: staff, services and counters for a small office, and synthetic dossiers in bulk.

Everything here is marked as sample data: demo staff passwords are in the README, and the
synthetic applicants are invented names.
"""

from __future__ import annotations

import json
import random
import secrets
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Index, Table, select, text, update
from sqlalchemy.orm import Session

from kiosk.domain.people import fold
from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.services.calendar_store import due_at, load_calendar
from kiosk.services.context import Actor, agency_code, slot_range
from kiosk.services.dossiers import Applicant, Intake, advance_dossier, receive_dossier
from kiosk.services.register import book_name, next_number
from kiosk.services.setup import add_counter, add_service, add_staff
from kiosk.store.models import (
    Dossier,
    DossierEvent,
    DossierSequence,
    DossierWord,
    Procedure,
    RegisterSequence,
    Service,
    Staff,
)
from kiosk.store.search_index import keys_for

DEMO_STAFF = [
    ("canbo1", "Nguyễn Thị Lan", "clerk", "motcua123"),
    ("canbo2", "Trần Văn Minh", "clerk", "motcua123"),
    ("giamsat", "Lê Thị Thu Hà", "supervisor", "motcua123"),
    ("quantri", "Phạm Quốc Bảo", "admin", "motcua123"),
    ("chuyenvien", "Hoàng Văn Đức", "department", "motcua123"),
]

DEMO_SERVICES = [
    ("HT", "Hộ tịch – Chứng thực", "A", ["Hộ tịch", "Chứng thực"]),
    ("DD", "Đất đai – Xây dựng", "B", ["Đất đai", "Hoạt động xây dựng"]),
    (
        "KD",
        "Kinh doanh – Cư trú",
        "C",
        ["Thành lập và hoạt động hộ kinh doanh", "Đăng ký, quản lý cư trú"],
    ),
    (
        "XH",
        "Lao động – Xã hội – Người có công",
        "D",
        ["Bảo trợ xã hội", "Giảm nghèo", "Bảo hiểm xã hội", "Người có công"],
    ),
]

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân", "Gia"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]
STREETS = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Quang Trung",
    "Lý Thường Kiệt",
]


def _person(rng: random.Random) -> tuple[str, str, str, str]:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    phone = "09" + "".join(rng.choice("0123456789") for _ in range(8))
    id_number = "0" + "".join(rng.choice("0123456789") for _ in range(11))
    address = f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, phường Quang Trung"
    return name, phone, id_number, address


def seed_demo(session: Session, *, sample_dossiers: int = 40, seed: int = 7) -> None:
    """Staff, services, counters and a few dossiers in every state, if not there yet."""
    if session.scalar(select(Staff).limit(1)) is None:
        for username, full_name, role, password in DEMO_STAFF:
            add_staff(session, username, full_name, role, password)
    if session.scalar(select(Service).limit(1)) is None:
        services = [add_service(session, c, n, p, f) for c, n, p, f in DEMO_SERVICES]
        add_counter(session, 1, services[:1])
        add_counter(session, 2, services[1:2])
        add_counter(session, 3, services[2:])
        add_counter(session, 4, services)
    if session.scalar(select(Dossier).limit(1)) is not None:
        return
    rng = random.Random(seed)
    cal = load_calendar(session)
    procs = list(session.scalars(select(Procedure).where(Procedure.active)))
    today = datetime.now().date()
    moments = []
    for i in range(sample_dossiers):
        day = today - timedelta(days=rng.randint(0, 20))
        while not cal.is_working_day(day):
            day -= timedelta(days=1)
        at = datetime.combine(day, time(rng.randint(7, 14), rng.choice([5, 20, 35, 50])))
        if at > datetime.now():
            at = datetime.now().replace(microsecond=0) - timedelta(minutes=5 + i)
        moments.append(at)
    # received in the order they arrived, as at a real counter: the book's lines follow it
    for at in sorted(moments):
        name, phone, id_number, address = _person(rng)
        clerk = Actor(rng.choice(["canbo1", "canbo2"]), rng.randint(1, 4))
        proc = rng.choice(procs)
        d = receive_dossier(
            session,
            Intake(proc.code, Applicant(name, id_number, phone, address)),
            clerk,
            at=at,
        )
        dept = Actor("chuyenvien")
        later = min(at + timedelta(hours=2), datetime.now().replace(microsecond=0))
        fate = rng.random()
        if fate > 0.3:
            advance_dossier(session, d.code, Status.IN_PROCESS, dept, at=later)
        if fate > 0.6:
            advance_dossier(session, d.code, Status.READY, dept, at=later + timedelta(seconds=1))


DOSSIER_COLUMNS = (
    "id",
    "code",
    "procedure_id",
    "agency_code",
    "applicant_name",
    "applicant_name_key",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
    "documents",
    "sets",
    "channel",
    "result_place",
    "created_at",
    "received_at",
    "due_at",
    "original_due_at",
    "paused_at",
    "finished_at",
    "returned_at",
    "status",
    "counter_number",
    "received_by",
    "device_id",
    "lookup_token",
    "form_set",
    "book_line",
    "book_no",
    "recorded_at",
    "changed_at",
)
EVENT_COLUMNS = (
    "dossier_id",
    "at",
    "actor",
    "kind",
    "from_status",
    "to_status",
    "note",
    "agency_code",
    "counter_number",
    "device_id",
    "data",
)


def bulk_dossiers(session: Session, count: int, days: int = 365, seed: int = 1) -> int:
    """Insert `count` synthetic dossiers with their events, spread over the last `days` days.

    Rows go to the driver as ready-made tuples in SQLAlchemy's own storage format (no ORM, no
    per-value type processing): a million dossiers with their events take about a minute on a
    2-core PC. Numbers come from this device's slot like real ones, so later receptions never
    collide with them.
    """
    if count < 0 or days < 1:
        raise KioskError("--dossiers must be >= 0 and --days >= 1", "Tham số không hợp lệ.")
    rng = random.Random(seed)
    cal = load_calendar(session)
    agency = agency_code(session)
    slot = slot_range(session)
    procs = [
        (p.id, p.time_limit, p.time_unit)
        for p in session.execute(select(Procedure.id, Procedure.time_limit, Procedure.time_unit))
    ]
    if not procs:
        raise KioskError("the catalog is empty; run 'kiosk init' first", "Danh mục thủ tục trống.")
    today = date.today()
    working = [today - timedelta(days=i) for i in range(days, -1, -1)]
    working = [d for d in working if cal.is_working_day(d)] or [today]
    per_day = -(-count // len(working))
    if per_day > slot.last - slot.first + 1:
        raise KioskError(
            f"{count} dossiers over {days} days is more than 9,999 a day; use more --days",
            "Quá nhiều hồ sơ mỗi ngày.",
        )
    sqlite = session.get_bind().dialect.name == "sqlite"
    ts: Any = _sqlite_datetime if sqlite else _same

    @lru_cache(maxsize=200_000)
    def due(at: datetime, limit: float, unit: str) -> datetime:
        return due_at(cal, at, limit, unit)

    seqs = {
        s.day: s
        for s in session.scalars(
            select(DossierSequence).where(
                DossierSequence.agency_code == agency, DossierSequence.slot == slot.slot
            )
        )
    }
    next_id = (session.scalar(select(Dossier.id).order_by(Dossier.id.desc()).limit(1)) or 0) + 1
    names = [(*p, fold(p[0])) for p in (_person(rng) for _ in range(5000))]
    slots_of_day = [time(h, m) for h in (7, 8, 9, 10, 13, 14) for m in (30, 45)] + [
        time(h, m) for h in (8, 9, 10, 14, 15, 16) for m in (0, 15)
    ]
    # A big load goes in without the secondary indexes, which are then built once, sorted:
    # far quicker than keeping seven B-trees over random keys (names, IDs, phones) up to date
    # row by row. All in this transaction: if anything fails, the indexes are back as they were.
    rebuild = _drop_secondary_indexes(session) if count >= BULK_REBUILD_AT else []
    no_docs = json.dumps([])  # JSON travels as text (cast to json on PostgreSQL)
    dossiers: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    now = datetime.now().replace(second=0, microsecond=0)
    made = 0
    book_lines: dict[int, int] = {}  # year -> last line given (kiosk.services.register)
    for day in working:
        n = min(per_day, count - made)
        if n <= 0:
            break
        seq_row = seqs.get(day)
        start = seq_row.last + 1 if seq_row else slot.first
        if start + n - 1 > slot.last:
            raise KioskError(f"no dossier numbers left for {day:%d/%m/%Y}", "Hết số hồ sơ.")
        if seq_row is None:
            session.add(
                DossierSequence(agency_code=agency, day=day, slot=slot.slot, last=start + n - 1)
            )
        else:
            seq_row.last = start + n - 1
        prefix = f"{agency}-{day:%y%m%d}-"
        # in reception order: codes and book lines are given as dossiers arrive
        times = sorted(rng.choice(slots_of_day) for _ in range(n))
        for k in range(n):
            pid, limit, unit = rng.choice(procs)
            received = min(datetime.combine(day, times[k]), now)
            due_date = due(received, limit, unit)
            name, phone, id_number, address, name_key = rng.choice(names)
            age = (now - received).days
            roll = rng.random()
            status = _demo_status(age, roll)
            finished = None
            if status in (Status.READY, Status.RETURNED, Status.WITHDRAWN):
                span = max(60.0, (due_date - received).total_seconds())
                late = timedelta(minutes=int(span * rng.uniform(0.3, 1.15) // 60))
                finished = min(now, received + late)
            did = next_id + made
            dossiers.append(
                (
                    did,
                    f"{prefix}{start + k:04d}",
                    pid,
                    agency,
                    name,
                    name_key,
                    id_number,
                    phone,
                    address,
                    None,
                    no_docs,
                    1,
                    "online" if roll < 0.25 else "direct",
                    "Tại Bộ phận Một cửa",
                    ts(received),
                    ts(received),
                    ts(due_date),
                    ts(due_date),
                    ts(received + timedelta(hours=1)) if status in PAUSED else None,
                    ts(finished),
                    ts(finished) if status == Status.RETURNED else None,
                    int(status),
                    1 + (k % 4),
                    "canbo1" if k % 2 else "canbo2",
                    "demo",
                    secrets.token_hex(4),
                    "TT03/2025",
                    _book_line(session, book_lines, received.year),
                    book_name(session, received.year),
                    ts(received),  # recorded when it happened (history, as it were)
                    None,  # the last event's time, below
                )
            )
            prev: int | None = None
            at = received
            for j, st in enumerate(_demo_chain(status)):
                at = received if j == 0 else (finished or received + timedelta(hours=j))
                events.append(
                    (did, ts(at), "demo", "status", prev, st, None, agency, None, "demo", None)
                )
                prev = st
            dossiers[-1] = (*dossiers[-1][:-1], ts(at))
            made += 1
        if len(dossiers) >= 50_000:
            _flush(session, dossiers, events)
    _flush(session, dossiers, events)
    for year, last in book_lines.items():  # the books go on after the demo's lines
        session.execute(
            update(RegisterSequence)
            .where(
                RegisterSequence.agency_code == agency,
                RegisterSequence.name == f"book:{year}",
                RegisterSequence.slot == slot.slot,
            )
            .values(last=last)
        )
    conn = session.connection()
    for index in rebuild:
        index.create(bind=conn)
    if not sqlite:  # explicit ids do not move PostgreSQL's sequence: move it past them
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('dossier', 'id'), max(id)) FROM dossier")
        )
    return made


BULK_REBUILD_AT = 50_000
#: statuses whose clock is paused (a supplement request, awaiting payment)
PAUSED = (Status.SUPPLEMENT, Status.AWAITING_PAYMENT)


def _book_line(session: Session, lines: dict[int, int], year: int) -> int:
    if year not in lines:
        lines[year] = next_number(session, f"book:{year}") - 1  # creates the register's row
    lines[year] += 1
    return lines[year]


def _drop_secondary_indexes(session: Session) -> list[Index]:
    """Drop the non-unique indexes of the dossier and event tables; returns them to re-create."""
    conn = session.connection()
    dropped: list[Index] = []
    for table in (Dossier.__table__, DossierEvent.__table__, DossierWord.__table__):
        assert isinstance(table, Table)
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if not index.unique:
                index.drop(bind=conn, checkfirst=True)
                dropped.append(index)
    return dropped


def _demo_status(age: int, roll: float) -> Status:
    """Older dossiers are mostly finished; a share in process, a few waiting or withdrawn."""
    if age > 40 and roll < 0.9 or age > 10 and roll < 0.5:
        return Status.RETURNED
    if roll < 0.7:
        return Status.IN_PROCESS
    if roll < 0.85:
        return Status.READY
    if roll < 0.93:
        return Status.RECEIVED
    if roll < 0.97:
        return Status.SUPPLEMENT
    return Status.WITHDRAWN


def _demo_chain(status: Status) -> list[int]:
    chain = [int(Status.RECEIVED)]
    if status not in (Status.RECEIVED, Status.WITHDRAWN):
        chain.append(int(Status.SUPPLEMENT if status == Status.SUPPLEMENT else Status.IN_PROCESS))
    if status in (Status.READY, Status.RETURNED):
        chain.append(int(Status.READY))
    if status in (Status.RETURNED, Status.WITHDRAWN):
        chain.append(int(status))
    return chain


def _flush(
    session: Session, dossiers: list[tuple[Any, ...]], events: list[tuple[Any, ...]]
) -> None:
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    # the search keys (kiosk.store.search_index) of these dossiers: id, code, name key, ID, phone
    words = sorted((key, d[0]) for d in dossiers for key in keys_for(d[1], d[5], d[7], d[6]))
    for table, cols, rows in (
        ("dossier", DOSSIER_COLUMNS, dossiers),
        ("dossier_event", EVENT_COLUMNS, events),
        ("dossier_word", ("word", "dossier_id"), words),
    ):
        if rows:
            marks = ", ".join(
                "?" if sqlite else ("%s::json" if c in ("documents", "data") else "%s")
                for c in cols
            )
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})"
            conn.exec_driver_sql(sql, rows)
    dossiers.clear()
    events.clear()


def _same(value: Any) -> Any:
    return value


@lru_cache(maxsize=500_000)
def _sqlite_datetime(value: datetime | None) -> str | None:
    """SQLAlchemy's SQLite DATETIME text: comparisons are on text, so the format must match."""
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")
