"""Scenario 6: two counters offline for a day while departments work on the server.

The PCs' clocks are hours apart (one runs 3 hours fast, the other 4 hours slow); nothing in
sync may depend on them. Each counter receives its share of the day's dossiers offline and
acts on the morning's dossiers (withdrawals, supplement requests) that the departments are
meanwhile taking, finishing or stopping on the server. They come back in random order.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kiosk.domain.status import TRANSITIONS, Status
from kiosk.services.context import Actor, now
from kiosk.services.dossiers import advance_dossier, request_supplement
from kiosk.store.models import Dossier
from kiosk.sync.outbox import rejected_mutations
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import (
    PC,
    ServerThread,
    assert_drained,
    enroll,
    officer,
)

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PER_COUNTER = 500
MORNING = 30


def clock(pc: PC, skew: timedelta, step: int) -> datetime:
    """The PC's own idea of the time: skewed, and moving on as it works."""
    return now() + skew + timedelta(seconds=step)


def test_two_counters_offline_for_a_day(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    rng = random.Random(6)
    skews = {"a": timedelta(hours=3), "b": timedelta(hours=-4)}
    pcs = {name: enroll(tmp_path, name, server.url, server_db) for name in skews}
    morning: dict[str, list[str]] = {}
    for name, pc in pcs.items():
        morning[name] = [pc.receive(1, clock(pc, skews[name], i))[0] for i in range(MORNING)]
        pc.sync()

    # The server drops off the network. Departments keep working on the morning's dossiers.
    headers = officer(server_db, server.url)
    server_status: dict[str, int] = {}
    for code in morning["a"] + morning["b"]:
        plan = rng.choice(["take", "ready", "stop", "supplement", "none"])
        steps = {"none": [], "take": ["take"], "ready": ["take", "ready"]}.get(plan, ["take", plan])
        status = Status.RECEIVED
        for action in steps:
            r = httpx.post(
                f"{server.url}/v1/dossiers/{code}/actions/{action}",
                json={"note": "Phòng chuyên môn", "missing": ["Bản sao CCCD"]},
                headers=headers,
            )
            assert r.status_code == 200, r.text
            status = r.json()["status"]
        server_status[code] = status

    # Meanwhile each counter, offline, receives the day's citizens and acts on old dossiers.
    expected_refusals = 0
    for name, pc in pcs.items():
        codes = pc.receive(PER_COUNTER, clock(pc, skews[name], 1000))
        assert len(set(codes)) == PER_COUNTER
        actor = Actor(f"clerk-{name}", 1, pc.device_id)
        with pc.store.begin() as s:
            for i, code in enumerate(rng.sample(morning[name], 12)):
                at = clock(pc, skews[name], 2000 + i)
                if i % 2:
                    advance_dossier(s, code, Status.WITHDRAWN, actor, at, "Công dân rút hồ sơ")
                    target = Status.WITHDRAWN
                else:
                    request_supplement(s, code, [], "Thiếu giấy tờ", actor, at)
                    target = Status.SUPPLEMENT
                expected_refusals += target not in TRANSITIONS[server_status[code]]

    # They come back in random order; nothing depends on their clocks.
    order = list(pcs.values())
    rng.shuffle(order)
    refused = 0
    for pc in order:
        refused += pc.sync().rejected
    assert refused == expected_refusals
    for pc in order:
        for r in rejected_mutations_of(pc):
            assert "cannot go from status" in r, r
    srv = assert_drained(server_db, order)
    assert len(srv.dossiers) == 2 * (MORNING + PER_COUNTER)
    with pcs["a"].store.begin() as s:
        mine = {d.code: d.status for d in s.scalars(select(Dossier))}
    assert {c: mine[c] for c in morning["b"]} == {c: srv.dossiers[c][17] for c in morning["b"]}


def rejected_mutations_of(pc: PC) -> list[str]:
    with pc.store.begin() as s:
        return [r.error for r in rejected_mutations(s)]
