"""The clerk's counter window: the log-in page, then the workspace (ui.counter.workspace);
printer, scanner, sync state and the clerk in the status bar.

Start-up shows the log-in page at once; the workspace (and the modules behind it) is assembled
in small steps while the clerk types, so the window is ready as fast as a bare one.

Keys: F2 call next, F3 recall, F4 no-show, F8 finish, F9 transfer; F5 reception, F6 dossiers,
F7 tracking book; Ctrl+R return a result; Ctrl+Enter receive; Ctrl+N new dossier; Ctrl+F find a
procedure.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget, QWidget

from kiosk.domain.actor import Actor
from ui.context import AppContext
from ui.counter.roster_login import RosterGate
from ui.devices.counter_devices import CounterDevices
from ui.widgets.background import IoRunner
from ui.widgets.login import LoginPanel, SignedIn
from ui.widgets.screen import resize_to_fit
from ui.widgets.settings import SettingsDialog
from ui.widgets.statusbar import KioskStatusBar, check_printer
from ui.widgets.theme import ensure_theme

if TYPE_CHECKING:
    from ui.counter.data import TicketItem
    from ui.counter.workspace import Workspace

STAFF_ROLES = ("clerk", "supervisor", "admin")
# The workspace is assembled once the window is up and idle (a clerk needs seconds to type a
# password), in steps with gaps between them so key presses in the log-in page get through.
FIRST_STEP_MS = 300
STEP_MS = 15
WORKSPACE_MODULES = (
    "ui.counter.queue_panel",
    "ui.counter.reception",
    "ui.counter.dossiers",
    "ui.counter.book",
    "ui.counter.workspace",
)
# What those import from the core (SQL dialects, services): loaded on the database worker.
CORE_MODULES = (
    "kiosk.services.dossiers",
    "kiosk.services.queries",
    "kiosk.services.queue",
    "kiosk.devices.payloads",
    "kiosk.catalog",
)


def _import_core() -> None:
    for module in CORE_MODULES:
        importlib.import_module(module)


IDLE_LOCK_MINUTES = 10
_ACTIVITY = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
)


def _copied_here(text: str) -> bool:
    """Clipboard text that looks like what a counter shows: an ID number, a phone, a code."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 8 or (bool(text.strip()) and len(text) < 200 and " " in text.strip())

class CounterWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.io = IoRunner("kiosk-print", self)
        self.who: SignedIn | None = None
        self.work: Workspace | None = None
        self._steps: Iterator[None] | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.ticket_question: QWidget | None = None
        self._awaiting_store = False
        self.roster = RosterGate(ctx, self)  # the duty roster is asked before the workspace
        # the counter's own printer and scanner (its record), bound at each sign-in and when
        # the record changes; config.toml's where it names none
        self.counter_devices = CounterDevices(ctx, self)
        self.roster.admitted.connect(self.signed_in)
        # The idle lock (issue 16): no keyboard or mouse for `idle_lock_minutes` (default 10,
        # 0: never) signs the clerk out and clears the screen; the ticket being served stays
        # theirs (the same clerk signing in again finds it; another is asked about it).
        minutes = float(ctx.config.get("idle_lock_minutes", IDLE_LOCK_MINUTES) or 0)
        self.idle_lock = QTimer(self, singleShot=True, interval=max(1, int(minutes * 60_000)))
        self.idle_lock.timeout.connect(self.lock)
        self._idle_lock_on = minutes > 0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        resize_to_fit(self, 1366, 768)
        self._build()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        """(Re)create the pages: also how a language switch takes effect at once."""
        title = self.tr("Bộ phận Một cửa – Quầy số {0}").format(self.ctx.counter_number)
        self.setWindowTitle(title)
        old = self.centralWidget()
        self.status = KioskStatusBar(self.ctx)
        self.setStatusBar(self.status)  # replaces (and deletes) the previous one
        self.stack = QStackedWidget()
        self.login = LoginPanel(self.ctx, title, STAFF_ROLES, window="counter")
        if self.ctx.demo:
            self.login.username.setText("canbo1")
            self.login.banner.show_message(
                self.tr("Chế độ trình diễn: tài khoản canbo1, mật khẩu motcua123."), "info"
            )
        self.login.logged_in.connect(lambda who: self.roster.ask(who, self.login))
        self.stack.addWidget(self.login)
        self.setCentralWidget(self.stack)
        if old is not None:
            old.deleteLater()
        if self.work is not None:
            self.work.leave()
            self.work.deleteLater()
        self.work = None
        self._steps = self._workspace_steps()
        if self.who is not None:
            self._enter()
        elif self.ctx.tasks.is_open:
            QTimer.singleShot(FIRST_STEP_MS, self, self._step)
        elif not self._awaiting_store:  # the worker loads SQLAlchemy and the models first
            self._awaiting_store = True
            self.ctx.tasks.opened.connect(self._store_opened)

    def _store_opened(self, _store: object) -> None:
        self.ctx.tasks.opened.disconnect(self._store_opened)
        self._awaiting_store = False
        # the services and SQL dialects the workspace imports load on the worker, not here
        self.ctx.tasks.call(
            _import_core, lambda _none: QTimer.singleShot(STEP_MS, self, self._step)
        )

    def _workspace_steps(self) -> Iterator[None]:
        for module in WORKSPACE_MODULES:  # the heavy imports, one per step: after the paint
            importlib.import_module(module)
            yield
        from ui.counter.workspace import Workspace

        work = Workspace(self.ctx, self.io, self.actor, self.status)
        yield from work.build_steps()
        work.logout_button.clicked.connect(self.sign_out)
        work.settings_button.clicked.connect(self.open_settings)
        self.stack.addWidget(work)
        self.work = work

    def _step(self) -> None:
        if self._steps is None:
            return
        try:
            next(self._steps)
        except StopIteration:
            self._steps = None
            return
        QTimer.singleShot(STEP_MS, self, self._step)

    def workspace(self) -> Workspace:
        """The workspace, finishing its construction now if idle time did not yet."""
        while self._steps is not None:
            self._step()
        assert self.work is not None
        return self.work

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
        if self._idle_lock_on:
            self.idle_lock.start()
        self._enter()

    def _enter(self) -> None:
        assert self.who is not None
        work = self.workspace()
        self.status.set_user(self.who.full_name)
        self.counter_devices.reload(self._check_devices)  # the counter's own, then checked
        self.stack.setCurrentWidget(work)
        work.enter(self.who.full_name)
        from ui.counter.data import counter_ticket

        counter = self.ctx.counter_number  # a ticket someone else left "being served" here?
        self.ctx.tasks.run(
            lambda s: counter_ticket(s, counter),
            lambda t: self._leave_with(t, on_login=True),
            lambda _e: None,
        )

    def _check_devices(self) -> None:
        self.io.run(_warm_up)  # the first receipt must not wait for the PDF library to load
        self.status.refresh_sync()
        url = self.ctx.printer_url("receipt")
        if url:
            self.io.run(
                lambda: check_printer(url),
                lambda _ok: self.status.set_printer(True),
                self.status.printer_failed,
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _ACTIVITY and self.who is not None and self._idle_lock_on:
            self.idle_lock.start()  # restarts the countdown
        return False

    def lock(self) -> None:
        """The idle lock: signed out at once, the ticket being served kept for its clerk."""
        if self.who is not None:
            self._sign_out_now()

    def sign_out(self) -> None:
        """Log out; a ticket being served at this counter is first put back or finished (the
        clerk chooses: ui/counter/queue_leave.py), never left "being served". The panel's state
        decides at once (log-out stays immediate when nobody is served); a ticket it has not
        seen yet is caught at the next log-in, which asks the same."""
        state = self.work.queue.state if self.work is not None else None
        current = state.current if state is not None else None
        if self.who is None or current is None:
            self._sign_out_now()
            return
        self._leave_with(current, on_login=False)

    def _leave_with(self, t: TicketItem | None, on_login: bool) -> None:
        from ui.counter.queue_leave import KEEP, ask_about_ticket, settle

        if t is None:
            if not on_login:
                self._sign_out_now()
            return
        if on_login and self.who is not None and t.clerk == self.who.username:
            return  # the same clerk is back: the ticket is still theirs

        def chosen(choice: str) -> None:
            then = (lambda: None) if on_login or choice == KEEP else self._sign_out_now
            banner = self.work.queue.banner if self.work is not None else None
            settle(self.ctx, choice, then, banner.show_error if banner else (lambda _e: None))

        self.ticket_question = ask_about_ticket(self, t, on_login, chosen)

    def _sign_out_now(self) -> None:
        self.who = None
        self.ctx.user = None
        self.idle_lock.stop()
        if self.work is not None:
            self.work.leave()
        for dialog in self.findChildren(QDialog):  # an open dialog may show a citizen's data
            if dialog.isVisible() and dialog is not self.ticket_question:
                dialog.reject()
        clipboard = QGuiApplication.clipboard()
        if clipboard.ownsClipboard() or _copied_here(clipboard.text()):
            clipboard.clear()  # a copied name, phone or ID number does not outlive the session
        self.status.set_user(None)
        self.login.reset()
        self.stack.setCurrentWidget(self.login)

    # -- the workspace's parts, for scripts and tests --------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name in _WORKSPACE_PARTS:
            return getattr(self.workspace(), name)
        raise AttributeError(name)

    # -- settings -----------------------------------------------------------------------------
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        dialog.language_changed.connect(lambda _lang: self._build())
        dialog.open()
        self.settings_dialog = dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if self.work is not None:
            self.work.leave()
        self.io.shutdown()
        super().closeEvent(event)


def _warm_up() -> None:
    import printing.jobs  # noqa: F401 - reportlab, fonts, barcode: a second or two when cold
    import printing.thermal  # noqa: F401


_WORKSPACE_PARTS = frozenset(
    {
        "queue",
        "reception",
        "dossiers",
        "book",
        "tabs",
        "counts",
        "procedures",
        "heading",
        "overdue_chip",
        "soon_chip",
        "ready_chip",
        "settings_button",
        "logout_button",
    }
)


def create(ctx: AppContext) -> QWidget:
    ensure_theme()
    return CounterWindow(ctx)
