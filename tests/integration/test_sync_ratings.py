"""Citizens' ratings through the server: `rating.add` pushed, kept per office, reported.

And a kind of change the server does not know (a PC newer than the server) is refused on its
own: the rest of the push goes on, the PC marks that change refused, shows it, and does not
send it again.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from kiosk.services.admin_staff import add_staff
from kiosk.services.context import get_setting
from kiosk.services.public import rate_dossier, record_rating
from kiosk.store.db import open_store
from kiosk.store.models import Outbox, Rating
from kiosk.store.server_models import PushReceipt
from kiosk.sync.engine import device_secret
from kiosk.sync.outbox import rejected_count, rejected_mutations
from kiosk.sync.worker import read_status
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


_RATING = ("agency_code", "device_id", "mutation_id", "at", "level", "counter_number", "clerk",
           "dossier_code", "comment")  # fmt: skip


def server_ratings(db: str) -> list[tuple[Any, ...]]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return [
                tuple(getattr(r, c) for c in _RATING)
                for r in s.scalars(select(Rating).order_by(Rating.at, Rating.id))
            ]
    finally:
        st.close()


def receipts(db: str, device_id: str) -> list[tuple[str, str, str]]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return [
                (r.kind, r.outcome, r.error or "")
                for r in s.scalars(
                    select(PushReceipt)
                    .where(PushReceipt.device_id == device_id, PushReceipt.kind != "dossier.event")
                    .order_by(PushReceipt.seq)
                )
            ]
    finally:
        st.close()


def rating_ids(pc: PC) -> list[str]:
    with pc.store.begin() as s:
        return list(
            s.scalars(
                select(Outbox.mutation_id).where(Outbox.kind == "rating.add").order_by(Outbox.seq)
            )
        )


def supervisor(db: str, url: str) -> dict[str, str]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            add_staff(
                s, "giamsat_h", "Giám sát huyện", "supervisor", "motcua123", all_offices=True
            )
    finally:
        st.close()
    r = httpx.post(url + "/v1/staff/login", json={"username": "giamsat_h", "password": "motcua123"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def report(url: str, headers: dict[str, str], **params: str) -> httpx.Response:
    params = {"from": MON.isoformat(), "to": MON.isoformat(), **params}
    return httpx.get(f"{url}/v1/reports/satisfaction", params=params, headers=headers, timeout=30)


def test_ratings_and_dossiers_pushed_by_pcs_are_counted_per_office(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    c = enroll(tmp_path, "c", server.url, server_db, office=OFFICE_B)
    codes_a = a.receive(2, at=t(9), counter=1)  # clerk-a at counter 1
    codes_c = c.receive(1, at=t(9), counter=1)
    with a.store.begin() as s:
        rate_dossier(s, codes_a[0], 5, at=t(9, 30))  # the dossier's counter and clerk
        record_rating(s, 4, counter_number=2, clerk="canbo2", at=t(10))
        record_rating(s, 1, counter_number=2, clerk="canbo2", comment="  Chờ  lâu ", at=t(11))
    with b.store.begin() as s:  # another PC of office A, a rating without a counter
        record_rating(s, 3, at=t(14))
    with c.store.begin() as s:  # office B: the same counter number, another office
        record_rating(s, 2, counter_number=1, clerk="canbo9", at=t(10))
        record_rating(s, 5, counter_number=1, clerk="canbo9", dossier_code=codes_c[0], at=t(15))
        record_rating(s, 5, at=datetime(2026, 3, 3, 9))  # the next day: outside the report

    ra, rb, rc = a.sync(), b.sync(), c.sync()
    assert (ra.pushed, ra.rejected, ra.pending) == (5, 0, 0)  # 2 receptions, 3 ratings
    assert (rb.pushed, rb.rejected, rc.pushed, rc.rejected) == (1, 0, 4, 0)

    ids_a, ids_b, ids_c = rating_ids(a), rating_ids(b), rating_ids(c)
    assert server_ratings(server_db) == [
        (OFFICE_A, a.device_id, ids_a[0], t(9, 30), 5, 1, "clerk-a", codes_a[0], None),
        (OFFICE_A, a.device_id, ids_a[1], t(10), 4, 2, "canbo2", None, None),
        (OFFICE_B, c.device_id, ids_c[0], t(10), 2, 1, "canbo9", None, None),
        (OFFICE_A, a.device_id, ids_a[2], t(11), 1, 2, "canbo2", None, "Chờ lâu"),
        (OFFICE_A, b.device_id, ids_b[0], t(14), 3, None, None, None, None),
        (OFFICE_B, c.device_id, ids_c[1], t(15), 5, 1, "canbo9", codes_c[0], None),
        (OFFICE_B, c.device_id, ids_c[2], datetime(2026, 3, 3, 9), 5, None, None, None, None),
    ]

    # The district report: one row per office, the service index for each.
    boss = supervisor(server_db, server.url)
    r = report(server.url, boss)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["report"] == "satisfaction" and data["scope"] == "district"
    assert data["by"] == ["agency"]
    rows = {row["agency"]: row for row in data["rows"]}
    assert set(rows) == {OFFICE_A, OFFICE_B}
    assert rows[OFFICE_A]["agency_name"] == "UBND phường Quang Trung"
    a_row, b_row = rows[OFFICE_A], rows[OFFICE_B]
    assert (a_row["ratings"], a_row["very_satisfied"], a_row["satisfied"]) == (4, 1, 1)
    assert (a_row["neutral"], a_row["very_dissatisfied"], a_row["complaints"]) == (1, 1, 1)
    assert a_row["satisfied_share"] == 0.5
    assert (b_row["ratings"], b_row["dissatisfied"], b_row["very_satisfied"]) == (2, 1, 1)
    assert data["total"]["ratings"] == 6 and data["total"]["complaints"] == 2
    index = {o["agency"]: o for o in data["index_by_agency"]}
    # 2 dossiers of A received on Monday, due Tuesday: none overdue; 1 complaint -> 50 %.
    assert (index[OFFICE_A]["dossiers"], index[OFFICE_A]["overdue"]) == (2, 0)
    assert index[OFFICE_A]["satisfaction_index"] == 50.0
    assert (index[OFFICE_B]["dossiers"], index[OFFICE_B]["complaints"]) == (1, 1)
    assert index[OFFICE_B]["satisfaction_index"] == 0.0
    assert data["index"]["dossiers"] == 3 and data["index"]["complaints"] == 2

    # One office, by counter: counter 1 of A is not counter 1 of B.
    r = report(server.url, boss, agency=OFFICE_B, by="counter,clerk")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["scope"] == OFFICE_B and data["agency"] == OFFICE_B
    assert [(x["counter"], x["clerk"], x["ratings"]) for x in data["rows"]] == [(1, "canbo9", 2)]
    assert [o["agency"] for o in data["index_by_agency"]] == [OFFICE_B]
    r = report(server.url, boss, by="counter", format="csv")  # `agency` goes first
    assert r.status_code == 200 and r.text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(r.text[1:])))
    assert [(x["agency"], x["counter"], x["ratings"]) for x in table] == [
        (OFFICE_A, "1", "1"),
        (OFFICE_A, "2", "2"),
        (OFFICE_A, "", "1"),
        (OFFICE_B, "1", "2"),
        ("", "", "6"),
    ]
    bad = report(server.url, boss, by="service")
    assert bad.status_code == 400 and "counter, clerk, day, agency" in bad.json()["error"]

    # The CLI on the server's database: the same figures for one office.
    cli = kiosk(
        tmp_path,
        "report", "satisfaction", "--from", "2026-03-02", "--to", "2026-03-02",
        "--agency", OFFICE_A, "--by", "clerk", "--db", server_db, "--json",
    )  # fmt: skip
    out = json.loads(cli.stdout)
    assert out["agency"] == OFFICE_A and out["total"]["ratings"] == 4
    assert {x["clerk"]: x["ratings"] for x in out["rows"]} == {
        "clerk-a": 1,
        "canbo2": 2,
        None: 1,
    }
    assert out["index"]["dossiers"] == 2 and out["index"]["satisfaction_index"] == 50.0

    assert_drained(server_db, [a, b])
    assert_drained(server_db, [c], agency=OFFICE_B)


def test_ratings_replayed_are_stored_once(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    with a.store.begin() as s:
        record_rating(s, 5, counter_number=1, clerk="canbo1", at=t(9))
        record_rating(s, 2, counter_number=1, clerk="canbo1", at=t(10))
    assert a.sync().pushed == 2
    before = server_ratings(server_db)
    assert len(before) == 2
    # The answer was lost: the PC sends the same batch again; the server skips it.
    with a.store.begin() as s:
        s.execute(update(Outbox).values(acked=False))
    again = a.sync()
    assert (again.pushed, again.rejected) == (2, 0)
    assert server_ratings(server_db) == before
    # The same mutation id under new sequence numbers (twice in one batch): stored once.
    old = rating_ids(a)[0]
    st = open_store(server_db, migrate=False)
    with st.begin() as s:
        seq = int(s.scalar(select(func.max(PushReceipt.seq))) or 0)
    st.close()
    payload = {"at": t(12).isoformat(), "level": 1}
    body = {
        "mutations": [
            {"seq": seq + 1, "id": old, "kind": "rating.add", "payload": payload},
            {"seq": seq + 2, "id": str(uuid.uuid4()), "kind": "rating.add", "payload": payload},
            {"seq": seq + 3, "id": old, "kind": "rating.add", "payload": payload},
        ]
    }
    with a.store.begin() as s:
        token = f"{get_setting(s, 'device_id')}.{device_secret(s)}"
    r = httpx.post(
        f"{server.url}/v1/devices/{a.device_id}/push",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert r.json()["applied"] == 3 and r.json()["rejected"] == []
    after = server_ratings(server_db)
    assert after[: len(before)] == before and len(after) == len(before) + 1
    assert after[-1][2] != old and after[-1][3] == t(12)


BAD_RATINGS: list[tuple[Any, str]] = [
    ({"at": "02/03/2026 09:00", "level": 5}, "ISO time"),
    ({"at": "2026-03-02T09:00:00", "level": 6}, "level must be a whole number 1 to 5"),
    ({"at": "2026-03-02T09:00:00", "level": True}, "level must be a whole number 1 to 5"),
    ({"at": "2026-03-02T09:00:00", "level": 4, "counter_number": "2"}, "counter number"),
    ({"at": "2026-03-02T09:00:00", "level": 4, "clerk": "x" * 81}, "at most 80"),
    ({"at": "2026-03-02T09:00:00", "level": 4, "comment": "x" * 501}, "at most 500"),
    ({"at": "2026-03-02T09:00:00", "level": 4, "dossier_code": "ABC"}, "not a dossier code"),
    ([5, "2026-03-02"], "must be an object"),
]
UNKNOWN: list[tuple[str, Any]] = [
    ("queue.pause", {"counter_number": 1, "until": "2026-03-02T10:00:00"}),
    ("rating.delete", None),
    ("dossier.event.v2", [1, 2, 3]),
]


def test_bad_ratings_and_unknown_kinds_are_refused_alone_and_the_push_goes_on(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    with a.store.begin() as s:  # as a PC of another (newer) version might have written them
        for payload, _reason in BAD_RATINGS:
            harness.record_unchecked(s, "rating.add", payload)
        for kind, payload in UNKNOWN:
            harness.record_unchecked(s, kind, payload)
        record_rating(s, 4, counter_number=1, clerk="canbo1", at=t(9))
    codes = a.receive(2, at=t(9, 30))  # behind the refused changes in the same push
    refused = len(BAD_RATINGS) + len(UNKNOWN)

    report = a.sync()
    assert (report.rejected, report.pending) == (refused, 0)
    got = receipts(server_db, a.device_id)
    assert [(k, o) for k, o, _ in got] == [("rating.add", "rejected")] * len(BAD_RATINGS) + [
        (kind, "rejected") for kind, _ in UNKNOWN
    ] + [("rating.add", "applied")]
    for (_payload, reason), (_k, _o, error) in zip(BAD_RATINGS, got, strict=False):
        assert reason in error, error
    for (kind, _payload), (_k, _o, error) in zip(UNKNOWN, got[len(BAD_RATINGS) :], strict=False):
        assert f"does not know the kind of change '{kind}'" in error, error
        assert "Upgrade the server" in error
    # The good rating and the dossiers behind the refusals arrived.
    assert [r[4] for r in server_ratings(server_db)] == [4]

    # On the PC: each refusal kept with its reason, counted for the status bar, not sent again.
    with a.store.begin() as s:
        shown = rejected_mutations(s)
        assert rejected_count(s) == refused
    assert {r.kind for r in shown} == {"rating.add", *(k for k, _ in UNKNOWN)}
    assert all(r.error for r in shown)
    status = read_status(a.store)
    assert len(status.rejected) == refused and status.pending == 0
    again = a.sync()
    assert (again.pushed, again.rejected, again.pending) == (0, 0, 0)
    assert len(receipts(server_db, a.device_id)) == refused + 1
    srv = assert_drained(server_db, [a])
    assert set(codes) <= set(srv.dossiers)
