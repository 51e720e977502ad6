"""One process syncs a data folder at a time: the app's windows and `kiosk sync` share a lock.

Several windows may run on one PC (the counter, the waiting-room display, the dispenser), and
an admin may start `kiosk sync` too; each would otherwise push the same outbox and long-poll
the server on its own. The lock is an OS lock on `<home>/locks/sync.lock` (kiosk/instance_lock.py),
dropped by the OS when its holder ends, however it ends: the next window takes over.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.instance_lock import InstanceLock

SYNC_LOCK = "sync"
ALREADY_SYNCING = (
    "another process of this PC (the app's window or 'kiosk sync') is already syncing this "
    "data folder; it keeps syncing while it runs"
)


def sync_lock(home: Path) -> InstanceLock:
    """The (not yet taken) lock on syncing `home`: `acquire()` is False when another has it."""
    return InstanceLock.for_role(home, SYNC_LOCK)
