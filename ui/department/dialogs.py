"""The department window's dialogs: the hand-over to another agency, and the supplement
request (Mẫu 02), with a supervisor's approval when the dossier has had a request already
(docs/rules.md: Decree 61/2018 asks for one request listing everything missing; a second one
needs a supervisor and a reason).

The supplement dialog stays open while the request is recorded: a refusal (a wrong password, the
supervisor's name missing, too many tries) is shown under the field it concerns, and the
dialog closes only once the request is recorded. The password is checked by the same service
as at the counter (kiosk.services.approval.check_approver, throttled like a sign-in).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.approval import APPROVER, PASSWORD
from ui.counter.data import DossierRow
from ui.i18n import error_text
from ui.widgets.fields import ValidatedField


class SupplementDialog(QDialog):
    """What is missing and why; the approving supervisor's user name and password when
    `approval` (a second request, made by someone who is not a supervisor)."""

    # reason, approving supervisor, their password
    submitted = Signal(str, str, str)

    def __init__(self, row: DossierRow, approval: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(self.tr("Yêu cầu bổ sung hồ sơ"))
        self.setMinimumWidth(560)
        box = QVBoxLayout(self)
        subject = QLabel(self.tr("Hồ sơ {0} – {1}").format(row.code, row.applicant_name))
        subject.setObjectName("dialogSubject")
        subject.setWordWrap(True)
        box.addWidget(subject)
        prompt = QLabel(self.tr("Giấy tờ cần bổ sung và lý do:"))
        prompt.setWordWrap(True)
        box.addWidget(prompt)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setMinimumHeight(90)
        box.addWidget(self.reason)
        self.reason_error = QLabel()
        self.reason_error.setObjectName("fieldError")
        self.reason_error.setWordWrap(True)
        self.reason_error.hide()
        box.addWidget(self.reason_error)
        self.approval = QWidget()
        self.approval.setObjectName("approval")
        inner = QVBoxLayout(self.approval)
        inner.setContentsMargins(0, 6, 0, 0)
        why = QLabel(
            self.tr(
                "Hồ sơ này đã được yêu cầu bổ sung một lần. Yêu cầu lần thứ hai cần giám sát"
                " viên phê duyệt (Nghị định 61/2018): giám sát viên nhập tên đăng nhập và mật"
                " khẩu; lý do ở trên được ghi lại."
            )
        )
        why.setObjectName("muted")
        why.setWordWrap(True)
        inner.addWidget(why)
        fields = QHBoxLayout()
        self.approver = ValidatedField(self.tr("Giám sát viên phê duyệt"), required=True)
        self.approver.setObjectName("approver")
        self.approver.edit.setObjectName("approverName")
        self.password = ValidatedField(self.tr("Mật khẩu của giám sát viên"), required=True)
        self.password.setObjectName("approverPassword")
        self.password.edit.setEchoMode(QLineEdit.EchoMode.Password)
        fields.addWidget(self.approver, 1)
        fields.addWidget(self.password, 1)
        inner.addLayout(fields)
        self.approval.setVisible(approval)
        box.addWidget(self.approval)
        self.error = QLabel()  # a refusal that belongs to no field
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        line = QHBoxLayout()
        line.addStretch(1)
        self.cancel = QPushButton(self.tr("Hủy"))
        self.ok = QPushButton(self.tr("Lưu và in Mẫu 02"))
        self.ok.setObjectName("primary")
        self.ok.setDefault(True)
        line.addWidget(self.cancel)
        line.addWidget(self.ok)
        box.addLayout(line)
        self.cancel.clicked.connect(self.reject)
        self.ok.clicked.connect(self._submit)
        self.reason.textChanged.connect(self.reason_error.hide)
        self.password.edit.returnPressed.connect(self._submit)

    @property
    def needs_approval(self) -> bool:
        return not self.approval.isHidden()

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self.error.hide()
        reason = " ".join(self.reason.toPlainText().split())
        good = True
        if not reason:
            self.reason_error.setText(self.tr("Phải nhập giấy tờ cần bổ sung và lý do."))
            self.reason_error.show()
            self.reason.setFocus()
            good = False
        if self.needs_approval:
            for field in (self.approver, self.password):
                field.touch()
                if not field.validate(show=True):
                    good = False
        if not good:
            return
        self.ok.setEnabled(False)
        self.ok.setText(self.tr("Đang kiểm tra…"))
        approver = self.approver.text().strip() if self.needs_approval else ""
        password = self.password.text() if self.needs_approval else ""
        self.submitted.emit(reason, approver, password)

    def refused(self, exc: BaseException) -> None:
        """The request was not recorded: say why, under the field it concerns."""
        self.ok.setEnabled(True)
        self.ok.setText(self.tr("Lưu và in Mẫu 02"))
        text = error_text(exc)
        field = getattr(exc, "field", None)
        if field == APPROVER and self.needs_approval:
            self.approver.set_error(text)
            self.approver.edit.setFocus()
        elif field == PASSWORD and self.needs_approval:
            self.password.set_error(text)
            self.password.edit.selectAll()
            self.password.edit.setFocus()
        elif field == "reason":
            self.reason_error.setText(text)
            self.reason_error.show()
        else:
            self.error.setText(text)
            self.error.show()

    def recorded(self) -> None:
        self.password.clear()
        self.accept()


class HandoverDialog(QDialog):
    def __init__(self, row: DossierRow, route: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chuyển hồ sơ liên thông"))
        self.setMinimumWidth(480)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Chuyển hồ sơ {0} cho cơ quan:").format(row.code)))
        self.agency = QComboBox()
        self.agency.setObjectName("agency")
        self.agency.setEditable(True)
        self.agency.addItems(list(route))
        box.addWidget(self.agency)
        box.addWidget(QLabel(self.tr("Ghi chú")))
        self.note = QLineEdit()
        box.addWidget(self.note)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        box.addWidget(self.error)
        line = QHBoxLayout()
        line.addStretch(1)
        cancel = QPushButton(self.tr("Hủy"))
        self.ok = QPushButton(self.tr("Chuyển"))
        self.ok.setObjectName("primary")
        line.addWidget(cancel)
        line.addWidget(self.ok)
        box.addLayout(line)
        cancel.clicked.connect(self.reject)
        self.ok.clicked.connect(self._submit)

    def _submit(self) -> None:
        if not self.agency.currentText().strip():
            self.error.setText(self.tr("Chọn hoặc nhập cơ quan nhận."))
            self.error.show()
            return
        self.accept()
