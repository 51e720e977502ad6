"""A ticket transferred at one counter reaches the counters of the other PCs (issue 6: transfer).

The counter PC sends where the ticket waits now (`queue_service`), the counter it was sent to
and its serving times with every ticket change; before, a transfer stayed on the PC that made it
and the next pull even put the ticket back where it had been.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kiosk.services.context import Actor
from kiosk.services.queue import call_next, issue_ticket, transfer
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import PC, ServerThread, assert_drained, enroll

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

MON = datetime(2026, 3, 2, 8, 0)  # a working day in the bundled calendar


def at(minute: int) -> datetime:
    return MON.replace(minute=minute)


def clerk(pc: PC, counter: int) -> Actor:
    return Actor(f"clerk-{pc.name}", counter, pc.device_id)


def test_a_transfer_reaches_the_other_pc_through_the_server(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc1 = enroll(tmp_path, "pc1", server.url, server_db)  # counter 1 (HT)
    pc2 = enroll(tmp_path, "pc2", server.url, server_db)  # counters 2 (HT, DD) and 3 (DD)
    with pc1.store.begin() as s:
        first = issue_ticket(s, "HT", at=at(0), device_id=pc1.device_id).ticket.label
        second = issue_ticket(s, "HT", at=at(1), device_id=pc1.device_id).ticket.label
        t = call_next(s, 1, clerk(pc1, 1), at=at(2))
        assert t is not None and t.label == first
        transfer(s, 1, to_service="DD", at=at(3))  # land matters: to the land service
    pc1.sync()
    pc2.sync()
    with pc2.store.begin() as s:
        called = call_next(s, 3, clerk(pc2, 3), at=at(4))  # counter 3 serves only DD
        assert called is not None and called.label == first
        assert called.arrived_at == at(0)  # still counted from when the citizen came
    pc2.sync()
    with pc1.store.begin() as s:  # counter 1 goes on with the next HT ticket
        t = call_next(s, 1, clerk(pc1, 1), at=at(5))
        assert t is not None and t.label == second
        transfer(s, 1, to_counter=2, at=at(6))  # to a named counter, same service
    pc1.sync()
    pc2.sync()
    with pc2.store.begin() as s:
        t = call_next(s, 2, clerk(pc2, 2), at=at(7))
        assert t is not None and t.label == second and t.target_counter == 2
    srv = assert_drained(server_db, [pc1, pc2])
    waits = {key[2]: row[:2] for key, row in srv.tickets.items()}
    assert waits == {1: ("DD", "HT"), 2: ("HT", None)}
