"""A table model of dossier rows (codes, applicants, dates, statuses), overdue rows in red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.counter.data import DossierRow
from ui.i18n import fmt_datetime, status_name

OVERDUE = QColor("#b3261e")
Index = QModelIndex | QPersistentModelIndex


class DossierModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DossierRow] = []
        self.headers = [
            self.tr("Mã hồ sơ"),
            self.tr("Người nộp"),
            self.tr("Thủ tục"),
            self.tr("Tiếp nhận"),
            self.tr("Hẹn trả"),
            self.tr("Trạng thái"),
        ]

    def set_rows(self, rows: list[DossierRow]) -> None:
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
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.code,
                r.applicant_name,
                r.procedure_name,
                fmt_datetime(r.received_at),
                fmt_datetime(r.due_at),
                status_name(r.status) + (" – " + self.tr("quá hạn") if r.overdue else ""),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return r.procedure_name
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def row_at(self, row: int) -> DossierRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def dossier_view(model: DossierModel, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the procedure may elide
    for col, width in ((1, 170), (3, 130), (4, 130)):
        view.setColumnWidth(col, width)
    # the code and the status are read whole: as wide as their longest text on screen
    header.setResizeContentsPrecision(200)
    for col in (0, 5):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return view
