"""The tracking book (Sổ theo dõi hồ sơ, Mẫu 07) for a period: on screen, then as a PDF."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.counter.book_data import (
    BookLine,
    Page,
    Period,
    Totals,
    book_rows,
    page,
    printed_lines,
    totals,
)
from ui.counter.data import default_period
from ui.counter.printouts import header, print_book
from ui.i18n import fmt_date, fmt_datetime
from ui.tasks import TaskRunner
from ui.widgets.background import IoRunner
from ui.widgets.fields import date_field
from ui.widgets.messages import Banner, BusyButton
from ui.widgets.open_file import open_file

Index = QModelIndex | QPersistentModelIndex
MAX_DAYS = 366


class BookModel(QAbstractTableModel):
    """The book's lines, fetched a page at a time on the worker as the view scrolls down."""

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.rows: list[BookLine] = []
        self.period: Period | None = None
        self.after: tuple[datetime, int] | None = None
        self.loading = False
        self.failed: BaseException | None = None
        self._generation = 0
        self.headers = [
            self.tr("STT"),
            self.tr("Mã hồ sơ"),
            self.tr("Thủ tục"),
            self.tr("Số bộ"),
            self.tr("Người nộp"),
            self.tr("Liên hệ"),
            self.tr("Tiếp nhận"),
            self.tr("Hẹn trả"),
            self.tr("Chuyển xử lý"),
            self.tr("Có kết quả"),
            self.tr("Đã trả"),
            self.tr("Ghi chú"),
        ]

    def start(self, period: Period) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.period = period
        self.after = None
        self.loading = False
        self.endResetModel()
        self._load()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.after is not None and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._load()

    def _load(self) -> None:
        period, after, first = self.period, self.after, len(self.rows) + 1
        if period is None:
            return
        generation = self._generation
        self.loading = True
        self.tasks.run(
            lambda s: page(s, period, after, first),
            lambda p: self._arrived(generation, p),
            self._failed,
        )

    def _arrived(self, generation: int, p: Page) -> None:
        if generation != self._generation:
            return  # a page of a period no longer shown
        self.loading = False
        if p.rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(p.rows) - 1)
            self.rows.extend(p.rows)
            self.endInsertRows()
        self.after = p.after

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.failed = exc

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        r = self.rows[index.row()]
        return (
            str(r.no),
            r.code,
            r.procedure_name,
            str(r.sets),
            r.applicant_name,
            r.applicant_contact,
            fmt_datetime(r.received_at),
            fmt_datetime(r.due_at),
            fmt_datetime(r.transferred_at),
            fmt_datetime(r.result_back_at),
            fmt_datetime(r.returned_at),
            r.note or "",
        )[index.column()]


class BookPage(QWidget):
    def __init__(self, ctx: AppContext, io: IoRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.io = io
        self.period: Period | None = None
        self.totals: Totals | None = None
        self.pdf: Path | None = None
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        start, end = default_period()
        self.date_from = date_field(self.tr("Từ ngày"), required=True)
        self.date_to = date_field(self.tr("Đến ngày"), required=True)
        self.date_from.setText(fmt_date(start))
        self.date_to.setText(fmt_date(end))
        for f in (self.date_from, self.date_to):
            f.edit.setMaximumWidth(120)
            top.addWidget(f)
        self.show_button = BusyButton(self.tr("Xem sổ"))
        self.show_button.setObjectName("primary")
        self.print_button = BusyButton(self.tr("In sổ (PDF)"))
        self.open_button = QPushButton(self.tr("Mở PDF"))
        self.open_button.setEnabled(False)
        for b in (self.show_button, self.print_button, self.open_button):
            top.addWidget(b, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        box.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        box.addWidget(self.summary)
        self.banner = Banner()
        box.addWidget(self.banner)
        self.model = BookModel(ctx.tasks, self)
        self.table = QTableView()
        self.table.setObjectName("bookTable")
        # the statutory book has more columns than any screen is wide: it scrolls sideways
        self.table.setProperty("scrollsSideways", True)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 50), (1, 200), (2, 300), (3, 50), (4, 160), (5, 200)):
            self.table.setColumnWidth(col, width)
        for col in range(6, 11):
            self.table.setColumnWidth(col, 125)
        box.addWidget(self.table, 1)
        self.print_button.setEnabled(False)
        self.show_button.clicked.connect(self.load)
        self.print_button.clicked.connect(self.print_pdf)
        self.open_button.clicked.connect(self.open_pdf)

    def _period(self) -> Period | None:
        for f in (self.date_from, self.date_to):
            f.touch()
        if not (self.date_from.validate() and self.date_to.validate()):
            return None
        start, end = self.date_from.value(), self.date_to.value()
        if end < start:
            self.date_to.set_error(self.tr("Ngày cuối phải sau ngày đầu."))
            return None
        if (end - start).days > MAX_DAYS:
            self.date_to.set_error(self.tr("Mỗi lần xem tối đa một năm."))
            return None
        return Period(start, end)

    def load(self) -> None:
        period = self._period()
        if period is None or self.show_button.busy:
            return
        self.show_button.start(self.tr("Đang tải…"))
        self.banner.clear_message()

        def done(t: Totals) -> None:
            self.show_button.done()
            self.period, self.totals = period, t
            self.summary.setText(
                self.tr("Từ {0} đến {1}: {2} hồ sơ, {3} bộ.").format(
                    fmt_date(period.start), fmt_date(period.end), t.dossiers, t.sets
                )
            )
            self.print_button.setEnabled(t.dossiers > 0)
            self.model.start(period)

        def failed(exc: BaseException) -> None:
            self.show_button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(lambda s: totals(s, period), done, failed)

    def print_pdf(self) -> None:
        period = self.period
        if period is None or self.print_button.busy:
            return
        out_dir = Path(self.ctx.home) / "printouts"
        forms_url = self.ctx.printer_url("forms")
        self.print_button.start(self.tr("Đang tạo PDF…"))

        def render(data: tuple[Any, tuple[list[BookLine], list[str]]]) -> None:
            hdr, (lines, books) = data
            self.io.run(
                lambda: print_book(
                    hdr, book_rows(lines), period.start, period.end, out_dir, forms_url, books
                ),
                done,
                failed,
            )

        def done(pdf: Path) -> None:
            self.print_button.done()
            self.pdf = pdf
            self.open_button.setEnabled(True)
            self.banner.show_message(self.tr("Đã tạo sổ: {0}").format(pdf), "success")

        def failed(exc: BaseException) -> None:
            self.print_button.done()
            self.banner.show_error(exc)

        # every line as the paper book has them (kiosk.services.book, as `kiosk print book`),
        # read on the database worker, rendered on the I/O worker
        self.ctx.tasks.run(lambda s: (header(s), printed_lines(s, period)), render, failed)

    def open_pdf(self) -> None:
        if self.pdf is not None:
            problem = open_file(self.pdf)
            if problem:
                self.banner.show_message(problem, "warning")
