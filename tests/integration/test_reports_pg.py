"""The reports on a real PostgreSQL server: the same hand-built data, the same numbers as SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.services.demo import seed_demo
from kiosk.services.reports import COLUMNS, results_report
from kiosk.services.reports_queue import queue_report, satisfaction_report
from kiosk.services.reports_watch import overdue_watch
from kiosk.services.roster import fill_roster, load_roster, roster_check
from kiosk.services.setup import init_database
from kiosk.store.db import Store, open_store
from kiosk.store.models import Rating
from tests.unit.test_reports import (
    CU_TRU,
    EXPECTED_CU_TRU,
    EXPECTED_HO_TICH,
    EXPECTED_TOTAL,
    HO_TICH,
    MADE_ON,
    MARCH,
    build_march,
)
from tests.unit.test_reports_asof import Clock, scenario
from tests.unit.test_reports_asof import clock as clock  # noqa: F401 (the fixture)
from tests.unit.test_reports_oracle import BASE, Fake, check, fakes, moments
from tests.unit.test_reports_queue import DAY, build_queue

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str) -> Iterator[Store]:
    store = open_store(pg_url)
    with store.begin() as s:
        init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
        seed_demo(s, sample_dossiers=0)
    yield store
    store.close()


def test_march_results_on_postgres(pg: Store) -> None:
    build_march(pg)
    with pg.begin() as s:
        data = results_report(s, *MARCH, at=MADE_ON).as_dict()
        by_counter = results_report(s, *MARCH, by="counter", at=MADE_ON).as_dict()
        april = results_report(s, date(2026, 4, 1), date(2026, 4, 30), at=MADE_ON)
        watch = overdue_watch(s, at=datetime(2026, 3, 31, 10))
    assert [r["field"] for r in data["rows"]] == [CU_TRU, HO_TICH]
    assert {k: data["rows"][0][k] for k in COLUMNS} == EXPECTED_CU_TRU
    assert {k: data["rows"][1][k] for k in COLUMNS} == EXPECTED_HO_TICH
    assert {k: data["total"][k] for k in COLUMNS} == EXPECTED_TOTAL
    assert [r["counter"] for r in by_counter["rows"]] == [1, 2]
    assert april.total.received_carried_over == 6
    # c4 and r7 overdue; r10 due 1/4 was still in process then (ready on 2/4): due soon
    assert watch.total == {"overdue": 2, "due_today": 0, "due_soon": 1}


def test_sql_matches_the_definitions_on_postgres(pg: Store) -> None:
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(rows=st.lists(fakes(), max_size=25), start=st.integers(-5, 20), now=moments)
    def run(rows: list[Fake], start: int, now: datetime) -> None:
        first = (BASE + timedelta(days=start)).date()
        with pg.begin() as s:
            check(s, rows, first, first + timedelta(days=30), now)

    run()


def test_queue_satisfaction_watch_roster_on_postgres(pg: Store) -> None:
    with pg.begin() as s:
        build_queue(s)
        s.add(Rating(at=datetime(2026, 3, 2, 10), level=5, counter_number=1, clerk="canbo1"))
        s.add(Rating(at=datetime(2026, 3, 2, 11), level=2, counter_number=1, clerk="canbo1"))
    with pg.begin() as s:
        total = queue_report(s, DAY, DAY).total
        sat = satisfaction_report(s, DAY, DAY).total
        fill_roster(s, DAY, DAY + timedelta(days=4), {1: "canbo1"})
        roster = load_roster(s, DAY, DAY + timedelta(days=6))
        check_ok = roster_check(s, "canbo1", 1, DAY)
    # The same figures as on SQLite (tests/unit/test_reports_queue.py).
    assert (total["issued"], total["served"], total["no_show"]) == (5, 3, 1)
    assert (total["avg_wait_s"], total["max_wait_s"], total["avg_service_s"]) == (1905, 3000, 1100)
    assert (sat["ratings"], sat["satisfied_share"], sat["complaints"]) == (2, 0.5, 1)
    assert len(roster.gaps) == 15 and check_ok.ok


def test_march_holds_on_postgres(pg_url: str, clock: Clock) -> None:
    """Issue 13 item 4 on PostgreSQL: March byte for byte the same after April's facts, as_of,
    the watch at 31/3 17:00, closing and adjustments (tests/unit/test_reports_asof.py)."""
    store = open_store(pg_url)
    try:
        with store.begin() as s:
            init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
        scenario(store, clock)
    finally:
        store.close()
