"""What the admin window's tabs and the set-up wizard's pages share besides their table and form
(ui.admin.records.RecordEditor): the counters' and services' fields and the "Thử" buttons of a
counter's devices. One definition each, so that a field added or relabelled is the same in
both."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.admin.device_test import DeviceTester
from ui.admin.form import AdminForm, Spec


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # as ui.admin.tabs.tr


class DeviceButtons:
    """"Thử máy in" and "Thử máy quét" for the printer and scanner fields of `form`, inserted
    into `buttons` from position `at`."""

    def __init__(self, form: AdminForm, buttons: QHBoxLayout, at: int, parent: QWidget) -> None:
        self.tester = DeviceTester(form, parent)
        self.test_button = QPushButton(tr("Thử máy in"))
        self.test_button.setObjectName("testPrinter")
        self.scan_button = QPushButton(tr("Thử máy quét"))
        self.scan_button.setObjectName("testScanner")
        buttons.insertWidget(at, self.test_button)
        buttons.insertWidget(at + 1, self.scan_button)
        self.test_button.clicked.connect(self.tester.test_printer)
        self.scan_button.clicked.connect(self.tester.test_scanner)


def counter_specs() -> list[Spec]:
    return [
        Spec("number", tr("Số quầy"), "int", placeholder="1"),
        Spec("name", tr("Tên quầy")),
        Spec("services", tr("Dịch vụ phục vụ (mã, cách nhau dấu phẩy)"), "list"),
        Spec("printer", tr("Máy in phiếu (URL)"), placeholder="serial:///dev/ttyUSB0"),
        Spec("scanner", tr("Máy quét (URL)"), placeholder="serial:///dev/ttyACM0"),
    ]


def counter_columns(scanner: bool = True) -> list[tuple[str, str]]:
    return [
        ("number", tr("Số")),
        ("name", tr("Tên quầy")),
        ("services", tr("Dịch vụ")),
        ("printer", tr("Máy in")),
        *([("scanner", tr("Máy quét"))] if scanner else []),
    ]


def service_specs(daily_limit: bool = True) -> list[Spec]:
    """A queue service's fields (the wizard leaves the daily limit for later)."""
    limit = [Spec("daily_limit", tr("Giới hạn số phiếu/ngày"), "int")] if daily_limit else []
    return [
        Spec("code", tr("Mã dịch vụ"), placeholder="TUPHAP"),
        Spec("name", tr("Tên dịch vụ")),
        Spec("prefix", tr("Chữ đầu số thứ tự"), placeholder="A"),
        Spec("fields", tr("Lĩnh vực (cách nhau dấu phẩy)"), "list"),
        Spec("procedures", tr("Thủ tục (mã, cách nhau dấu phẩy)"), "list"),
        *limit,
        Spec(
            "priority_kinds",
            tr("Đối tượng ưu tiên"),
            "list",
            placeholder="elderly, disabled, pregnant",
        ),  # fmt: skip
        Spec("priority_first", tr("Gọi người ưu tiên trước"), "check"),
    ]


def service_columns() -> list[tuple[str, str]]:
    return [("prefix", tr("Chữ")), ("code", tr("Mã")), ("name", tr("Tên dịch vụ"))]


def staff_specs(full: bool = True) -> list[Spec]:
    """An account's fields: all of them in the admin window; the wizard's first accounts have
    no department, office or state yet, and no admin (that is its own page)."""
    from ui.admin.tabs import role_choices

    roles = role_choices() if full else role_choices()[:3]
    where = [
        Spec("department", tr("Phòng chuyên môn (mã)")),
        Spec("office", tr("Bộ phận một cửa (mã cơ quan)")),
        Spec("all_offices", tr("Mọi bộ phận của máy chủ"), "check"),
        Spec("active", tr("Đang dùng"), "check"),
    ]
    password = tr("Mật khẩu (tài khoản mới / đặt lại)") if full else tr("Mật khẩu")
    return [
        Spec("username", tr("Tên đăng nhập")),
        Spec("full_name", tr("Họ và tên")),
        Spec("role", tr("Vai trò"), "combo", roles),
        Spec("counter", tr("Quầy thường ngồi"), "int", placeholder="1"),
        *(where if full else []),
        Spec("password", password, "password"),
        Spec("password2", tr("Nhập lại mật khẩu"), "password"),
    ]
