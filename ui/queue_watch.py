"""Push, not poll: a change of the queue in one process reaches the windows of the others on
the PC at once (kiosk/services/queue_signal.py: a file in the data folder they all watch).

`hub.queue_changed` in this process rewrites the file; a rewrite by another process emits
`hub.queue_changed` here (the display then reads the database: it shows the call, the no-show,
the finish or the transfer within a fraction of a second). A notice relayed from another
process is not written back (no echo between processes).

One watcher serves the whole process and lives as long as it: a QFileSystemWatcher holds a
socket notifier that must be destroyed in the GUI thread, and a hub may be collected by Python
in any thread; hubs are therefore only weakly referenced here.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from kiosk.services.queue_signal import announce_queue_change, stamp_path, writer_pid
from ui.context import Hub


class _Watcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.fsw = QFileSystemWatcher(self)
        self.fsw.fileChanged.connect(self._changed)
        self.hubs: dict[str, list[weakref.ref[Hub]]] = {}
        self.relaying: set[int] = set()  # ids of hubs emitting a notice from elsewhere

    def add(self, hub: Hub, home: Path) -> None:
        path = stamp_path(home)
        key = str(path)
        live = [r for r in self.hubs.get(key, []) if r() is not None]
        self.hubs[key] = [*live, weakref.ref(hub)]
        self._rewatch(home)
        ref = weakref.ref(hub)

        def local_change() -> None:
            h = ref()
            if h is not None and id(h) not in self.relaying:
                announce_queue_change(home)

        hub.queue_changed.connect(local_change)

    def _rewatch(self, home: Path) -> None:
        path = stamp_path(home)
        if not Path(home).is_dir():
            return
        if not path.exists():
            announce_queue_change(home)
        if path.exists() and str(path) not in self.fsw.files():
            self.fsw.addPath(str(path))

    def _changed(self, name: str) -> None:
        path = Path(name)
        try:
            text = path.read_text(encoding="ascii")
        except OSError:
            text = ""
        if name not in self.fsw.files():  # replaced or removed: watch it again
            QTimer.singleShot(50, self, lambda: self._rewatch(path.parent))
        if writer_pid(text) == os.getpid():
            return  # our own notice: this process already knows
        hubs = [h for r in self.hubs.get(name, []) if (h := r()) is not None]
        self.hubs[name] = [weakref.ref(h) for h in hubs]
        for hub in hubs:
            self.relaying.add(id(hub))
            try:
                hub.queue_changed.emit()
            finally:
                self.relaying.discard(id(hub))


_WATCHER: _Watcher | None = None


def watch_queue(hub: Hub, home: Path) -> None:
    """Connect the hub to the data folder's queue notices (call from the GUI thread)."""
    global _WATCHER
    if _WATCHER is None:
        _WATCHER = _Watcher()
    _WATCHER.add(hub, Path(home))
