"""The ticket dispenser (`--role dispenser`): one big button per service, a priority choice,
the printed ticket, the number on screen with how many wait ahead.

A ticket exists only once it printed: issuing and printing run in one transaction on the DB
worker (kiosk.services.queue.issue_ticket), so a printer fault rolls the number back and the
citizen reads a short message instead. Ticket hours and each service's daily limit are checked
by kiosk.services.public_queue.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.context import device_id, get_setting, now
from kiosk.services.public_queue import DispenserState, dispenser_state, issue_public_ticket
from kiosk.services.queue import PRIORITY_KINDS, IssuedTicket
from ui.context import AppContext
from ui.public.kiosk import KioskWindow
from ui.public.style import set_role
from ui.public.texts import priority_name

SHOW_TICKET_SECONDS = 10
REFRESH_SECONDS = 15


class ServiceButton(QPushButton):
    """A big button whose service name wraps (a QPushButton's own text never does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "service", "kind")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 12, 28, 12)
        lay.addStretch(1)
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.line = QLabel()
        for lbl, role in ((self.name, "svcname"), (self.line, "svcline")):
            set_role(lbl, role)
            lbl.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            lay.addWidget(lbl)
        lay.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_lines(self, name: str, line: str) -> None:
        self.name.setText(name)
        self.line.setText(line)
        self.setAccessibleName(f"{name}. {line}")

    def text(self) -> str:  # what a reader (or a test) sees
        return f"{self.name.text()}\n{self.line.text()}"


class DispenserWindow(KioskWindow):
    default_idle_seconds = 30

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Lấy số thứ tự"), parent)
        self.clock: Callable[[], datetime] = now
        self.priority: str | None = None
        self.state: DispenserState | None = None
        self.busy = False
        self.last_issued: dict[str, Any] | None = None
        self.office = ""
        self.build()
        self.back_timer = QTimer(self, singleShot=True, interval=SHOW_TICKET_SECONDS * 1000)
        self.back_timer.timeout.connect(self.go_home)

        self.refresh_timer = QTimer(self, interval=REFRESH_SECONDS * 1000)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        ctx.hub.queue_changed.connect(self.refresh)
        self._render_priority()
        self.ready()
        self.refresh()
        threading.Thread(target=_warm_up_printing, name="ticket-warm-up", daemon=True).start()

    def build(self) -> None:
        self.setWindowTitle(self.tr("Lấy số thứ tự"))
        self.service_buttons: dict[str, ServiceButton] = {}
        lay = QVBoxLayout(self.body)
        lay.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self.tr("Bộ phận Một cửa"))
        set_role(self.banner, "banner")
        lay.addWidget(self.banner)
        self.pages = QStackedWidget()
        lay.addWidget(self.pages, 1)
        self.home = QWidget()
        self.pages.addWidget(self.home)
        home = QVBoxLayout(self.home)
        home.setContentsMargins(32, 20, 32, 24)
        home.setSpacing(14)
        self.title = QLabel(self.tr("Lấy số thứ tự"))
        set_role(self.title, "title")
        home.addWidget(self.title)
        self.hint = QLabel(self.tr("Chạm vào lĩnh vực ông/bà cần giải quyết để nhận phiếu."))
        self.hint.setWordWrap(True)
        home.addWidget(self.hint)
        self.closed = QLabel()
        self.closed.setWordWrap(True)
        set_role(self.closed, "error")
        self.closed.hide()
        home.addWidget(self.closed)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        home.addWidget(self.grid_host, 1)
        row = QHBoxLayout()
        self.priority_label = QLabel()
        set_role(self.priority_label, "subtitle")
        self.priority_button = QPushButton(self.tr("Tôi thuộc đối tượng ưu tiên"))
        set_role(self.priority_button, "secondary", "kind")
        self.priority_button.clicked.connect(self.choose_priority)
        row.addWidget(self.priority_label, 1)
        row.addWidget(self.priority_button)
        home.addLayout(row)

        self.done = QWidget()
        self.pages.addWidget(self.done)
        d = QVBoxLayout(self.done)
        d.setContentsMargins(32, 24, 32, 24)
        d.addStretch(1)
        self.done_title = QLabel(self.tr("Số thứ tự của ông/bà"))
        self.done_number = QLabel()
        self.done_service = QLabel()
        self.done_ahead = QLabel()
        self.done_hint = QLabel(
            self.tr("Mời nhận phiếu và ngồi chờ. Số sẽ được gọi trên màn hình.")
        )
        for w, role in (
            (self.done_title, "subtitle"),
            (self.done_number, "big"),
            (self.done_service, "subtitle"),
            (self.done_ahead, "status"),
            (self.done_hint, ""),
        ):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setWordWrap(True)
            if role:
                set_role(w, role)
            d.addWidget(w)
        d.addStretch(1)
        ok = QPushButton(self.tr("Xong"))
        ok.setMinimumWidth(320)
        ok.clicked.connect(self.go_home)
        d.addWidget(ok, 0, Qt.AlignmentFlag.AlignHCenter)

    # -- state ------------------------------------------------------------------------------

    def refresh(self) -> None:
        at = self.clock()

        def load(s: Session) -> tuple[DispenserState, str]:
            return dispenser_state(s, at), get_setting(s, "agency_name") or ""

        self.ctx.tasks.run(load, self._show_state, lambda e: None)

    def _show_state(self, result: tuple[DispenserState, str]) -> None:
        self.state, self.office = result
        self.banner.setText(self.office or self.tr("Bộ phận Một cửa"))
        self.closed.setText(self.state.message)
        self.closed.setVisible(not self.state.open)
        known = set(self.service_buttons)
        wanted = {s.code for s in self.state.services}
        if known != wanted:
            for b in self.service_buttons.values():
                b.deleteLater()
            self.service_buttons = {}
            for s in self.state.services:
                b = ServiceButton()
                b.clicked.connect(lambda _=False, code=s.code: self.take(code))
                self.service_buttons[s.code] = b
            self.relayout(self.width() >= self.height())
            for b in self.service_buttons.values():
                b.show()  # with the counts below, not a turn of the event loop later
        for s in self.state.services:
            b = self.service_buttons[s.code]
            if s.sold_out:
                line = self.tr("Đã hết số trong ngày")
            else:
                line = self.tr("Đang chờ: %n người", "", s.waiting)
            b.set_lines(f"{s.prefix} – {s.name}", line)
            b.setEnabled(self.state.open and not s.sold_out and not self.busy)

    def relayout(self, landscape: bool) -> None:
        columns = 2 if landscape and len(self.service_buttons) > 1 else 1
        for i, b in enumerate(self.service_buttons.values()):
            self.grid.addWidget(b, i // columns, i % columns)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        rows = -(-len(self.service_buttons) // columns)
        for r in range(max(rows, self.grid.rowCount())):
            self.grid.setRowStretch(r, 1 if r < rows else 0)

    # -- priority ---------------------------------------------------------------------------

    def choose_priority(self) -> None:
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        for kind in PRIORITY_KINDS:
            b = QPushButton(priority_name(kind))
            b.clicked.connect(lambda _=False, k=kind: self._set_priority(k))
            lay.addWidget(b)
        self.overlay.show_card(
            self.tr("Đối tượng ưu tiên"),
            self.tr("Chọn đúng đối tượng; cán bộ có thể đề nghị xuất trình giấy tờ."),
            [(self.tr("Không thuộc đối tượng ưu tiên"), lambda: self._set_priority(None),
              "secondary")],
            extra=holder,
        )  # fmt: skip

    def _set_priority(self, kind: str | None) -> None:
        self.priority = kind
        self.overlay.dismiss()
        self._render_priority()

    def _render_priority(self) -> None:
        if self.priority:
            self.priority_label.setText(
                self.tr("Ưu tiên: %1").replace("%1", priority_name(self.priority))
            )
            self.priority_button.setText(self.tr("Đổi / bỏ ưu tiên"))
        else:
            self.priority_label.setText("")
            self.priority_button.setText(self.tr("Tôi thuộc đối tượng ưu tiên"))

    # -- issuing ------------------------------------------------------------------------------

    def take(self, service_code: str) -> None:
        if self.busy:
            return
        self.busy = True
        for b in self.service_buttons.values():
            b.setEnabled(False)
        self.overlay.show_card(
            self.tr("Đang in phiếu…"), self.tr("Xin vui lòng chờ trong giây lát.")
        )
        at, priority, url = self.clock(), self.priority, self.ctx.printer_url("ticket")

        def work(s: Session) -> dict[str, Any]:
            from printing.jobs import ticket_printer  # the printing layer loads on first use

            issued: IssuedTicket = issue_public_ticket(
                s,
                service_code,
                priority=priority,
                at=at,
                device_id=device_id(s),
                print_ticket=ticket_printer(url),
            )
            t = issued.ticket
            return {"label": t.label, "service": t.service.name, "ahead": issued.ahead}

        self.ctx.tasks.run(work, self._issued, self._failed)

    def _issued(self, result: dict[str, Any]) -> None:
        self.busy = False
        self.last_issued = result
        self.overlay.dismiss()
        self.done_number.setText(result["label"])
        self.done_service.setText(result["service"])
        ahead = int(result["ahead"])
        self.done_ahead.setText(
            self.tr("Số người chờ trước ông/bà: %n", "", ahead)
            if ahead
            else self.tr("Ông/bà sẽ được phục vụ ngay sau đây.")
        )
        self.pages.setCurrentWidget(self.done)
        self.back_timer.start()
        self.priority = None
        self._render_priority()
        self.ctx.hub.queue_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.refresh()
        from printing.errors import PrinterError

        if isinstance(error, PrinterError):
            text = self.tr(
                "Máy in phiếu đang gặp sự cố nên chưa cấp được số. "
                "Vui lòng báo cán bộ tại quầy để được hỗ trợ."
            )
            self.message(f"{text}\n\n{error.message_vi}", title=self.tr("Chưa in được phiếu"))
        elif isinstance(error, KioskError):
            self.message(error.message_vi)
        else:
            self.message(self.tr("Đã có lỗi, chưa cấp được số. Vui lòng thử lại hoặc báo cán bộ."))

    # -- kiosk ----------------------------------------------------------------------------------

    def go_home(self) -> None:
        self.back_timer.stop()
        self.priority = None
        self._render_priority()
        self.overlay.dismiss()
        self.pages.setCurrentWidget(self.home)
        self.refresh()

    def at_home(self) -> bool:
        return self.pages.currentWidget() is self.home and self.priority is None


def _warm_up_printing() -> None:
    """Load the printing layer and its fonts before the first tap (the first ticket otherwise
    waits seconds for imports and glyph caches)."""
    try:
        import printing.jobs  # noqa: F401 - what the first tap would import
        from printing.thermal import QueueTicket, render_queue_ticket

        render_queue_ticket(QueueTicket("Bộ phận Một cửa", "A000", "Khởi động", now(), 0))
    except Exception:  # noqa: BLE001 - only a warm-up: the real print reports its own errors
        pass


def create(ctx: AppContext) -> QWidget:
    return DispenserWindow(ctx)
