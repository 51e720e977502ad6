"""The catalog and the holiday calendar changed from the admin window (kiosk.sync.shared_admin).

On a PC standing alone or enrolled with a server of one office the change goes as any admin
change (applied here, or pending for the server). On a server of several offices the server
applies it only with the signed-in admin's proof: the first try says so (ProofNeeded), a small
dialog asks the admin's password again, and the change is sent with it, at once; an unreachable
server gives one sentence in the banner and nothing is recorded. The password lives only in
the dialog and the job that uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.admin.form import AdminForm
from ui.admin.tabs import tr
from ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class PasswordDialog(QDialog):
    """"Nhập lại mật khẩu": the admin's password for one change the server must verify."""

    def __init__(self, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Xác nhận với máy chủ"))
        lay = QVBoxLayout(self)
        self.message = QLabel(
            tr(
                "Danh mục và lịch nghỉ dùng chung cho mọi đơn vị của máy chủ. Nhập lại mật khẩu "
                "của {0} để máy chủ xác nhận quản trị viên của mọi đơn vị (máy chủ phải đang "
                "kết nối)."
            ).format(user)
        )
        self.message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("Mật khẩu"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for w in (self.message, self.password, self.buttons):
            lay.addWidget(w)
        self.setMinimumWidth(420)


class SharedChange:
    """Sends one catalog or calendar change; asks the password when the server needs it."""

    def __init__(self, page: QWidget, ctx: AppContext, form: AdminForm) -> None:
        self.page, self.ctx, self.form = page, ctx, form
        self.dialog: PasswordDialog | None = None

    def user(self) -> str:
        return str(getattr(self.ctx.user, "username", "") or "")

    def submit(
        self,
        kind: str,
        payload: dict[str, Any],
        on_done: Callable[[Any], None],
        password: str | None = None,
    ) -> None:
        user = self.user()

        def job(session: Session) -> Any:
            from kiosk.sync.shared_admin import prepare_shared

            by = {"by": user} if user and password is None else {}
            return prepare_shared(session, kind, {**payload, **by}, user or None, password)

        def prepared(step: Any) -> None:
            from kiosk.sync.shared_admin import ToServer, send_shared

            if not isinstance(step, ToServer):  # applied here, or pending for the server
                on_done(step)
                return
            assert password is not None
            # the network without this PC's database held (ui.tasks: call, no transaction)
            # then this PC pulls at once: the tab's refresh shows the server's new catalog
            tasks = self.ctx.tasks
            send = lambda: send_shared(step, user, password, store=tasks.store)  # noqa: E731
            tasks.call(send, on_done, failed)

        def failed(exc: BaseException) -> None:
            from kiosk.sync.shared_admin import ProofNeeded

            if isinstance(exc, ProofNeeded) and password is None:
                self.ask(kind, payload, on_done)
            else:
                self.form.show_error(exc)

        self.form.banner.show_message(tr("Đang gửi…"), "info")
        self.ctx.tasks.run(job, prepared, failed)

    def ask(self, kind: str, payload: dict[str, Any], on_done: Callable[[Any], None]) -> None:
        self.dialog = PasswordDialog(self.user(), self.page)

        def accepted() -> None:
            assert self.dialog is not None
            password = self.dialog.password.text()
            self.dialog.password.clear()
            self.submit(kind, payload, on_done, password)

        self.dialog.accepted.connect(accepted)
        self.dialog.rejected.connect(lambda: self.form.banner.show_message(
            tr("Chưa thay đổi gì: cần mật khẩu để máy chủ xác nhận."), "warning"
        ))  # fmt: skip
        self.dialog.open()
