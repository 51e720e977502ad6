"""One app instance per role and data folder (ui/single_instance.py).

Two QApplications cannot live in one process, so the other instance is always a real
`kiosk run` process: started second, it must hand over and exit; started first, it must be
found, and once killed its leftover socket must not block the next start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.integration.conftest import ROOT, kj
from ui.single_instance import REQUEST, ask_running, claim_instance, server_name

pytestmark = pytest.mark.slow


def run_cmd(home: Path, role: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", "--home", str(home), "run", "--role", role, *extra]


def env() -> dict[str, str]:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    e.pop("KIOSK_HOME", None)
    e.pop("KIOSK_DB", None)
    return e


@pytest.fixture
def home(tmp_path: Path) -> Path:
    kj(tmp_path, "init")
    return tmp_path


def test_the_name_depends_on_folder_and_role(tmp_path: Path) -> None:
    a = server_name(tmp_path, "display")
    assert a == server_name(tmp_path / "." / "", "display")
    assert a != server_name(tmp_path, "counter") and a != server_name(tmp_path / "x", "display")
    assert len(a) < 60 and REQUEST == b"activate\n"


def test_a_second_start_brings_the_first_forward_and_exits(qtbot: QtBot, home: Path) -> None:
    first = claim_instance(home, "display")
    assert first is not None
    try:
        with qtbot.waitSignal(first.activated, timeout=90_000):
            second = subprocess.Popen(
                run_cmd(home, "display", "--quit-after-ready"),
                cwd=ROOT,
                env=env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already open" in out and not out.startswith("ready ")  # it showed no window
        # another role, or another data folder, is not held back
        other = subprocess.run(
            run_cmd(home, "counter", "--quit-after-ready"),
            cwd=ROOT,
            env=env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert other.returncode == 0 and other.stdout.startswith("ready "), other.stderr
    finally:
        first.close()


def _wait_listening(name: str, proc: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not ask_running(name, connect_ms=200):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the first instance never listened"
        time.sleep(0.3)


def test_a_running_instance_is_found_and_a_crashed_one_is_taken_over(
    qtbot: QtBot, home: Path
) -> None:
    first = subprocess.Popen(
        run_cmd(home, "display"),
        cwd=ROOT,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_listening(server_name(home, "display"), first)
        assert claim_instance(home, "display") is None  # it is running: this start must end
    finally:
        first.kill()  # no clean shutdown: on Unix its socket file stays behind
        first.communicate(timeout=30)
    again = claim_instance(home, "display")
    assert again is not None, "a dead instance's socket must not block the next start"
    try:
        assert ask_running(server_name(home, "display"))
    finally:
        again.close()
    assert not ask_running(server_name(home, "display"))


# -- issue 19, item 4: the OS lock decides, not the pipe ------------------------------------------


def test_the_lock_decides_even_where_two_servers_could_listen(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows lets a second server listen on the same pipe name, so "nobody answers" must not
    mean "nobody runs": simulated by a first instance that does not answer at all."""
    import ui.single_instance as si

    first = claim_instance(home, "display")
    assert first is not None and first.lock is not None and first.lock.held
    first.server.close()  # as if its pipe were not found (or a second server took the name)
    monkeypatch.setattr(si, "ask_running", lambda *a, **k: False)
    try:
        assert claim_instance(home, "display") is None  # the lock is held: this start ends
        assert claim_instance(home, "counter") is not None  # another role is not held back
    finally:
        first.close()
    again = claim_instance(home, "display")  # released by close()
    assert again is not None
    again.close()


def test_two_starts_one_window_and_kill_9_releases_the_lock(home: Path) -> None:
    from kiosk.instance_lock import InstanceLock
    from tests.posix import require_posix

    require_posix("kill -9")
    first = subprocess.Popen(
        run_cmd(home, "display"), cwd=ROOT, env=env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_listening(server_name(home, "display"), first)
        assert not InstanceLock.for_role(home, "display").acquire()
        second = subprocess.run(
            run_cmd(home, "display", "--quit-after-ready"), cwd=ROOT, env=env(),
            capture_output=True, text=True, timeout=120,
        )
        assert second.returncode == 0 and "already open" in second.stdout
        assert not second.stdout.startswith("ready ")
        log = home / "logs" / "kiosk-display.log"
        deadline = time.monotonic() + 30
        while "bringing the windows to the front" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the first window was not raised"
            time.sleep(0.2)
    finally:
        first.kill()  # kill -9 (SIGKILL): no clean-up at all
        first.communicate(timeout=30)
    lock = InstanceLock.for_role(home, "display")
    assert lock.acquire(), "the OS must drop a dead process's lock"
    lock.release()
    third = subprocess.run(
        run_cmd(home, "display", "--quit-after-ready"), cwd=ROOT, env=env(),
        capture_output=True, text=True, timeout=120,
    )
    assert third.returncode == 0 and third.stdout.startswith("ready "), third.stderr
