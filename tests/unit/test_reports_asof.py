"""Reports that hold (issue 13, item 4): March's II.06a and overdue watch do not change when
facts are recorded in April; `as_of` answers what the database knew at a time; a closed
period keeps its figures and shows later corrections as adjustment lines.

The wall clock that stamps `recorded_at` (kiosk.services.context.clock) is set by the test, so
facts are recorded "in March" and "in April" while their effective times are given as the
command line's --at would."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pytest

from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.services import context
from kiosk.services.context import Actor
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    apologise,
    receive_dossier,
    request_supplement,
    return_result,
)
from kiosk.services.reports import COLUMNS, results_csv, results_report
from kiosk.services.reports_close import close_period
from kiosk.services.reports_watch import overdue_watch
from kiosk.services.setup import add_staff
from kiosk.store.db import Store

HT = "1.004884"  # Hộ tịch, 5 working days (tests/unit/test_reports.py)
CLERK = Actor("canbo1", 1, "pc-1")
DEPT = Actor("chuyenvien")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
WATCH_AT = datetime(2026, 3, 31, 17)

Clock = Callable[[datetime], None]
NAMES = {
    "m1": "Nguyễn Văn An",
    "m2": "Trần Thị Bình",
    "m3": "Lê Văn Cường",
    "m4": "Phạm Thị Dung",
    "m5": "Hoàng Văn Em",
}


def t(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    now = [t(3, 1)]
    monkeypatch.setattr(context, "clock", lambda: now[0])

    def set_clock(when: datetime) -> None:
        now[0] = when

    yield set_clock


def _json(store: Store, **kw: Any) -> str:
    with store.begin() as s:
        return json.dumps(results_report(s, *MARCH, **kw).as_dict(), ensure_ascii=False)


def _watch(store: Store, **kw: Any) -> list[tuple[str, str]]:
    with store.begin() as s:
        w = overdue_watch(s, WATCH_AT, **kw)
    tags = {v: k for k, v in NAMES.items()}
    return [(tags[x["applicant_name"]], x["bucket"]) for x in w.dossiers]


def _march(store: Store, clock: Clock) -> dict[str, str]:
    """Five dossiers of Hộ tịch, each fact recorded when it took effect."""
    codes: dict[str, str] = {}

    def fact(when: datetime, do: Callable[[Any], Any]) -> Any:
        clock(when)
        with store.begin() as s:
            return do(s)

    def rcv(name: str, when: datetime) -> None:
        intake = Intake(HT, Applicant(NAMES[name]))
        codes[name] = fact(when, lambda s: receive_dossier(s, intake, CLERK, at=when).code)

    with store.begin() as s:
        add_staff(s, "giamsat", "Lê Thị Thu Hà", "supervisor", "motcua123")
    rcv("m1", t(3, 2))  # due 9/3 09:00
    fact(t(3, 12), lambda s: advance_dossier(s, codes["m1"], Status.READY, DEPT, at=t(3, 12)))
    rcv("m2", t(3, 9))  # due 16/3: overdue at the end of March
    rcv("m3", t(3, 16))  # due 23/3; paused on 18/3: in time at the end of March
    fact(t(3, 18), lambda s: request_supplement(s, codes["m3"], [], "Thiếu", DEPT, at=t(3, 18)))
    rcv("m4", t(3, 23))  # due 30/3; apologised on 30/3 for 6/4: still overdue on 31/3
    fact(
        t(3, 30, 8),
        lambda s: apologise(s, codes["m4"], t(4, 6), "Chậm", DEPT, at=t(3, 30, 8)),
    )
    rcv("m5", t(3, 25))  # due 1/4: in time
    return codes


def _april(store: Store, clock: Clock, codes: dict[str, str]) -> None:
    """Facts that took effect in April, recorded in April."""
    clock(t(4, 15))
    with store.begin() as s:
        apologise(s, codes["m2"], t(4, 20), "Chậm", DEPT, at=t(4, 15))
        apologise(s, codes["m4"], t(4, 20), "Chậm nữa", DEPT, at=t(4, 15), approved_by="giamsat")
        advance_dossier(s, codes["m2"], Status.READY, DEPT, at=t(4, 15, 10))
        advance_dossier(s, codes["m3"], Status.IN_PROCESS, DEPT, at=t(4, 15))
        return_result(s, codes["m1"], CLERK, at=t(4, 15))
        advance_dossier(s, codes["m4"], Status.READY, DEPT, at=t(4, 15, 11))


def scenario(store: Store, clock: Clock) -> None:
    codes = _march(store, clock)
    clock(t(4, 1, 8))
    before = _json(store)
    data = json.loads(before)
    total = {k: data["total"][k] for k in COLUMNS}
    assert total["received_total"] == 5 and total["resolved_late"] == 1  # m1
    assert (total["pending_in_time"], total["pending_overdue"]) == (2, 2)  # m3 m5 / m2 m4
    watched = _watch(store)
    assert watched == [("m2", "overdue"), ("m4", "overdue"), ("m5", "due_soon")]

    _april(store, clock, codes)
    assert _json(store) == before  # byte for byte: nothing of April changes March
    assert _watch(store) == watched  # the watch at 31/3 17:00 is the same too
    assert _json(store, as_of=t(4, 1, 8)) == before.replace(
        '"as_of": null', '"as_of": "2026-04-01T08:00:00"'
    )

    # A fact of March recorded on 2/5 (m5 was ready on 31/3): the report now counts it; as
    # of 1/4 it said what it said then; the watch as of 1/4 likewise.
    clock(t(5, 2))
    with store.begin() as s:
        advance_dossier(s, codes["m5"], Status.READY, DEPT, at=t(3, 31, 10))
    now_total = json.loads(_json(store))["total"]
    assert (now_total["resolved_early"], now_total["pending_in_time"]) == (1, 1)
    as_of = json.loads(_json(store, as_of=t(4, 20)))
    assert {k: as_of["total"][k] for k in COLUMNS} == total  # replayed: m1..m4 changed on 15/4
    assert as_of["rows"] == data["rows"]
    assert _watch(store, as_of=t(4, 20)) == watched

    # Closing March on 3/5 stores it; a correction recorded on 4/5 (m3 withdrawn on 31/3)
    # shows as an adjustment line, and the stored figures stay.
    clock(t(5, 3))
    with store.begin() as s:
        close_period(s, *MARCH, "giamsat")
    with pytest.raises(KioskError, match="was closed on 03/05/2026"), store.begin() as s:
        close_period(s, *MARCH, "giamsat")
    closed = json.loads(_json(store))
    assert closed["closed"] == {"at": "2026-05-03T09:00:00", "by": "giamsat"}
    assert closed["total"] == json.loads(_json(store, stored=False))["total"]
    assert closed["adjustments"] == []
    clock(t(5, 4))
    with store.begin() as s:
        advance_dossier(s, codes["m3"], Status.WITHDRAWN, CLERK, at=t(3, 31, 12))
    later = json.loads(_json(store))
    assert later["total"] == closed["total"] and later["rows"] == closed["rows"]
    [adj] = later["adjustments"]
    assert adj["field"] == "Hộ tịch"
    assert (adj["resolved_on_time"], adj["pending_in_time"], adj["received_total"]) == (1, -1, 0)
    with store.begin() as s:
        csv = results_csv(results_report(s, *MARCH))
    assert csv.splitlines()[-1].startswith("điều chỉnh,Hộ tịch,0,0,0,0,1,0,1,0,-1,-1,0")
    # What the report said on 3/5 at noon: the closed figures, no adjustment yet; on 2/5:
    # not closed yet, computed as the database knew it then.
    assert json.loads(_json(store, as_of=t(5, 3, 12)))["adjustments"] == []
    assert json.loads(_json(store, as_of=t(5, 2, 12)))["closed"] is None


def test_march_holds_on_sqlite(store: Store, clock: Clock) -> None:
    scenario(store, clock)


def test_a_period_not_ended_cannot_be_closed(store: Store, clock: Clock) -> None:
    clock(t(3, 31, 12))
    with pytest.raises(KioskError, match="has not ended"), store.begin() as s:
        close_period(s, *MARCH, "giamsat")


def test_repeated_supplement_is_counted(store: Store, clock: Clock) -> None:
    with store.begin() as s:
        add_staff(s, "giamsat", "Lê Thị Thu Hà", "supervisor", "motcua123")
        code = receive_dossier(s, Intake(HT, Applicant("Nguyễn Văn An")), CLERK, at=t(3, 2)).code
        request_supplement(s, code, [], "Thiếu", DEPT, at=t(3, 3))
        advance_dossier(s, code, Status.IN_PROCESS, DEPT, at=t(3, 4))
        request_supplement(s, code, [], "Thiếu nữa", DEPT, at=t(3, 5), approved_by="giamsat")
        report = results_report(s, *MARCH)
        april = results_report(s, date(2026, 4, 1), date(2026, 4, 30))
    assert report.total.supplement_repeated == 1
    assert report.rows[0].as_dict()["supplement_repeated"] == 1
    assert april.total.supplement_repeated == 0


def test_closed_pdf_shows_the_adjustments(store: Store, clock: Clock) -> None:
    import subprocess

    from printing.forms.report import render_results_report
    from printing.jobs import agency_header

    codes = _march(store, clock)
    clock(t(4, 2))
    with store.begin() as s:
        close_period(s, *MARCH, "giamsat")
    clock(t(4, 3))
    with store.begin() as s:
        advance_dossier(s, codes["m5"], Status.READY, DEPT, at=t(3, 31, 10))
        report = results_report(s, *MARCH)
        pdf = render_results_report(report, agency_header(s), made_on=date(2026, 4, 3))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = " ".join(text.split())
    assert "Số liệu đã chốt lúc 09:00 ngày 02/04/2026 (giamsat)." in flat
    assert "Điều chỉnh sau khi chốt – Hộ tịch: cột (7) +1, cột (8) +1, cột (11) -1" in flat


def test_the_as_of_queries_search_indexes(store: Store, clock: Clock) -> None:
    """The plans the speed rests on (tests/bench/bench_reports.py: a year of 1,000,000 dossiers
    as of a past date): the dossiers to replay found by a range of ix_dossier_changed and their
    events by ix_dossier_event_dossier_id (never a walk of every event), and the dossiers with
    two supplement requests listed from ix_dossier_event_supplements alone (migration 0015)."""
    from sqlalchemy import event

    scenario(store, clock)
    seen: list[tuple[str, Any]] = []

    def grab(_c: Any, _cur: Any, statement: str, params: Any, _x: Any, _m: bool) -> None:
        if "dossier_event" in statement:
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        with store.begin() as s:
            results_report(s, *MARCH, as_of=t(4, 1, 0))
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
    plans = []
    with store.begin() as s:
        for statement, params in seen:
            rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            plans.append(" | ".join(str(r[-1]) for r in rows))
    replay = next(p for p in plans if "ix_dossier_changed" in p)
    assert "SEARCH dossier_event USING INDEX ix_dossier_event_dossier_id" in replay, replay
    assert "SCAN dossier_event" not in replay, replay
    repeats = next(p for p in plans if "ix_dossier_event_supplements" in p)
    assert "COVERING INDEX ix_dossier_event_supplements" in repeats, repeats
    assert all("SCAN dossier_event" not in p for p in plans), plans
