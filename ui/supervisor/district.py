"""The district view of the supervisor's reports: the scope choice, the server sign-in, the calls.

The district reports come from the sync server configured on this PC (setting `sync_server`,
docs/server.md "District reports"). They want the supervisor's own staff account on the server,
not the PC's device credentials: the first district report of a session asks for the password
in a small dialog, signs in (`kiosk.sync.reports_client.sign_in`) and keeps only the server's
session token, in memory, until the supervisor signs out; the password is never kept.

Every HTTP call runs on a worker of its own (`District.net`), so a slow or missing server never
stalls the window or the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.context import get_setting
from kiosk.sync.http import remember_pin
from kiosk.sync.reports_client import (
    CredentialsRefused,
    SessionExpired,
    StaffSession,
    fetch_report,
    fetch_report_csv,
    sign_in,
)
from ui.context import AppContext
from ui.tasks import SerialWorker
from ui.widgets.messages import Banner, BusyButton

LOCAL, DISTRICT = "local", "district"


class NoServer(KioskError):
    """No sync server is configured on this PC."""


class SignInCancelled(KioskError):
    """The supervisor closed the server sign-in without signing in."""


@dataclass
class _Request:
    kind: str
    params: dict[str, str]
    fmt: str
    then: Callable[[Any], Any] | None
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]


def _read_server(session: Session) -> str | None:
    server = get_setting(session, "sync_server") or None
    if server:  # the CA this PC pinned at enrollment checks the server's TLS certificate
        remember_pin(server, get_setting(session, "sync_ca_pem"))
    return server


class District(QObject):
    """The district server for the report tabs: configured or not, the supervisor's session."""

    availability_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.net = SerialWorker("kiosk-net", self)
        self.server: str | None = None
        self.checked = False  # the setting has been read
        self.username = ""
        self.session: StaffSession | None = None
        self.dialog: ServerLoginDialog | None = None
        self._waiting: list[_Request] = []

    # -- the configured server ------------------------------------------------------------------
    def check(self) -> None:
        """Read the server address (on the database worker); `availability_changed` follows."""
        self.ctx.tasks.run(_read_server, self._checked, lambda _exc: self._checked(None))

    def _checked(self, server: str | None) -> None:
        self.server, self.checked = server, True
        self.availability_changed.emit()

    @property
    def available(self) -> bool:
        return self.server is not None

    def unavailable_reason(self) -> str:
        if not self.checked:
            return self.tr("Đang đọc cấu hình máy chủ đồng bộ…")
        return self.tr(
            "Máy này chưa được cấu hình máy chủ đồng bộ (máy chủ huyện), nên chỉ xem được số "
            "liệu của đơn vị này. Quản trị viên đăng ký máy với máy chủ bằng lệnh kiosk enroll."
        )

    def not_configured(self) -> NoServer:
        return NoServer(
            "no district server is configured on this PC",
            self.tr("Máy này chưa được cấu hình máy chủ huyện; không xem được báo cáo toàn huyện."),
        )

    # -- the supervisor's session ---------------------------------------------------------------
    def start(self, username: str) -> None:
        """A supervisor signed in here: the server account is assumed to have the same name."""
        self.username = username
        self.session = None
        self.check()

    def forget(self) -> None:
        """The supervisor signed out: drop the server session and anything waiting for it."""
        self.session = None
        self.username = ""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Rejected)
        self._fail_waiting(self._cancelled())

    def _cancelled(self) -> SignInCancelled:
        return SignInCancelled(
            "the district server sign-in was cancelled",
            self.tr("Chưa đăng nhập máy chủ huyện: đang xem số liệu của đơn vị này."),
        )

    # -- the calls ------------------------------------------------------------------------------
    def fetch(
        self,
        kind: str,
        params: dict[str, str],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        fmt: str = "json",
        then: Callable[[Any], Any] | None = None,
    ) -> None:
        """Get a district report (JSON, or CSV text) on the network worker; `then(answer)`
        runs there too (writing a file, say) and its result is what `on_done` gets."""
        req = _Request(kind, dict(params), fmt, then, on_done, on_error)
        if self.server is None:
            on_error(self.not_configured())
        elif self.session is None:
            self._waiting.append(req)
            self._ask()
        else:
            self._send(req, self.session)

    def _send(self, req: _Request, session: StaffSession) -> None:
        def job() -> Any:
            if req.fmt == "csv":
                answer: Any = fetch_report_csv(session, req.kind, req.params)
            else:
                answer = fetch_report(session, req.kind, req.params)
            return req.then(answer) if req.then is not None else answer

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SessionExpired):
                if self.session is session:
                    self.session = None
                self._waiting.append(req)
                self._ask(error=exc)
                return
            req.on_error(exc)

        self.net.run(job, req.on_done, failed)

    def _fail_waiting(self, exc: BaseException) -> None:
        waiting, self._waiting = self._waiting, []
        for req in waiting:
            req.on_error(exc)

    def _flush(self) -> None:
        waiting, self._waiting = self._waiting, []
        assert self.session is not None
        for req in waiting:
            self._send(req, self.session)

    # -- the sign-in dialog ---------------------------------------------------------------------
    def _ask(self, error: BaseException | None = None) -> None:
        if self.dialog is not None:
            return
        assert self.server is not None
        dialog = ServerLoginDialog(self.server, self.username, self.window)
        if error is not None:
            dialog.banner.show_error(error)
        dialog.submitted.connect(self._sign_in)
        dialog.rejected.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:  # cancelled by the supervisor (not closed by a sign-in)
            self.dialog = None
            self._fail_waiting(self._cancelled())

    def _sign_in(self, username: str, password: str) -> None:
        dialog, server = self.dialog, self.server
        if dialog is None or server is None:
            return
        dialog.button.start(self.tr("Đang đăng nhập…"))

        def done(session: StaffSession) -> None:
            if self.dialog is not dialog:  # signed out meanwhile
                return
            self.session, self.username = session, username
            self.dialog = None
            dialog.accept()
            self._flush()

        def failed(exc: BaseException) -> None:
            if self.dialog is not dialog:
                return
            dialog.button.done()
            if isinstance(exc, CredentialsRefused):  # try again, or cancel
                dialog.refused(exc)
                return
            self.dialog = None  # no server, no point in retyping: the tabs say why
            dialog.accept()
            self._fail_waiting(exc)

        self.net.run(lambda: sign_in(server, username, password), done, failed)

    def shutdown(self) -> None:
        self.net.shutdown()


class ServerLoginDialog(QDialog):
    """User name and password for the district server; the password is used once, not kept."""

    submitted = Signal(str, str)

    def __init__(self, server: str, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("districtLogin")
        self.setWindowTitle(self.tr("Đăng nhập máy chủ huyện"))
        self.setFixedWidth(500)
        box = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Báo cáo toàn huyện lấy từ máy chủ {0}. Nhập tài khoản giám sát trên máy chủ; "
                "mật khẩu chỉ dùng để đăng nhập, không lưu trên máy này."
            ).format(server)
        )
        note.setWordWrap(True)
        box.addWidget(note)
        form = QFormLayout()
        self.username = QLineEdit(username)
        self.username.setObjectName("districtUsername")
        self.password = QLineEdit()
        self.password.setObjectName("districtPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        box.addLayout(form)
        self.banner = Banner()
        box.addWidget(self.banner)
        line = QHBoxLayout()
        line.addStretch(1)
        self.cancel = QPushButton(self.tr("Hủy"))
        self.button = BusyButton(self.tr("Đăng nhập"))
        self.button.setObjectName("primary")
        self.button.setDefault(True)
        line.addWidget(self.cancel)
        line.addWidget(self.button)
        box.addLayout(line)
        self.cancel.clicked.connect(self.reject)
        self.button.clicked.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        (self.password if username else self.username).setFocus()

    def _submit(self) -> None:
        if self.button.busy:
            return
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.banner.show_message(self.tr("Nhập tên đăng nhập và mật khẩu."), "warning")
            return
        self.banner.clear_message()
        self.password.clear()  # the password lives on only in the sign-in request
        self.submitted.emit(user, password)

    def refused(self, exc: BaseException) -> None:
        self.banner.show_error(exc)
        self.password.setFocus()
        self.fit()

    def fit(self) -> None:
        """As tall as the wrapped text needs at this width (a window does not ask by itself)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
            self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        self.fit()


class ScopeChoice(QWidget):
    """The choice "Phạm vi: Đơn vị này / Toàn huyện"; the district needs a server configured."""

    changed = Signal()

    def __init__(self, district: District | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.district = district
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("Phạm vi:")))
        self.combo = QComboBox()
        self.combo.setObjectName("reportScope")
        self.combo.addItem(self.tr("Đơn vị này"), LOCAL)
        self.combo.addItem(self.tr("Toàn huyện"), DISTRICT)
        box.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        if district is not None:
            district.availability_changed.connect(self._availability)
        self._availability()

    @property
    def is_district(self) -> bool:
        return self.combo.currentData() == DISTRICT

    def set_local(self) -> None:
        """Back to this office's figures (emits `changed` if it was the district)."""
        self.combo.setCurrentIndex(0)

    def _availability(self) -> None:
        d = self.district
        ok = d is not None and d.available
        self.combo.setEnabled(ok)
        if ok:
            assert d is not None
            self.combo.setToolTip(
                self.tr("Toàn huyện: số liệu mọi đơn vị, từ máy chủ {0}.").format(d.server)
            )
        else:
            reason = d.unavailable_reason() if d is not None else ""
            self.combo.setToolTip(reason)
            self.set_local()
