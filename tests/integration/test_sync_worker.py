"""The background sync worker: long polls, pushes on a kick, backs off, shows its state."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kiosk.store.models import Dossier
from kiosk.sync.worker import Backoff, SyncStatus, SyncWorker
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ServerThread, assert_drained, enroll, officer
from tests.integration.test_sync_processes import Proxy

server, server_db, plain_server = harness.server, harness.server_db, harness.plain_server
pytestmark = pytest.mark.postgres


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    b = Backoff(base=1.0, cap=30.0, rng=random.Random(3))
    delays = [b.next_delay() for _ in range(12)]
    assert all(0.5 <= d <= 30.0 for d in delays)
    assert max(delays[:2]) <= 4.0 and max(delays[6:]) > 4.0  # grows
    assert len({round(d, 3) for d in delays}) == len(delays)  # jittered: no two in step
    b.reset()
    assert b.next_delay() <= 2.0


def wait_for(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_worker_pushes_long_polls_and_reports_an_outage(
    plain_server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    proxy = Proxy(plain_server.port)  # plain HTTP: the proxy reads the requests
    pc = enroll(tmp_path, "a", proxy.url, server_db)
    seen: list[SyncStatus] = []
    worker = SyncWorker(
        pc.store,
        poll_wait=10,
        push_interval=30,  # only a kick makes it push early
        backoff_base=0.2,
        backoff_cap=0.5,
        on_status=seen.append,
    )
    worker.start()
    try:
        code = pc.receive(1)[0]
        worker.kick()
        wait_for(lambda: worker.status().pending == 0 and worker.status().last_success is not None)
        # A department's change arrives through the long poll, not by asking again.
        r = httpx.post(
            f"{plain_server.url}/v1/dossiers/{code}/actions/take",
            json={},
            headers=officer(server_db, plain_server.url),
        )
        assert r.status_code == 200
        started = time.monotonic()
        wait_for(lambda: _status(pc.store, code) == 4, timeout=8)
        assert time.monotonic() - started < 5
        # The network goes: the worker says so and keeps the changes for later.
        proxy.mode = "drop"
        pc.receive(2)
        worker.kick()
        wait_for(lambda: worker.status().last_error is not None)
        st = worker.status()
        assert not st.online and st.pending == 2 and "server" in (st.last_error or "")
        proxy.mode = "pass"
        worker.kick()
        wait_for(lambda: worker.status().pending == 0 and worker.status().last_error is None)
        assert any(s.last_error for s in seen) and seen[-1].online
    finally:
        worker.stop(timeout=15)
    try:
        alive = [t for t in threading.enumerate() if t.name.startswith("kiosk-sync")]
        assert not any(t.is_alive() for t in alive)
        assert_drained(server_db, [pc])
    finally:
        proxy.close()


def _status(store: object, code: str) -> int | None:
    from kiosk.store.db import Store

    assert isinstance(store, Store)
    with store.begin() as s:
        return s.scalar(select(Dossier.status).where(Dossier.code == code))
