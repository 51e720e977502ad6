"""A push notification for the queue between processes of one PC: a small file in the data
folder (``queue.changed``) rewritten after every change of the queue.

Windows of another process (the waiting-room display, the counters) watch it (Qt's
QFileSystemWatcher: inotify on Linux, ReadDirectoryChangesW on Windows) and look at the
database at once instead of waiting for their next poll. Whoever changes the queue writes it: a
window (ui/queue_watch.py), the command line (`kiosk ticket issue/call`), the sync process after
a pull brought changes from the other PCs of the office. Writing is best effort: a read-only
folder only means the others notice at their next poll.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

STAMP_NAME = "queue.changed"


def stamp_path(home: Path) -> Path:
    return Path(home) / STAMP_NAME


def token() -> str:
    return f"{os.getpid()} {time.time_ns()}"


def announce_queue_change(home: Path) -> bool:
    """Rewrite the stamp in place (a rename would lose the watchers); False if it cannot."""
    path = stamp_path(home)
    try:
        if not path.parent.is_dir():
            return False
        # the user's alone like every file of the data folder (it holds no personal data)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(token())
        return True
    except OSError:
        return False


def writer_pid(text: str) -> int | None:
    try:
        return int(text.split()[0])
    except (IndexError, ValueError):
        return None
