"""The staff windows' status bar: printer, scanner, sync state and who is logged in.

The printer's state is what the last check or job said (a check is a status read on the I/O
worker, never on the GUI thread). Sync state is read from the outbox when `hub.sync_changed`
fires: how many changes wait to be sent and when the last sync succeeded.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ui.context import AppContext
from ui.i18n import current_language, error_text, fmt_datetime
from ui.widgets.messages import set_style_property

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SyncState:
    server: str | None
    pending: int
    rejected: int
    last_success: str | None
    last_error: str | None


def _sync_state(session: Session) -> SyncState:
    """Read on the worker (kiosk.sync keeps these; importing it pulls in the HTTP client)."""
    from kiosk.services.context import get_setting
    from kiosk.sync.outbox import pending_count, rejected_count

    return SyncState(
        server=get_setting(session, "sync_server"),
        pending=pending_count(session),
        rejected=rejected_count(session),
        last_success=get_setting(session, "sync_last_success"),
        last_error=get_setting(session, "sync_last_error") or None,
    )


def check_printer(url: str) -> None:
    """Ask the printer for its status (on the I/O worker); raises PrinterError if not ready."""
    from printing.escpos.status import read_status
    from printing.transports import open_transport

    if url.startswith("pdf://"):
        return  # the system's spooler: nothing to ask
    with open_transport(url, timeout=1.5) as t:
        if t.can_read_status:
            read_status(t, 1.5).raise_for_problem()


class KioskStatusBar(QStatusBar):
    """`printer_role` is the printer this window prints on (receipt slips at the counter)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, printer_role: str = "receipt"
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.printer_role = printer_role
        self.setSizeGripEnabled(False)
        self.printer = self._part("statusPrinter")
        self.scanner = self._part("statusScanner")
        self.sync = self._part("statusSync")
        self.user = self._part("statusUser")
        self.set_printer(None)
        self.scanner.setText(self.tr("Máy quét: sẵn sàng"))
        self.sync.setText(self.tr("Đồng bộ: …"))
        self.set_user(None)
        ctx.hub.sync_changed.connect(self.refresh_sync)
        ctx.hub.scanned.connect(self._scanned)
        ctx.hub.devices_changed.connect(self.follow_devices)
        ctx.hub.devices_changed.connect(self._scanners_rebuilt)
        self._manager: QObject | None = None
        self.follow_devices()

    def follow_devices(self) -> None:
        """Follow the device manager's printer and scanner states, when one runs (its module
        is only looked at if something imported it: no start-up cost otherwise)."""
        module = sys.modules.get("ui.devices.manager")
        manager = module.DeviceManager.of(self.ctx) if module is not None else None
        if manager is None or manager is self._manager:
            return
        self._manager = manager
        manager.printer_status_changed.connect(self._printer_state)
        manager.scanner_state_changed.connect(self._scanner_state)
        state = manager.printer_states.get(self.printer_role)
        if state is not None:
            self._printer_state(self.printer_role, state)

    def _printer_state(self, role: str, state: Any) -> None:
        if role != self.printer_role:
            return
        if state.ok:
            self.set_printer(True)
        elif state.status == "not_configured":
            self.set_printer(False, self.tr("chưa cấu hình"))
        else:
            english = current_language() != "vi"
            self.set_printer(False, state.message(english) or state.label)

    def _scanners_rebuilt(self) -> None:
        """The readers are rebuilt (settings, the counter's own scanner): the new ones report;
        an old one's state no longer stands."""
        self.scanner.setText(self.tr("Máy quét: sẵn sàng"))

    def _scanner_state(self, label: str, connected: bool, _detail: str) -> None:
        self.scanner.setText(
            self.tr("Máy quét {0}: đã kết nối").format(label)
            if connected
            else self.tr("Máy quét {0}: mất kết nối").format(label)
        )

    def _part(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        self.addPermanentWidget(label)
        return label

    def set_printer(self, ok: bool | None, problem: str | None = None) -> None:
        if ok is None:
            text, state = self.tr("Máy in: đang kiểm tra…"), "unknown"
        elif ok:
            text, state = self.tr("Máy in: sẵn sàng"), "ok"
        else:
            text, state = self.tr("Máy in: {0}").format(problem or self.tr("lỗi")), "error"
        self.printer.setText(text)
        set_style_property(self.printer, "state", state)

    def printer_failed(self, exc: BaseException) -> None:
        self.set_printer(False, error_text(exc))

    def set_user(self, name: str | None) -> None:
        self.user.setText(
            self.tr("Cán bộ: {0}").format(name) if name else self.tr("Chưa đăng nhập")
        )

    def _scanned(self, _payload: str) -> None:
        self.scanner.setText(
            self.tr("Máy quét: lần quét cuối {0}").format(datetime.now().strftime("%H:%M:%S"))
        )

    def refresh_sync(self) -> None:
        self.ctx.tasks.run(_sync_state, self._show_sync, lambda _e: None)

    def _show_sync(self, state: SyncState) -> None:
        if not state.server:
            text = self.tr("Đồng bộ: chưa nối máy chủ, {0} chờ gửi").format(state.pending)
        else:
            when = ""
            if state.last_success:
                try:
                    when = fmt_datetime(datetime.fromisoformat(state.last_success))
                except ValueError:
                    when = state.last_success
            text = self.tr("Đồng bộ: lần cuối {0}, {1} chờ gửi").format(
                when or self.tr("chưa có"), state.pending
            )
            if state.last_error:
                text += " · " + self.tr("đang mất kết nối")
        if state.rejected:
            text += " · " + self.tr("{0} bị máy chủ từ chối").format(state.rejected)
        self.sync.setText(text)
        self.sync.setToolTip(state.last_error or "")
        set_style_property(
            self.sync, "state", "error" if state.last_error or state.rejected else "ok"
        )
