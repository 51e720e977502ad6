"""The base of every public window: kiosk behaviour, in one place.

- It cannot be left without the admin PIN (config `admin_pin`, or `admin_pin_hash` made by
  kiosk.services.setup.hash_password; "1234" in the demo): a close from
  the window system (Alt+F4, the title bar) or Esc asks for the PIN, and so do five quick taps in
  the top-left corner. With no PIN configured the window cannot be closed from the screen at all.
  Closes the program itself asks for (app.quit(), tests) are not spontaneous and go through.
- After `idle_seconds` without a touch (config, default 60) it warns for `idle_warning_seconds`
  (default 10) with a countdown, then returns to its home screen; any touch cancels.
- Messages appear on an overlay card with a way back, never as a modal dialog that could hang.
- Sizes follow the window (style.scale_for), and `relayout` lets a screen switch between
  landscape and portrait arrangements.
- A language switch (the counter's settings, in an all-in-one office) rebuilds the body in the
  new language: subclasses fill it in `build()`, and `retranslated()` brings the screen back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.public.keyboard import BACKSPACE, digit_pad
from ui.public.style import (
    board_qss,
    kiosk_qss,
    load_fonts,
    scale_for,
    set_role,
    touch_px,
)
from ui.widgets.screen import resize_to_fit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Button = tuple[str, Callable[[], None], str]  # text, action, kind ("", "secondary", "danger")
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class Overlay(QWidget):
    """A dimmed layer over the whole window with one card: title, text, extra widget, buttons."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame(self)
        self.card.setObjectName("card")
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignCenter)
        self.box = QVBoxLayout(self.card)
        self.box.setContentsMargins(40, 32, 40, 32)
        self.box.setSpacing(20)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.title, "subtitle")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box.addWidget(self.title)
        self.box.addWidget(self.text)
        self.extra_slot = QVBoxLayout()
        self.box.addLayout(self.extra_slot)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(16)
        self.box.addLayout(self.buttons)
        self.kind = ""
        self.hide()

    def show_card(
        self,
        title: str,
        text: str = "",
        buttons: Sequence[Button] = (),
        extra: QWidget | None = None,
        kind: str = "info",
    ) -> None:
        self._clear()
        self.kind = kind
        self.title.setText(title)
        set_role(self.title, "error" if kind == "error" else "subtitle")
        self.text.setText(text)
        self.text.setVisible(bool(text))
        if extra is not None:
            self.extra_slot.addWidget(extra)
            extra.show()  # a layout would only show it on the next event loop turn
        for label, action, style in buttons:
            b = QPushButton(label)
            if style:
                set_role(b, style, "kind")
            b.clicked.connect(action)
            self.buttons.addWidget(b)
            b.show()
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        width = parent.width()
        self.card.setFixedWidth(max(320, min(width - 40, int(max(width * 0.6, 560)))))
        self.show()
        self.raise_()

    def _clear(self) -> None:
        for lay in (self.extra_slot, self.buttons):
            while lay.count():
                item = lay.takeAt(0)
                w = item.widget() if item is not None else None
                if w is not None:
                    w.hide()
                    w.deleteLater()

    def dismiss(self) -> None:
        self._clear()
        self.kind = ""
        self.hide()


class KioskWindow(QWidget):
    """A public full-screen window; subclasses fill `self.body` and implement go_home/at_home."""

    default_idle_seconds = 60
    board = False  # the waiting-room display uses the dark board style

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_fonts()
        self.ctx = ctx
        self.setObjectName("kioskRoot")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(title)
        self.scale = 0.0
        self.touch = 64
        root = QVBoxLayout(self)
        # The window takes the screen's size; the type scales to fit instead of the reverse.
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.body = QWidget(self)
        root.addWidget(self.body)
        self.overlay = Overlay(self)
        cfg = ctx.config
        self.idle_seconds = int(cfg.get("idle_seconds", self.default_idle_seconds))
        self.warn_seconds = int(cfg.get("idle_warning_seconds", 10))
        pin = cfg.get("admin_pin_hash") or cfg.get("admin_pin", "1234" if ctx.demo else None)
        self.admin_pin: str | None = str(pin) if pin else None  # plain, or a hash
        if self.admin_pin is None and not ctx.demo:  # `kiosk kiosk-pin set`: in the database
            ctx.tasks.run(_stored_pin, self._take_stored_pin)
        self._may_close = False
        self._pin_typed = ""
        self._pin_misses = 0
        self._pin_locked_until = 0.0  # wall clock; kept in the database (kiosk/privacy/pin_lock)
        self._pin_screen = type(self).__name__
        screen = self._pin_screen
        ctx.tasks.run(lambda s: _pin_state(s, screen), self._take_pin_state)
        self._corner_taps: list[float] = []
        self._left = 0
        self.idle_timer = QTimer(self, singleShot=True, interval=self.idle_seconds * 1000)
        self.idle_timer.timeout.connect(self._on_idle)
        self.countdown = QTimer(self, interval=1000)
        self.countdown.timeout.connect(self._tick)
        self._watched: QObject | None = None  # the native window whose input we watch
        self._built = False
        self._retranslate_due = False
        self._landscape: bool | None = None
        resize_to_fit(self, 1366, 768)
        if ctx.fullscreen or (not ctx.demo and cfg.get("fullscreen", True)):
            # a public screen fills its screen even without --fullscreen (the demo stays windowed)
            self.setWindowState(Qt.WindowState.WindowFullScreen)
        self.idle_timer.start()

    # -- for subclasses ---------------------------------------------------------------------

    def build(self) -> None:
        """Fill `self.body` with the screen's widgets, in the current language."""

    def retranslated(self) -> None:
        """After a language switch rebuilt the body: show the screen afresh (the home screen)."""
        self.go_home()

    def go_home(self) -> None:
        """Back to the home screen, forgetting what the last citizen entered."""

    def at_home(self) -> bool:
        return True

    def relayout(self, landscape: bool) -> None:
        """Arrange for a landscape or portrait screen (called when the shape changes)."""

    def ready(self) -> None:
        """Subclasses call this at the end of __init__: styles and layout apply from now on."""
        self._built = True
        self.scale = 0.0
        self._restyle()

    def message(self, text: str, *, title: str | None = None, error: bool = True) -> None:
        """A friendly message with a way back."""
        self.overlay.show_card(
            title or (self.tr("Xin lỗi") if error else self.tr("Thông báo")),
            text,
            [(self.tr("Quay lại"), self.overlay.dismiss, "")],
            kind="error" if error else "info",
        )

    def note_activity(self) -> None:
        """Something happened that a person did (a touch, a scan): restart the idle clock."""
        if self.overlay.kind == "idle":
            self.countdown.stop()
            self.overlay.dismiss()
        self.idle_timer.start()

    # -- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self._built and not self._retranslate_due:
            # Removing one translator and installing another sends two events: rebuild once.
            # The window is the timer's context: deleted before that turn, it takes it along.
            self._retranslate_due = True
            QTimer.singleShot(0, self, self.retranslate)

    def retranslate(self) -> None:
        """Build the body again, its strings now in the interface language."""
        self._retranslate_due = False
        self.countdown.stop()
        self.overlay.dismiss()
        old = self.body
        self.body = QWidget(self)
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(old, self.body)
        old.hide()
        old.deleteLater()
        self.build()
        self.body.show()  # now, not on the next turn of the event loop as the layout would
        self.overlay.raise_()
        self.scale = 0.0  # restyle and lay out the new widgets
        self._landscape = None
        self._restyle()
        self.retranslated()
        self.idle_timer.start()

    # -- idle reset -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._watched:
            # Input reaches the native window before any widget: watching it sees every touch
            # and key of this window only, without an application-wide filter (which would run
            # Python for every event of every window, paints included).
            handle.installEventFilter(self)
            self._watched = handle

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is not self._watched or event.type() not in _INPUT_EVENTS:
            return False
        if isinstance(event, QMouseEvent) and event.type() == QEvent.Type.MouseButtonPress:
            self._corner_tap(event.position().toPoint())
        if self.overlay.kind == "idle":
            self.note_activity()
            return True  # the touch only wakes the screen up
        self.idle_timer.start()
        return False

    def _on_idle(self) -> None:
        if self.at_home() and not self.overlay.isVisible():
            self.idle_timer.start()
            return
        self._left = self.warn_seconds
        self.overlay.show_card(
            self.tr("Ông/bà còn sử dụng không?"),
            self._idle_text(),
            [(self.tr("Tiếp tục sử dụng"), self.note_activity, "")],
            kind="idle",
        )
        self.countdown.start()

    def _idle_text(self) -> str:
        return self.tr(
            "Màn hình sẽ trở về trang đầu sau %n giây. Chạm để tiếp tục.", "", self._left
        )

    def _tick(self) -> None:
        self._left -= 1
        if self._left > 0:
            self.overlay.text.setText(self._idle_text())
            return
        self.countdown.stop()
        self.overlay.dismiss()
        self.go_home()
        self.idle_timer.start()

    # -- leaving needs the admin PIN --------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._may_close or not event.spontaneous():
            event.accept()
            return
        event.ignore()
        self.ask_pin()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.ask_pin()
            return
        super().keyPressEvent(event)

    def _corner_tap(self, pos: QPoint) -> None:
        if pos.x() > self.touch * 1.5 or pos.y() > self.touch * 1.5:
            return
        now = time.monotonic()
        self._corner_taps = [t for t in self._corner_taps if now - t < 3.0] + [now]
        if len(self._corner_taps) >= 5:
            self._corner_taps = []
            QTimer.singleShot(0, self, self.ask_pin)

    def ask_pin(self) -> None:
        if self.admin_pin is None:
            self.message(self.tr("Chưa cấu hình mã PIN quản trị; không thể thoát từ màn hình."))
            return
        wait = self._pin_locked_until - time.time()
        if wait > 0:
            minutes = max(1, round(wait / 60))
            self.message(
                self.tr("Nhập sai mã PIN nhiều lần. Vui lòng chờ %1 phút.").replace(
                    "%1", str(minutes)
                )
            )
            return
        self._pin_typed = ""
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self._pin_label = QLabel("")
        self._pin_label.setObjectName("pinEntry")
        set_role(self._pin_label, "entry")
        self._pin_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self._pin_label)
        pad = digit_pad(holder)
        pad.setMinimumHeight(self.touch * 4 + 18)  # four rows of keys and their gaps
        pad.pressed.connect(self._pin_key)
        lay.addWidget(pad)
        self._render_pin()
        self.overlay.show_card(
            self.tr("Quản trị viên"),
            # a short screen (1366×768 at 125 %) keeps its height for the keys
            self.tr("Nhập mã PIN để thoát chế độ kiosk.") if self.height() >= 680 else "",
            [
                (self.tr("Hủy"), self.overlay.dismiss, "secondary"),
                (self.tr("Xác nhận"), self._check_pin, ""),
            ],
            extra=holder,
            kind="pin",
        )

    def _render_pin(self) -> None:
        self._pin_label.setText("●" * len(self._pin_typed) or " ")

    def _pin_key(self, key: str) -> None:
        if key == BACKSPACE:
            self._pin_typed = self._pin_typed[:-1]
        elif len(self._pin_typed) < 12:
            self._pin_typed += key
        self._render_pin()

    def _check_pin(self) -> None:
        screen = self._pin_screen
        if self._pin_ok(self._pin_typed):
            self._pin_misses = 0
            self.ctx.tasks.run(lambda s: _pin_lock().pin_succeeded(s, screen))
            self.overlay.show_card(
                self.tr("Quản trị viên"),
                self.tr(
                    "Đóng cửa sổ này? Công dân sẽ không dùng được màn hình cho đến khi mở lại."
                ),
                [
                    (self.tr("Quay lại"), self.overlay.dismiss, "secondary"),
                    (self.tr("Đóng cửa sổ"), self.leave, "danger"),
                ],
            )
            return
        # escalating and persistent (issue 16): 3 free misses, then 1, 2, 4 ... 60 minutes
        self._pin_misses += 1
        t = time.time()
        wait = _pin_lock().lock_seconds(self._pin_misses)
        if wait:
            self._pin_locked_until = t + wait
        self.ctx.tasks.run(lambda s: _pin_lock().pin_failed(s, screen, t))
        self.message(self.tr("Mã PIN không đúng."))

    def _take_pin_state(self, state: tuple[int, float]) -> None:
        misses, until = state
        self._pin_misses = max(self._pin_misses, misses)
        self._pin_locked_until = max(self._pin_locked_until, until)

    def _take_stored_pin(self, stored: str | None) -> None:
        if self.admin_pin is None and stored:
            self.admin_pin = stored

    def _pin_ok(self, typed: str) -> bool:
        assert self.admin_pin is not None
        from kiosk.services.admin_office import pin_matches

        return pin_matches(self.admin_pin, typed)

    def leave(self) -> None:
        self._may_close = True
        self.overlay.dismiss()
        self.close()

    # -- sizes ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._restyle()
        if not self.overlay.isHidden():  # shown, or to be shown with the window
            self.overlay.setGeometry(self.rect())

    def _restyle(self) -> None:
        if not self._built:
            return
        w, h = self.width(), self.height()
        scale = scale_for(w, h)
        landscape = w >= h
        if abs(scale - self.scale) > 0.02 or landscape != getattr(self, "_landscape", None):
            self.scale = scale
            self.touch = touch_px(self, scale)
            self.setStyleSheet(board_qss(scale) if self.board else kiosk_qss(scale, self.touch))
            self._landscape = landscape
            self.relayout(landscape)


def _pin_lock() -> Any:
    """kiosk.privacy.pin_lock, imported when first needed (it loads the database models)."""
    from kiosk.privacy import pin_lock

    return pin_lock


def _pin_state(session: Session, screen: str) -> tuple[int, float]:
    """(misses in a row, locked until) of this screen's PIN, as kept in the database."""
    from kiosk.store.models import PublicThrottle

    row = session.get(PublicThrottle, f"pin:{screen}"[:120])
    return (row.count, row.until) if row is not None else (0, 0.0)


def _stored_pin(session: Session) -> str | None:
    """The office's kiosk PIN hash set by `kiosk kiosk-pin set` (on the database worker)."""
    from kiosk.services.admin_office import kiosk_pin_hash

    return kiosk_pin_hash(session)
