"""A serial scanner that is really a pty pair, behind a stable path (a symlink, like udev's
/dev/serial/by-id links). Unplugging closes the pty; replugging makes a new one and re-points
the link, as a USB-CDC scanner gets a new /dev/ttyACMn when it comes back."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.posix import require_posix, set_raw

LINUX = sys.platform == "linux"


class PtyScanner:
    def __init__(self, link: Path) -> None:
        self.link = link
        self.master = self.slave = -1
        self.plug()

    @property
    def tty(self) -> str:
        return os.ttyname(self.slave)

    @property
    def url(self) -> str:
        return f"serial://{self.link}?baud=9600&terminator=cr"

    def plug(self) -> None:
        require_posix("a pty pair standing in for a serial scanner")
        self.master, self.slave = os.openpty()
        set_raw(self.slave)  # what a USB-CDC port is: no echo, no line editing
        tmp = self.link.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(self.slave))
        os.replace(tmp, self.link)

    def unplug(self) -> None:
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)
        self.master = self.slave = -1

    def send(self, data: bytes | str) -> None:
        os.write(self.master, data.encode("utf-8") if isinstance(data, str) else data)

    def close(self) -> None:
        self.unplug()
        self.link.unlink(missing_ok=True)


def opened_by(pid: int, path: str) -> bool:
    """Whether process `pid` has `path` open (Linux /proc)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        for fd in fd_dir.iterdir():
            try:
                if os.readlink(fd) == path:
                    return True
            except OSError:
                continue
    except OSError:
        return False
    return False


def wait_for(check: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")
