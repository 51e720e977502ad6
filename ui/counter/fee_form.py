"""What was collected at reception: fee and charge paid (amount, receipt number), exempt (the
reason), paid online, or nothing due. Checked by kiosk.services.fees.check_collected; a
refusal is shown under its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from kiosk.domain.people import InputError
from kiosk.services.fees import Collected, check_collected
from ui.widgets.fields import ValidatedField


class FeeForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        caption = QLabel(self.tr("Phí, lệ phí"))
        caption.setObjectName("sectionTitle")
        grid.addWidget(caption, 0, 0, 1, 3)
        self.mode = QComboBox()
        self.mode.setObjectName("feeMode")
        for text, mode in (
            (self.tr("— chưa ghi —"), ""),
            (self.tr("Đã thu"), "paid"),
            (self.tr("Miễn"), "exempt"),
            (self.tr("Đã nộp trực tuyến"), "online"),
            (self.tr("Không thu"), "none"),
        ):
            self.mode.addItem(text, mode)
        self.amount = ValidatedField(self.tr("Số tiền (đồng)"), allowed=r"[0-9. ]*", max_length=15)
        self.amount.setObjectName("feeAmount")
        self.receipt = ValidatedField(self.tr("Số biên lai"), max_length=40)
        self.receipt.setObjectName("feeReceipt")
        self.note = ValidatedField(self.tr("Lý do miễn"), max_length=500)
        self.note.setObjectName("feeNote")
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.mode, 1, 0, top)
        grid.addWidget(self.amount, 1, 1, top)
        grid.addWidget(self.receipt, 1, 2, top)
        grid.addWidget(self.note, 2, 0, 1, 3, top)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.amount.setVisible(mode in ("paid", "online"))
        self.receipt.setVisible(mode in ("paid", "online"))
        self.note.setVisible(mode == "exempt")

    def suggest(self, amount: int | None) -> None:
        """The office's amount for the chosen procedure, ready to confirm."""
        self.amount.setText(str(amount) if amount else "")

    def collected(self) -> Collected | None:
        """What the clerk entered, checked (InputError naming the field); None: not recorded."""
        mode = self.mode.currentData()
        if not mode:
            return None
        return check_collected(
            mode, self.amount.text() or None, self.note.text() or None, self.receipt.text() or None
        )

    def show_input_error(self, field: str, message: str) -> bool:
        target = {"fee_amount": self.amount, "fee_receipt": self.receipt, "fee_note": self.note}
        widget = target.get(field)
        if widget is None:
            if field == "fee_mode":
                self.mode.setFocus()
                return True
            return False
        widget.set_error(message)
        widget.edit.setFocus()
        return True

    def check(self) -> bool:
        try:
            self.collected()
        except InputError as exc:
            return not self.show_input_error(exc.field, exc.message_vi)
        return True

    def clear(self) -> None:
        self.mode.setCurrentIndex(0)
        for f in (self.amount, self.receipt, self.note):
            f.clear()
