"""The duty roster: fill, gaps and clashes ahead of time, refusals, and the login check."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kiosk.errors import KioskError, NotFound
from kiosk.services.demo import seed_demo
from kiosk.services.roster import (
    clear_roster,
    fill_roster,
    load_roster,
    roster_check,
    set_duty,
    upcoming_gaps,
)
from kiosk.store.db import Store
from kiosk.store.models import Outbox

MON, FRI, SAT, SUN = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)  # counters 1-4; clerks canbo1, canbo2
    return store


def test_fill_flags_gaps_and_clashes(office: Store) -> None:
    with office.begin() as s:
        assert fill_roster(s, MON, SUN, {1: "canbo1", 2: "canbo2"}) == 10  # 5 working days
        set_duty(s, MON, 3, "canbo1")  # canbo1 on counters 1 and 3 on Monday
        roster = load_roster(s, MON, SUN)
    assert roster.days == [date(2026, 3, d) for d in range(2, 7)]  # the weekend is not listed
    assert roster.counters == [1, 2, 3, 4]
    assert len(roster.gaps) == 9 and (MON, 4) in roster.gaps and (MON, 3) not in roster.gaps
    assert roster.clashes == [(MON, "canbo1", [1, 3])]
    data = roster.as_dict()
    assert data["days"][0] == {
        "day": "2026-03-02",
        "duty": {"1": "canbo1", "2": "canbo2", "3": "canbo1", "4": None},
    }
    assert roster.names["canbo1"] == "Nguyễn Thị Lan"


def test_fill_keeps_what_is_set_unless_told(office: Store) -> None:
    with office.begin() as s:
        set_duty(s, MON, 1, "giamsat")
        assert fill_roster(s, MON, FRI, {1: "canbo1"}) == 4
        assert load_roster(s, MON, MON).duty[(MON, 1)] == "giamsat"
        assert fill_roster(s, MON, FRI, {1: "canbo1"}, overwrite=True) == 1
        assert load_roster(s, MON, MON).duty[(MON, 1)] == "canbo1"


def test_refusals(office: Store) -> None:
    with office.begin() as s:
        with pytest.raises(KioskError, match="not a working day"):
            set_duty(s, SAT, 1, "canbo1")
        with pytest.raises(NotFound, match="no staff account"):
            set_duty(s, MON, 1, "nobody")
        with pytest.raises(KioskError, match="cannot staff a counter"):
            set_duty(s, MON, 1, "chuyenvien")  # a department officer
        with pytest.raises(NotFound, match="no counter 9"):
            set_duty(s, MON, 9, "canbo1")
        with pytest.raises(KioskError, match="ends before it starts"):
            load_roster(s, FRI, MON)
    with office.begin() as s:
        assert load_roster(s, MON, SUN).duty == {}


def test_login_check(office: Store) -> None:
    with office.begin() as s:
        fill_roster(s, MON, FRI, {1: "canbo1", 2: "canbo2"})
        ok = roster_check(s, "canbo1", 1, MON)
        other = roster_check(s, "canbo2", 1, MON)
        nobody = roster_check(s, "canbo1", 4, MON)
        weekend = roster_check(s, "canbo1", 1, SAT)
    assert (ok.ok, ok.reason) == (True, "on_duty")
    assert (other.ok, other.reason, other.rostered) == (False, "other_clerk", "canbo1")
    assert "canbo1" in other.message_vi
    assert (nobody.ok, nobody.reason) == (False, "no_duty")
    assert (weekend.ok, weekend.reason) == (False, "not_working_day")


def test_changes_go_to_the_outbox_and_clear(office: Store) -> None:
    with office.begin() as s:
        set_duty(s, MON, 1, "canbo1")
        set_duty(s, MON, 1, None)
        set_duty(s, MON, 2, "canbo2")
        assert clear_roster(s, MON, SUN) == 1
        kinds = [o.payload for o in s.scalars(select(Outbox).where(Outbox.kind == "roster.set"))]
        assert load_roster(s, MON, SUN).duty == {}
    assert [k["username"] for k in kinds] == ["canbo1", None, "canbo2", None]
    assert kinds[0] == {"day": "2026-03-02", "counter_number": 1, "username": "canbo1"}


def test_upcoming_gaps(office: Store) -> None:
    with office.begin() as s:
        fill_roster(
            s,
            MON,
            date(2026, 3, 13),
            {c: u for c, u in [(1, "canbo1"), (2, "canbo2"), (3, "giamsat")]},
        )
        gaps = upcoming_gaps(s, MON, days=14)
    # Counter 4 on the 10 working days of the two weeks.
    assert gaps == [(date(2026, 3, d), 4) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]
