"""The counter log-in against the duty roster: who is told what, and what the supervisor sees."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kiosk.services.demo import seed_demo
from kiosk.services.roster import (
    OFF_PREFIX,
    load_roster,
    login_check,
    off_roster,
    record_off_roster,
    set_duty,
)
from kiosk.store.db import Store
from kiosk.store.models import Outbox, Setting

MON, TUE = date(2026, 3, 2), date(2026, 3, 3)


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)  # counters 1-4; clerks canbo1 (Nguyễn Thị Lan), canbo2
    return store


def test_no_roster_that_day_no_question(office: Store) -> None:
    with office.begin() as s:
        set_duty(s, TUE, 1, "canbo2")  # a roster for Tuesday only
        assert login_check(s, "canbo1", 1, MON) is None
        assert login_check(s, "canbo1", 1, date(2026, 3, 7)) is None  # Saturday


def test_on_duty_no_question(office: Store) -> None:
    with office.begin() as s:
        set_duty(s, MON, 1, "canbo1")
        set_duty(s, MON, 2, "canbo2")
        assert login_check(s, "canbo1", 1, MON) is None
        assert login_check(s, "canbo2", 2, MON) is None


def test_somebody_else_nobody_or_another_counter(office: Store) -> None:
    with office.begin() as s:
        set_duty(s, MON, 1, "canbo2")
        set_duty(s, MON, 3, "canbo1")
        other = login_check(s, "canbo1", 1, MON)
        nobody = login_check(s, "canbo2", 2, MON)  # canbo2 is on counter 1, counter 2 is empty
        stranger = login_check(s, "giamsat", 4, MON)
    assert other is not None and other.reason == "other_clerk"
    assert other.rostered == "canbo2" and other.elsewhere == (3,)
    assert other.rostered_name and other.rostered_name in other.message_vi
    assert other.message_vi.startswith("Theo lịch trực ngày 02/03/2026, quầy số 1 do cán bộ")
    assert "canbo1 is rostered at counter 3" in other.message_en
    assert nobody is not None and nobody.reason == "no_duty" and nobody.rostered is None
    assert nobody.elsewhere == (1,)
    assert stranger is not None and stranger.reason == "no_duty" and stranger.elsewhere == ()


def test_the_confirmed_sign_in_is_kept_once_per_day_and_shown(office: Store) -> None:
    with office.begin() as s:
        set_duty(s, MON, 1, "canbo2")
        check = login_check(s, "canbo1", 1, MON)
        assert check is not None
        outbox_before = s.scalar(select(func.count()).select_from(Outbox))
        record_off_roster(s, check, at=datetime(2026, 3, 2, 7, 40))
        again = record_off_roster(s, check, at=datetime(2026, 3, 2, 13, 35))
        assert s.scalar(select(func.count()).select_from(Outbox)) == outbox_before  # local note
    assert again.times == 2 and again.first_at.hour == 7 and again.last_at.hour == 13
    with office.begin() as s:
        notes = off_roster(s, MON, MON)
        roster = load_roster(s, MON, TUE)
        assert off_roster(s, TUE, TUE) == []
    assert [(n.username, n.counter, n.rostered, n.times) for n in notes] == [
        ("canbo1", 1, "canbo2", 2)
    ]
    assert roster.off_roster == notes
    assert roster.as_dict()["off_roster"] == [
        {
            "day": "2026-03-02",
            "counter": 1,
            "username": "canbo1",
            "rostered": "canbo2",
            "first_at": "2026-03-02T07:40:00",
            "last_at": "2026-03-02T13:35:00",
            "times": 2,
        }
    ]


def test_old_notes_are_dropped_and_a_damaged_one_hides_nothing(office: Store) -> None:
    long_ago = MON - timedelta(days=500)
    with office.begin() as s:
        set_duty(s, MON, 1, "canbo2")
        s.add(Setting(key=f"{OFF_PREFIX}{long_ago.isoformat()}:1:canbo1", value="{}"))
        s.add(Setting(key=f"{OFF_PREFIX}{MON.isoformat()}:9:x", value="not json"))
        check = login_check(s, "canbo1", 1, MON)
        assert check is not None
        record_off_roster(s, check, at=datetime(2026, 3, 2, 8, 0))
    with office.begin() as s:
        keys = set(s.scalars(select(Setting.key).where(Setting.key.startswith(OFF_PREFIX))))
        assert f"{OFF_PREFIX}{long_ago.isoformat()}:1:canbo1" not in keys
        assert [n.username for n in off_roster(s, MON, MON)] == ["canbo1"]


def test_roster_show_lists_the_sign_ins_off_the_roster(
    office: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import kiosk.cli as cli

    with office.begin() as s:
        set_duty(s, MON, 1, "canbo2")
        check = login_check(s, "canbo1", 1, MON)
        assert check is not None
        record_off_roster(s, check, at=datetime(2026, 3, 2, 7, 40))
    db = office.engine.url.render_as_string(hide_password=False)
    assert (
        cli.main(["roster", "show", "--db", db, "--from", "2026-03-02", "--to", "2026-03-06"]) == 0
    )
    out = capsys.readouterr().out
    assert (
        "off the roster: canbo1 signed in at counter 1 on 02/03/2026 07:40; rostered there: canbo2"
        in out
    )
    args = ["roster", "show", "--db", db, "--from", "2026-03-02", "--to", "2026-03-06", "--json"]
    assert cli.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(o["username"], o["counter"]) for o in data["off_roster"]] == [("canbo1", 1)]
