"""The waiting-room display (`--role display`): the number now served at each counter, the last
calls, and a chime with a Vietnamese voice call for each new call or recall.

Calls are read from the database (kiosk.services.public_queue.calls_since), so a display in
another process or on another PC of the office sees every counter's calls; each (ticket,
call count) is announced once. `hub.ticket_called` makes it look at once instead of at the next
poll, and a call known only from that signal (its row not visible here) is still announced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.services.context import get_setting, now
from kiosk.services.public_queue import Call, calls_since, counter_numbers, serving_now
from ui.context import AppContext
from ui.public.announcer import Announcer, Sink, default_sink
from ui.public.kiosk import KioskWindow
from ui.public.style import set_role

HISTORY = 8
FLASH_SECONDS = 12
SIGNAL_GRACE_SECONDS = 3.0  # how long a hub call waits for its row before it is said anyway


class DisplayWindow(KioskWindow):
    board = True
    default_idle_seconds = 3600  # nothing to reset: the board has no input

    def __init__(
        self, ctx: AppContext, sink: Sink | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Màn hình gọi số"), parent)
        self.clock: Callable[[], datetime] = now
        self.announcer = Announcer(sink or default_sink(ctx.config, self), parent=self)
        self.day: date | None = None
        self.seen: set[tuple[int, int]] = set()
        self.since: datetime | None = None
        self.serving: dict[int, str] = {}
        self.history: list[tuple[str, int, datetime, bool]] = []  # label, counter, at, recall
        self.expected: dict[tuple[str, int], float] = {}  # from hub.ticket_called
        self.recent: dict[tuple[str, int], float] = {}  # announced lately (monotonic time)
        self.counters: list[int] = []
        self._polling = False
        self.office = ""
        self.build()
        self.announcer.problem_changed.connect(self.show_audio_problem)
        self.clock_timer = QTimer(self, interval=1000)
        self.clock_timer.timeout.connect(self._tick_clock)
        self.clock_timer.start()
        self.flash_timer = QTimer(self, singleShot=True, interval=FLASH_SECONDS * 1000)
        self.flash_timer.timeout.connect(self._unflash)
        self.poll_timer = QTimer(self, interval=int(ctx.config.get("display_poll_ms", 1000)))
        self.poll_timer.timeout.connect(self.poll)
        ctx.hub.ticket_called.connect(self.on_called)
        ctx.hub.queue_changed.connect(self.poll)
        self.ready()
        self.start()

    def build(self) -> None:
        self.setWindowTitle(self.tr("Màn hình gọi số"))
        lay = QVBoxLayout(self.body)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setSpacing(0)
        self.banner = QLabel(self.office or self.tr("Bộ phận Một cửa"))
        set_role(self.banner, "banner")
        self.banner.setWordWrap(True)
        top.addWidget(self.banner, 1)
        self.clock_label = QLabel()  # the date and time, for the people waiting
        self.clock_label.setObjectName("boardClock")
        set_role(self.clock_label, "banner")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.clock_label)
        lay.addLayout(top)
        self.main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.main.setContentsMargins(24, 16, 24, 16)
        self.main.setSpacing(24)
        lay.addLayout(self.main, 1)

        left = QFrame()
        left.setObjectName("panel")
        self.left_box = QVBoxLayout(left)
        self.callout = QLabel(self.tr("Mời công dân theo dõi số thứ tự trên màn hình"))
        self.callout.setWordWrap(True)
        self.callout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.callout, "callout")
        self.left_box.addWidget(self.callout)
        head = QGridLayout()
        for col, text in enumerate((self.tr("Quầy"), self.tr("Đang phục vụ số"))):
            h = QLabel(text)
            set_role(h, "head")
            head.addWidget(h, 0, col)
        self.left_box.addLayout(head)
        self.rows = QGridLayout()
        self.rows.setVerticalSpacing(4)
        self.left_box.addLayout(self.rows, 1)
        self.main.addWidget(left, 3)
        self.left = left

        right = QFrame()
        right.setObjectName("panel")
        rl = QVBoxLayout(right)
        rh = QLabel(self.tr("Các số vừa gọi"))
        set_role(rh, "head")
        rl.addWidget(rh)
        self.history_labels: list[QLabel] = []
        for _ in range(HISTORY):
            lbl = QLabel()
            set_role(lbl, "history")
            rl.addWidget(lbl)
            self.history_labels.append(lbl)
        rl.addStretch(1)
        self.main.addWidget(right, 2)
        self.row_labels: dict[int, tuple[QLabel, QLabel]] = {}
        # for the operator: the calls are not heard (no sound device, a clip missing)
        self.audio_status = QLabel()
        self.audio_status.setObjectName("audioStatus")
        set_role(self.audio_status, "audio")
        self.audio_status.setWordWrap(True)
        self.audio_status.hide()
        lay.addWidget(self.audio_status)
        self._tick_clock()

    def _tick_clock(self) -> None:
        at = self.clock()
        weekday = (
            self.tr("Thứ Hai"),
            self.tr("Thứ Ba"),
            self.tr("Thứ Tư"),
            self.tr("Thứ Năm"),
            self.tr("Thứ Sáu"),
            self.tr("Thứ Bảy"),
            self.tr("Chủ Nhật"),
        )[at.weekday()]
        text = f"{at:%H:%M}  {weekday}, {at:%d/%m/%Y}"
        if self.clock_label.text() != text:
            self.clock_label.setText(text)

    def show_audio_problem(self, problem: str) -> None:
        """A small line at the foot of the board; the calls still show."""
        self.audio_status.setText(
            self.tr("Không phát được lời gọi số: {0}").format(problem) if problem else ""
        )
        self.audio_status.setVisible(bool(problem))

    def retranslated(self) -> None:
        """The board keeps its calls: draw them again in the new language."""
        self.flash_timer.stop()
        self.show_audio_problem(self.announcer.problem)
        self._render()

    # -- loading --------------------------------------------------------------------------------

    def start(self) -> None:
        """Fill the board from today's calls without announcing them, then poll."""
        day = self.clock().date()

        def load(s: Session) -> tuple[str, list[int], list[Call], dict[int, str]]:
            name = get_setting(s, "agency_name") or ""
            calls = calls_since(s, day, None, limit=200)
            return name, counter_numbers(s), calls, serving_now(s, day)

        def loaded(result: tuple[str, list[int], list[Call], dict[int, str]]) -> None:
            name, self.counters, calls, serving = result
            if name:
                self.office = name
                self.banner.setText(name)
            self.day, self.seen, self.serving, self.history = day, set(), {}, []
            for c in calls:
                self._apply(c, announce=False)
            self.serving = serving
            self._render()
            self.poll_timer.start()

        self.ctx.tasks.run(load, loaded, lambda e: self.poll_timer.start())

    def poll(self) -> None:
        if self._polling or self.day is None:
            return
        day = self.clock().date()
        if day != self.day:
            self.poll_timer.stop()
            self.start()
            return
        self._polling = True
        since = self.since
        self.ctx.tasks.run(
            lambda s: (calls_since(s, day, since), serving_now(s, day)),
            self._polled,
            self._poll_failed,
        )

    def _polled(self, result: tuple[list[Call], dict[int, str]]) -> None:
        self._polling = False
        calls, serving = result
        for c in calls:
            self._apply(c, announce=True)
        # who is served now comes from the tickets' state: a no-show, a finish or a transfer
        # empties the counter's row (a call known only from the signal stays until seen)
        waiting_for = {counter: label for (label, counter) in self.expected}
        self.serving = {**serving, **waiting_for}
        t = time.monotonic()
        for key, at in list(self.expected.items()):
            if key in self.recent and self.recent[key] >= at - 5:
                del self.expected[key]
            elif t - at > SIGNAL_GRACE_SECONDS:
                del self.expected[key]
                self._call(key[0], key[1], self.clock(), announce=True)
        self._render()

    def _poll_failed(self, error: BaseException) -> None:
        self._polling = False

    def _apply(self, c: Call, announce: bool) -> None:
        key = (c.ticket_id, c.call_count)
        if key in self.seen:
            return
        self.seen.add(key)
        self.since = max(self.since or c.called_at, c.called_at)
        self._call(c.label, c.counter, c.called_at, announce, recall=c.call_count > 1)

    # -- a call -------------------------------------------------------------------------------

    def on_called(self, label: str, counter: int) -> None:
        self.expected[(label, counter)] = time.monotonic()
        self.poll()
        QTimer.singleShot(int(SIGNAL_GRACE_SECONDS * 1000) + 200, self, self.poll)

    def _call(
        self, label: str, counter: int, at: datetime, announce: bool, recall: bool = False
    ) -> None:
        self.serving[counter] = label
        if counter not in self.counters:
            self.counters = sorted([*self.counters, counter])
        self.history.insert(0, (label, counter, at, recall))
        del self.history[HISTORY:]
        if announce:
            self.recent[(label, counter)] = time.monotonic()
            self.announcer.announce(label, counter)
            self._flash(label, counter)

    def _flash(self, label: str, counter: int) -> None:
        self.callout.setText(  # no line break inside "quầy 3"
            self.tr("Mời số %1 đến quầy %2").replace("%1", label).replace(" %2", f"\u00a0{counter}")
        )
        set_role(self.callout, "flash")
        self.flash_timer.start()

    def _unflash(self) -> None:
        self.callout.setText(self.tr("Mời công dân theo dõi số thứ tự trên màn hình"))
        set_role(self.callout, "callout")

    # -- drawing --------------------------------------------------------------------------------

    def _render(self) -> None:
        for n in self.counters:
            if n not in self.row_labels:
                name, number = QLabel(self.tr("Quầy %1").replace("%1", str(n))), QLabel()
                set_role(name, "counter")
                set_role(number, "serving")
                row = len(self.row_labels)
                self.rows.addWidget(name, row, 0)
                self.rows.addWidget(number, row, 1)
                name.show()  # with the poll's result, not a turn of the event loop later
                number.show()
                self.row_labels[n] = (name, number)
        for n, (_name, number) in self.row_labels.items():
            number.setText(self.serving.get(n, "—"))
        self._fit_rows()
        for lbl, item in zip(self.history_labels, self.history + [None] * HISTORY, strict=False):
            if item is None:
                lbl.setText("")
            else:
                label, counter, at, recall = item
                when = at.strftime("%H:%M") + (self.tr(", gọi lại") if recall else "")
                lbl.setText(
                    self.tr("%1  →  Quầy %2   (%3)")
                    .replace("%1", label)
                    .replace("%2", str(counter))
                    .replace("%3", when)
                )

    def _fit_rows(self) -> None:
        """Numbers as large as the rows allow (4 counters or 16 must all fit)."""
        rows = max(4, len(self.row_labels))
        free = self.left.height() - self.callout.height() - 60
        per_row = max(30, free // rows)
        size = int(min(per_row * 0.62, 120 * self.scale))
        for name, number in self.row_labels.values():
            number.setStyleSheet(f"font-size: {size}px;")
            name.setStyleSheet(f"font-size: {int(size * 0.62)}px;")
        for r in range(self.rows.rowCount()):
            self.rows.setRowStretch(r, 1)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_rows)

    def relayout(self, landscape: bool) -> None:
        self.main.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().closeEvent(event)
        if event.isAccepted():
            self.poll_timer.stop()
            self.announcer.stop()


def create(ctx: AppContext) -> QWidget:
    return DisplayWindow(ctx)
