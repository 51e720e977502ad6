"""Staff log-in (kiosk.services.setup.authenticate), as a page of a staff window.

The password check (argon2id) runs on the database worker; the button says so at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from ui.context import AppContext
from ui.widgets.messages import Banner, BusyButton

if TYPE_CHECKING:  # SQLAlchemy loads on the database worker, after the first paint
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SignedIn:
    """Who is at the keyboard (plain data, safe on the GUI thread)."""

    username: str
    full_name: str
    role: str
    device_id: str
    department_id: int | None = None


class _RoleRefused(KioskError):
    pass


SETUP_HINT_EN = (
    "no staff account exists in this database yet: set the office up with 'kiosk setup', or"
    " add an account with 'kiosk staff add USERNAME --name NAME --role clerk --password ...'"
)
SETUP_HINT_VI = (
    "Chưa có tài khoản cán bộ nào trong cơ sở dữ liệu này. Hãy thiết lập bằng lệnh «kiosk setup»"
    " (trình thiết lập), hoặc thêm tài khoản bằng «kiosk staff add TÊN --name HỌ_TÊN --role clerk"
    " --password …»."
)


class NoAccountYet(KioskError):
    """An empty (new) database: nobody can sign in until an account is made."""

    def __init__(self) -> None:
        super().__init__(SETUP_HINT_EN, SETUP_HINT_VI)


def has_accounts(session: Session) -> bool:
    from sqlalchemy import select

    from kiosk.store.models import Staff

    return session.scalar(select(Staff.id).where(Staff.active).limit(1)) is not None


def _check(
    session: Session, username: str, password: str, roles: tuple[str, ...], window: str = ""
) -> tuple[object, SignedIn]:
    from kiosk.services.admin_staff import check_window
    from kiosk.services.context import device_id  # on the worker: SQLAlchemy is loaded there
    from kiosk.services.setup import authenticate

    try:
        staff = authenticate(session, username, password)
    except KioskError:
        if not has_accounts(session):
            raise NoAccountYet() from None
        raise
    check_window(staff, window)  # e.g. the admin account is refused at the counter
    if roles and staff.role not in roles:
        raise _RoleRefused(
            f"user {staff.username} ({staff.role}) may not use this window",
            f"Tài khoản {staff.username} không được dùng màn hình này.",
        )
    who = SignedIn(
        staff.username, staff.full_name, staff.role, device_id(session), staff.department_id
    )
    return staff, who


class LoginPanel(QWidget):
    """User name, password, a button; emits `logged_in(SignedIn)` and sets `ctx.user`."""

    logged_in = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        roles: Iterable[str] = (),
        parent: QWidget | None = None,
        window: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roles = tuple(roles)
        self.window = window  # kiosk.services.admin_staff.check_window
        self._asked_accounts = False
        self.setObjectName("loginPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("loginCard")
        # Centred by stretches, not by an alignment flag: an aligned item gets its plain size
        # hint, and the wrapped title and banner would be squashed into it.
        card.setFixedWidth(460)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        box = QVBoxLayout(card)
        heading = QLabel(title)
        heading.setObjectName("loginTitle")
        heading.setWordWrap(True)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(heading)
        hint = QLabel(self.tr("Đăng nhập bằng tài khoản cán bộ"))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setObjectName("muted")
        box.addWidget(hint)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        box.addLayout(form)
        self.banner = Banner()
        box.addWidget(self.banner)
        self.button = BusyButton(self.tr("Đăng nhập"))
        self.button.setObjectName("primary")
        self.button.setDefault(True)
        box.addWidget(self.button)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)  # type: ignore[arg-type]
        (self.password if self.username.text() else self.username).setFocus()
        if not self._asked_accounts:  # a new, empty database: say how to set up, before a try
            self._asked_accounts = True
            self.ctx.tasks.run(has_accounts, self._accounts_known, lambda _e: None)

    def _accounts_known(self, any_account: bool) -> None:
        if not any_account:
            self.banner.show_error(NoAccountYet())

    def submit(self) -> None:
        if self.button.busy:
            return
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.banner.show_message(self.tr("Nhập tên đăng nhập và mật khẩu."), "warning")
            return
        self.banner.clear_message()
        self.button.start(self.tr("Đang kiểm tra…"))
        roles, window = self.roles, self.window
        self.ctx.tasks.run(
            lambda s: _check(s, user, password, roles, window), self._done, self._failed
        )

    def _done(self, result: tuple[object, SignedIn]) -> None:
        staff, who = result
        self.button.done()
        self.password.clear()
        self.ctx.user = staff
        self.logged_in.emit(who)

    def _failed(self, exc: BaseException) -> None:
        self.button.done()
        self.password.selectAll()
        self.password.setFocus()
        self.banner.show_error(exc)

    def reset(self) -> None:
        self.password.clear()
        self.banner.clear_message()
