"""Small dialogs of the counter: a reason, an apology's new date, the return of a result.

They are opened with `open()` (window-modal, never a nested event loop) and report by signal;
the caller runs the service call and shows its answer. The reason and apology dialogs are
RuleDialogs (ui/widgets/rule_dialog.py): they stay open until the action is recorded, and a
refusal is shown under the field it concerns.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.counter.data import DossierRow
from ui.i18n import fmt_datetime, status_name
from ui.widgets.fields import ValidatedField, date_field, name_field
from ui.widgets.rule_dialog import RuleDialog


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


class ReasonDialog(RuleDialog):
    """A required free-text reason (refusal, supplement, stop...). It stays open while the
    action is recorded (ui.widgets.rule_dialog.run_in_dialog): a refusal goes under the reason,
    or below it when it concerns nothing in the dialog."""

    submitted = Signal(str)

    def __init__(
        self,
        title: str,
        prompt: str,
        ok_text: str,
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(title, ok_text, parent)
        # what the reason will be recorded on: the dialog shows what it acts on
        self.subject = self.add_subject(subject)
        self.text = self.add_reason(prompt, self.tr("Phải nhập lý do."), height=100)
        self.finish()

    def send(self) -> None:
        self.submitted.emit(self.reason_text())


class ApologyDialog(RuleDialog):
    """Mẫu 04: a new due date (after the current one) and the reason for the delay. A second
    apology needs a supervisor (docs/rules.md): the dialog then asks for the approving
    supervisor's user name and password (`approval`: the dossier has had an apology and the
    one signed in is not a supervisor; kiosk.services.rules.needs_approval)."""

    # code (the dossier shown), datetime, reason, approving supervisor, their password
    submitted = Signal(str, object, str, str, str)

    def __init__(
        self, row: DossierRow, parent: QWidget | None = None, *, approval: bool = False
    ) -> None:
        super().__init__(
            self.tr("Xin lỗi và hẹn lại ngày trả kết quả"), self.tr("Lưu và in Mẫu 04"), parent
        )
        self.row = row
        self.new_due: datetime | None = None
        self.add_subject(
            self.tr("Hồ sơ {0} – {1}").format(row.code, row.applicant_name)
            + "\n"
            + self.tr("Hẹn trả hiện tại: {0}").format(fmt_datetime(row.appointment))
        )
        self.new_date = date_field(self.tr("Ngày hẹn mới"), required=True)
        self.new_date.setObjectName("newDue")
        self.box.addWidget(self.new_date)
        self.on_field("new_due", self._date_refused)
        self.add_reason(self.tr("Lý do chậm trễ"), self.tr("Phải nhập lý do."), height=80)
        fields = self.add_approval(
            self.tr(
                "Hồ sơ đã có thư xin lỗi: lần thứ hai cần giám sát viên phê duyệt. Giám sát viên"
                " nhập tên đăng nhập và mật khẩu."
            ),
            approval,
        )
        self.approver, self.password = fields.approver, fields.password
        self.finish()

    def _date_refused(self, text: str) -> None:
        self.new_date.set_error(text)
        self.new_date.edit.setFocus()

    def check(self) -> bool:
        self.new_date.touch()
        if not self.new_date.validate(show=True):
            return False
        current = self.row.appointment
        at = current.time() if current else time(16, 0)
        self.new_due = datetime.combine(self.new_date.value(), at)
        if current is not None and self.new_due <= current:
            self.new_date.set_error(self.tr("Ngày hẹn mới phải sau ngày hẹn hiện tại."))
            return False
        return True

    def send(self) -> None:
        who, password = self.approval_values()
        self.submitted.emit(self.row.code, self.new_due, self.reason_text(), who, password)


class ReturnDialog(QDialog):
    """Return a result: scan (or type) the receipt's code, confirm who collects it.

    The dialog acts on exactly what it shows: the confirm button is enabled only while the
    dossier on screen is the one loaded from the code now in the field. Editing the code drops
    the loaded dossier and the collector's name; an answer for an older code is ignored.
    """

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
        self.code.edit.returnPressed.connect(self._ask)
        self.code.edit.textChanged.connect(self._code_changed)

    def shown_code(self) -> str:
        return self.code.text().strip()

    def _ask(self) -> None:
        code = self.shown_code()
        if code:
            self.lookup.emit(code)

    def set_code(self, code: str) -> None:
        self.code.setText(code)
        self._drop_loaded()
        self.lookup.emit(code)

    def _code_changed(self, _text: str) -> None:
        if self.row is not None and self.shown_code() != self.row.code:
            self._drop_loaded()

    def _drop_loaded(self) -> None:
        """The code on screen no longer names the loaded dossier: nothing to confirm."""
        self.row = None
        self.ok.setEnabled(False)
        self.info.clear()
        self.info.hide()
        self.error.hide()
        self.collector.clear()

    def show_dossier(self, row: DossierRow, asked: str | None = None) -> None:
        """Show the dossier loaded for `asked`; an answer for a code no longer in the field
        (the clerk typed on meanwhile) is dropped."""
        if asked is not None and asked != self.shown_code():
            return
        self._drop_loaded()
        self.code.edit.blockSignals(True)
        self.code.setText(row.code)
        self.code.edit.blockSignals(False)
        self.row = row
        self.info.setText(
            self.tr("{0}\n{1}\nTrạng thái: {2}").format(
                row.applicant_name, row.procedure_name, status_name(row.status)
            )
        )
        self.info.show()
        ready = row.status == 9
        self.ok.setEnabled(ready)
        if ready:
            self.collector.setText(row.applicant_name)
            self.collector.edit.setFocus()
            self.collector.edit.selectAll()
        else:
            self.show_error(self.tr("Hồ sơ này chưa có kết quả để trả."))

    def show_error(self, text: str, asked: str | None = None) -> None:
        if asked is not None and asked != self.shown_code():
            return
        self.error.setText(text)
        self.error.show()

    def acting_on(self) -> str | None:
        """The code confirm acts on: the loaded dossier's, and only while it is the one shown."""
        if self.row is None or self.row.code != self.shown_code() or self.row.status != 9:
            return None
        return self.row.code

    def _submit(self) -> None:
        code = self.acting_on()
        if code is None:
            self.ok.setEnabled(False)
            self.show_error(self.tr("Nhấn Enter để tải hồ sơ theo mã đang nhập."))
            return
        self.collector.touch()
        if not self.collector.validate(show=True):
            return
        self.submitted.emit(code, self.collector.value())
        self.accept()
