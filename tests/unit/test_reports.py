"""The results report (II.06a) on a hand-built March 2026, with every number worked out here.

Both procedures take 5 working days; March 2026 has no day off. The period is 1–31 March and
the report is made on 15 April, so "pending" is measured at the end of 31 March.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import event, text

from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.services.context import Actor
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    apologise,
    receive_dossier,
    refuse_dossier,
    request_supplement,
    resume_dossier,
    return_result,
)
from kiosk.services.reports import COLUMNS, results_csv, results_report
from kiosk.services.reports_queue import service_index
from kiosk.services.reports_sql import REPORT_INDEX
from kiosk.store.db import Store

HT = "1.004884"  # Hộ tịch — đăng ký lại khai sinh, 5 working days
CT = "1.003197"  # Đăng ký, quản lý cư trú — xóa đăng ký thường trú, 5 working days
HO_TICH, CU_TRU = "Hộ tịch", "Đăng ký, quản lý cư trú"
A = Actor("canbo1", 1, "pc-1")
B = Actor("canbo2", 2, "pc-2")
DEPT = Actor("chuyenvien")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
MADE_ON = datetime(2026, 4, 15, 10)


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


def build_march(store: Store) -> dict[str, str]:
    """The data set; each line says where the dossier lands in the March report."""
    codes: dict[str, str] = {}
    with store.begin() as s:

        def rcv(name: str, proc: str, when: datetime, clerk: Actor = A, ch: str = "direct") -> str:
            intake = Intake(proc, Applicant("Nguyễn Văn An"), channel=ch)
            codes[name] = receive_dossier(s, intake, clerk, at=when).code
            return codes[name]

        def ready(code: str, when: datetime) -> None:
            advance_dossier(s, code, Status.IN_PROCESS, DEPT, at=when.replace(hour=7))
            advance_dossier(s, code, Status.READY, DEPT, at=when)

        def supplement(code: str, when: datetime) -> None:
            request_supplement(s, code, [], "Thiếu giấy tờ", DEPT, at=when)

        # Received in February (before the period).
        ready(rcv("c1", HT, at(2, 23)), at(2, 27))  # closed before March: not in the report
        c2 = rcv("c2", HT, at(2, 25))  # due 4/3 09:00
        ready(c2, at(3, 4, 8))  # carried over; on time (due day, before the hour)
        return_result(s, c2, A, at=at(3, 5))
        ready(rcv("c3", HT, at(2, 26)), at(3, 6, 10))  # carried over; late (due 5/3 09:00)
        c6 = rcv("c6", HT, at(2, 26, 10))  # due 5/3 10:00
        supplement(c6, at(2, 27))  # carried over; waiting for documents: pending in time
        advance_dossier(s, rcv("c4", CT, at(2, 27), B), 4, DEPT, at=at(2, 27, 10))
        # ^ carried over; due 6/3, still in process: pending overdue
        c5 = rcv("c5", CT, at(2, 24), B)  # due 3/3 09:00
        advance_dossier(s, c5, Status.WITHDRAWN, B, at=at(3, 3, 10))  # withdrawn: on time

        # Received in March.
        ready(rcv("r1", HT, at(3, 2), ch="online"), at(3, 5))  # online; early (due 9/3)
        r2 = rcv("r2", HT, at(3, 2, 10))  # due 9/3 10:00
        ready(r2, at(3, 9, 9, 30))  # on time
        return_result(s, r2, A, at=at(3, 10))
        r3 = rcv("r3", HT, at(3, 3), ch="post")  # by post (column 5); due 10/3 09:00
        supplement(r3, at(3, 5))  # paused with 3 working days left (6, 9, 10 March)
        assert resume_dossier(s, r3, A, at=at(3, 12)).due_at == at(3, 17)  # 13, 16, 17 March
        ready(r3, at(3, 16))  # early against the moved date (late against the first one)
        r4 = rcv("r4", HT, at(3, 4))  # due 11/3 09:00
        apologise(s, r4, at(3, 20, 17), "Cần xác minh thêm", DEPT, at=at(3, 10))
        ready(r4, at(3, 18))  # late: judged against Mẫu 01's 11/3, not the apology's 20/3
        ready(rcv("r11", HT, at(3, 2, 8), B), at(3, 9, 15))  # late: due 9/3 08:00, ready 15:00
        r10 = rcv("r10", HT, at(3, 25))  # due 1/4 09:00
        ready(r10, at(4, 2))  # pending at the end of March, in time (due after the period)
        r5 = rcv("r5", CT, at(3, 23), B)  # due 30/3 09:00
        supplement(r5, at(3, 26))  # paused at the end: pending in time although 30/3 passed
        rcv("r6", CT, at(3, 30), B, ch="online")  # online; pending in time (due 6/4)
        advance_dossier(s, rcv("r7", CT, at(3, 16), B), 4, DEPT, at=at(3, 16, 10))
        # ^ due 23/3, still in process: pending overdue
        r8 = rcv("r8", CT, at(3, 9), B)
        supplement(r8, at(3, 10))
        advance_dossier(s, r8, Status.REFUSED, B, at=at(3, 12), note="Không đủ điều kiện")
        # ^ refused after the supplement: resolved on time
        advance_dossier(s, rcv("r9", CT, at(3, 9), B), Status.STOPPED, DEPT, at=at(3, 20))
        # ^ stopped: resolved on time

        # Not in the report: refused at the counter, received in April, never completed.
        refuse_dossier(s, Intake(HT, Applicant("Trần Thị Bình")), "Sai thẩm quyền", A, at(3, 10))
        rcv("x2", CT, at(4, 1), B)
        request_supplement(s, Intake(HT, Applicant("Lê Văn Cường")), [], "Thiếu", A, at(3, 12))
    return codes


def row(**values: int) -> dict[str, int]:
    """A full row from its leaves; the totals are added here by hand-written sums."""
    v = dict.fromkeys(
        (
            "received_online",
            "received_direct",
            "received_carried_over",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "pending_in_time",
            "pending_overdue",
        ),
        0,
    )
    v.update(values)
    v["received_total"] = v["received_online"] + v["received_direct"] + v["received_carried_over"]
    v["resolved_total"] = v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]
    v["pending_total"] = v["pending_in_time"] + v["pending_overdue"]
    return v


# Hộ tịch: online r1; direct/post r2 r3 r4 r11 r10; carried c2 c3 c6.
#          early r1 r3; on time c2 r2; late c3 r11 r4 (apologised: still late); pending in
#          time r10 c6.
EXPECTED_HO_TICH = row(
    received_online=1,
    received_direct=5,
    received_carried_over=3,
    resolved_early=2,
    resolved_on_time=2,
    resolved_late=3,
    pending_in_time=2,
)
# Cư trú: online r6; direct r5 r7 r8 r9; carried c4 c5.
#         on time c5 (withdrawn) r8 (refused) r9 (stopped); in time r5 r6; overdue c4 r7.
EXPECTED_CU_TRU = row(
    received_online=1,
    received_direct=4,
    received_carried_over=2,
    resolved_on_time=3,
    pending_in_time=2,
    pending_overdue=2,
)
EXPECTED_TOTAL = row(
    received_online=2,
    received_direct=9,
    received_carried_over=5,
    resolved_early=2,
    resolved_on_time=5,
    resolved_late=3,
    pending_in_time=4,
    pending_overdue=2,
)


def numbers(r: dict[str, Any]) -> dict[str, int]:
    return {k: r[k] for k in COLUMNS}


@pytest.fixture
def march(store: Store) -> Store:
    build_march(store)
    return store


def test_march_by_field(march: Store) -> None:
    with march.begin() as s:
        report = results_report(s, *MARCH, at=MADE_ON)
    data = report.as_dict()
    # Rows in Vietnamese alphabetical order: Đ comes before H.
    assert [r["field"] for r in data["rows"]] == [CU_TRU, HO_TICH]
    assert numbers(data["rows"][0]) == EXPECTED_CU_TRU
    assert numbers(data["rows"][1]) == EXPECTED_HO_TICH
    assert numbers(data["total"]) == EXPECTED_TOTAL
    assert data["total"]["received_total"] == 16 and data["total"]["resolved_total"] == 10
    assert report.problems() == []
    assert data["measured_at"] == "2026-04-01T00:00:00"  # the end of the period


def test_carried_over_into_april_is_what_march_left_pending(march: Store) -> None:
    with march.begin() as s:
        april = results_report(s, date(2026, 4, 1), date(2026, 4, 30), at=MADE_ON)
    assert april.total.received_carried_over == EXPECTED_TOTAL["pending_total"] == 6
    assert april.total.received_direct == 1  # x2
    # r10 was ready on 2/4: resolved in April, late (due 1/4 09:00)
    assert (april.total.resolved_late, april.total.resolved_total) == (1, 1)
    assert april.problems() == []


def test_drill_down_by_counter_clerk_and_procedure(march: Store) -> None:
    with march.begin() as s:
        by_counter = results_report(s, *MARCH, by="counter", at=MADE_ON).as_dict()
        by_clerk = results_report(s, *MARCH, by="clerk", at=MADE_ON).as_dict()
        by_proc = results_report(s, *MARCH, by="procedure", at=MADE_ON).as_dict()
    # Counter 1 (canbo1) received all of Hộ tịch but r11, which canbo2 took at counter 2.
    one = row(
        received_online=1,
        received_direct=4,
        received_carried_over=3,
        resolved_early=2,
        resolved_on_time=2,
        resolved_late=2,
        pending_in_time=2,
    )
    two = row(
        received_online=1,
        received_direct=5,
        received_carried_over=2,
        resolved_on_time=3,
        resolved_late=1,
        pending_in_time=2,
        pending_overdue=2,
    )
    assert [(r["counter"], numbers(r)) for r in by_counter["rows"]] == [(1, one), (2, two)]
    assert [(r["clerk"], numbers(r)) for r in by_clerk["rows"]] == [
        ("canbo1", one),
        ("canbo2", two),
    ]
    assert [(r["procedure"], r["field"]) for r in by_proc["rows"]] == [(CT, CU_TRU), (HT, HO_TICH)]
    assert numbers(by_proc["rows"][1]) == EXPECTED_HO_TICH
    for report in (by_counter, by_clerk, by_proc):
        assert numbers(report["total"]) == EXPECTED_TOTAL


def test_pending_is_measured_now_while_the_period_runs(store: Store) -> None:
    with store.begin() as s:
        code = receive_dossier(s, Intake(HT, Applicant("Phạm Thị Dung")), A, at=at(3, 2)).code
        advance_dossier(s, code, Status.IN_PROCESS, DEPT, at=at(3, 2, 10))

    def pending(when: datetime) -> tuple[int, int]:
        with store.begin() as s:
            t = results_report(s, *MARCH, at=when).total
        return t.pending_in_time, t.pending_overdue

    assert pending(at(3, 6)) == (1, 0)  # due 9/3 09:00: not yet
    assert pending(at(3, 9, 9)) == (1, 0)  # at the due moment: still in time
    assert pending(at(3, 10)) == (0, 1)
    assert pending(MADE_ON) == (0, 1)


def test_empty_period_and_bad_period(store: Store) -> None:
    with store.begin() as s:
        report = results_report(s, date(2025, 1, 1), date(2025, 1, 31))
        assert report.rows == [] and numbers(report.total.as_dict()) == row()
        with pytest.raises(KioskError, match="ends .* before it starts"):
            results_report(s, date(2026, 3, 31), date(2026, 3, 1))
        with pytest.raises(KioskError, match="grouped by"):
            results_report(s, *MARCH, by="weather")


def test_csv_has_the_contract_columns_and_the_total(march: Store) -> None:
    with march.begin() as s:
        text = results_csv(results_report(s, *MARCH, at=MADE_ON))
    lines = text.splitlines()
    assert lines[0] == "no,field," + ",".join(COLUMNS) + ",supplement_repeated"
    assert lines[1].startswith(f'1,"{CU_TRU}",7,1,4,2,3,0,3,0,4,2,2')
    assert lines[2].startswith(f"2,{HO_TICH},9,1,5,3,7,2,2,3,2,2,0")
    assert lines[3] == ",Tổng cộng,16,2,9,5,10,2,5,3,6,4,2,0"


def report_plan(store: Store) -> str:
    """SQLite's plan for the results query, as the report runs it."""
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if "GROUP BY" in statement and "FROM dossier " in statement:  # not dossier_event
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        with store.begin() as s:
            results_report(s, *MARCH, at=MADE_ON)
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
    statement, params = seen[-1]
    with store.begin() as s:
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
    return " / ".join(str(r[-1]) for r in rows)


def test_query_plan_scans_once_and_uses_the_covering_index(march: Store) -> None:
    # The covering index (migration 0003): read in procedure order, no sort, no table access.
    plan = report_plan(march)
    assert f"COVERING INDEX {REPORT_INDEX}" in plan and "TEMP B-TREE" not in plan, plan
    # Without it (a database where it was dropped): one plain scan, never a walk of the
    # procedure index that would fetch every row at random; the same numbers.
    with march.begin() as s:
        s.execute(text(f"DROP INDEX {REPORT_INDEX}"))
    plan = report_plan(march)
    assert "SCAN dossier" in plan and "ix_dossier_procedure_id" not in plan, plan
    with march.begin() as s:
        data = results_report(s, *MARCH, at=MADE_ON).as_dict()
    assert numbers(data["total"]) == EXPECTED_TOTAL


def test_service_index(march: Store) -> None:
    from kiosk.store.models import Rating

    with march.begin() as s:
        for level in (5, 4, 4, 2):  # one complaint among four ratings
            s.add(Rating(at=at(3, 10), level=level, counter_number=1, clerk="canbo1"))
        s.flush()
        index = service_index(s, *MARCH)
    # 16 dossiers; resolved 10 of which 7 early or on time (r4 apologised, still late);
    # overdue: 3 late + 2 pending overdue.
    assert index["on_time_share"] == 0.7
    assert (index["overdue"], index["overdue_share"]) == (5, 0.3125)
    assert (index["complaints"], index["complaint_share"]) == (1, 0.0625)
    assert index["satisfaction_index"] == 62.5  # 100 - 31.25 - 6.25
    assert index["satisfied_share"] == 0.75
