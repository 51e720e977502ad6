"""The department window's dialogs: the hand-over to another agency, and the supplement
request (Mẫu 02), with a supervisor's approval when the dossier has had a request already
(docs/rules.md: Decree 61/2018 asks for one request listing everything missing; a second one
needs a supervisor and a reason).

The supplement dialog is a RuleDialog (ui/widgets/rule_dialog.py, the counter's apology dialog
is one too): it stays open while the request is recorded, a refusal (a wrong password, the
supervisor's name missing, too many tries) is shown under the field it concerns, and it closes
only once the request is recorded. The password is checked by the same service as at the
counter (kiosk.services.approval.check_approver, throttled like a sign-in).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.counter.data import DossierRow
from ui.widgets.rule_dialog import RuleDialog


class SupplementDialog(RuleDialog):
    """What is missing and why; the approving supervisor's user name and password when
    `approval` (a second request, made by someone who is not a supervisor)."""

    # reason, approving supervisor, their password
    submitted = Signal(str, str, str)

    def __init__(self, row: DossierRow, approval: bool, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Yêu cầu bổ sung hồ sơ"), self.tr("Lưu và in Mẫu 02"), parent, width=560
        )
        self.row = row
        self.add_subject(self.tr("Hồ sơ {0} – {1}").format(row.code, row.applicant_name))
        self.add_reason(
            self.tr("Giấy tờ cần bổ sung và lý do:"),
            self.tr("Phải nhập giấy tờ cần bổ sung và lý do."),
        )
        fields = self.add_approval(
            self.tr(
                "Hồ sơ này đã được yêu cầu bổ sung một lần. Yêu cầu lần thứ hai cần giám sát"
                " viên phê duyệt (Nghị định 61/2018): giám sát viên nhập tên đăng nhập và mật"
                " khẩu; lý do ở trên được ghi lại."
            ),
            approval,
        )
        self.approver, self.password = fields.approver, fields.password
        self.finish()

    def send(self) -> None:
        self.submitted.emit(self.reason_text(), *self.approval_values())


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
