"""A serial worker for slow non-database work (printing, PDF rendering), results by signal.

Database work goes through `ctx.tasks` (one transaction per job); printing must not hold that
worker (a printer that times out would stall every query), so it gets its own thread. Jobs run
in order, which keeps a receipt's PDF and thermal slip together.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

_Job = tuple[
    Callable[[], Any], Callable[[Any], None] | None, Callable[[BaseException], None] | None
]


class _Bridge(QObject):
    finished = Signal(object, object, object, object)


class IoRunner(QObject):
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
