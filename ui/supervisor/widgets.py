"""Shared pieces of the supervisor's tabs: the period picker, a table of report rows, saving."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex


def month_start(d: date) -> date:
    return d.replace(day=1)


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


class PeriodPicker(QWidget):
    """From / to dates (dd/MM/yyyy) and quick choices: this month, last month, quarter, year."""

    changed = QtSignal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.preset = QComboBox()
        self.preset.setObjectName("periodPreset")
        self.presets: list[tuple[str, Callable[[date], tuple[date, date]]]] = [
            (self.tr("Tháng này"), lambda t: (month_start(t), t)),
            (self.tr("Tháng trước"), self._last_month),
            (self.tr("Quý này"), lambda t: (quarter_start(t), t)),
            (self.tr("Năm nay"), lambda t: (date(t.year, 1, 1), t)),
            (self.tr("Năm trước"), lambda t: (date(t.year - 1, 1, 1), date(t.year - 1, 12, 31))),
            (self.tr("Tùy chọn"), lambda t: (self.start, self.end)),
        ]
        self.preset.addItems([name for name, _ in self.presets])
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for e, name in ((self.start_edit, "periodFrom"), (self.end_edit, "periodTo")):
            e.setObjectName(name)
            e.setCalendarPopup(True)
            e.setDisplayFormat("dd/MM/yyyy")
        box.addWidget(QLabel(self.tr("Kỳ báo cáo")))
        box.addWidget(self.preset)
        box.addWidget(QLabel(self.tr("từ ngày")))
        box.addWidget(self.start_edit)
        box.addWidget(QLabel(self.tr("đến ngày")))
        box.addWidget(self.end_edit)
        self._set(month_start(today), today)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.start_edit.dateChanged.connect(self._edited)
        self.end_edit.dateChanged.connect(self._edited)

    @staticmethod
    def _last_month(t: date) -> tuple[date, date]:
        end = month_start(t) - timedelta(days=1)
        return month_start(end), end

    @property
    def start(self) -> date:
        value = self.start_edit.date().toPython()
        assert isinstance(value, date)
        return value

    @property
    def end(self) -> date:
        value = self.end_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def set_period(self, start: date, end: date) -> None:
        """Show a period of the caller's choosing (the preset says "Tùy chọn")."""
        self._set(start, end)
        self._custom()

    def _set(self, start: date, end: date) -> None:
        for e, d in ((self.start_edit, start), (self.end_edit, end)):
            e.blockSignals(True)
            e.setDate(QDate(d.year, d.month, d.day))
            e.blockSignals(False)
        self.changed.emit()

    def _apply_preset(self, i: int) -> None:
        start, end = self.presets[i][1](self.today)
        self._set(start, end)

    def _custom(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(self.presets) - 1)
        self.preset.blockSignals(False)

    def _edited(self) -> None:
        self._custom()
        self.changed.emit()


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    number: bool = True
    fmt: Callable[[Any], str] | None = None
    stretch: bool = False  # takes the width the others leave (a long name: elided, tooltip)
    tip: str = ""  # what the column means, on its header's tooltip


class RowsModel(QAbstractTableModel):
    """Report rows (dicts) in columns; an optional last row (the total) is shown in bold."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []
        self.total: dict[str, Any] | None = None
        self.flag: Callable[[dict[str, Any]], bool] = lambda _r: False  # rows to highlight

    def set_rows(
        self,
        rows: list[dict[str, Any]],
        total: dict[str, Any] | None = None,
        columns: Sequence[Column] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows, self.total = list(rows), total
        if columns is not None:
            self.columns = list(columns)
        self.endResetModel()

    def all_rows(self) -> list[dict[str, Any]]:
        return self.rows + ([self.total] if self.total is not None else [])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.all_rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def text(self, row: int, col: int) -> str:
        c = self.columns[col]
        value = self.all_rows()[row].get(c.key)
        if c.fmt is not None:
            return c.fmt(value)
        if value is None:
            return "–" if c.number else ""
        return f"{value:g}" if isinstance(value, float) else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.all_rows()[index.row()]
        is_total = self.total is not None and index.row() == len(self.rows)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[index.column()].stretch:
            return self.text(index.row(), index.column())  # the whole name, where it is elided
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole and not is_total and self.flag(row):
            return QBrush(QColor("#fdecea"))
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tip:
            return self.columns[section].tip
        return None


def rows_view(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setMinimumSectionSize(60)

    def fit_columns() -> None:
        """Numbers and short texts as wide as they are; one long name column takes the rest,
        so the table fits its width instead of pushing its last columns off to the side."""
        for i, c in enumerate(model.columns):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if c.stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(i, mode)

    model.modelReset.connect(fit_columns)
    fit_columns()
    return view


def ask_save_path(parent: QWidget, title: str, suggested: str, filter_text: str) -> str | None:
    """A save dialog; None when cancelled. Tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_text)
    return path or None
