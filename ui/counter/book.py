"""The tracking book (Sổ theo dõi hồ sơ, Mẫu 07) for a period: on screen, then as a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
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
from sqlalchemy.orm import Session

from ui.context import AppContext
from ui.counter.data import default_period
from ui.counter.printouts import book_rows, header, print_book
from ui.i18n import fmt_date, fmt_datetime
from ui.widgets.background import IoRunner
from ui.widgets.fields import date_field
from ui.widgets.messages import Banner, BusyButton

Index = QModelIndex | QPersistentModelIndex
MAX_DAYS = 366


class BookModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
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

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

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
        self.header: Any = None
        self.period: tuple[date, date] | None = None
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
        self.model = BookModel(self)
        self.table = QTableView()
        self.table.setObjectName("bookTable")
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

    def _period(self) -> tuple[date, date] | None:
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
        return start, end

    def load(self) -> None:
        period = self._period()
        if period is None or self.show_button.busy:
            return
        start, end = period
        self.show_button.start(self.tr("Đang tải…"))
        self.banner.clear_message()

        def job(s: Session) -> tuple[Any, list[Any]]:
            return header(s), book_rows(s, start, end)

        def done(result: tuple[Any, list[Any]]) -> None:
            self.show_button.done()
            self.header, rows = result
            self.period = period
            self.model.set_rows(rows)
            self.summary.setText(
                self.tr("Từ {0} đến {1}: {2} hồ sơ, {3} bộ.").format(
                    fmt_date(start), fmt_date(end), len(rows), sum(r.sets for r in rows)
                )
            )
            self.print_button.setEnabled(bool(rows))

        def failed(exc: BaseException) -> None:
            self.show_button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)

    def print_pdf(self) -> None:
        if self.period is None or self.print_button.busy:
            return
        start, end = self.period
        rows, hdr = list(self.model.rows), self.header
        out_dir = Path(self.ctx.home) / "printouts"
        forms_url = self.ctx.printer_url("forms")
        self.print_button.start(self.tr("Đang tạo PDF…"))

        def done(pdf: Path) -> None:
            self.print_button.done()
            self.pdf = pdf
            self.open_button.setEnabled(True)
            self.banner.show_message(self.tr("Đã tạo sổ: {0}").format(pdf), "success")

        def failed(exc: BaseException) -> None:
            self.print_button.done()
            self.banner.show_error(exc)

        self.io.run(lambda: print_book(hdr, rows, start, end, out_dir, forms_url), done, failed)

    def open_pdf(self) -> None:
        if self.pdf is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf)))
