"""The SQL of the results report against a plain-Python reading of its definitions.

Random dossiers (any status, channel, times to the microsecond, paused or not, with or without
a due date) are inserted straight into the table; the report's numbers must equal what the
module docstring's rules give dossier by dossier, and 3 = 7 + 11 must hold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from kiosk.domain.status import CLOSED
from kiosk.services.dossiers import judge
from kiosk.services.reports import Period, results_report
from kiosk.store.db import Store
from kiosk.store.models import Dossier, Procedure

BASE = datetime(2026, 3, 1)


@dataclass(frozen=True)
class Fake:
    received: datetime | None
    due: datetime | None
    status: int
    channel: str
    finished: datetime | None
    paused: datetime | None


def _moment(days: int, seconds: int, micros: int) -> datetime:
    return BASE + timedelta(days=days, seconds=seconds, microseconds=micros)


moments = st.builds(
    _moment,
    st.integers(-40, 70),
    st.sampled_from([0, 1, 9 * 3600, 17 * 3600, 86399]) | st.integers(0, 86399),
    st.sampled_from([0, 0, 0, 1, 999999]),
)


deltas = st.builds(
    timedelta,
    days=st.integers(0, 30),
    seconds=st.sampled_from([0, 9 * 3600]) | st.integers(0, 86399),
    microseconds=st.integers(0, 1),
)


@st.composite
def fakes(draw: st.DrawFn) -> Fake:
    status = draw(st.sampled_from([2, 3, 4, 5, 6, 7, 8, 9, 10]))
    received = draw(st.none() | moments) if status in (3, 5) else draw(moments)
    start = received or BASE
    due = draw(st.none() | deltas.map(lambda d: start + d))
    finished = None
    if status in CLOSED:
        exact = st.just(due) if due is not None else st.none()  # ready at the due moment
        finished = draw(st.none() | exact | deltas.map(lambda d: start + d))
    paused = draw(st.none() | moments) if status in (5, 7, 8, 3) else None
    return Fake(
        received, due, status, draw(st.sampled_from(["direct", "post", "online"])), finished, paused
    )


def expected(rows: list[Fake], period: Period, measure: datetime) -> Counter[str]:
    """The docstring of kiosk.services.reports, one dossier at a time."""
    out: Counter[str] = Counter()
    start, end = period.begins, period.ends
    for f in rows:
        if f.received is None or f.received >= end:
            continue
        closed = f.status in CLOSED
        closed_at = f.finished or f.received
        if closed and closed_at < start:
            continue
        if f.received < start:
            out["received_carried_over"] += 1
        else:
            out["received_online" if f.channel == "online" else "received_direct"] += 1
        if closed and closed_at < end:
            verdict = judge(closed_at, f.due) if f.status in (9, 10) else "on_time"
            out[f"resolved_{verdict}"] += 1
        elif (
            f.due is None
            or f.due >= measure
            or (f.paused is not None and f.paused < measure and f.paused <= f.due)
        ):  # paused before it was due: in time; paused once already late: still late
            out["pending_in_time"] += 1
        else:
            out["pending_overdue"] += 1
    return out


def load(session: Session, rows: list[Fake]) -> None:
    session.execute(delete(Dossier))
    proc = session.scalar(select(Procedure.id).order_by(Procedure.id))
    if not rows:
        return
    session.execute(
        insert(Dossier),
        [
            {
                "code": f"X-{i}",
                "procedure_id": proc,
                "agency_code": "000.17.22.H56",
                "applicant_name": "Nguyễn Văn An",
                "applicant_name_key": "nguyen van an",
                "created_at": f.received or BASE,
                "received_at": f.received,
                "due_at": f.due,
                "paused_at": f.paused,
                "finished_at": f.finished,
                "status": f.status,
                "channel": f.channel,
            }
            for i, f in enumerate(rows)
        ],
    )


def check(session: Session, rows: list[Fake], start: date, end: date, now: datetime) -> None:
    load(session, rows)
    period = Period(start, end)
    want = expected(rows, period, min(period.ends, now))
    for packed in (True, False):  # the fast query and the plain one (for huge groups)
        report = results_report(session, start, end, at=now, packed=packed)
        compare(report.total.as_dict(), want)


def compare(got: dict[str, Any], want: Counter[str]) -> None:
    for key in (
        "received_online",
        "received_direct",
        "received_carried_over",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending_in_time",
        "pending_overdue",
    ):
        assert got[key] == want[key], (key, got[key], want[key])
    assert got["received_total"] == got["resolved_total"] + got["pending_total"]


def test_sql_matches_the_definitions(store: Store) -> None:
    @settings(
        max_examples=100,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        rows=st.lists(fakes(), max_size=25),
        start=st.integers(-5, 20),
        length=st.integers(0, 40),
        now=moments,
        pick=st.integers(0, 30),
    )
    def run(rows: list[Fake], start: int, length: int, now: datetime, pick: int) -> None:
        if pick < len(rows) and rows[pick].due is not None:
            now = rows[pick].due  # measured exactly at a due moment
        first = (BASE + timedelta(days=start)).date()
        with store.begin() as s:
            check(s, rows, first, first + timedelta(days=length), now)

    run()


MAR = (date(2026, 3, 1), date(2026, 3, 31))
START, END = datetime(2026, 3, 1), datetime(2026, 4, 1)
DUE = datetime(2026, 3, 9, 9)


def test_boundaries(store: Store) -> None:
    """Exact equalities, where a < written for a <= would go unnoticed by random data."""
    cases = [
        # (dossier, the one column it must land in: received, outcome)
        (Fake(START, DUE, 9, "direct", DUE, None), ("received_direct", "resolved_on_time")),
        (
            Fake(START, DUE, 10, "online", DUE.replace(hour=0), None),
            ("received_online", "resolved_on_time"),  # the due day itself is not early
        ),
        (
            Fake(START, DUE, 10, "online", DUE.replace(hour=0) - timedelta(microseconds=1), None),
            ("received_online", "resolved_early"),
        ),
        (
            Fake(START, DUE, 9, "post", DUE.replace(microsecond=1), None),
            ("received_direct", "resolved_late"),
        ),
        (
            Fake(START - timedelta(microseconds=1), DUE, 9, "direct", START, None),
            ("received_carried_over", "resolved_early"),
        ),
        (Fake(START, DUE, 9, "direct", END, None), ("received_direct", "pending_overdue")),
        (Fake(START, END, 9, "direct", END, None), ("received_direct", "pending_in_time")),
        (
            Fake(START, END - timedelta(microseconds=1), 4, "direct", None, None),
            ("received_direct", "pending_overdue"),
        ),
        (Fake(START, END, 4, "direct", None, None), ("received_direct", "pending_in_time")),
        (
            Fake(START, DUE, 5, "direct", None, DUE),  # paused at the due moment: in time
            ("received_direct", "pending_in_time"),
        ),
        (
            Fake(START, END, 5, "direct", None, END - timedelta(microseconds=1)),
            ("received_direct", "pending_in_time"),
        ),
        (
            Fake(START, DUE, 5, "direct", None, DUE + timedelta(microseconds=1)),
            ("received_direct", "pending_overdue"),  # paused once late: stays late
        ),
        (Fake(START, DUE, 5, "direct", None, END), ("received_direct", "pending_overdue")),
        (Fake(START, None, 4, "direct", None, None), ("received_direct", "pending_in_time")),
        (Fake(START, None, 10, "direct", DUE, None), ("received_direct", "resolved_on_time")),
        (
            Fake(START, DUE, 7, "direct", END + timedelta(days=3), None),
            ("received_direct", "pending_overdue"),
        ),
    ]
    excluded = [
        Fake(END, DUE, 2, "direct", None, None),  # received after the period
        Fake(START - timedelta(days=9), DUE, 9, "direct", START - timedelta(microseconds=1), None),
        Fake(None, None, 3, "direct", START, None),  # refused at the counter
    ]
    for fake, (received, outcome) in cases:
        with store.begin() as s:
            load(s, [fake, *excluded])
            total = results_report(s, *MAR, at=datetime(2026, 5, 1)).total.as_dict()
        assert total["received_total"] == total[received] == 1, fake
        assert total[outcome] == 1, fake
    with store.begin() as s:
        check(s, [f for f, _ in cases] + excluded, *MAR, datetime(2026, 5, 1))
