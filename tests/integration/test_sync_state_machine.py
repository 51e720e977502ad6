"""Scenario 9: a Hypothesis state machine over the real server and real PC databases.

Steps mix receptions at two counters, pushes whose answers are sometimes lost, pulls, PCs
crashing in the middle of applying a page, department actions, counters acting on what they
last saw, queue tickets issued, called (through the server or offline) and finished, and
server restarts. Every example uses an office of its own on one server
database; it ends by draining and the same checks as every other scenario.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from kiosk.domain.status import TRANSITIONS
from kiosk.errors import KioskError
from kiosk.server.actions import ACTIONS
from kiosk.server.auth import ensure_office, office_of
from kiosk.services import queue as q
from kiosk.services.context import Actor, get_setting
from kiosk.services.dossiers import advance_dossier
from kiosk.store.db import Store, open_store
from kiosk.store.models import Counter, CounterService, Dossier, Outbox, Service
from kiosk.store.server_models import Device
from kiosk.sync import engine
from kiosk.sync.client import Offline
from kiosk.sync.local import PageApplier
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import PC, ServerThread, assert_drained, enroll
from tests.integration.test_sync_processes import Proxy

server_db = harness.server_db  # fixture
pytestmark = [pytest.mark.postgres, pytest.mark.slow]
_offices = itertools.count(1)
EXAMPLES = 60 if os.environ.get("KIOSK_SYNC_FULL") else 8


class Crash(Exception):
    """The PC dies half-way through applying a page."""


class CrashingApplier(PageApplier):
    def apply(self, entries: list[dict[str, Any]]) -> int:
        super().apply(entries[: len(entries) // 2])
        self.session.flush()
        raise Crash()


class SyncMachine(RuleBasedStateMachine):
    db: ClassVar[str]
    tmp: ClassVar[Path]
    proxy: ClassVar[Proxy]
    server: ClassVar[ServerThread]
    server_store: ClassVar[Store]

    def __init__(self) -> None:
        super().__init__()
        n = next(_offices)
        self.agency = f"{n:03d}.99.99.H99"
        self.counters = (n * 10 + 1, n * 10 + 2)  # counter numbers unique on the server
        self._queue_setup()
        self.pcs = [
            enroll(self.tmp / str(n), f"p{i}", self.proxy.url, self.db, self.agency)
            for i in range(2)
        ]

    def _queue_setup(self) -> None:
        """One service (tickets A...) served by two counters, one per PC."""
        with self.server_store.begin() as s:
            ensure_office(s, self.agency)
            s.flush()
            office = office_of(s, self.agency)
            svc = Service(office_id=office.id, code="HT", name="Hộ tịch", prefix="A", fields=[])
            s.add(svc)
            s.flush()
            for number in self.counters:
                counter = Counter(office_id=office.id, number=number, name=f"Quầy {number}")
                s.add(counter)
                s.flush()
                s.add(CounterService(counter_id=counter.id, service_id=svc.id))

    def teardown(self) -> None:
        try:
            self.proxy.mode = "pass"
            assert_drained(self.db, self.pcs, self.agency)
        finally:
            for pc in self.pcs:
                pc.store.close()

    def _sync(self, pc: PC, step: str, drop: bool = False) -> None:
        syncer = pc.syncer()
        self.proxy.mode = "drop" if drop else "pass"
        try:
            syncer.push_pending() if step == "push" else syncer.pull()
        except Offline:
            assert drop, "only a dropped answer makes a step fail here"
        finally:
            self.proxy.mode = "pass"
            syncer.close()

    @rule(i=st.integers(0, 1), n=st.integers(1, 3))
    def receive(self, i: int, n: int) -> None:
        self.pcs[i].receive(n)

    @rule(i=st.integers(0, 1), drop=st.booleans())
    def push(self, i: int, drop: bool) -> None:
        self._sync(self.pcs[i], "push", drop)

    @rule(i=st.integers(0, 1), drop=st.booleans())
    def pull(self, i: int, drop: bool) -> None:
        self._sync(self.pcs[i], "pull", drop)

    @rule(i=st.integers(0, 1))
    def crash_while_applying_a_page(self, i: int) -> None:
        pc = self.pcs[i]
        with pc.store.begin() as s:
            before = get_setting(s, "sync_cursor")
            count = s.scalar(select(func.count()).select_from(Dossier))
        syncer = pc.syncer()
        try:
            with mock.patch.object(engine, "PageApplier", CrashingApplier):
                syncer.pull()
        except Crash:
            pass
        finally:
            syncer.close()
        with pc.store.begin() as s:  # nothing of the page is kept, the cursor stayed
            assert get_setting(s, "sync_cursor") == before
            assert s.scalar(select(func.count()).select_from(Dossier)) == count

    @rule(data=st.data())
    def department(self, data: st.DataObject) -> None:
        with self.server_store.begin() as s:
            codes = sorted(
                s.scalars(select(Dossier.code).where(Dossier.agency_code == self.agency))
            )
        if not codes:
            return
        code = data.draw(st.sampled_from(codes))
        action = data.draw(st.sampled_from(ACTIONS))
        syncer = self.pcs[0].syncer()
        headers = syncer.client._headers()
        syncer.close()
        r = httpx.post(
            f"{self.server.url}/v1/dossiers/{code}/actions/{action}",
            json={"note": "phòng chuyên môn", "to_agency": "UBND tỉnh", "actor": "chuyenvien"},
            headers=headers,
        )
        assert r.status_code in (200, 422), r.text  # 422: not allowed from its status

    @rule(i=st.integers(0, 1), data=st.data())
    def counter_acts_on_what_it_saw(self, i: int, data: st.DataObject) -> None:
        pc = self.pcs[i]
        with pc.store.begin() as s:
            rows = sorted((d.code, d.status) for d in s.scalars(select(Dossier)))
        movable = [(c, st_) for c, st_ in rows if TRANSITIONS.get(st_)]
        if not movable:
            return
        code, status = data.draw(st.sampled_from(movable))
        target = data.draw(st.sampled_from(sorted(TRANSITIONS[status] - {1, 2, 3})))
        try:
            with pc.store.begin() as s:
                advance_dossier(s, code, target, Actor("clerk", 1, pc.device_id), note="quầy")
        except KioskError:
            pass  # e.g. leaving a supplement for a status it was not paused from

    @rule(i=st.integers(0, 1))
    def issue_ticket(self, i: int) -> None:
        pc = self.pcs[i]
        with pc.store.begin() as s:
            q.issue_ticket(s, "HT", device_id=pc.device_id)

    @rule(i=st.integers(0, 1), through_server=st.booleans())
    def call_next(self, i: int, through_server: bool) -> None:
        pc, counter = self.pcs[i], self.counters[i]
        if through_server:  # the server arbitrates
            syncer = pc.syncer()
            try:
                syncer.call_next(counter, f"clerk{i}")
            finally:
                syncer.close()
        else:  # offline: from what this PC last saw; the push may be refused
            with pc.store.begin() as s:
                q.call_next(s, counter, Actor(f"clerk{i}", counter, pc.device_id))

    @rule(i=st.integers(0, 1))
    def finish_ticket(self, i: int) -> None:
        pc = self.pcs[i]
        with pc.store.begin() as s:
            q.finish(s, self.counters[i])

    @rule()
    def restart_server(self) -> None:
        SyncMachine.server.stop()
        SyncMachine.server = ServerThread(self.db, tls=False)  # behind the plain-HTTP proxy
        self.proxy.target = ("127.0.0.1", SyncMachine.server.port)

    @invariant()
    def the_server_never_acknowledges_more_than_was_sent(self) -> None:
        with self.server_store.begin() as s:
            acked = dict(
                s.execute(
                    select(Device.id, Device.last_seq).where(Device.agency_code == self.agency)
                ).all()
            )
        for pc in self.pcs:
            with pc.store.begin() as s:
                highest = s.scalar(select(func.max(Outbox.seq))) or 0
                unacked = s.scalar(select(func.min(Outbox.seq)).where(Outbox.acked.is_(False)))
            assert acked[pc.device_id] <= highest
            if unacked is not None:
                assert acked[pc.device_id] >= unacked - 1, "no gap between server and PC"


def test_sync_state_machine(server_db: str, tmp_path: Path) -> None:
    SyncMachine.db, SyncMachine.tmp = server_db, tmp_path
    SyncMachine.server = ServerThread(server_db, tls=False)
    SyncMachine.proxy = Proxy(SyncMachine.server.port)
    SyncMachine.server_store = open_store(server_db, migrate=False)
    try:
        run_state_machine_as_test(
            SyncMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=14,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        SyncMachine.server_store.close()
        SyncMachine.proxy.close()
        SyncMachine.server.stop()
