"""POSIX-only helpers of the test suite, so that it is collected and runs on Windows.

pty pairs (serial scanners and printers), FIFOs and `os.geteuid` do not exist on Windows: the
tests that need them skip there with the reason; their Windows paths are tested through
simulation (tests/unit/test_windows_*.py) and on a Windows runner (.github/workflows/windows.yml).
"""

from __future__ import annotations

import os

import pytest

POSIX = os.name != "nt"


def require_posix(what: str) -> None:
    """Skip the running test on Windows, saying what it needs."""
    if not POSIX:
        pytest.skip(f"{what} exists on POSIX systems only; Windows is covered by simulation")


def is_root() -> bool:
    """True when running as root (never on Windows, which has no euid)."""
    geteuid = getattr(os, "geteuid", None)
    return bool(geteuid and geteuid() == 0)


def set_raw(fd: int) -> None:
    """A pty end as a USB-CDC port is: no echo, no line editing (tty is POSIX only)."""
    import tty

    tty.setraw(fd)
