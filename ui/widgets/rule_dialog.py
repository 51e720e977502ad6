"""The dialog of an action a rule may refuse (docs/rules.md), shared by the counter and the
department windows: the apology (Mẫu 04), the supplement request (Mẫu 02), the refusal (Mẫu 03)
and the stop (Mẫu 05).

The dialog stays open while its action is recorded on the database worker. A refusal (a reason
missing, a new appointment not after the current one, a second request or apology without a
supervisor, a wrong approving password, too many tries) comes back to it and is shown in the
interface language under the field it concerns (`exc.field`); the approving supervisor's fields
appear if the rule asks for them. Nothing is recorded until the action is accepted, and the
dialog closes only then. A refused approval is *returned* by the job
(kiosk.services.approval.behind_approval), so its count of failed tries is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.approval import APPROVER, PASSWORD, Approval
from ui.context import AppContext
from ui.i18n import error_text
from ui.widgets.fields import ValidatedField
from ui.widgets.messages import BusyButton


class ApprovalFields(QWidget):
    """The approving supervisor's user name and password, with a line saying why."""

    def __init__(self, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approval")
        inner = QVBoxLayout(self)
        inner.setContentsMargins(0, 6, 0, 0)
        self.why = QLabel(why)
        self.why.setObjectName("muted")
        self.why.setWordWrap(True)
        inner.addWidget(self.why)
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

    def check(self) -> bool:
        """Both fields filled (an empty one is flagged under itself); True when hidden."""
        if self.isHidden():
            return True
        good = True
        for field in (self.approver, self.password):
            field.touch()
            good = field.validate(show=True) and good
        return good

    def values(self) -> tuple[str, str]:
        """The user name and password typed ("" when the fields are not asked)."""
        if self.isHidden():
            return "", ""
        return self.approver.text().strip(), self.password.text()

    def show_refusal(self, field: str, text: str) -> None:
        self.show()
        if field == APPROVER:
            self.approver.set_error(text)
            self.approver.edit.setFocus()
        else:
            self.password.set_error(text)
            self.password.edit.selectAll()
            self.password.edit.setFocus()


class RuleDialog(QDialog):
    """A dialog whose action a rule may refuse. Subclasses lay out their fields with
    `add_subject`, `add_reason`, `add_approval` and `on_field`, then call `finish`; they check
    what they can in `check()` and send the action in `send()`. The window runs it with
    `run_in_dialog`, which calls back `refused(exc)` or `recorded()`."""

    def __init__(
        self, title: str, ok_text: str, parent: QWidget | None = None, *, width: int = 520
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.box = QVBoxLayout(self)
        self._ok_text = ok_text
        self._fields: dict[str, Callable[[str], None]] = {}
        self._reason_required = ""
        self.reason: QPlainTextEdit | None = None
        self.reason_error: QLabel | None = None
        self.approval: ApprovalFields | None = None
        self.error = QLabel()  # a refusal that belongs to no field
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.ok = BusyButton(ok_text)
        self.ok.setObjectName("primary")
        self.ok.setDefault(True)
        self.cancel = QPushButton(QCoreApplication.translate("Dialogs", "Hủy"))

    # -- building ----------------------------------------------------------------------------
    def add_subject(self, text: str) -> QLabel:
        """What the dialog acts on (the dossier, the application)."""
        subject = QLabel(text)
        subject.setObjectName("dialogSubject")
        subject.setWordWrap(True)
        subject.setVisible(bool(text))
        self.box.addWidget(subject)
        return subject

    def add_reason(self, prompt: str, required: str, height: int = 90) -> QPlainTextEdit:
        """A required free-text reason; `required`: the sentence shown when it is empty."""
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.box.addWidget(label)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setMinimumHeight(height)
        self.box.addWidget(self.reason)
        error = self.reason_error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        self.box.addWidget(error)
        self._reason_required = required
        self.reason.textChanged.connect(error.hide)
        self.on_field("reason", self._reason_refused)
        return self.reason

    def add_approval(self, why: str, shown: bool) -> ApprovalFields:
        self.approval = ApprovalFields(why)
        self.approval.setVisible(shown)
        self.box.addWidget(self.approval)
        self.approval.password.edit.returnPressed.connect(self._submit)
        return self.approval

    def on_field(self, field: str, show: Callable[[str], None]) -> None:
        """Where a refusal of `field` (an InputError's / KioskError's `field`) is shown."""
        self._fields[field] = show

    def finish(self) -> None:
        self.box.addWidget(self.error)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.cancel)
        line.addWidget(self.ok)
        self.box.addLayout(line)
        self.cancel.clicked.connect(self.reject)
        self.ok.clicked.connect(self._submit)

    # -- what the subclass says ----------------------------------------------------------------
    def check(self) -> bool:
        """The subclass's own fields, each flagged under itself; True when all are good."""
        return True

    def send(self) -> None:
        """Emit the subclass's `submitted` signal with what was typed."""
        raise NotImplementedError

    # -- values --------------------------------------------------------------------------------
    @property
    def needs_approval(self) -> bool:
        return self.approval is not None and not self.approval.isHidden()

    def reason_text(self) -> str:
        return " ".join(self.reason.toPlainText().split()) if self.reason is not None else ""

    def approval_values(self) -> tuple[str, str]:
        return self.approval.values() if self.approval is not None else ("", "")

    # -- the round trip ----------------------------------------------------------------------
    def _submit(self) -> None:
        if self.ok.busy:
            return
        self.error.hide()
        good = self.check()
        if self.reason is not None and not self.reason_text():
            self._reason_refused(self._reason_required)
            good = False
        if self.approval is not None and not self.approval.check():
            good = False
        if not good:
            return
        self.ok.start(self.tr("Đang lưu…"))
        self.send()

    def _reason_refused(self, text: str) -> None:
        assert self.reason is not None and self.reason_error is not None
        self.reason_error.setText(text)
        self.reason_error.show()
        self.reason.setFocus()

    def refused(self, exc: BaseException) -> None:
        """The action was not recorded: say why, under the field it concerns (the approval
        fields appear if the rule asks for a supervisor the dialog did not ask for)."""
        self.ok.done()
        text = error_text(exc)
        field = getattr(exc, "field", None)
        if field in (APPROVER, PASSWORD) and self.approval is not None:
            self.approval.show_refusal(field, text)
        elif field in self._fields:
            self._fields[field](text)
        else:
            self.error.setText(text)
            self.error.show()

    def recorded(self) -> None:
        if self.approval is not None:
            self.approval.password.clear()
        self.ok.done()
        self.accept()


def open_when_known(
    ctx: AppContext,
    button: BusyButton,
    question: Callable[[Any], bool],
    open_dialog: Callable[[bool], None],
    failed: Callable[[BaseException], None],
) -> None:
    """Ask the database whether the rule wants a supervisor's approval (`question`, e.g.
    kiosk.services.rules.needs_approval), then `open_dialog(approval)`; the button says it is
    working meanwhile. `failed`: an error before the dialog opened (the window's banner)."""
    button.start()

    def known(approval: bool) -> None:
        button.done()
        open_dialog(approval)

    def not_known(exc: BaseException) -> None:
        button.done()
        failed(exc)

    ctx.tasks.run(question, known, not_known)


def run_in_dialog(
    ctx: AppContext,
    dialog: RuleDialog,
    button: BusyButton,
    job: Callable[[Any], Any],
    recorded: Callable[[Any], None],
    elsewhere: Callable[[BaseException], bool] | None = None,
) -> None:
    """Run `job` (the dialog's action) on the database worker while the dialog stays open.
    A returned Approval (the supervisor's approval refused) or a raised refusal goes back to
    the dialog, under its field; `elsewhere(exc)` may show it in the window instead (a field
    of the window's form: the dialog then closes). Once recorded the dialog closes and
    `recorded(result)` runs."""
    button.start()

    def done(result: Any) -> None:
        button.done()
        if isinstance(result, Approval):
            dialog.refused(result.refusal or ValueError())
            return
        dialog.recorded()
        recorded(result)

    def failed(exc: BaseException) -> None:
        button.done()
        if elsewhere is not None and elsewhere(exc):
            dialog.ok.done()
            dialog.reject()
            return
        dialog.refused(exc)

    ctx.tasks.run(job, done, failed)
