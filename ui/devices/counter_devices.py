"""The counter's own devices at run time: the printer and scanner stored on the counter's record
(set in the wizard or the admin window, `kiosk counter set N --printer/--scanner`, or come down
from the server) replace config.toml's receipt printer and join its scanners.

They are read on the database worker when the counter window opens, at every sign-in (the
counter the clerk signs in at), when the device settings or the counter's record change in this
process (`hub.devices_changed`), and once a minute (a change that came down by sync, which runs
in its own process). When they differ from what is bound, `ctx.counter_devices` is replaced and
`hub.devices_changed` fires: the device manager rebuilds its readers and probes the printer, and
every print after that goes to the new printer (AppContext.printer_url).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

RELOAD_MS = 60_000


class CounterDevices(QObject):
    rebound = Signal(object)  # the new counter_devices dict

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = RELOAD_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._look_again)
        self._timer.start(interval_ms)
        ctx.hub.devices_changed.connect(self._look_again)  # a bound slot: gone with this object

    @Slot()
    def _look_again(self) -> None:
        self.reload()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the counter's devices again; `then` runs (on the GUI thread) once bound."""
        number = self.ctx.counter_number

        def job(session: Session) -> dict[str, str]:
            from kiosk.services.admin_queue import counter_devices

            return counter_devices(session, number)

        def done(devices: dict[str, str]) -> None:
            self._bind(devices)
            if then is not None:
                then()

        def failed(_exc: BaseException) -> None:  # config.toml's devices stay in use
            if then is not None:
                then()

        self.ctx.tasks.run(job, done, failed)

    def _bind(self, devices: dict[str, str]) -> None:
        if devices == self.ctx.counter_devices:
            return
        self.ctx.counter_devices = devices
        self.rebound.emit(devices)
        self.ctx.hub.devices_changed.emit()  # the manager rebuilds readers, probes printers
