"""The record tabs of the admin window: staff, counters, services, departments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from kiosk.domain.people import InputError
from ui.admin.form import AdminForm, Spec
from ui.admin.records import Payload, RecordTab
from ui.admin.wizard_plan import hash_checked
from ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def tr(text: str) -> str:
    """The admin window's and wizard's strings (pyside6-lupdate files a plain `tr("…")` under
    the empty context; a base class's `self.tr` would look under its subclass's name)."""
    return QCoreApplication.translate("", text)


def role_choices() -> tuple[tuple[str, str], ...]:
    return (
        ("clerk", tr("Cán bộ một cửa")),
        ("supervisor", tr("Giám sát")),
        ("department", tr("Cán bộ phòng chuyên môn")),
        ("admin", tr("Quản trị")),
    )


def two_passwords(form: AdminForm, first: str = "password", second: str = "password2") -> str:
    """The password typed twice (a mismatch is said under the second field)."""
    a, b = form.raw(first), form.raw(second)
    if a != b:
        raise InputError(
            second, "the two passwords differ", tr("Hai lần nhập mật khẩu không giống nhau.")
        )
    return str(a)


def _opt(v: Any) -> Any:
    return None if v in ("", None) else v


class StaffTab(RecordTab):
    def __init__(self, ctx: AppContext) -> None:
        from ui.admin.common import staff_specs

        specs = staff_specs()
        columns = [
            ("username", tr("Tên đăng nhập")),
            ("full_name", tr("Họ và tên")),
            ("role_text", tr("Vai trò")),
            ("counter", tr("Quầy")),
            ("department", tr("Phòng")),
        ]
        super().__init__(ctx, "staff.set", "username", columns, specs, _staff_rows, _staff_payload)
        self.form.set_values({"active": True})
        self.reset_button = QPushButton(tr("Đặt lại mật khẩu"))
        self.reset_button.setObjectName("resetPassword")
        self.disable_button = QPushButton(tr("Ngừng sử dụng"))
        self.disable_button.setObjectName("disable")
        self.buttons.insertWidget(1, self.reset_button)
        self.buttons.insertWidget(2, self.disable_button)
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button.clicked.connect(self.disable)

    def start_new(self) -> None:
        super().start_new()
        self.form.set_values({"active": True})

    def _show(self, result: tuple[list[Payload], list[Payload]]) -> None:
        roles = dict(role_choices())
        for r in [*result[0], *result[1]]:
            r["role_text"] = roles.get(str(r.get("role")), r.get("role"))
        super()._show(result)

    def submit(self, payload: Payload, kind: str | None = None) -> None:
        """A new account's password is hashed on the worker (argon2 takes a moment)."""
        self.save_button.setEnabled(False)
        job = _hash_then_submit(kind or self.kind, payload)
        self.ctx.tasks.run(job, self._saved, self._failed)

    def reset_password(self) -> None:
        self.form.clear_errors()
        if self.current is None:
            self.form.banner.show_message(tr("Chọn một tài khoản trong danh sách."), "warning")
            return
        try:
            password = two_passwords(self.form)
        except InputError as exc:
            self.form.show_error(exc)
            return
        user = self.current

        def job(session: Session) -> Any:
            from kiosk.services.admin_sync import STAFF_PASSWD, submit

            return submit(
                session,
                STAFF_PASSWD,
                {"username": user, "password_hash": hash_checked(password)},
            )

        self.save_button.setEnabled(False)
        self.ctx.tasks.run(job, self._saved, self._failed)

    def disable(self) -> None:
        if self.current is None:
            self.form.banner.show_message(tr("Chọn một tài khoản trong danh sách."), "warning")
            return
        self.submit({"action": "set", "username": self.current, "changes": {"active": False}})


def _staff_rows(session: Session) -> list[Payload]:
    from kiosk.services.admin_staff import list_staff

    return list_staff(session)


def _staff_payload(form: AdminForm, key: Any) -> Payload:
    v = form.values()
    place = {
        "department": _opt(v["department"]),
        "counter": _opt(v["counter"]),
        "all_offices": bool(v["all_offices"]),
    }
    if key is None:
        password = two_passwords(form)
        return {
            "action": "add",
            "username": v["username"] or "",
            "full_name": v["full_name"] or "",
            "role": v["role"],
            "office": _opt(v["office"]),
            "password": password,  # hashed on the worker (see StaffTab.submit)
            **place,
        }
    changes = {"full_name": v["full_name"] or "", "role": v["role"], "active": v["active"], **place}
    if v["office"]:
        changes["office"] = v["office"]
    return {"action": "set", "username": key, "changes": changes}


def _hash_then_submit(kind: str, payload: Payload) -> Any:
    def job(session: Session) -> Any:
        from kiosk.services.admin_sync import submit

        p = dict(payload)
        if "password" in p:
            p["password_hash"] = hash_checked(p.pop("password"))
        return submit(session, kind, p)

    return job


class CountersTab(RecordTab):
    def __init__(self, ctx: AppContext) -> None:
        from ui.admin.common import DeviceButtons, counter_columns, counter_specs

        super().__init__(
            ctx, "counter.set", "number", counter_columns(), counter_specs(), _counter_rows,
            _counter_p,
        )  # fmt: skip
        self.retire_button = QPushButton(tr("Ngừng quầy"))
        self.retire_button.setObjectName("retire")
        self.buttons.insertWidget(1, self.retire_button)
        self.retire_button.clicked.connect(self.retire)
        devices = DeviceButtons(self.form, self.buttons, 2, self)
        self.tester, self.test_button, self.scan_button = (
            devices.tester, devices.test_button, devices.scan_button
        )  # fmt: skip
        self.saved.connect(self._rebind)

    def _rebind(self, outcome: Any) -> None:
        if outcome.done:  # a counter window of this process binds its devices again at once
            self.ctx.hub.devices_changed.emit()

    def retire(self) -> None:
        if self.current is not None:
            self.submit({"action": "remove", "number": self.current})


def _counter_rows(session: Session) -> list[Payload]:
    from kiosk.services.admin_queue import list_counters

    return list_counters(session, retired=True)


def _counter_p(form: AdminForm, key: Any) -> Payload:
    v = form.values()
    data = {k: v[k] for k in ("name", "services", "printer", "scanner")}
    if key is None:
        return {"action": "add", "number": v["number"] or "", **data}
    return {"action": "set", "number": key, "changes": data}


class ServicesTab(RecordTab):
    def __init__(self, ctx: AppContext) -> None:
        from ui.admin.common import service_columns, service_specs

        specs = service_specs()
        columns = [*service_columns(), ("counters", tr("Quầy"))]
        super().__init__(ctx, "service.set", "code", columns, specs, _service_rows, _service_p)
        self.form.set_values({"priority_first": True})
        self.retire_button = QPushButton(tr("Ngừng dịch vụ"))
        self.retire_button.setObjectName("retire")
        self.buttons.insertWidget(1, self.retire_button)
        self.retire_button.clicked.connect(self.retire)

    def start_new(self) -> None:
        super().start_new()
        self.form.set_values({"priority_first": True})

    def retire(self) -> None:
        if self.current is not None:
            self.submit({"action": "remove", "code": self.current})


def _service_rows(session: Session) -> list[Payload]:
    from kiosk.services.admin_queue import list_services

    return list_services(session, retired=True)


def _service_p(form: AdminForm, key: Any) -> Payload:
    v = form.values()
    data = {k: v[k] for k in ("name", "prefix", "fields", "procedures", "daily_limit")}
    data["priority_kinds"] = v["priority_kinds"] or None
    data["priority_first"] = v["priority_first"]
    if key is None:
        return {"action": "add", "code": v["code"] or "", **data}
    return {"action": "set", "code": key, "changes": data}


class DepartmentsTab(RecordTab):
    def __init__(self, ctx: AppContext) -> None:
        specs = [
            Spec("code", tr("Mã phòng"), placeholder="TP"),
            Spec("name", tr("Tên phòng chuyên môn")),
            Spec("fields", tr("Lĩnh vực phụ trách (cách nhau dấu phẩy)"), "list"),
        ]
        columns = [("code", tr("Mã")), ("name", tr("Tên phòng")), ("fields", tr("Lĩnh vực"))]
        super().__init__(ctx, "department.set", "code", columns, specs, _dept_rows, _dept_p)


def _dept_rows(session: Session) -> list[Payload]:
    from kiosk.services.admin_office import list_departments

    return list_departments(session)


def _dept_p(form: AdminForm, key: Any) -> Payload:
    v = form.values()
    if key is None:
        return {"action": "add", "code": v["code"] or "", "name": v["name"] or "",
                "fields": v["fields"] or None}  # fmt: skip
    return {"action": "set", "code": key, "name": v["name"], "fields": v["fields"] or None}
