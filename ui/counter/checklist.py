"""The procedure's required documents: tick what the citizen hands in, originals and copies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.counter.data import DocumentItem


class Checklist(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Thành phần hồ sơ"))
        caption.setObjectName("sectionTitle")
        box.addWidget(caption)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("checklist")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Giấy tờ (đánh dấu khi đã nhận)"), self.tr("Bản chính"), self.tr("Bản sao")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        box.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        box.addWidget(self.summary)
        self.documents: list[DocumentItem] = []
        self.table.itemChanged.connect(self._item_changed)

    def set_documents(self, documents: tuple[DocumentItem, ...]) -> None:
        self.documents = list(documents)
        self.table.blockSignals(True)
        self.table.setRowCount(len(documents))
        for row, d in enumerate(documents):
            text = d.name + ("" if d.required else "  " + self.tr("(nếu có)"))
            if d.note:
                text += f"\n– {d.note}"
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if d.required:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, 0, item)
            for col, n in ((1, d.originals), (2, d.copies)):
                spin = QSpinBox()
                spin.setRange(0, 20)
                spin.setValue(n)
                self.table.setCellWidget(row, col, spin)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._update_summary()

    def _item(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, 0)
        assert item is not None  # every row gets its item in set_documents
        return item

    def set_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            self._item(row).setCheckState(state)

    def check_row(self, row: int, checked: bool = True) -> None:
        self._item(row).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        self._update_summary()
        self.changed.emit()

    def _checked(self, row: int) -> bool:
        return self._item(row).checkState() == Qt.CheckState.Checked

    def _line(self, row: int) -> dict[str, Any]:
        originals = self.table.cellWidget(row, 1)
        copies = self.table.cellWidget(row, 2)
        assert isinstance(originals, QSpinBox) and isinstance(copies, QSpinBox)
        return {
            "name": self.documents[row].name,
            "originals": originals.value(),
            "copies": copies.value(),
        }

    def received(self) -> list[dict[str, Any]]:
        return [self._line(r) for r in range(len(self.documents)) if self._checked(r)]

    def missing_required(self) -> list[dict[str, Any]]:
        return [
            self._line(r)
            for r, d in enumerate(self.documents)
            if d.required and not self._checked(r)
        ]

    def _update_summary(self) -> None:
        if not self.documents:
            self.summary.setText(self.tr("Chọn thủ tục để xem thành phần hồ sơ."))
            return
        missing = len(self.missing_required())
        got = len(self.received())
        text = self.tr("Đã nhận {0} giấy tờ.").format(got)
        if missing:
            text += " " + self.tr("Còn thiếu {0} giấy tờ bắt buộc.").format(missing)
        else:
            text += " " + self.tr("Đủ giấy tờ bắt buộc.")
        self.summary.setText(text)

    def clear(self) -> None:
        self.set_documents(())
