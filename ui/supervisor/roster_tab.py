"""The duty roster editor: two weeks of working days × counters, gaps and clashes flagged,
a clerk assigned to the selected cells, a day's pattern copied to the empty days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.services.roster import (
    LOOKAHEAD_DAYS,
    ROSTER_ROLES,
    OffRoster,
    fill_roster,
    load_roster,
    set_duty,
    upcoming_gaps,
)
from kiosk.store.models import Staff
from ui.context import AppContext
from ui.i18n import fmt_date
from ui.widgets.messages import Banner, BusyButton

GAP = QColor("#fdecea")
CLASH = QColor("#fff1d6")
OFF_ROSTER = QColor("#fde2c4")
WEEKS = 2


@dataclass(frozen=True)
class RosterView:
    """Plain data for the grid (built on the worker)."""

    start: date
    end: date
    days: list[date]
    counters: list[int]
    duty: dict[tuple[date, int], str]
    gaps: list[tuple[date, int]]
    clashes: list[tuple[date, str, list[int]]]
    staff: list[tuple[str, str]]  # username, full name (who can staff a counter)
    upcoming: list[tuple[date, int]]  # gaps from today on
    off_roster: list[OffRoster]  # clerks who signed in at a counter off the roster


def load_view(session: Session, start: date, today: date) -> RosterView:
    end = start + timedelta(days=7 * WEEKS - 1)
    r = load_roster(session, start, end)
    staff = [
        (u, n)
        for u, n in session.execute(
            select(Staff.username, Staff.full_name)
            .where(Staff.active, Staff.role.in_(ROSTER_ROLES))
            .order_by(Staff.full_name)
        )
    ]
    return RosterView(
        start,
        end,
        r.days,
        r.counters,
        dict(r.duty),
        r.gaps,
        r.clashes,
        staff,
        upcoming_gaps(session, today, LOOKAHEAD_DAYS),
        r.off_roster,
    )


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


class RosterTab(QWidget):
    def __init__(self, ctx: AppContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.start = monday(today)
        self.view: RosterView | None = None
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ Hai tuần trước"))
        self.this_button = QPushButton(self.tr("Tuần này"))
        self.next_button = QPushButton(self.tr("Hai tuần sau ▶"))
        self.range_label = QLabel()
        self.range_label.setObjectName("sectionTitle")
        for wdg in (self.prev_button, self.this_button, self.next_button):
            top.addWidget(wdg)
        top.addWidget(self.range_label, 1)
        box.addLayout(top)
        self.warning = Banner()
        box.addWidget(self.warning)
        self.banner = Banner()
        box.addWidget(self.banner)
        self.grid = QTableWidget()
        self.grid.setObjectName("rosterGrid")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.grid, 1)
        edit = QHBoxLayout()
        edit.addWidget(QLabel(self.tr("Cán bộ trực")))
        self.clerk = QComboBox()
        self.clerk.setObjectName("rosterClerk")
        self.clerk.setMinimumWidth(240)
        edit.addWidget(self.clerk)
        self.assign_button = BusyButton(self.tr("Phân công cho ô đã chọn"))
        self.assign_button.setObjectName("primary")
        edit.addWidget(self.assign_button)
        self.clear_button = BusyButton(self.tr("Bỏ phân công"))
        edit.addWidget(self.clear_button)
        edit.addStretch(1)
        self.copy_button = BusyButton(self.tr("Áp dụng ngày đã chọn cho các ô còn trống"))
        edit.addWidget(self.copy_button)
        box.addLayout(edit)
        self.prev_button.clicked.connect(lambda: self.go(self.start - timedelta(weeks=WEEKS)))
        self.next_button.clicked.connect(lambda: self.go(self.start + timedelta(weeks=WEEKS)))
        self.this_button.clicked.connect(lambda: self.go(monday(self.today)))
        self.assign_button.clicked.connect(lambda: self.assign(self.clerk.currentData()))
        self.clear_button.clicked.connect(lambda: self.assign(None))
        self.copy_button.clicked.connect(self.copy_day)

    # -- loading --------------------------------------------------------------------------------
    def go(self, start: date) -> None:
        self.start = start
        self.refresh()

    def refresh(self) -> None:
        start, today = self.start, self.today
        self._run(None, lambda s: load_view(s, start, today))

    def _run(self, button: BusyButton | None, job: Any, message: str | None = None) -> None:
        if button is not None:
            button.start(self.tr("Đang lưu…"))

        def done(view: RosterView) -> None:
            if button is not None:
                button.done()
            self.show_view(view)
            if message:
                self.banner.show_message(message, "success")

        def failed(exc: BaseException) -> None:
            if button is not None:
                button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)

    def show_view(self, v: RosterView) -> None:
        self.view = v
        self.range_label.setText(
            self.tr("Lịch trực từ {0} đến {1}").format(fmt_date(v.start), fmt_date(v.end))
        )
        names = dict(v.staff)
        current = self.clerk.currentData()
        self.clerk.clear()
        for user, name in v.staff:
            self.clerk.addItem(f"{name} ({user})", user)
        if current is not None and self.clerk.findData(current) >= 0:
            self.clerk.setCurrentIndex(self.clerk.findData(current))
        clashing = {(d, c) for d, _u, cs in v.clashes for c in cs}
        self.grid.clear()
        self.grid.setRowCount(len(v.days))
        self.grid.setColumnCount(len(v.counters))
        self.grid.setHorizontalHeaderLabels([self.tr("Quầy {0}").format(c) for c in v.counters])
        weekdays = [
            self.tr("T2"),
            self.tr("T3"),
            self.tr("T4"),
            self.tr("T5"),
            self.tr("T6"),
            self.tr("T7"),
            self.tr("CN"),
        ]
        self.grid.setVerticalHeaderLabels(
            [f"{weekdays[d.weekday()]} {fmt_date(d)}" for d in v.days]
        )
        for i, d in enumerate(v.days):
            for j, c in enumerate(v.counters):
                on_duty = v.duty.get((d, c))
                text = names.get(on_duty, on_duty) if on_duty else self.tr("— trống —")
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (d, c))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if on_duty is None:
                    item.setBackground(QBrush(GAP))
                    item.setToolTip(self.tr("Chưa có cán bộ trực"))
                elif (d, c) in clashing:
                    item.setBackground(QBrush(CLASH))
                    item.setToolTip(self.tr("Cán bộ này được phân công trực hai quầy cùng ngày"))
                off = [o for o in v.off_roster if (o.day, o.counter) == (d, c)]
                if off:
                    self._mark_off_roster(item, off, names)
                self.grid.setItem(i, j, item)
        self.grid.resizeRowsToContents()
        self._warn(v)

    def _mark_off_roster(
        self, item: QTableWidgetItem, off: list[OffRoster], names: dict[str, str]
    ) -> None:
        """Who signed in here off the roster (after confirming it at the counter's log-in)."""
        who = ", ".join(names.get(o.username, o.username) for o in off)
        item.setText(item.text() + "\n⚠ " + self.tr("Đăng nhập ngoài lịch: {0}").format(who))
        item.setBackground(QBrush(OFF_ROSTER))
        item.setToolTip(
            "\n".join(
                self.tr("{0} đăng nhập ngoài lịch trực lúc {1}, {2} lần (lần cuối {3}).").format(
                    f"{names.get(o.username, o.username)} ({o.username})",
                    o.first_at.strftime("%H:%M"),
                    o.times,
                    o.last_at.strftime("%H:%M"),
                )
                for o in off
            )
        )

    def _warn(self, v: RosterView) -> None:
        if v.upcoming:
            d, c = v.upcoming[0]
            self.warning.show_message(
                self.tr(
                    "Còn {0} ca trực chưa có người trong {1} ngày tới (sớm nhất: quầy {2} "
                    "ngày {3})."
                ).format(len(v.upcoming), LOOKAHEAD_DAYS, c, fmt_date(d)),
                "warning",
            )
        elif v.clashes:
            self.warning.show_message(
                self.tr("Có cán bộ được phân công trực hai quầy trong cùng một ngày."), "warning"
            )
        else:
            self.warning.show_message(
                self.tr("Mọi quầy đều có cán bộ trực trong {0} ngày tới.").format(LOOKAHEAD_DAYS),
                "success",
            )

    # -- editing --------------------------------------------------------------------------------
    def selected_cells(self) -> list[tuple[date, int]]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.grid.selectedItems()]

    def assign(self, username: str | None) -> None:
        cells = self.selected_cells()
        if not cells:
            self.banner.show_message(self.tr("Chọn ô (ngày, quầy) cần phân công."), "warning")
            return
        start, today = self.start, self.today

        def job(s: Session) -> RosterView:
            for day, counter in cells:
                set_duty(s, day, counter, username)
            return load_view(s, start, today)

        button = self.assign_button if username else self.clear_button
        self._run(button, job, self.tr("Đã cập nhật {0} ô lịch trực.").format(len(cells)))

    def copy_day(self) -> None:
        v = self.view
        cells = self.selected_cells()
        if v is None or not cells:
            self.banner.show_message(self.tr("Chọn một ngày làm mẫu."), "warning")
            return
        day = cells[0][0]
        pattern = {c: u for (d, c), u in v.duty.items() if d == day}
        if not pattern:
            self.banner.show_message(self.tr("Ngày đã chọn chưa có phân công nào."), "warning")
            return
        start, today, end = self.start, self.today, v.end

        def job(s: Session) -> tuple[int, RosterView]:
            n = fill_roster(s, start, end, pattern)
            return n, load_view(s, start, today)

        self.copy_button.start(self.tr("Đang lưu…"))

        def done(result: tuple[int, RosterView]) -> None:
            self.copy_button.done()
            self.show_view(result[1])
            self.banner.show_message(
                self.tr("Đã phân công thêm {0} ô.").format(result[0]), "success"
            )

        def failed(exc: BaseException) -> None:
            self.copy_button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)
