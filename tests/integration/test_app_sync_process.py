"""A real `kiosk run` window process on an enrolled PC syncs by itself (ui/app_sync.py): a
dossier saved on the PC reaches the server without `kiosk sync`, which is refused meanwhile
(one worker per data folder); a second window waits, and takes over once the first is gone."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.instance_lock import InstanceLock
from kiosk.store.db import open_store
from kiosk.store.models import Dossier
from kiosk.sync.lock import sync_lock
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import ROOT, kiosk
from tests.integration.test_ops_single_instance import env, run_cmd
from tests.integration.test_sync_harness import enroll
from tests.integration.test_sync_processes import ServerProcess

server_db = harness.server_db  # fixture
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def on_server(db: str, code: str) -> bool:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return s.scalar(select(Dossier.id).where(Dossier.code == code)) is not None
    finally:
        st.close()


def lock_taken(home: Path, role: str = "sync") -> bool:
    lock = sync_lock(home) if role == "sync" else InstanceLock.for_role(home, role)
    if lock.acquire():
        lock.release()
        return False
    return True


def test_a_window_process_syncs_and_a_second_one_takes_over(server_db: str, tmp_path: Path) -> None:
    from tests.posix import require_posix

    require_posix("kill -9")
    srv = ServerProcess(server_db, tmp_path / "server")
    pc = enroll(tmp_path, "pc", srv.url, server_db)
    home = tmp_path / "pc"
    procs: list[subprocess.Popen[str]] = []

    def start(role: str) -> subprocess.Popen[str]:
        p = subprocess.Popen(
            run_cmd(home, role), cwd=ROOT, env=env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        procs.append(p)
        return p

    try:
        display = start("display")
        wait_for(lambda: lock_taken(home), 90, "the window did not start syncing")
        pid = (home / "locks" / "sync.lock").read_text().strip()
        assert pid == str(display.pid)
        refused = kiosk(home, "sync", "--once", ok=False)
        assert refused.returncode == 1 and "already syncing" in refused.stderr

        code = pc.receive(1)[0]  # saved on the PC by another process: the next push sends it
        wait_for(lambda: on_server(server_db, code), 30, "the dossier did not reach the server")

        dispenser = start("dispenser")  # a second window of the PC: it waits for the lock
        wait_for(lambda: lock_taken(home, "dispenser"), 90, "the dispenser did not start")
        time.sleep(3)
        assert display.poll() is None and dispenser.poll() is None
        assert (home / "locks" / "sync.lock").read_text().strip() == str(display.pid)

        display.kill()  # the display's PC... its window is gone, however it ended
        display.communicate(timeout=30)
        wait_for(
            lambda: (home / "locks" / "sync.lock").read_text().strip() == str(dispenser.pid),
            40, "the second window did not take over",
        )  # fmt: skip
        code2 = pc.receive(1)[0]
        wait_for(lambda: on_server(server_db, code2), 30, "the second window does not sync")
    finally:
        for p in procs:
            p.kill()
            p.communicate(timeout=30)
        pc.store.close()
        srv.stop()
