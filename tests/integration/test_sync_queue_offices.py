"""Call-next on a server hosting two offices whose counter numbers and service codes repeat.

Office A of the template has services HT, DD and counters 1-3; here office B gets counters 1
and 2 and its own HT (prefix A too), so both offices issue "A001" today and both have a counter
1. Each counter calls through `POST /v1/devices/{id}/queue/call-next` and must get its own
office's tickets, one call per ticket, also when all of them call at once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from kiosk.server.auth import office_of
from kiosk.services import queue as q
from kiosk.store.db import open_store
from kiosk.store.models import Counter, CounterService, Service, Ticket
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


@pytest.fixture
def office_b_queue(server_db: str) -> None:
    """Office B of the template has no queue yet: counters 1 and 2 serving its own HT."""
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            office = office_of(s, OFFICE_B).id
            ht = Service(office_id=office, code="HT", name="Hộ tịch", prefix="A", fields=[])
            s.add(ht)
            s.flush()
            for number in (1, 2):
                c = Counter(office_id=office, number=number, name=f"Quầy số {number}")
                s.add(c)
                s.flush()
                s.add(CounterService(counter_id=c.id, service_id=ht.id))
    finally:
        st.close()


def _call(http: httpx.Client, pc: PC, counter: int) -> dict[str, Any]:
    syncer = pc.syncer()
    try:
        headers = syncer.client._headers()
    finally:
        syncer.close()
    r = http.post(
        f"{pc.server_url}/v1/devices/{pc.device_id}/queue/call-next",
        json={"counter": counter, "actor": f"clerk-{pc.name}{counter}"},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    answer: dict[str, Any] = r.json()
    return answer


def _issue(pc: PC, n: int) -> None:
    with pc.store.begin() as s:
        for _ in range(n):
            q.issue_ticket(s, "HT", device_id=pc.device_id)
    assert pc.sync().pushed == n


def test_counter_1_of_each_office_calls_its_own_office_tickets(
    server: ServerThread, server_db: str, tmp_path: Path, office_b_queue: None
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db, office=OFFICE_B)
    with b.store.begin() as s:  # office B's configuration came down with the enrollment
        assert [c.number for c in s.scalars(select(Counter).order_by(Counter.number))] == [1, 2]
    _issue(b, 2)  # office B's tickets arrive first: an unscoped call would take them
    _issue(a, 1)
    with httpx.Client(timeout=30) as http:
        got_a = _call(http, a, 1)
        got_b = _call(http, b, 1)
        assert got_a["ticket"]["label"] == got_b["ticket"]["label"] == "A001"
        assert got_a["ticket"]["device_id"] == a.device_id  # office A's A001
        assert got_b["ticket"]["device_id"] == b.device_id  # office B's A001
        again_a = _call(http, a, 1)  # finishes A's A001; office A has nobody else waiting
        assert again_a["ticket"] is None and again_a["finished"]["device_id"] == a.device_id
        again_b = _call(http, b, 1)
        assert again_b["ticket"]["label"] == "A002"
        assert again_b["finished"]["label"] == "A001" and again_b["finished"]["status"] == "done"
    a.sync()
    b.sync()
    with a.store.begin() as s:
        assert {(t.label, t.status) for t in s.scalars(select(Ticket))} == {("A001", q.DONE)}
    with b.store.begin() as s:
        assert {(t.label, t.status, t.counter_number) for t in s.scalars(select(Ticket))} == {
            ("A001", q.DONE, 1),
            ("A002", q.CALLED, 1),
        }
    assert_drained(server_db, [a], OFFICE_A)
    assert_drained(server_db, [b], OFFICE_B)


def test_counters_of_two_offices_calling_at_once_share_nothing(
    server: ServerThread, server_db: str, tmp_path: Path, office_b_queue: None
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db, office=OFFICE_B)
    _issue(a, 8)
    _issue(b, 8)
    called: list[tuple[str, int, str, str]] = []  # (office, counter, label, issuing device)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def serve(pc: PC, office: str, counter: int) -> None:
        try:
            with httpx.Client(timeout=30) as http:
                while (ticket := _call(http, pc, counter)["ticket"]) is not None:
                    with lock:
                        called.append((office, counter, ticket["label"], ticket["device_id"]))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [
        threading.Thread(target=serve, args=(pc, office, n))
        for pc, office in ((a, OFFICE_A), (b, OFFICE_B))
        for n in (1, 2)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    device = {OFFICE_A: a.device_id, OFFICE_B: b.device_id}
    assert all(dev == device[office] for office, _n, _label, dev in called)
    for office in (OFFICE_A, OFFICE_B):
        labels = [label for o, _n, label, _d in called if o == office]
        assert sorted(labels) == [f"A{i:03d}" for i in range(1, 9)]  # each once
    assert_drained(server_db, [a], OFFICE_A)
    assert_drained(server_db, [b], OFFICE_B)


def test_a_queue_change_made_on_the_server_database_reaches_its_own_office(
    server: ServerThread, server_db: str, tmp_path: Path, office_b_queue: None
) -> None:
    """The core run against the server database (an admin's `--db postgresql://...`) records
    into the server's outbox; the relay stamps the ticket for the office it is of, though
    office A has a service HT too."""
    from kiosk.server.relay import relay_outbox
    from kiosk.services.context import Actor

    b = enroll(tmp_path, "b", server.url, server_db, office=OFFICE_B)
    _issue(b, 1)
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            office = office_of(s, OFFICE_B).id
            with pytest.raises(Exception, match="counter number 1 exists in several offices"):
                q.call_next(s, 1, Actor("giamsat", 1))  # no office given: which counter 1?
        with st.begin() as s:
            called = q.call_next(s, 1, Actor("giamsat", 1), office_id=office)
            assert called is not None and called.device_id == b.device_id
        assert relay_outbox(st) == 1
    finally:
        st.close()
    assert b.sync().pulled == 1
    with b.store.begin() as s:
        t = s.scalars(select(Ticket)).one()
        assert (t.label, t.status, t.counter_number, t.clerk) == ("A001", q.CALLED, 1, "giamsat")
    assert_drained(server_db, [b], OFFICE_B)
