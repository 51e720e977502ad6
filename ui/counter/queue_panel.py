"""The queue panel: the ticket being served and the calls (F2 next, F3 recall, F4 no-show...).

Every call goes through kiosk.services.queue on the worker; when it lands the panel shows the
new ticket and `hub.ticket_called` tells the display board and the voice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.queue_undo import UNDO_MINUTES, undo_no_show
from ui.context import AppContext
from ui.counter.data import QueueState, TicketItem, queue_state
from ui.widgets.messages import Banner, BusyButton, flash

REFRESH_MS = 15_000  # other PCs issue and call tickets too


class QueuePanel(QFrame):
    state_changed = Signal(object)  # QueueState

    def __init__(
        self, ctx: AppContext, actor: Callable[[], Actor], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = actor
        self.state: QueueState | None = None
        self.setObjectName("queuePanel")
        box = QVBoxLayout(self)
        self.title = QLabel(self.tr("Quầy số {0}").format(ctx.counter_number))
        self.title.setObjectName("panelTitle")
        box.addWidget(self.title)
        caption = QLabel(self.tr("Đang phục vụ"))
        caption.setObjectName("muted")
        box.addWidget(caption)
        self.ticket = QLabel("—")
        self.ticket.setObjectName("ticketNumber")
        self.ticket.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.ticket)
        self.ticket_info = QLabel(self.tr("Chưa gọi số nào"))
        self.ticket_info.setObjectName("ticketInfo")
        self.ticket_info.setWordWrap(True)
        self.ticket_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.ticket_info)

        self.call_next = self._button(self.tr("Gọi số tiếp theo"), "F2", self.do_call_next)
        self.call_next.setObjectName("primary")
        self.recall = self._button(self.tr("Gọi lại"), "F3", self.do_recall)
        self.no_show = self._button(self.tr("Vắng mặt"), "F4", self.do_no_show)
        self.transfer = self._button(self.tr("Chuyển…"), "F9", self.open_transfer)
        self.finish = self._button(self.tr("Xong"), "F8", self.do_finish)
        grid = QGridLayout()
        grid.addWidget(self.call_next, 0, 0, 1, 2)
        grid.addWidget(self.recall, 1, 0)
        grid.addWidget(self.no_show, 1, 1)
        grid.addWidget(self.transfer, 2, 0)
        grid.addWidget(self.finish, 2, 1)
        box.addLayout(grid)
        # after "Vắng mặt": undo it for UNDO_MINUTES (kiosk/services/queue_undo.py)
        self.undo = BusyButton("")
        self.undo.setObjectName("undoNoShow")
        self.undo.hide()
        self.undo.clicked.connect(self.do_undo_no_show)
        box.addWidget(self.undo)
        self.undo_label: str | None = None
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_MINUTES * 60_000)
        self._undo_timer.timeout.connect(self._drop_undo)
        self.no_show_question: QMessageBox | None = None
        self.banner = Banner()
        box.addWidget(self.banner)

        waiting_caption = QLabel(self.tr("Đang chờ"))
        waiting_caption.setObjectName("sectionTitle")
        box.addWidget(waiting_caption)
        self.waiting = QVBoxLayout()
        self.waiting.setSpacing(2)
        box.addLayout(self.waiting)
        box.addStretch(1)
        self._set_current(None)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.hub.queue_changed.connect(self.refresh)

    def _button(self, text: str, key: str, slot: Callable[[], None]) -> BusyButton:
        button = BusyButton(f"{text}  ({key})")
        button.setToolTip(key)
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(button.click)
        return button

    # -- state ---------------------------------------------------------------------------------
    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        counter = self.ctx.counter_number
        self.ctx.tasks.run(
            lambda s: queue_state(s, counter), self._show_state, self.banner.show_error
        )

    def _show_state(self, state: QueueState) -> None:
        self.state = state
        if state.counter_name is None:
            self.banner.show_message(
                self.tr("Quầy số {0} chưa được cấu hình trong hệ thống.").format(state.counter),
                "warning",
            )
        self._set_current(state.current)
        while self.waiting.count():
            item = self.waiting.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for svc in state.services:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            name = QLabel(f"{svc.prefix} · {svc.name}")
            name.setWordWrap(True)
            count = QLabel(str(svc.waiting))
            count.setObjectName("waitCount")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.addWidget(name, 1)
            line.addWidget(count)
            row.setEnabled(svc.mine)  # services of other counters are shown greyed
            self.waiting.addWidget(row)
        self.state_changed.emit(state)

    def _set_current(self, t: TicketItem | None) -> None:
        has = t is not None
        for b in (self.recall, self.no_show, self.transfer, self.finish):
            b.setEnabled(has and not b.busy)
        if t is None:
            self.ticket.setText("—")
            self.ticket_info.setText(self.tr("Chưa gọi số nào"))
            return
        self.ticket.setText(t.label)
        info = t.service
        if t.priority:
            info += " · " + self.tr("ưu tiên")
        if t.called_at:
            info += "\n" + self.tr("Gọi lúc {0} (lần {1})").format(
                t.called_at.strftime("%H:%M"), t.call_count
            )
        self.ticket_info.setText(info)

    # -- actions -------------------------------------------------------------------------------
    def _act(
        self,
        button: BusyButton,
        fn: Callable[[Session], Any],
        announce: bool,
        message: Callable[[Any], str] | None = None,
    ) -> None:
        if button.busy:
            return
        button.start()
        self.banner.clear_message()

        def done(ticket_label: str | None) -> None:
            button.done()
            if announce and ticket_label:
                self.ctx.hub.ticket_called.emit(ticket_label, self.ctx.counter_number)
                flash(self.ticket)
            text = message(ticket_label) if message is not None else ""
            if text:
                self.banner.show_message(text, "info")
            self.ctx.hub.queue_changed.emit()  # refreshes this panel too

        def failed(exc: BaseException) -> None:
            button.done()
            self.banner.show_error(exc)
            self.refresh()

        def job(s: Session) -> str | None:
            t = fn(s)
            return t.label if t is not None else None

        self.ctx.tasks.run(job, done, failed)

    def do_call_next(self) -> None:
        counter, actor = self.ctx.counter_number, self.actor()
        self._act(
            self.call_next,
            lambda s: q.call_next(s, counter, actor),
            True,
            lambda label: "" if label else self.tr("Không còn ai đang chờ."),
        )

    def do_recall(self) -> None:
        counter = self.ctx.counter_number
        self._act(self.recall, lambda s: q.recall(s, counter), True)

    def do_no_show(self) -> None:
        """F4 asks first (a no-show sends the citizen for a new number), then can be undone."""
        current = self.state.current if self.state is not None else None
        if current is None or self.no_show.busy:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmNoShow")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setWindowTitle(self.tr("Vắng mặt"))
        box.setText(self.tr("Đánh dấu số {0} vắng mặt?").format(current.label))
        box.setInformativeText(
            self.tr("Có thể hoàn tác trong {0} phút nếu công dân quay lại.").format(UNDO_MINUTES)
        )
        yes = box.addButton(self.tr("Vắng mặt"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        yes.setObjectName("yes")
        box.buttonClicked.connect(lambda b: self._mark_no_show() if b is yes else None)
        box.open()
        self.no_show_question = box

    def _mark_no_show(self) -> None:
        counter = self.ctx.counter_number

        def marked(label: Any) -> str:
            if label:
                self._offer_undo(str(label))
            return self.tr("Số {0} vắng mặt.").format(label)

        self._act(self.no_show, lambda s: q.no_show(s, counter), False, marked)

    def _offer_undo(self, label: str) -> None:
        self.undo_label = label
        self.undo.setText(self.tr("Hoàn tác: số {0} có mặt").format(label))
        self.undo.show()
        self._undo_timer.start()

    def _drop_undo(self) -> None:
        self.undo_label = None
        self.undo.hide()

    def do_undo_no_show(self) -> None:
        label = self.undo_label
        if label is None:
            return
        counter, actor = self.ctx.counter_number, self.actor()

        def message(done_label: Any) -> str:
            self._drop_undo()
            return self.tr("Đã hoàn tác: số {0} được phục vụ tiếp.").format(done_label)

        self._act(self.undo, lambda s: undo_no_show(s, counter, label, actor), True, message)

    def do_finish(self) -> None:
        counter = self.ctx.counter_number
        self._act(
            self.finish,
            lambda s: q.finish(s, counter),
            False,
            lambda label: self.tr("Đã phục vụ xong số {0}.").format(label) if label else "",
        )

    def open_transfer(self) -> None:
        if self.state is None or self.state.current is None:
            return
        dialog = TransferDialog(self.state, self)
        dialog.chosen.connect(self.do_transfer)
        dialog.open()
        self.transfer_dialog = dialog

    def do_transfer(self, to_service: str | None, to_counter: int | None) -> None:
        counter = self.ctx.counter_number
        dialog = self.transfer_dialog
        label = dialog.label if dialog is not None else None  # the ticket the dialog showed
        self._act(
            self.transfer,
            lambda s: q.transfer(
                s, counter, to_service=to_service, to_counter=to_counter, label=label
            ),
            False,
            lambda label: self.tr("Đã chuyển số {0}.").format(label),
        )


class TransferDialog(QDialog):
    """Where to send the current ticket: another service or another counter."""

    chosen = Signal(object, object)  # service code | None, counter number | None

    def __init__(self, state: QueueState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chuyển số thứ tự"))
        box = QVBoxLayout(self)
        label = state.current.label if state.current else ""
        self.label = label or None  # what the transfer acts on (checked again when it runs)
        box.addWidget(QLabel(self.tr("Chuyển số {0} sang:").format(label)))
        self.to_service = QRadioButton(self.tr("Dịch vụ khác"))
        self.to_service.setChecked(True)
        self.services = QComboBox()
        for s in state.services:
            self.services.addItem(f"{s.prefix} · {s.name}", s.code)
        self.to_counter = QRadioButton(self.tr("Quầy khác"))
        self.counters = QComboBox()
        for n in state.counters:
            if n != state.counter:
                self.counters.addItem(self.tr("Quầy số {0}").format(n), n)
        for w in (self.to_service, self.services, self.to_counter, self.counters):
            box.addWidget(w)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok = QPushButton(self.tr("Chuyển"))
        self.ok.setObjectName("primary")
        cancel = QPushButton(self.tr("Hủy"))
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        box.addLayout(buttons)
        self.ok.clicked.connect(self._accept)
        cancel.clicked.connect(self.reject)

    def _accept(self) -> None:
        if self.to_service.isChecked():
            self.chosen.emit(self.services.currentData(), None)
        else:
            if self.counters.currentData() is None:
                return
            self.chosen.emit(None, int(self.counters.currentData()))
        self.accept()
