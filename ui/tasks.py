"""Work off the GUI thread (as Anki's taskman): serial workers, results back by signal.

`SerialWorker` runs plain jobs in order on one thread; `on_done` / `on_error` run back on the GUI
thread. `TaskRunner` is the database worker: each job gets a Session inside one transaction
(`store.begin()`), and one worker keeps writes in order so two SQLite writers never race inside
the same process. A view calls `ctx.tasks.run(lambda session: service(session, ...), on_done,
on_error)`. Printing has its own `SerialWorker`, so a printer that times out never stalls queries.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:  # SQLAlchemy is imported by the worker when it opens the store
    from sqlalchemy.orm import Session

    from kiosk.store.db import Store

log = logging.getLogger(__name__)

# kiosk.services.context.OUTBOX_WRITTEN, spelt out: importing that module loads SQLAlchemy,
# which the first window must not wait for
OUTBOX_WRITTEN = "kiosk.outbox_written"

_Job = tuple[
    Callable[[], Any], Callable[[Any], None] | None, Callable[[BaseException], None] | None
]


class _Bridge(QObject):
    finished = Signal(object, object, object, object)  # on_done, on_error, result, error


class SerialWorker(QObject):
    """One background thread running jobs in the order given."""

    busy_changed = Signal(bool)

    def __init__(self, name: str = "kiosk-io", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._pending += 1
        self._idle.clear()
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._jobs.put((fn, on_done, on_error))

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, on_done, on_error = job
            result: Any = None
            error: BaseException | None = None
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                error = exc
            self._bridge.finished.emit(on_done, on_error, result, error)

    @Slot(object, object, object, object)
    def _deliver(self, on_done: Any, on_error: Any, result: Any, error: Any) -> None:
        try:
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.error("background job failed", exc_info=error)
            elif on_done is not None:
                on_done(result)
        finally:
            self._pending -= 1
            if self._pending == 0:
                self._idle.set()
                self.busy_changed.emit(False)

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=5)


class TaskRunner(SerialWorker):
    """The database worker: each job runs with a Session in one transaction.

    Give it an open `Store`, or a function that opens one: that then runs as the worker's first
    job, so a window can be on screen while SQLAlchemy loads and the database is checked (the
    jobs queued meanwhile wait behind it). `opened(store)` or `open_failed(error)` then fires on
    the GUI thread.
    """

    opened = Signal(object)
    open_failed = Signal(object)

    def __init__(
        self,
        store: Store | Callable[[], Store],
        parent: QObject | None = None,
        *,
        hold: bool = False,
    ) -> None:
        """`hold`: open only once `release()` is called (after the first paint, say)."""
        super().__init__("kiosk-db", parent)
        self._store: Store | None = None
        # called on the database worker after a job committed a change to the outbox
        # (kiosk.services.context.record): thread-safe callables, e.g. SyncWorker.kick
        self.outbox_hooks: list[Callable[[], None]] = []
        self._open_error: BaseException | None = None
        self._ready = threading.Event()
        self._gate = threading.Event()
        if not hold:
            self._gate.set()
        if callable(store):
            opener = store
            SerialWorker.run(
                self, lambda: self._open(opener), self.opened.emit, self.open_failed.emit
            )
        else:
            self._store = store
            self._ready.set()

    def release(self) -> None:
        """Let a held runner open its store (and run the jobs queued behind it)."""
        self._gate.set()

    def _open(self, opener: Callable[[], Store]) -> Store:
        self._gate.wait()
        try:
            self._store = opener()
            return self._store
        except BaseException as exc:
            self._open_error = exc
            raise
        finally:
            self._ready.set()

    def shutdown(self) -> None:
        self._gate.set()
        super().shutdown()

    @property
    def store(self) -> Store:
        """The open store; waits for the opening job if need be (jobs on the worker never wait)."""
        self._ready.wait()
        if self._store is None:
            assert self._open_error is not None
            raise self._open_error
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def run(  # type: ignore[override]  # jobs take the Session
        self,
        fn: Callable[[Session], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def in_transaction() -> Any:
            with self.store.begin() as session:
                result = fn(session)
            if session.info.pop(OUTBOX_WRITTEN, False):  # committed: a change to send
                for hook in list(self.outbox_hooks):
                    hook()
            return result

        super().run(in_transaction, on_done, on_error)

    def call(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `fn()` on this worker in turn, without a Session (no transaction, no lock)."""
        SerialWorker.run(self, fn, on_done, on_error)

    def after_open(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Call `on_done(store)` on the GUI thread once the store is open (at once if it is)."""
        self.call(lambda: self.store, on_done, on_error)
