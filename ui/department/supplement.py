"""The department window's supplement request (Mẫu 02) and stop (Mẫu 05), start to end.

First the worker says whether the dossier needs a supervisor's approval (it has had a request
already and the one signed in is not a supervisor: kiosk.services.rules); then the dialog
(ui/department/dialogs.py) asks for the reason and, if so, the approving supervisor's user
name and password; the request is recorded behind the password check
(ui/department/actions.approved_job). A refusal goes back to the dialog, under its field; the
dialog closes only once the request is recorded. The stop's reason dialog works the same way
(ui.widgets.rule_dialog: a refusal, e.g. of the status machine, stays in the dialog).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.context import Actor
from ui.context import AppContext
from ui.counter.data import DossierRow
from ui.counter.dialogs import ReasonDialog
from ui.department.actions import Action, approved_job, job_for, needs_approval
from ui.department.dialogs import SupplementDialog
from ui.widgets.messages import BusyButton
from ui.widgets.rule_dialog import open_when_known, run_in_dialog


class SupplementFlow(QObject):
    opened = Signal(object)  # the dialog, once it is open
    recorded = Signal(object, object)  # the row, the printout (Mẫu 02)
    failed = Signal(object)  # an error before the dialog opened (for the window's banner)

    def __init__(self, ctx: AppContext, window: QWidget, button: BusyButton) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.button = button

    def start(self, action: Action, row: DossierRow, username: str, actor: Actor) -> None:
        def ask(approval: bool) -> None:
            dialog = SupplementDialog(row, approval, self.window)
            dialog.submitted.connect(
                lambda reason, who, password: self._submit(
                    action, row, actor, dialog, reason, who, password
                )
            )
            dialog.open()
            self.opened.emit(dialog)

        open_when_known(
            self.ctx,
            self.button,
            lambda s: needs_approval(s, row.code, username),
            ask,
            self.failed.emit,
        )

    def _submit(
        self,
        action: Action,
        row: DossierRow,
        actor: Actor,
        dialog: SupplementDialog,
        reason: str,
        approver: str,
        password: str,
    ) -> None:
        job = approved_job(action, row.code, actor, reason, approver, password)
        run_in_dialog(
            self.ctx, dialog, self.button, job, lambda printout: self.recorded.emit(row, printout)
        )

    def stop(self, action: Action, row: DossierRow, actor: Actor, button: BusyButton) -> None:
        dialog = ReasonDialog(
            self.tr("Dừng xử lý hồ sơ"),
            self.tr("Lý do dừng xử lý (in trên Mẫu 05):"),
            self.tr("Lưu"),
            self.window,
            subject=self.tr("Hồ sơ {0} – {1}").format(row.code, row.applicant_name),
        )
        dialog.submitted.connect(
            lambda reason: run_in_dialog(
                self.ctx,
                dialog,
                button,
                job_for(action, row.code, actor, reason),
                lambda printout: self.recorded.emit(row, printout),
            )
        )
        dialog.open()
        self.opened.emit(dialog)
