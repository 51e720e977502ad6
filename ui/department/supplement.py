"""The department window's supplement request (Mẫu 02), start to end.

First the worker says whether the dossier needs a supervisor's approval (it has had a request
already and the one signed in is not a supervisor: kiosk.services.rules); then the dialog
(ui/department/dialogs.py) asks for the reason and, if so, the approving supervisor's user
name and password; the request is recorded behind the password check
(ui/department/actions.approved_job). A refusal goes back to the dialog, under its field; the
dialog closes only once the request is recorded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.approval import Approval
from kiosk.services.context import Actor
from ui.context import AppContext
from ui.counter.data import DossierRow
from ui.department.actions import Action, approved_job, needs_approval
from ui.department.dialogs import SupplementDialog
from ui.widgets.messages import BusyButton


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
        self.button.start()

        def ask(approval: bool) -> None:
            self.button.done()
            dialog = SupplementDialog(row, approval, self.window)
            dialog.submitted.connect(
                lambda reason, who, password: self._submit(
                    action, row, actor, dialog, reason, who, password
                )
            )
            dialog.open()
            self.opened.emit(dialog)

        def failed(exc: BaseException) -> None:
            self.button.done()
            self.failed.emit(exc)

        self.ctx.tasks.run(lambda s: needs_approval(s, row.code, username), ask, failed)

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
        self.button.start()
        job = approved_job(action, row.code, actor, reason, approver, password)

        def done(result: Any) -> None:
            self.button.done()
            if isinstance(result, Approval):  # the supervisor's approval was refused
                dialog.refused(result.refusal or ValueError())
                return
            dialog.recorded()
            self.recorded.emit(row, result)

        def failed(exc: BaseException) -> None:
            self.button.done()
            dialog.refused(exc)

        self.ctx.tasks.run(job, done, failed)
