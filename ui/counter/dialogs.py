"""Small dialogs of the counter: a reason, an apology's new date, the return of a result.

They are opened with `open()` (window-modal, never a nested event loop) and report by signal;
the caller runs the service call and shows its answer.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.counter.data import DossierRow
from ui.i18n import fmt_datetime, status_name
from ui.widgets.fields import ValidatedField, date_field, name_field


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QHBoxLayout, QPushButton]:
    line = QHBoxLayout()
    line.addStretch(1)
    cancel = QPushButton(QCoreApplication.translate("Dialogs", "Hủy"))
    ok = QPushButton(ok_text)
    ok.setObjectName("primary")
    ok.setDefault(True)
    line.addWidget(cancel)
    line.addWidget(ok)
    cancel.clicked.connect(dialog.reject)
    return line, ok


class ReasonDialog(QDialog):
    """A required free-text reason (refusal, supplement, stop...)."""

    submitted = Signal(str)

    def __init__(
        self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        box = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        box.addWidget(label)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reason")
        self.text.setMinimumHeight(100)
        box.addWidget(self.text)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        box.addWidget(self.error)
        line, self.ok = _buttons(self, ok_text)
        box.addLayout(line)
        self.ok.clicked.connect(self._submit)
        self.text.textChanged.connect(self.error.hide)

    def _submit(self) -> None:
        reason = " ".join(self.text.toPlainText().split())
        if not reason:
            self.error.setText(self.tr("Phải nhập lý do."))
            self.error.show()
            self.text.setFocus()
            return
        self.submitted.emit(reason)
        self.accept()


class ApologyDialog(QDialog):
    """Mẫu 04: a new due date (after the current one) and the reason for the delay."""

    submitted = Signal(object, str)  # datetime, reason

    def __init__(self, row: DossierRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(self.tr("Xin lỗi và hẹn lại ngày trả kết quả"))
        self.setMinimumWidth(520)
        box = QVBoxLayout(self)
        info = QLabel(
            self.tr("Hồ sơ {0} – hẹn trả hiện tại: {1}").format(row.code, fmt_datetime(row.due_at))
        )
        info.setWordWrap(True)
        box.addWidget(info)
        self.new_date = date_field(self.tr("Ngày hẹn mới"), required=True)
        self.new_date.setObjectName("newDue")
        box.addWidget(self.new_date)
        box.addWidget(QLabel(self.tr("Lý do chậm trễ")))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setMinimumHeight(80)
        box.addWidget(self.reason)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        box.addWidget(self.error)
        line, self.ok = _buttons(self, self.tr("Lưu và in Mẫu 04"))
        box.addLayout(line)
        self.ok.clicked.connect(self._submit)

    def _submit(self) -> None:
        self.new_date.touch()
        if not self.new_date.validate(show=True):
            return
        day = self.new_date.value()
        at = self.row.due_at.time() if self.row.due_at else time(16, 0)
        new_due = datetime.combine(day, at)
        if self.row.due_at is not None and new_due <= self.row.due_at:
            self.new_date.set_error(self.tr("Ngày hẹn mới phải sau ngày hẹn hiện tại."))
            return
        reason = " ".join(self.reason.toPlainText().split())
        if not reason:
            self.error.setText(self.tr("Phải nhập lý do."))
            self.error.show()
            return
        self.submitted.emit(new_due, reason)
        self.accept()


class ReturnDialog(QDialog):
    """Return a result: scan (or type) the receipt's code, confirm who collects it."""

    lookup = Signal(str)  # a code to load
    submitted = Signal(str, str)  # code, collected by

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trả kết quả"))
        self.setMinimumWidth(560)
        self.row: DossierRow | None = None
        box = QVBoxLayout(self)
        box.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with the summary
        hint = QLabel(self.tr("Quét mã QR trên giấy hẹn hoặc nhập mã hồ sơ."))
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.code = ValidatedField(self.tr("Mã hồ sơ"), required=True)
        self.code.setObjectName("returnCode")
        box.addWidget(self.code)
        self.info = QLabel()
        self.info.setObjectName("dossierSummary")
        self.info.setWordWrap(True)
        self.info.hide()
        box.addWidget(self.info)
        self.collector = name_field(self.tr("Người nhận kết quả"))
        self.collector.setObjectName("collector")
        box.addWidget(self.collector)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        line, self.ok = _buttons(self, self.tr("Xác nhận đã trả kết quả"))
        box.addLayout(line)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self._submit)
        self.code.edit.returnPressed.connect(lambda: self.lookup.emit(self.code.text().strip()))

    def set_code(self, code: str) -> None:
        self.code.setText(code)
        self.lookup.emit(code)

    def show_dossier(self, row: DossierRow) -> None:
        self.row = row
        self.code.edit.setText(row.code)
        self.info.setText(
            self.tr("{0}\n{1}\nTrạng thái: {2}").format(
                row.applicant_name, row.procedure_name, status_name(row.status)
            )
        )
        self.info.show()
        ready = row.status == 9
        self.ok.setEnabled(ready)
        if ready:
            self.error.hide()
            if not self.collector.text():
                self.collector.setText(row.applicant_name)
            self.collector.edit.setFocus()
            self.collector.edit.selectAll()
        else:
            self.show_error(self.tr("Hồ sơ này chưa có kết quả để trả."))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _submit(self) -> None:
        self.collector.touch()
        if self.row is None or not self.collector.validate(show=True):
            return
        self.submitted.emit(self.row.code, self.collector.value())
        self.accept()
