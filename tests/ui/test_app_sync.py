"""The app syncs by itself (ui/app_sync.py), against a real `kiosk server` process on the
suite's PostgreSQL: a dossier received through the window's task runner reaches the server with
no `kiosk sync`; one worker per data folder (a second window, `kiosk sync`, wait for the lock);
closing the window ends the worker at once, even mid long poll; offline, the app works on."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.store.db import open_store
from kiosk.store.models import Dossier
from kiosk.sync.lock import sync_lock
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
from tests.integration.test_sync_harness import PC, PROCEDURE, client_store, enroll, person
from tests.integration.test_sync_processes import ServerProcess
from ui.app import make_context
from ui.app_sync import AppSync
from ui.context import AppContext
from ui.widgets.statusbar import KioskStatusBar

from .conftest import idle

server_db = harness.server_db  # fixture


@pytest.fixture
def srv(server_db: str, tmp_path: Path) -> Iterator[ServerProcess]:
    s = ServerProcess(server_db, tmp_path / "server")
    yield s
    s.stop()


@pytest.fixture
def contexts(qapp: Any) -> Iterator[list[AppContext]]:
    made: list[AppContext] = []
    yield made
    for ctx in made:
        ctx.tasks.shutdown()


def on_server(db: str, code: str) -> bool:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return s.scalar(select(Dossier.id).where(Dossier.code == code)) is not None
    finally:
        st.close()


def sync_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("kiosk-sync-")]


def receive_in_window(qtbot: QtBot, ctx: AppContext, pc: PC) -> str:
    """As the counter window receives a dossier: one job of its task runner."""
    codes: list[str] = []
    intake = Intake(PROCEDURE, Applicant(person("cua-so")))
    actor = Actor("clerk-pc", 1, pc.device_id)
    ctx.tasks.run(lambda s: receive_dossier(s, intake, actor).code, codes.append)
    qtbot.waitUntil(lambda: bool(codes), timeout=10_000)
    return codes[0]


@pytest.mark.postgres
def test_the_window_syncs_alone_once_per_folder_and_stops_on_close(
    qtbot: QtBot, srv: ServerProcess, server_db: str, tmp_path: Path,
    contexts: list[AppContext],
) -> None:  # fmt: skip
    pc = enroll(tmp_path, "pc", srv.url, server_db)
    home = tmp_path / "pc"
    counter = make_context(pc.store, home)
    contexts.append(counter)
    bar = KioskStatusBar(counter)
    qtbot.addWidget(bar)
    changed: list[int] = []
    counter.hub.sync_changed.connect(lambda: changed.append(1))
    # a push only every minute: a dossier on the server within seconds was pushed on a kick
    first = AppSync(counter, retry_ms=200, worker_options={"push_interval": 60, "poll_wait": 20})
    first.start()
    qtbot.waitUntil(lambda: first.worker is not None, timeout=15_000)
    assert first.holding and not sync_lock(home).acquire()
    qtbot.waitUntil(lambda: bool(changed), timeout=10_000)  # the status bar was told

    code = receive_in_window(qtbot, counter, pc)
    started = time.monotonic()
    qtbot.waitUntil(lambda: on_server(server_db, code), timeout=15_000)
    assert time.monotonic() - started < 10
    worker = first.worker
    assert worker is not None
    qtbot.waitUntil(lambda: worker.status().pending == 0, timeout=10_000)
    qtbot.waitUntil(lambda: "0 chờ gửi" in bar.sync.text(), timeout=10_000)
    assert "mất kết nối" not in bar.sync.text()

    # A second window process on this data folder (the waiting-room display): no second worker.
    display = make_context(pc.store, home)
    contexts.append(display)
    second = AppSync(display, retry_ms=200)
    second.start()
    qtbot.wait(1000)
    assert second.worker is None and not second.holding
    assert len(sync_threads()) == 2  # the counter's push and pull threads only

    # `kiosk sync` on the same folder meanwhile: one sentence, exit 1; --status still answers
    for args in (("sync", "--once"), ("sync",)):
        out = kiosk(home, *args, ok=False)
        assert out.returncode == 1, out.stdout
        assert "already syncing" in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert kiosk(home, "sync", "--status").returncode == 0

    # The counter window closes, mid long poll: its worker ends within seconds ...
    qtbot.wait(500)
    threads = sync_threads()
    started = time.monotonic()
    first.stop()
    assert time.monotonic() - started < 2  # the long poll in flight was cut, not waited out
    assert not any(t.is_alive() for t in threads)
    assert not first.holding
    # ... and the display takes over
    qtbot.waitUntil(lambda: second.worker is not None, timeout=10_000)
    code2 = receive_in_window(qtbot, display, pc)
    qtbot.waitUntil(lambda: on_server(server_db, code2), timeout=15_000)
    started = time.monotonic()
    second.stop()
    assert time.monotonic() - started < 2 and sync_threads() == []
    lock = sync_lock(home)
    assert lock.acquire()  # free again: `kiosk sync` may run
    lock.release()
    qtbot.waitUntil(idle(counter.tasks, display.tasks), timeout=10_000)


@pytest.mark.postgres
def test_offline_the_status_bar_says_so_and_the_app_works_on(
    qtbot: QtBot, srv: ServerProcess, server_db: str, tmp_path: Path,
    contexts: list[AppContext],
) -> None:  # fmt: skip
    pc = enroll(tmp_path, "pc", srv.url, server_db)
    srv.stop()  # the server is gone (or the network)
    ctx = make_context(pc.store, tmp_path / "pc")
    contexts.append(ctx)
    bar = KioskStatusBar(ctx)
    qtbot.addWidget(bar)
    sync = AppSync(ctx, retry_ms=200, worker_options={"backoff_base": 0.2, "backoff_cap": 0.5})
    sync.start()
    qtbot.waitUntil(lambda: sync.worker is not None, timeout=15_000)
    code = receive_in_window(qtbot, ctx, pc)  # the counter works on
    assert code
    qtbot.waitUntil(lambda: "đang mất kết nối" in bar.sync.text(), timeout=15_000)
    worker = sync.worker
    assert worker is not None and not worker.status().online
    qtbot.waitUntil(lambda: worker.status().pending >= 1, timeout=10_000)
    started = time.monotonic()
    sync.stop()
    assert time.monotonic() - started < 5 and sync_threads() == []


def test_a_pc_not_enrolled_runs_no_worker(
    qtbot: QtBot, tmp_path: Path, contexts: list[AppContext]
) -> None:
    store = client_store(tmp_path / "lone" / "kiosk.sqlite3")
    try:
        ctx = make_context(store, tmp_path / "lone")
        contexts.append(ctx)
        sync = AppSync(ctx, retry_ms=100)
        sync.start()
        qtbot.wait(700)  # several tries
        qtbot.waitUntil(idle(ctx.tasks), timeout=10_000)
        assert sync.worker is None and not sync.holding and sync_threads() == []
        lock = sync_lock(tmp_path / "lone")  # `kiosk sync` is not kept out
        assert lock.acquire()
        lock.release()
        sync.stop()
    finally:
        ctx.tasks.shutdown()
        store.close()


def test_the_task_runner_knows_the_outbox_flag_by_its_name() -> None:
    from kiosk.services.context import OUTBOX_WRITTEN
    from ui.tasks import OUTBOX_WRITTEN as SPELT_OUT

    assert SPELT_OUT == OUTBOX_WRITTEN  # ui/tasks.py spells it out not to load SQLAlchemy
