"""The clerk's counter window: log in, then the queue panel beside reception, dossiers and the
tracking book; overdue / due-soon / ready counts on top; printer, scanner and sync below.

Keys: F2 call next, F3 recall, F4 no-show, F8 finish, F9 transfer; F5 reception, F6 dossiers,
F7 tracking book; Ctrl+R return a result; Ctrl+Enter receive; Ctrl+N new dossier.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.devices.payloads import Scan, classify
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
from ui.widgets.login import LoginPanel, SignedIn
from ui.widgets.messages import Banner
from ui.widgets.settings import SettingsDialog
from ui.widgets.statusbar import KioskStatusBar, check_printer
from ui.widgets.theme import ensure_theme

COUNTS_MS = 60_000
STAFF_ROLES = ("clerk", "supervisor", "admin")


def scan_error(scan: Scan) -> KioskError:
    return KioskError(scan.error or "unknown scan", scan.error_vi)


class CounterWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.io = IoRunner("kiosk-print", self)
        self.who: SignedIn | None = None
        self.counts: Counts | None = None
        self.procedures: list[ProcedureItem] | None = None
        self.resize(1366, 768)
        self._timer = QTimer(self)
        self._timer.setInterval(COUNTS_MS)
        self._timer.timeout.connect(self.refresh_counts)
        ctx.hub.dossiers_changed.connect(self.refresh_counts)
        ctx.hub.scanned.connect(self.on_scanned)
        self._build()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        """(Re)create every page: also how a language switch takes effect at once."""
        self.setWindowTitle(
            self.tr("Bộ phận Một cửa – Quầy số {0}").format(self.ctx.counter_number)
        )
        old = self.centralWidget()
        self.status = KioskStatusBar(self.ctx)
        self.setStatusBar(self.status)  # replaces (and deletes) the previous one
        self.stack = QStackedWidget()
        self.login = LoginPanel(
            self.ctx,
            self.tr("Bộ phận Một cửa – Quầy số {0}").format(self.ctx.counter_number),
            STAFF_ROLES,
        )
        if self.ctx.demo:
            self.login.username.setText("canbo1")
            self.login.banner.show_message(
                self.tr("Chế độ trình diễn: tài khoản canbo1, mật khẩu motcua123."), "info"
            )
        self.login.logged_in.connect(self.signed_in)
        self.stack.addWidget(self.login)
        self.main = self._main_page()
        self.stack.addWidget(self.main)
        self.setCentralWidget(self.stack)
        if old is not None:
            old.deleteLater()
        if self.who is not None:
            self._enter()

    def _main_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
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
        self.reception = ReceptionPage(self.ctx, self.io, self.actor)
        self.dossiers = DossiersPage(self.ctx, self.io, self.actor)
        self.book = BookPage(self.ctx, self.io)
        self.tabs.addTab(self.reception, self.tr("Tiếp nhận (F5)"))
        self.tabs.addTab(self.dossiers, self.tr("Hồ sơ (F6)"))
        self.tabs.addTab(self.book, self.tr("Sổ theo dõi (F7)"))
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        box.addWidget(split, 1)
        self.show_counts(self.counts)

        for key, index in (("F5", 0), ("F6", 1), ("F7", 2)):
            sc = QShortcut(QKeySequence(key), page)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda i=index: self.tabs.setCurrentIndex(i))
        self.logout_button.clicked.connect(self.sign_out)
        self.settings_button.clicked.connect(self.open_settings)
        for page_ in (self.reception, self.dossiers.detail):
            page_.printed.connect(self._printed)
        self.reception.print_failed.connect(self.status.printer_failed)
        return page

    def _chip(self, name: str, quick: str) -> QPushButton:
        chip = QPushButton()
        chip.setObjectName(name)
        chip.setFlat(True)
        chip.clicked.connect(lambda: self.show_quick(quick))
        return chip

    # -- session ------------------------------------------------------------------------------
    def actor(self) -> Actor:
        who = self.who
        return Actor(
            who.username if who else "system",
            self.ctx.counter_number,
            who.device_id if who else None,
        )

    def signed_in(self, who: SignedIn) -> None:
        self.who = who
        self._enter()

    def _check_devices(self) -> None:
        self.status.refresh_sync()
        url = self.ctx.printer_url("receipt")
        if url:
            self.io.run(
                lambda: check_printer(url),
                lambda _ok: self.status.set_printer(True),
                self.status.printer_failed,
            )

    def _enter(self) -> None:
        who = self.who
        assert who is not None
        self.heading.setText(
            self.tr("Quầy số {0} · {1}").format(self.ctx.counter_number, who.full_name)
        )
        self.status.set_user(who.full_name)
        self._check_devices()
        self.stack.setCurrentWidget(self.main)
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

    def sign_out(self) -> None:
        self.who = None
        self.ctx.user = None
        self._timer.stop()
        self.queue.stop()
        self.status.set_user(None)
        self.reception.new_dossier()
        self.login.reset()
        self.stack.setCurrentWidget(self.login)

    # -- counts -------------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        if self.who is not None:
            self.ctx.tasks.run(counts, self.show_counts, lambda _e: None)

    def show_counts(self, c: Counts | None) -> None:
        self.counts = c
        if c is None:
            for chip in (self.overdue_chip, self.soon_chip, self.ready_chip):
                chip.setText("…")
            return
        self.overdue_chip.setText(self.tr("Quá hạn: {0}").format(c.overdue))
        self.soon_chip.setText(self.tr("Sắp đến hạn: {0}").format(c.due_soon))
        self.ready_chip.setText(self.tr("Chờ trả: {0}").format(c.ready))
        self.overdue_chip.setProperty("alert", c.overdue > 0)
        self.overdue_chip.style().unpolish(self.overdue_chip)
        self.overdue_chip.style().polish(self.overdue_chip)
        self.dossiers.set_counts(c)

    def show_quick(self, quick: str) -> None:
        self.tabs.setCurrentWidget(self.dossiers)
        self.dossiers.search(quick)

    # -- devices ------------------------------------------------------------------------------
    def on_scanned(self, payload: str) -> None:
        if self.who is None:
            return
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
            self._banner().show_message(error_text(scan_error(scan)), "warning")

    def _banner(self) -> Banner:
        page = self.tabs.currentWidget()
        return (
            page.banner
            if isinstance(page, ReceptionPage | DossiersPage | BookPage)
            else (self.reception.banner)
        )

    def _printed(self, r: object) -> None:
        error = getattr(r, "slip_error", None)
        if getattr(r, "slip_printed", False) or error:
            self.status.set_printer(error is None, error)

    # -- settings -----------------------------------------------------------------------------
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        dialog.language_changed.connect(lambda _lang: self._build())
        dialog.open()
        self.settings_dialog = dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self._timer.stop()
        self.io.shutdown()
        super().closeEvent(event)


def create(ctx: AppContext) -> QWidget:
    ensure_theme()
    return CounterWindow(ctx)
