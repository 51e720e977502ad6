"""The clerk's workspace once logged in: the counts on top, the queue panel beside reception,
dossiers and the tracking book; scans routed to the page they belong to.

Built in steps (`build_steps`) so the window can show its login page first and assemble this
during idle time: no step blocks the GUI thread for long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.devices.payloads import classify
from kiosk.errors import KioskError
from kiosk.services.context import Actor
from ui.context import AppContext
from ui.counter.book import BookPage
from ui.counter.data import Counts, ProcedureItem, counts, load_procedures
from ui.counter.dossiers import DossiersPage
from ui.counter.queue_panel import QueuePanel
from ui.counter.reception import ReceptionPage
from ui.i18n import error_text
from ui.widgets.background import IoRunner
from ui.widgets.messages import Banner, set_style_property
from ui.widgets.statusbar import KioskStatusBar

COUNTS_MS = 60_000


class Workspace(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        io: IoRunner,
        actor: Callable[[], Actor],
        status: KioskStatusBar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.io = io
        self.actor = actor
        self.status = status
        self.counts: Counts | None = None
        self.procedures: list[ProcedureItem] | None = None
        self.active = False
        self._timer = QTimer(self)
        self._timer.setInterval(COUNTS_MS)
        self._timer.timeout.connect(self.refresh_counts)

    def build_steps(self) -> Iterator[None]:
        """Create the widgets, yielding between the big parts."""
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 4)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("windowHeading")
        top.addWidget(self.heading, 1)
        self.overdue_chip = self._chip("chipOverdue", "overdue")
        self.soon_chip = self._chip("chipSoon", "due_soon")
        self.ready_chip = self._chip("chipReady", "ready")
        for chip in (self.overdue_chip, self.soon_chip, self.ready_chip):
            top.addWidget(chip)
        self.settings_button = QPushButton(self.tr("Cài đặt"))
        self.logout_button = QPushButton(self.tr("Đăng xuất"))
        top.addWidget(self.settings_button)
        top.addWidget(self.logout_button)
        box.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.queue = QueuePanel(self.ctx, self.actor)
        self.queue.setMinimumWidth(250)
        self.queue.setMaximumWidth(340)
        split.addWidget(self.queue)
        self.tabs = QTabWidget()
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        box.addWidget(split, 1)
        yield
        self.reception = ReceptionPage(self.ctx, self.io, self.actor)
        self.tabs.addTab(self.reception, self.tr("Tiếp nhận (F5)"))
        yield
        self.dossiers = DossiersPage(self.ctx, self.io, self.actor)
        self.tabs.addTab(self.dossiers, self.tr("Hồ sơ (F6)"))
        yield
        self.book = BookPage(self.ctx, self.io)
        self.tabs.addTab(self.book, self.tr("Sổ theo dõi (F7)"))
        for key, index in (("F5", 0), ("F6", 1), ("F7", 2)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda i=index: self.tabs.setCurrentIndex(i))
        for page in (self.reception, self.dossiers.detail):
            page.printed.connect(self._printed)
        self.reception.print_failed.connect(self.status.printer_failed)
        self.ctx.hub.dossiers_changed.connect(self.refresh_counts)
        self.ctx.hub.scanned.connect(self.on_scanned)
        self.show_counts(None)

    def _chip(self, name: str, quick: str) -> QPushButton:
        chip = QPushButton()
        chip.setObjectName(name)
        chip.setFlat(True)
        chip.clicked.connect(lambda: self.show_quick(quick))
        return chip

    # -- session ------------------------------------------------------------------------------
    def enter(self, full_name: str) -> None:
        self.active = True
        self.heading.setText(
            self.tr("Quầy số {0} · {1}").format(self.ctx.counter_number, full_name)
        )
        self.queue.start()
        self.dossiers.start()
        self.refresh_counts()
        self._timer.start()
        if self.procedures is None:
            self.ctx.tasks.run(
                load_procedures, self._procedures_loaded, self.reception.banner.show_error
            )
        else:
            self.reception.set_procedures(self.procedures)
        self.reception.picker.search.setFocus()

    def _procedures_loaded(self, procedures: list[ProcedureItem]) -> None:
        self.procedures = procedures
        self.reception.set_procedures(procedures)

    def leave(self) -> None:
        self.active = False
        self._timer.stop()
        self.queue.stop()
        self.reception.new_dossier()  # nothing of the last citizen stays on screen
        self.dossiers.clear()  # nor of the last search (issue 16)

    # -- counts -------------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        if self.active:
            self.ctx.tasks.run(counts, self.show_counts, lambda _e: None)

    def show_counts(self, c: Counts | None) -> None:
        self.counts = c
        if c is None:
            for chip in (self.overdue_chip, self.soon_chip, self.ready_chip):
                chip.setText("…")
            return
        self.overdue_chip.setText(self.tr("Quá hạn: {0}").format(c.overdue))
        self.soon_chip.setText(self.tr("Sắp đến hạn: {0}").format(c.due_soon))
        self.soon_chip.setToolTip(
            self.tr("Chưa quá hạn, hẹn trả trong hôm nay hoặc 2 ngày làm việc tới")
        )
        self.ready_chip.setText(self.tr("Chờ trả: {0}").format(c.ready))
        set_style_property(self.overdue_chip, "alert", c.overdue > 0)
        self.dossiers.set_counts(c)

    def show_quick(self, quick: str) -> None:
        self.tabs.setCurrentWidget(self.dossiers)
        self.dossiers.search(quick)

    # -- scans --------------------------------------------------------------------------------
    def on_scanned(self, payload: str) -> None:
        if not self.active:
            return  # logged out: a scan must not show anyone's dossier
        scan = classify(payload)
        if scan.kind == "dossier" and scan.code:
            if not self.dossiers.scanned_code(scan.code):
                self.tabs.setCurrentWidget(self.dossiers)
                self.dossiers.open_code(scan.code)
        elif scan.kind == "citizen_id" and scan.card is not None:
            self.tabs.setCurrentWidget(self.reception)
            self.reception.fill_from_card(scan.card)
        elif scan.kind == "ticket":
            self._banner().show_message(self.tr("Đã quét số thứ tự {0}.").format(scan.number))
        else:
            error = KioskError(scan.error or "unknown scan", scan.error_vi)
            self._banner().show_message(error_text(error), "warning")

    def _banner(self) -> Banner:
        page = self.tabs.currentWidget()
        banner = getattr(page, "banner", None)
        return banner if isinstance(banner, Banner) else self.reception.banner

    def _printed(self, r: object) -> None:
        error = getattr(r, "slip_error", None)
        if getattr(r, "slip_printed", False) or error:
            self.status.set_printer(error is None, error)
