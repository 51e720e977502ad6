"""The duty roster through the server: `roster.set` pushed, kept per office, pulled by the rest."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from kiosk.server.auth import office_of
from kiosk.services.roster import set_duty
from kiosk.services.setup import add_staff
from kiosk.store.db import open_store
from kiosk.store.models import Counter, Outbox, RosterEntry
from kiosk.store.server_models import OfficeRoster, PushReceipt
from kiosk.sync.outbox import rejected_mutations
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import (
    OFFICE_A,
    OFFICE_B,
    PC,
    ServerThread,
    assert_drained,
    enroll,
)

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

MON, TUE = date(2026, 3, 2), date(2026, 3, 3)  # working days in the bundled calendar


def clerks(pc: PC, *names: str) -> None:
    with pc.store.begin() as s:
        for name in names:
            add_staff(s, name, f"Cán bộ {name}", "clerk", "motcua123")


def server_roster(db: str) -> dict[tuple[str, date, int], str]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return {
                (r.agency_code, r.day, r.counter_number): r.username
                for r in s.scalars(select(OfficeRoster))
            }
    finally:
        st.close()


def local_roster(pc: PC) -> dict[tuple[date, int], str]:
    with pc.store.begin() as s:
        return {(e.day, e.counter_number): e.username for e in s.scalars(select(RosterEntry))}


def receipts(db: str, device_id: str) -> list[tuple[str, str]]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return [
                (r.outcome, r.error or "")
                for r in s.scalars(
                    select(PushReceipt)
                    .where(PushReceipt.device_id == device_id, PushReceipt.kind == "roster.set")
                    .order_by(PushReceipt.seq)
                )
            ]
    finally:
        st.close()


@pytest.fixture
def office_b_counter(server_db: str) -> None:
    """Office B of the template has no counters yet: give it counter 1."""
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            s.add(Counter(office_id=office_of(s, OFFICE_B).id, number=1, name="Quầy số 1"))
    finally:
        st.close()


def test_a_roster_set_on_one_pc_reaches_the_other_pcs_of_its_office_only(
    server: ServerThread, server_db: str, tmp_path: Path, office_b_counter: None
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    c = enroll(tmp_path, "c", server.url, server_db, office=OFFICE_B)
    clerks(a, "canbo1", "canbo2")
    clerks(c, "canbo1", "canbo9")
    with a.store.begin() as s:
        set_duty(s, MON, 1, "canbo1")
        set_duty(s, MON, 2, "canbo2")
        set_duty(s, TUE, 1, "canbo2")
    with a.store.begin() as s:
        set_duty(s, TUE, 1, None)  # taken away again: the server must end without it
        set_duty(s, TUE, 3, "canbo1")
    with c.store.begin() as s:  # office B: the same day and counter number, another clerk
        set_duty(s, MON, 1, "canbo9")
    assert a.sync().pushed == 5 and c.sync().pushed == 1

    assert server_roster(server_db) == {
        (OFFICE_A, MON, 1): "canbo1",
        (OFFICE_A, MON, 2): "canbo2",
        (OFFICE_A, TUE, 3): "canbo1",
        (OFFICE_B, MON, 1): "canbo9",
    }
    want_a = {(MON, 1): "canbo1", (MON, 2): "canbo2", (TUE, 3): "canbo1"}
    assert b.sync().pulled == 2  # two days of office A's roster
    assert local_roster(b) == want_a  # b has no account canbo1: the roster is copied as is
    assert local_roster(a) == want_a
    c.sync()
    assert local_roster(c) == {(MON, 1): "canbo9"}  # nothing of office A

    # b changes a duty a has set; the last change the server applies wins, everywhere.
    clerks(b, "canbo2")
    with b.store.begin() as s:
        set_duty(s, MON, 1, "canbo2")
    b.sync()
    a.sync()
    assert local_roster(a) == local_roster(b) == {**want_a, (MON, 1): "canbo2"}
    assert server_roster(server_db)[(OFFICE_A, MON, 1)] == "canbo2"
    assert server_roster(server_db)[(OFFICE_B, MON, 1)] == "canbo9"
    assert_drained(server_db, [a, b])


def test_roster_changes_replayed_apply_once(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    clerks(a, "canbo1", "canbo2")
    with a.store.begin() as s:
        set_duty(s, MON, 1, "canbo1")
        set_duty(s, MON, 1, "canbo2")
        set_duty(s, MON, 2, "canbo1")
    assert a.sync().pushed == 3
    before = server_roster(server_db)
    assert before == {(OFFICE_A, MON, 1): "canbo2", (OFFICE_A, MON, 2): "canbo1"}
    # The answer was lost: the PC sends the same batch again; the server skips it.
    with a.store.begin() as s:
        s.execute(update(Outbox).values(acked=False))
    report = a.sync()
    assert report.pushed == 3 and report.rejected == 0
    assert server_roster(server_db) == before
    assert receipts(server_db, a.device_id) == [("applied", "")] * 3
    b.sync()
    assert local_roster(b) == local_roster(a) == {(MON, 1): "canbo2", (MON, 2): "canbo1"}
    assert_drained(server_db, [a, b])


BAD: list[tuple[Any, str]] = [
    ({"day": "02/03/2026", "counter_number": 1, "username": "canbo1"}, "ISO date"),
    ({"day": "2026-03-02", "counter_number": "1", "username": "canbo1"}, "counter number"),
    ({"day": "2026-03-02", "counter_number": 1, "username": 7}, "user name"),
    ({"day": "2026-03-02", "counter_number": 1, "username": "x" * 81}, "80 characters"),
    ({"day": "2026-03-02", "counter_number": 99, "username": "canbo1"}, "counter 99 is not set"),
    (["2026-03-02", 1, "canbo1"], "must be an object"),
]


def test_a_bad_roster_change_is_refused_alone_and_the_push_goes_on(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    clerks(a, "canbo1")
    with a.store.begin() as s:
        for payload, _reason in BAD:  # as a PC of another version might have written them
            harness.record_unchecked(s, "roster.set", payload)
        set_duty(s, TUE, 2, "canbo1")
    codes = a.receive(2)  # behind the refused changes in the same push
    report = a.sync()
    assert report.rejected == len(BAD) and report.pending == 0
    got = receipts(server_db, a.device_id)
    assert [o for o, _ in got] == ["rejected"] * len(BAD) + ["applied"]
    for (_payload, reason), (_o, error) in zip(BAD, got, strict=False):
        assert reason in error, error
    with a.store.begin() as s:
        shown = rejected_mutations(s)
    assert len(shown) == len(BAD) and all(r.kind == "roster.set" and r.error for r in shown)
    assert server_roster(server_db) == {(OFFICE_A, TUE, 2): "canbo1"}
    b.sync()
    assert local_roster(b) == {(TUE, 2): "canbo1"}
    srv = assert_drained(server_db, [a, b])
    assert set(codes) <= set(srv.dossiers)
