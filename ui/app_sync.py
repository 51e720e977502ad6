"""The app syncs by itself: every window process of an enrolled PC may run the sync worker
(kiosk/sync/worker.py), one at a time per data folder.

Several windows may run on one PC (the counter, the waiting-room display, the dispenser) and
`kiosk sync` may run too: whoever holds the data folder's sync lock (kiosk/sync/lock.py) runs
the worker; the others try again every few seconds, so when the counter window closes, the
display takes over. A PC that is not enrolled runs no worker (it is checked again at each try:
the set-up wizard may enrol it meanwhile).

The worker's threads never touch a widget: its status and what it pulled come back through
queued signals to the GUI thread (`hub.sync_changed`, `hub.queue_changed`, which also tells
the other windows of the PC). A job of the task runner that appended to the outbox kicks it
(`TaskRunner.outbox_hooks`), and so does a queue or dossier change in any window of the PC.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.sync.lock import sync_lock

if TYPE_CHECKING:
    from kiosk.sync.worker import SyncStatus, SyncWorker
    from ui.context import AppContext

log = logging.getLogger(__name__)

RETRY_MS = 10_000  # how often a window without the lock (or not enrolled) tries again
STOP_TIMEOUT = 3.0  # per worker thread, on quit: the long poll is interrupted, not waited out


class AppSync(QObject):
    """Runs the sync worker for this process while it holds the data folder's sync lock."""

    # emitted on the worker's threads; delivered on the GUI thread (queued)
    _status = Signal(object)
    _pulled = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        *,
        retry_ms: int = RETRY_MS,
        worker_options: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lock = sync_lock(ctx.home)
        self.worker: SyncWorker | None = None
        self._options = dict(worker_options or {})
        self._starting = False
        self._stopped = False
        self._shown: tuple[object, ...] | None = None
        self._changed = False  # a local change since the status bar last looked
        self.timer = QTimer(self)
        self.timer.setInterval(retry_ms)
        self.timer.timeout.connect(self.try_start)
        queued = Qt.ConnectionType.QueuedConnection
        self._status.connect(self._on_status, queued)
        self._pulled.connect(self._on_pulled, queued)

    @property
    def holding(self) -> bool:
        """This process holds the sync lock (it runs the worker, or is starting it)."""
        return self.lock.held

    def start(self) -> None:
        self._stopped = False
        self.timer.start()
        self.try_start()

    def try_start(self) -> None:
        if self._stopped or self.worker is not None or self._starting:
            return
        if not self.lock.acquire():
            return  # another window of this PC, or `kiosk sync`, syncs: try again later
        self._starting = True
        # on the database worker, behind the store's opening: the worker reads its state
        self.ctx.tasks.call(self._make_worker, self._started, self._failed)

    def _make_worker(self) -> SyncWorker | None:
        from kiosk.services.context import get_setting
        from kiosk.sync.worker import SyncWorker

        with self.ctx.tasks.store.read() as s:  # cheap, every try on a PC not enrolled
            if not get_setting(s, "sync_server"):
                return None
        worker = SyncWorker(
            self.ctx.tasks.store,
            on_status=self._status.emit,
            on_pulled=self._pulled.emit,
            **self._options,
        )
        if not worker.status().enrolled:
            return None
        worker.start()
        return worker

    def _started(self, worker: SyncWorker | None) -> None:
        self._starting = False
        if worker is None:  # not enrolled: let `kiosk sync` or another window have the lock
            self.lock.release()
            return
        if self._stopped:
            worker.stop(STOP_TIMEOUT)
            self.lock.release()
            return
        log.info("syncing with the server in the background")
        self.worker = worker
        self.timer.stop()
        self.ctx.tasks.outbox_hooks.append(self.kick)
        self.ctx.hub.queue_changed.connect(self.kick)  # a ticket from the dispenser, say
        self.ctx.hub.dossiers_changed.connect(self.kick)
        self.ctx.hub.sync_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._starting = False
        self.lock.release()
        log.warning("the sync worker did not start: %s", exc)

    def kick(self) -> None:
        """A local change (from any thread): push it now, and show the outcome."""
        self._changed = True
        worker = self.worker
        if worker is not None:
            worker.kick()

    def _on_status(self, status: SyncStatus) -> None:
        # what the status bar shows (it reads the database): not every idle poll's success
        shown = (
            status.pending,
            status.last_error,
            status.online,
            len(status.rejected),
            status.last_success and status.last_success.replace(second=0, microsecond=0),
        )
        if shown != self._shown or self._changed:
            self._shown, self._changed = shown, False
            self.ctx.hub.sync_changed.emit()

    def _on_pulled(self, _count: int) -> None:
        # this process's windows look again, and (through queue_watch) the PC's other ones
        self.ctx.hub.dossiers_changed.emit()
        self.ctx.hub.queue_changed.emit()

    def stop(self) -> None:
        """On quit: the worker's threads end (a long poll is cut short) and the lock goes."""
        self._stopped = True
        self.timer.stop()
        worker, self.worker = self.worker, None
        if worker is not None:
            if self.kick in self.ctx.tasks.outbox_hooks:
                self.ctx.tasks.outbox_hooks.remove(self.kick)
            for sig in (self.ctx.hub.queue_changed, self.ctx.hub.dossiers_changed):
                try:
                    sig.disconnect(self.kick)
                except (RuntimeError, TypeError):
                    pass
            worker.stop(STOP_TIMEOUT)
        if not self._starting:
            self.lock.release()
