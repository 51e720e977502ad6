"""Hand-overs of a dossier and the rows of its control sheet (Mẫu 06).

Every hand-over is an event with a giver and a receiver, each a unit and, where known, a person:
counter → unit, unit → unit on an inter-agency route, unit → counter, counter → citizen. A
status change that moves the dossier between the counter and a unit (taken into processing,
result ready, returned) is a hand-over too; a supplement request and the resumption are rows of
their own. A step is judged early / on time / late against its share of the time limit where the
procedure's route gives one (RouteStep.days, counted from the time the unit received the
dossier), else against the dossier's due date. The giver and the receiver of a row are never the
same: when the same account did both (a clerk moving a dossier from the command line), the
receiving side is named by its unit only, for the person to sign by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.people import InputError, nfc
from kiosk.domain.status import RUNNING, Status
from kiosk.errors import KioskError
from kiosk.services.calendar_store import due_at as compute_due
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import Actor
from kiosk.store.models import Department, Dossier, DossierEvent, Field, Staff

ONE_STOP = "Bộ phận Một cửa"
CITIZEN = "Người nộp hồ sơ"
RESULTS_VI = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


@dataclass(frozen=True)
class Party:
    """One side of a hand-over: a unit and, where known, the person."""

    unit: str
    person: str | None = None

    def label(self) -> str:
        return f"{self.person} ({self.unit})" if self.person else self.unit


@dataclass(frozen=True)
class ControlRow:
    agency: str  # the unit that receives the dossier
    handed_by: str
    received_by: str
    at: datetime
    result: str | None  # Trước hạn / Đúng hạn / Quá hạn
    note: str | None


def handling_unit(session: Session, d: Dossier) -> str | None:
    """The unit handling the dossier by name: the field's department, else the first agency the
    catalog names for the procedure (without its notes)."""
    name = session.scalar(
        select(Department.name)
        .join(Field, Field.department_id == Department.id)
        .where(Field.id == d.procedure.field_id)
    )
    if name:
        return str(name)
    first = (d.procedure.agency or "").split(";")[0].split("(")[0].strip().rstrip(".,")
    return first[:120] or None


def party(session: Session, text: str, person: str | None = None) -> Party:
    """`--from`/`--to` of the command line: a staff user name (their unit and name) or a unit."""
    value = " ".join(nfc(text or "").split())
    if not value:
        raise InputError(
            "party", "name the unit or the user on both sides", "Chưa nhập bên giao/nhận."
        )
    staff = session.scalar(select(Staff).where(Staff.username == value))
    if staff is not None:
        unit = ONE_STOP
        if staff.department_id is not None:
            unit = (
                session.scalar(select(Department.name).where(Department.id == staff.department_id))
                or ONE_STOP
            )
        return Party(unit, person or staff.full_name)
    return Party(value, " ".join(nfc(person).split()) if person else None)


def _judge(at: datetime, deadline: datetime | None) -> str | None:
    if deadline is None:
        return None
    if at.date() < deadline.date():
        return "early"
    return "on_time" if at <= deadline else "late"


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold().strip() == (b or "").casefold().strip()


def step_deadline(session: Session, d: Dossier, unit: str, since: datetime) -> datetime | None:
    """The end of `unit`'s share of the time limit on the route, counted from `since`."""
    for step in d.procedure.route:
        if _same(step.agency, unit) and step.days:
            return compute_due(load_calendar(session), since, step.days, "days")
    return None


def record_handover(
    session: Session,
    code: str,
    giver: Party,
    receiver: Party,
    actor: Actor,
    at: datetime | None = None,
    note: str | None = None,
) -> tuple[Dossier, DossierEvent, str | None]:
    """One hand-over (an event of kind `handover`); returns the step's judgement."""
    from kiosk.services.dossiers import get_dossier, hand_over

    if _same(giver.unit, receiver.unit) and _same(giver.person, receiver.person):
        raise InputError(
            "party",
            "the giver and the receiver of a hand-over must be different",
            "Bên giao và bên nhận phải khác nhau.",
        )
    d = get_dossier(session, code)
    d = hand_over(
        session, d.code, receiver.unit, actor, at, note,
        from_agency=giver.unit, from_person=giver.person, to_person=receiver.person,
    )  # fmt: skip
    event = d.events[-1]
    return d, event, (event.data or {}).get("result")


def judge_handover(session: Session, d: Dossier, giver_unit: str, at: datetime) -> str | None:
    """The step the giver's unit ends, judged against its share (or the due date)."""
    arrived = None
    for r in reversed(_raw_rows(session, d)):
        if _same(r[1].unit, giver_unit) and r[2] <= at:
            arrived = r[2]
            break
    deadline = step_deadline(session, d, giver_unit, arrived) if arrived else None
    if deadline is None and not _same(giver_unit, ONE_STOP):
        deadline = d.due_at
    return _judge(at, deadline)


def check_can_hand_over(d: Dossier) -> None:
    if d.status not in RUNNING and d.status not in (Status.AWAITING_PAYMENT, Status.READY):
        raise KioskError(
            f"dossier {d.code} is not being processed",
            f"Hồ sơ {d.code} không ở trạng thái đang xử lý.",
        )


# -- the rows of the control sheet -----------------------------------------------------------

Raw = tuple[Party, Party, datetime, str | None, str | None, DossierEvent]


def _names(session: Session) -> dict[str, tuple[str, int | None]]:
    return {
        u: (n, dep)
        for u, n, dep in session.execute(
            select(Staff.username, Staff.full_name, Staff.department_id)
        )
    }


def _raw_rows(session: Session, d: Dossier) -> list[Raw]:
    """(giver, receiver, at, result, note, event) of every hand-over so far, in order."""
    staff = _names(session)
    units = dict(session.execute(select(Department.id, Department.name)).all())
    unit = handling_unit(session, d) or ""

    def person(username: str | None) -> str | None:
        return staff[username][0] if username and username in staff else None

    def unit_of(username: str | None, default: str) -> str:
        dep = staff.get(username or "", ("", None))[1]
        return str(units.get(dep, default)) if dep is not None else default

    clerk = Party(ONE_STOP, person(d.received_by))
    citizen = Party(CITIZEN, d.applicant_name)
    rows: list[Raw] = []
    explicit: list[DossierEvent] = []  # hand-overs recorded since the last status change
    for e in d.events:
        data: dict[str, Any] = e.data or {}
        if e.kind == "handover":
            giver = Party(
                str(data.get("from_agency") or unit_of(e.actor, unit)),
                data.get("from_person") or (None if data.get("from_agency") else person(e.actor)),
            )
            receiver = Party(str(data.get("to_agency", "")), data.get("to_person"))
            rows.append((giver, receiver, e.at, data.get("result"), e.note, e))
            explicit.append(e)
            continue
        if e.kind != "status" or e.from_status is None:
            continue
        covered = {
            ("from" if _same((x.data or {}).get("from_agency"), ONE_STOP) else "")
            + ("to" if _same((x.data or {}).get("to_agency"), ONE_STOP) else "")
            for x in explicit
        }
        explicit = []
        actor = Party(
            unit_of(e.actor, unit if e.actor != d.received_by else ONE_STOP), person(e.actor)
        )
        if e.to_status == Status.IN_PROCESS and e.from_status != Status.SUPPLEMENT:
            if any("from" in c for c in covered):
                continue
            rows.append((clerk, Party(unit, actor.person), e.at, None, e.note, e))
        elif e.to_status == Status.SUPPLEMENT:
            note = "Yêu cầu bổ sung hồ sơ" + (f": {e.note}" if e.note else "")
            rows.append((actor, citizen, e.at, None, note, e))
        elif e.from_status == Status.SUPPLEMENT:
            rows.append(
                (citizen, Party(ONE_STOP, person(e.actor)), e.at, None, "Đã bổ sung hồ sơ", e)
            )
        elif e.to_status == Status.READY:
            if any("to" in c for c in covered):
                continue
            rows.append(
                (
                    Party(unit, actor.person),
                    Party(ONE_STOP),
                    e.at,
                    _judge(e.at, d.due_at),
                    e.note,
                    e,
                )
            )
        elif e.to_status == Status.RETURNED:
            taker = Party(CITIZEN, str(data.get("collected_by") or d.applicant_name))
            rows.append(
                (Party(ONE_STOP, person(e.actor)), taker, e.at, data.get("result"), e.note, e)
            )
    return rows


def control_rows(session: Session, d: Dossier) -> list[ControlRow]:
    out = []
    for giver, receiver, at, result, note, _e in _raw_rows(session, d):
        if _same(giver.unit, receiver.unit) and _same(giver.person, receiver.person):
            receiver = Party(receiver.unit)  # never the same name on both sides
        out.append(
            ControlRow(
                agency=receiver.unit,
                handed_by=giver.label(),
                received_by=receiver.label(),
                at=at,
                result=RESULTS_VI.get(result or ""),
                note=note,
            )
        )
    return out


def handover_dates(d: Dossier) -> tuple[datetime | None, datetime | None]:
    """Mẫu 07: when the counter handed the dossier to a unit, and got the result back."""
    return dates_of((e.kind, e.to_status, e.at, e.data) for e in d.events)


#: the events :func:`dates_of` reads (kind, to_status): hand-overs, taken, result ready
BOOK_EVENTS = (("handover", None), ("status", Status.IN_PROCESS), ("status", Status.READY))


def dates_of(
    events: Iterable[tuple[str, int, datetime, dict[str, Any] | None]],
) -> tuple[datetime | None, datetime | None]:
    """(handed to a unit, result back at the counter) from a dossier's events in order
    (kind, to_status, at, data): the recorded hand-overs from and to the one-stop counter;
    where none was recorded, the dossier taken into processing and its result ready. The
    one function of the book on screen and on paper (kiosk.services.book)."""
    to_unit = back = None
    for kind, to_status, at, data in events:
        data = data or {}
        if kind == "handover":
            if to_unit is None and _same(data.get("from_agency"), ONE_STOP):
                to_unit = at
            if _same(data.get("to_agency"), ONE_STOP):
                back = at
        elif kind == "status" and to_status == Status.IN_PROCESS and to_unit is None:
            to_unit = at
        elif kind == "status" and to_status == Status.READY:
            back = back or at
    return to_unit, back
