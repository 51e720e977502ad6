"""Find the procedure: by name or code, accent-insensitive ("dang ky khai sinh").

The catalog (a few hundred procedures at most) is loaded once on the worker; filtering then
runs in memory on each key press, well inside the 100 ms budget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.people import fold
from ui.counter.data import ProcedureItem


class ProcedurePicker(QWidget):
    picked = Signal(object)  # ProcedureItem | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.procedures: list[ProcedureItem] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Thủ tục hành chính"))
        caption.setObjectName("sectionTitle")
        box.addWidget(caption)
        self.search = QLineEdit()
        self.search.setObjectName("procedureSearch")
        self.search.setPlaceholderText(self.tr("Tìm theo tên hoặc mã thủ tục (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        box.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("procedureList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(self.list, 1)
        self.count = QLabel()
        self.count.setObjectName("muted")
        box.addWidget(self.count)
        self.search.textChanged.connect(self.apply_filter)
        self.search.returnPressed.connect(self._pick_first)
        self.list.currentItemChanged.connect(self._changed)

    def set_procedures(self, procedures: list[ProcedureItem]) -> None:
        self.procedures = procedures
        self.apply_filter()

    def apply_filter(self) -> None:
        phrase = fold(self.search.text())
        words = phrase.split()
        found = [p for p in self.procedures if p.matches(words)] if words else self.procedures
        if words:
            found = sorted(found, key=lambda p: p.rank(phrase))
        current = self.selected()
        self.list.blockSignals(True)
        self.list.clear()
        shown = 0
        for p in found:
            item = QListWidgetItem(f"{p.name}\n{p.code} · {p.field}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.list.addItem(item)
            if current is not None and p.code == current.code:
                self.list.setCurrentItem(item)
            shown += 1
        self.list.blockSignals(False)
        self.count.setText(self.tr("{0} / {1} thủ tục").format(shown, len(self.procedures)))
        if self.selected() is None and current is not None:
            self.picked.emit(None)

    def _pick_first(self) -> None:
        if self.list.count():
            self.list.setCurrentRow(0)

    def _changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole) if item is not None else None)

    def selected(self) -> ProcedureItem | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_code(self, code: str) -> bool:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole).code == code:
                self.list.setCurrentItem(item)
                return True
        return False

    def clear_selection(self) -> None:
        self.search.clear()
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
