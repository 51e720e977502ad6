"""Issue 19, item 10: public screens stay on. Windows simulated with a stand-in kernel32 (the
flags are what counts); on Linux a real child process in place of systemd-inhibit records its
arguments and is ended with the app."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

import kiosk.awake as awake
import kiosk.paths
from kiosk.awake import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    keep_awake,
)


class Kernel32:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def SetThreadExecutionState(self, flags: int) -> int:  # noqa: N802 - the Win32 name
        self.calls.append(flags)
        return ES_CONTINUOUS


def test_windows_keeps_the_display_on_for_public_roles(monkeypatch: pytest.MonkeyPatch) -> None:
    k32 = Kernel32()
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: True)
    monkeypatch.setattr(awake, "_kernel32", lambda: k32)
    assert keep_awake("counter") is None and keep_awake("supervisor") is None
    held = keep_awake("dispenser")
    assert held is not None and held.method == "SetThreadExecutionState"
    assert k32.calls == [ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED]
    held.release()
    assert k32.calls[-1] == ES_CONTINUOUS  # back to the power plan


def test_linux_holds_an_inhibitor_while_the_app_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.posix import require_posix

    require_posix("a shell script standing in for systemd-inhibit")
    record = tmp_path / "args.txt"
    tool = tmp_path / "bin" / "systemd-inhibit"
    tool.parent.mkdir()
    tool.write_text(f'#!/bin/sh\necho "$@" > "{record}"\nexec sleep 60\n', encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tool.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: False)
    held = keep_awake("display")
    assert held is not None and held.method == "systemd-inhibit"
    deadline = time.monotonic() + 10
    while not record.exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    args = record.read_text(encoding="utf-8")
    assert "--what=idle:sleep" in args and "--mode=block" in args
    child = held._child
    assert child is not None and child.poll() is None
    held.release()
    assert child.poll() is not None  # ended with the app


def test_without_systemd_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: False)
    monkeypatch.setattr(awake.shutil, "which", lambda _name: None)
    held = keep_awake("selfcheck")
    assert held is not None and held.method is None
    held.release()
