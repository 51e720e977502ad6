"""Citizens' ratings come down from the server to the other PCs of their office.

The rating screen runs on the office's kiosk PC, the supervisor works on another PC: after a
sync the supervisor's own satisfaction report (the service, and `kiosk report satisfaction` on
that PC's database) counts the office's ratings, each once. A PC of another office gets none;
a replayed push, a page applied twice and a full re-sync add nothing; ratings a server stored
before they came down are logged when the server starts.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from kiosk.server.pull import read_page
from kiosk.server.ratings import LOGGED
from kiosk.services.context import set_setting
from kiosk.services.public import PublicInputError, rate_dossier, record_rating
from kiosk.services.reports_queue import satisfaction_report, service_index
from kiosk.store.db import open_store
from kiosk.store.models import Outbox, Rating, Setting
from kiosk.store.server_models import SyncChange, SyncClock
from kiosk.sync.local import PageApplier
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
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

MON = date(2026, 3, 2)  # a working day in the bundled calendar


def t(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute)


def local_ratings(pc: PC) -> list[tuple[Any, ...]]:
    """(at, level, counter, clerk, dossier, comment, agency, device, mutation id), in time order."""
    with pc.store.begin() as s:
        return [
            (
                r.at,
                r.level,
                r.counter_number,
                r.clerk,
                r.dossier_code,
                r.comment,
                r.agency_code,
                r.device_id,
                r.mutation_id,
            )  # fmt: skip
            for r in s.scalars(select(Rating).order_by(Rating.at, Rating.id))
        ]


def rating_ids(pc: PC) -> list[str]:
    with pc.store.begin() as s:
        return list(
            s.scalars(
                select(Outbox.mutation_id).where(Outbox.kind == "rating.add").order_by(Outbox.seq)
            )
        )


def report(pc: PC, **kw: Any) -> dict[str, Any]:
    """The PC's own satisfaction report for Monday, as the supervisor's window builds it."""
    with pc.store.begin() as s:
        data = satisfaction_report(s, MON, MON, **kw).as_dict()
        data["index"] = service_index(s, MON, MON)
    return data


def cli_report(pc: PC, tmp_path: Path) -> dict[str, Any]:
    db = f"sqlite:///{tmp_path / pc.name / 'kiosk.sqlite3'}"
    out = kiosk(
        tmp_path / f"{pc.name}-cli",
        "report", "satisfaction", "--from", MON.isoformat(), "--to", MON.isoformat(),
        "--by", "counter,clerk", "--db", db, "--json",
    ).stdout  # fmt: skip
    return json.loads(out)  # type: ignore[no-any-return]


def counts(data: dict[str, Any]) -> dict[tuple[Any, Any], int]:
    return {(row["counter"], row["clerk"]): row["ratings"] for row in data["rows"]}


def clock(db: str) -> int:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return int(s.scalar(select(SyncClock.value)) or 0)
    finally:
        st.close()


def test_ratings_made_on_the_kiosk_pc_reach_the_supervisor_pc_of_their_office_only(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    kiosk_pc = enroll(tmp_path, "kiosk", server.url, server_db)  # the rating screen
    boss = enroll(tmp_path, "boss", server.url, server_db)  # the supervisor's PC
    other = enroll(tmp_path, "other", server.url, server_db, office=OFFICE_B)
    codes = kiosk_pc.receive(1, at=t(8, 30), counter=1)  # clerk-kiosk at counter 1
    with kiosk_pc.store.begin() as s:
        rate_dossier(s, codes[0], 5, at=t(9))
        record_rating(s, 4, counter_number=2, clerk="canbo2", at=t(10))
        record_rating(s, 1, counter_number=2, clerk="canbo2", comment="  Chờ  lâu ", at=t(11))
        record_rating(s, 3, at=t(12))
    with boss.store.begin() as s:  # one made on the supervisor's PC itself
        record_rating(s, 5, counter_number=2, clerk="canbo2", at=t(14))
    with other.store.begin() as s:  # office B: the same counter and clerk names
        record_rating(s, 2, counter_number=2, clerk="canbo2", at=t(10))
        record_rating(s, 1, counter_number=1, clerk="canbo9", at=t(15))
    before = report(boss)
    assert before["total"]["ratings"] == 1  # only its own, as before ratings came down

    assert kiosk_pc.sync().pushed == 5  # the reception and 4 ratings
    assert other.sync().pushed == 2
    got = boss.sync()
    assert (got.pushed, got.problems) == (1, [])
    assert got.pulled >= 4  # the dossier and the kiosk's 4 ratings (and its own one back)

    ids_k, ids_b, ids_o = rating_ids(kiosk_pc), rating_ids(boss), rating_ids(other)
    k, b = kiosk_pc.device_id, boss.device_id
    office_a = [
        (t(9), 5, 1, "clerk-kiosk", codes[0], None, None, k, ids_k[0]),
        (t(10), 4, 2, "canbo2", None, None, None, k, ids_k[1]),
        (t(11), 1, 2, "canbo2", None, "Chờ lâu", None, k, ids_k[2]),
        (t(12), 3, None, None, None, None, None, k, ids_k[3]),
        (t(14), 5, 2, "canbo2", None, None, None, b, ids_b[0]),
    ]
    own_boss = office_a[4][:7] + (None, ids_b[0])  # made here: no device id
    assert local_ratings(boss) == office_a[:4] + [own_boss]

    # The supervisor's report on its own PC: the office's five ratings, each once.
    data = report(boss)
    assert data["total"]["ratings"] == 5 and data["total"]["complaints"] == 1
    assert counts(data) == {(1, "clerk-kiosk"): 1, (2, "canbo2"): 3, (None, None): 1}
    assert data["index"]["complaints"] == 1 and data["index"]["dossiers"] == 1
    cli = cli_report(boss, tmp_path)
    assert cli["total"]["ratings"] == 5 and counts(cli) == counts(data)
    assert cli["total"]["very_satisfied"] == 2 and cli["total"]["very_dissatisfied"] == 1

    # The kiosk PC gets the supervisor PC's rating; its own come back and are not doubled.
    kiosk_pc.sync()
    mine = [r[:7] + (None, r[8]) for r in office_a[:4]] + [office_a[4]]
    assert local_ratings(kiosk_pc) == mine
    assert report(kiosk_pc)["total"]["ratings"] == 5

    # Office B: its own two, nothing of office A; office A has nothing of B's.
    other.sync()
    assert [(r[0], r[1], r[8]) for r in local_ratings(other)] == [
        (t(10), 2, ids_o[0]),
        (t(15), 1, ids_o[1]),
    ]
    assert report(other)["total"]["ratings"] == 2
    assert counts(cli_report(other, tmp_path)) == {(1, "canbo9"): 1, (2, "canbo2"): 1}
    for pc in (kiosk_pc, boss):
        assert not {r[8] for r in local_ratings(pc)} & set(ids_o)

    # A dossier rated on the kiosk is rated for the whole office: not again on another PC.
    with boss.store.begin() as s, pytest.raises(PublicInputError, match="already rated"):
        rate_dossier(s, codes[0], 1, at=t(16))

    assert_drained(server_db, [kiosk_pc, boss])
    assert_drained(server_db, [other], agency=OFFICE_B)
    assert report(boss)["total"]["ratings"] == report(kiosk_pc)["total"]["ratings"] == 5


def test_replays_pages_applied_twice_and_full_resyncs_add_no_rating(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    kiosk_pc = enroll(tmp_path, "kiosk", server.url, server_db)
    boss = enroll(tmp_path, "boss", server.url, server_db)
    with kiosk_pc.store.begin() as s:
        for i in range(30):
            record_rating(s, 1 + i % 5, counter_number=1 + i % 3, clerk="canbo1", at=t(8, i))
    with boss.store.begin() as s:
        record_rating(s, 2, counter_number=1, clerk="canbo1", at=t(9))
    assert kiosk_pc.sync().pushed == 30
    assert boss.sync().pushed == 1
    kiosk_pc.sync()
    want_k, want_b = local_ratings(kiosk_pc), local_ratings(boss)
    assert len(want_k) == len(want_b) == 31
    assert report(boss) == report(kiosk_pc) and report(boss)["total"]["ratings"] == 31

    # The push's answer was lost: the kiosk sends everything again; nothing new anywhere.
    with kiosk_pc.store.begin() as s:
        s.execute(update(Outbox).values(acked=False))
    again = kiosk_pc.sync()
    assert (again.pushed, again.rejected) == (30, 0)
    boss.sync()
    assert local_ratings(kiosk_pc) == want_k and local_ratings(boss) == want_b

    # The same page applied twice (a PC that died before keeping its cursor).
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            page = read_page(s, OFFICE_A, 0, 1000)
    finally:
        st.close()
    ratings = [c for c in page.changes if c["kind"] == "rating"]
    assert len(ratings) == 31 and not page.more
    for _ in range(2):
        with boss.store.begin() as s:
            applier = PageApplier(s)
            applier.apply(page.changes)
            assert applier.problems == []
    assert local_ratings(boss) == want_b

    # A full re-sync of both PCs (since=0): every rating is on the change log, none is doubled.
    for pc in (kiosk_pc, boss):
        with pc.store.begin() as s:
            set_setting(s, "sync_cursor", "0")
        assert pc.sync().pulled >= 31
    assert local_ratings(kiosk_pc) == want_k and local_ratings(boss) == want_b

    # Ratings the kiosk made before a PC kept the mutation id on them: recognised by the
    # outbox, the local row gets the id back, no copy is stored.
    with kiosk_pc.store.begin() as s:
        s.execute(update(Rating).where(Rating.device_id.is_(None)).values(mutation_id=None))
        set_setting(s, "sync_cursor", "0")
    assert kiosk_pc.sync().problems == []
    assert local_ratings(kiosk_pc) == want_k
    assert report(kiosk_pc)["total"]["ratings"] == 31
    assert_drained(server_db, [kiosk_pc, boss])


def test_a_bad_rating_entry_is_skipped_with_its_reason_and_another_office_s_never_stored(
    tmp_path: Path, server: ServerThread, server_db: str
) -> None:
    boss = enroll(tmp_path, "boss", server.url, server_db)
    good = {"at": t(9).isoformat(), "level": 4, "counter_number": 1, "clerk": "canbo1",
            "dossier_code": None, "comment": None, "device_id": "pc1"}  # fmt: skip
    entries = [
        {"kind": "rating", "key": f"{OFFICE_A}/m-1", "rating": {**good, "mutation_id": "m-1"}},
        {"kind": "rating", "key": f"{OFFICE_B}/m-2", "rating": {**good, "mutation_id": "m-2"}},
        {"kind": "rating", "key": f"{OFFICE_A}/m-3", "rating": {**good, "level": 9}},
        {"kind": "rating", "key": f"{OFFICE_A}/m-4", "rating": {**good, "mutation_id": "m-5"}},
        {"kind": "rating", "key": f"{OFFICE_A}/m-6", "rating": [4]},
        {"kind": "rating", "key": f"{OFFICE_A}/m-7", "rating": {**good, "mutation_id": "m-7"}},
    ]
    with boss.store.begin() as s:
        applier = PageApplier(s)
        applier.apply(entries)
        problems = applier.problems
    assert [r[8] for r in local_ratings(boss)] == ["m-1", "m-7"]
    assert len(problems) == 4
    assert f"of office {OFFICE_B}" in problems[0]
    assert "level must be a whole number 1 to 5" in problems[1]
    assert "not the one of its key" in problems[2]
    assert "must be an object" in problems[3]


def test_ratings_an_older_server_stored_come_down_after_the_upgrade(
    server_db: str, tmp_path: Path
) -> None:
    with ServerThread(server_db) as first:
        kiosk_pc = enroll(tmp_path, "kiosk", first.url, server_db)
        other = enroll(tmp_path, "other", first.url, server_db, office=OFFICE_B)
        with kiosk_pc.store.begin() as s:
            record_rating(s, 5, counter_number=1, clerk="canbo1", at=t(9))
            record_rating(s, 2, counter_number=2, clerk="canbo2", at=t(10))
        with other.store.begin() as s:
            record_rating(s, 1, counter_number=1, clerk="canbo9", at=t(11))
        kiosk_pc.sync()
        other.sync()
    # As an older server left them: stored per office, never in the change log.
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            s.execute(delete(SyncChange).where(SyncChange.kind == "rating"))
            s.execute(delete(Setting).where(Setting.key == LOGGED))
            assert s.scalar(select(func.count()).select_from(Rating)) == 3
    finally:
        st.close()

    with ServerThread(server_db) as upgraded:  # its start logs them
        boss = enroll(tmp_path, "boss", upgraded.url, server_db)
        assert [(r[1], r[7]) for r in local_ratings(boss)] == [
            (5, kiosk_pc.device_id),
            (2, kiosk_pc.device_id),
        ]
        assert report(boss)["total"]["ratings"] == 2
        for pc in (kiosk_pc, other):  # the server came back on another port
            with pc.store.begin() as s:
                set_setting(s, "sync_server", upgraded.url)
            assert pc.sync().problems == []
        assert len(local_ratings(kiosk_pc)) == 2 and len(local_ratings(other)) == 1
        seen = clock(server_db)
    with ServerThread(server_db):  # nothing left to log: the clock does not move
        assert clock(server_db) == seen
