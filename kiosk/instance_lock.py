"""A lock file held by the operating system: one process per (data folder, role).

The lock is taken on `<home>/locks/<role>.lock` with `fcntl.flock` (Linux) or
`msvcrt.locking` (Windows), without waiting. The OS drops it when the process ends, however
it ends (a crash, `kill -9`, Task Manager's "End task"), so a stale file never blocks the next
start and no process ID has to be guessed. The file holds the owner's PID, for people only.

Before, a second instance was detected by its local socket alone; on Windows two servers may
listen on one named pipe, so two windows ran on one database and fought for the scanner's COM
port. The socket/pipe now only brings the first window to the front.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from kiosk import paths

LOCK_DIR = "locks"


class InstanceLock:
    """An exclusive, non-blocking OS lock on a file; `acquire()` is False when it is taken."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._file: IO[bytes] | None = None

    @classmethod
    def for_role(cls, home: Path, role: str) -> InstanceLock:
        return cls(Path(home) / LOCK_DIR / f"{role}.lock")

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+b")  # noqa: SIM115 - kept open: the lock lives as long as it
        try:
            _lock(f)
        except OSError:
            f.close()
            return False
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n".encode())
        f.flush()
        self._file = f
        return True

    def release(self) -> None:
        if self._file is None:
            return
        try:
            _unlock(self._file)
        except OSError:
            pass
        self._file.close()
        self._file = None


def _lock(f: IO[bytes]) -> None:
    if paths.is_windows():  # pragma: no cover - Windows only
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(f: IO[bytes]) -> None:
    if paths.is_windows():  # pragma: no cover - Windows only
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
