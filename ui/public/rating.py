"""Rating the service: five levels, Rất hài lòng … Rất không hài lòng.

`RatingPanel` is the widget (used by the self-check); `RatingWindow` is a customer-facing screen
a counter window can drive with `ask(...)`; `save_rating` stores the choice through the DB
worker with the counter, clerk, dossier and time (kiosk.services.public.record_rating /
rate_dossier).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from kiosk.services.public import RATING_LEVELS, rate_dossier, record_rating
from ui.context import AppContext
from ui.public.kiosk import KioskWindow
from ui.public.style import set_role
from ui.public.texts import rating_level

# Colour per level (background, text): green to red, each with text at 7:1 contrast or more.
LEVEL_COLOURS = {
    5: ("#0a5c2b", "#ffffff"),
    4: ("#2e7d32", "#ffffff"),
    3: ("#f2f2f2", "#000000"),
    2: ("#b34700", "#ffffff"),
    1: ("#9b0000", "#ffffff"),
}


class RatingPanel(QWidget):
    """Asks one question, offers five big answers; `rated(level)` when one is touched."""

    rated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel(self.tr("Ông/bà có hài lòng với sự phục vụ không?"))
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.question, "title")
        self.context = QLabel()
        self.context.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.context.setWordWrap(True)
        lay.addWidget(self.question)
        lay.addWidget(self.context)
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        lay.addLayout(self.grid, 1)
        self.buttons: dict[int, QPushButton] = {}
        for level in RATING_LEVELS:
            b = QPushButton(rating_level(level))
            bg, fg = LEVEL_COLOURS[level]
            b.setStyleSheet(
                f"QPushButton {{ background: {bg}; color: {fg}; border: 3px solid #000000; }}"
                "QPushButton:disabled { background: #d9d9d9; color: #707070;"
                " border-color: #b0b0b0; }"
            )
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.clicked.connect(lambda _=False, lv=level: self.rated.emit(lv))
            self.buttons[level] = b
        self.relayout(True)

    def relayout(self, landscape: bool) -> None:
        for i, level in enumerate(sorted(self.buttons, reverse=True)):
            if landscape:
                self.grid.addWidget(self.buttons[level], 0, i)
            else:
                self.grid.addWidget(self.buttons[level], i, 0)

    def set_context(self, text: str) -> None:
        self.context.setText(text)
        self.context.setVisible(bool(text))


def save_rating(
    ctx: AppContext,
    level: int,
    *,
    dossier_code: str | None = None,
    counter_number: int | None = None,
    clerk: str | None = None,
    per_served_ticket: bool = False,
    on_done: Callable[[object], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Store a rating on the DB worker: of a dossier's counter step, or of a counter.

    `per_served_ticket`: a screen anyone can use (the self-check) rates a counter at most once
    per ticket it served today; the rating window is asked by the counter, once per service."""

    def work(s: Session) -> int:
        if dossier_code and counter_number is None:
            return rate_dossier(s, dossier_code, level).id
        r = record_rating(
            s,
            level,
            counter_number=counter_number,
            clerk=clerk,
            dossier_code=dossier_code,
            per_served_ticket=per_served_ticket,
        )
        s.flush()
        return r.id

    ctx.tasks.run(work, on_done, on_error)


class RatingWindow(KioskWindow):
    """A customer-facing screen at a counter: quiet until the counter asks, then five levels.

    The counter window calls `ask(dossier_code=...)` after receiving or returning a dossier (or
    `ask(counter_number=..., clerk=...)` for a service without a dossier); the rating is stored,
    the screen thanks the citizen and goes quiet again. Leaving it needs the admin PIN.
    """

    default_idle_seconds = 90

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Đánh giá sự hài lòng"), parent)
        self.target: tuple[str | None, int | None, str | None] = (None, None, None)
        self.quiet = QTimer(self, singleShot=True, interval=5000)
        self.quiet.timeout.connect(self.go_home)
        self.build()
        self.go_home()
        self.ready()

    def build(self) -> None:
        self.setWindowTitle(self.tr("Đánh giá sự hài lòng"))
        lay = QVBoxLayout(self.body)
        lay.setContentsMargins(32, 24, 32, 24)
        self.quiet_text = QLabel()
        self.quiet_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.quiet_text.setWordWrap(True)
        set_role(self.quiet_text, "title")
        lay.addWidget(self.quiet_text, 1)
        self.panel = RatingPanel()
        self.panel.rated.connect(self._rated)
        lay.addWidget(self.panel, 4)

    def ask(
        self,
        *,
        dossier_code: str | None = None,
        counter_number: int | None = None,
        clerk: str | None = None,
    ) -> None:
        self.quiet.stop()
        self.overlay.dismiss()
        self.target = (dossier_code, counter_number, clerk)
        self.quiet_text.setText(self.tr("Xin ông/bà dành vài giây để đánh giá."))
        self.panel.set_context(self.tr("Hồ sơ %1").replace("%1", dossier_code or ""))
        self.panel.context.setVisible(bool(dossier_code))
        self.panel.setEnabled(True)
        self.panel.show()
        self.note_activity()

    def _rated(self, level: int) -> None:
        self.panel.setEnabled(False)
        code, counter, clerk = self.target
        save_rating(
            self.ctx,
            level,
            dossier_code=code,
            counter_number=counter,
            clerk=clerk,
            on_done=lambda _id: self._thanks(self.tr("Cảm ơn ông/bà đã đánh giá!")),
            on_error=lambda e: self._thanks(getattr(e, "message_vi", "") or self.tr("Cảm ơn!")),
        )

    def _thanks(self, text: str) -> None:
        self.panel.hide()
        self.quiet_text.setText(text)
        self.quiet.start()

    def relayout(self, landscape: bool) -> None:
        self.panel.relayout(landscape)

    def go_home(self) -> None:
        self.quiet.stop()
        self.target = (None, None, None)
        self.panel.hide()
        self.quiet_text.setText(self.tr("Cảm ơn ông/bà đã đến làm thủ tục."))

    def at_home(self) -> bool:
        return not self.panel.isVisible()
