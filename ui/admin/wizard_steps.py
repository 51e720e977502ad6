"""The set-up wizard's pages (ui/admin/wizard.py puts them in order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
)

from kiosk.domain.people import InputError
from ui.admin.common import (
    DeviceButtons,
    counter_columns,
    counter_specs,
    service_columns,
    service_specs,
    staff_specs,
)
from ui.admin.form import Spec
from ui.admin.settings_tabs import office_specs
from ui.admin.tabs import tr, two_passwords
from ui.admin.wizard import (
    CATALOG,
    ENROLL,
    OFFICE,
    SetupWizard,
    check_admin,
    check_office,
)
from ui.admin.wizard_pages import CheckedPage, Job, ListPage, hash_row
from ui.admin.wizard_plan import prepare

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

prepare_job = prepare


class WelcomePage(CheckedPage):
    def __init__(self, wiz: SetupWizard) -> None:
        super().__init__(
            wiz,
            tr("Chào mừng"),
            tr("Thiết lập bộ phận một cửa cho lần sử dụng đầu tiên."),
            [],
        )
        self.alone, self.server = self.choice(
            (tr("Máy này đứng riêng (cơ sở dữ liệu trên máy này)"), "standAlone"),
            (tr("Kết nối với máy chủ của huyện/tỉnh (đăng ký máy)"), "enrollChoice"),
        )

    def nextId(self) -> int:  # noqa: N802 - Qt naming
        return ENROLL if self.server.isChecked() else OFFICE


class OfficePage(CheckedPage):
    def __init__(self, wiz: SetupWizard) -> None:
        super().__init__(
            wiz,
            tr("Cơ quan, bộ phận một cửa"),
            tr("Thông tin in trên phiếu hẹn, biên nhận và biểu mẫu."),
            office_specs(),
        )

    def check(self) -> Job:
        values = {k: v for k, v in self.form.values().items() if v is not None}
        if not values.get("agency_code"):
            raise InputError(
                "agency_code",
                "the agency code is required",
                tr("Nhập mã định danh của cơ quan (ví dụ 000.17.22.H56)."),
            )
        return check_office(self.wiz.plan, values)

    def checked(self, result: Any) -> None:
        self.wiz.plan.office = result


class AdminPage(CheckedPage):
    def __init__(self, wiz: SetupWizard) -> None:
        specs = [
            Spec("username", tr("Tên đăng nhập"), placeholder="quantri"),
            Spec("full_name", tr("Họ và tên")),
            Spec("password", tr("Mật khẩu"), "password"),
            Spec("password2", tr("Nhập lại mật khẩu"), "password"),
        ]
        super().__init__(
            wiz,
            tr("Tài khoản quản trị"),
            tr("Người quản trị đăng nhập màn hình quản trị (kiosk run --role admin)."),
            specs,
        )

    def check(self) -> Job:
        return check_admin(self.wiz.plan, self.form)

    def checked(self, result: Any) -> None:
        self.wiz.plan.admin = result
        self.form.set_values({"password": "", "password2": ""})


class CatalogPage(CheckedPage):
    def __init__(self, wiz: SetupWizard) -> None:
        super().__init__(
            wiz,
            tr("Danh mục thủ tục hành chính"),
            tr("Dùng danh mục có sẵn, hoặc nhập tệp danh mục của tỉnh."),
            [Spec("file", tr("Tệp danh mục"), placeholder="danh-muc.toml")],
        )
        self.bundled, self.from_file = self.choice(
            (tr("Danh mục có sẵn"), "bundledCatalog"), (tr("Tệp danh mục khác"), "fileCatalog")
        )
        lay = self.form.layout()
        self.pick = QPushButton(tr("Chọn tệp…"))
        self.pick.clicked.connect(self.choose)
        lay.insertWidget(lay.count() - 1, self.pick)  # type: ignore[union-attr]
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("catalogPreview")
        self.preview.setReadOnly(True)
        self.box.addWidget(self.preview, 1)

    def show_bundled(self, count: int) -> None:
        self.bundled.setText(tr("Danh mục có sẵn ({0} thủ tục)").format(count))

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Chọn tệp danh mục"), "", tr("Danh mục (*.toml *.json *.yaml)")
        )
        if path:
            self.form.set_values({"file": path})
            self.from_file.setChecked(True)

    def check(self) -> Job | None:
        if self.bundled.isChecked():
            self.wiz.plan.catalog = None
            return None
        path = self.form.raw("file")
        if not path:
            raise InputError("file", "choose a file", tr("Chọn tệp danh mục."))

        def job(session: Session) -> Any:
            from kiosk.services.catalog_store import diff_catalog, read_catalog_file

            try:
                catalog = read_catalog_file(path)
            except Exception as exc:
                vi = getattr(exc, "message_vi", "") or str(exc)
                raise InputError("file", str(exc), vi) from exc
            return catalog, diff_catalog(session, catalog)

        return job

    def checked(self, result: Any) -> None:
        from ui.admin.catalog_tab import preview_text

        catalog, diff = result
        self.wiz.plan.catalog = catalog
        self.preview.setPlainText(
            tr("{0} thủ tục trong tệp.").format(len(catalog.procedures)) + "\n" + preview_text(diff)
        )

    def nextId(self) -> int:  # noqa: N802 - Qt naming
        return CATALOG + 1


class ServicesPage(ListPage):
    def __init__(self, wiz: SetupWizard) -> None:
        specs, columns = service_specs(daily_limit=False), service_columns()
        super().__init__(
            wiz,
            "services",
            tr("Dịch vụ xếp hàng"),
            tr("Mỗi dịch vụ có chữ đầu số thứ tự riêng và các lĩnh vực/thủ tục nó phục vụ."),
            specs,
            columns,
        )
        self.form.set_values({"priority_first": True})

    def row(self) -> dict[str, Any]:
        v = self.form.values()
        v["priority_kinds"] = v["priority_kinds"] or None
        v["fields"] = v["fields"] or None
        v["procedures"] = v["procedures"] or None
        return v

    def _added(self, row: dict[str, Any]) -> None:
        super()._added(row)
        self.form.set_values({"priority_first": True})


class CountersPage(ListPage):
    def __init__(self, wiz: SetupWizard) -> None:
        specs, columns = counter_specs(), counter_columns(scanner=False)
        super().__init__(
            wiz,
            "counters",
            tr("Quầy tiếp nhận"),
            tr("Số quầy, dịch vụ mỗi quầy phục vụ, máy in và máy quét của quầy."),
            specs,
            columns,
        )
        devices = DeviceButtons(self.form, self.buttons, 1, self)
        self.tester, self.test_button, self.scan_button = (
            devices.tester, devices.test_button, devices.scan_button
        )  # fmt: skip

    def row(self) -> dict[str, Any]:
        v = self.form.values()
        v["services"] = v["services"] or None
        return v


class StaffPage(ListPage):
    def __init__(self, wiz: SetupWizard) -> None:
        specs = staff_specs(full=False)
        columns = [
            ("username", tr("Tên đăng nhập")),
            ("full_name", tr("Họ và tên")),
            ("role", tr("Vai trò")),
            ("counter", tr("Quầy")),
        ]
        super().__init__(
            wiz,
            "staff",
            tr("Cán bộ"),
            tr("Cán bộ một cửa, giám sát, cán bộ phòng chuyên môn (có thể thêm sau)."),
            specs,
            columns,
            minimum=0,
        )

    def row(self) -> dict[str, Any]:
        two_passwords(self.form)
        v = self.form.values()
        v["password"] = self.form.raw("password")
        return v

    def finish_row(self, row: dict[str, Any]) -> dict[str, Any]:
        return hash_row(row)


class PinPage(CheckedPage):
    def __init__(self, wiz: SetupWizard) -> None:
        specs = [
            Spec("pin", tr("Mã PIN (4–12 chữ số; để trống: đặt sau)"), "password"),
            Spec("pin2", tr("Nhập lại mã PIN"), "password"),
        ]
        super().__init__(
            wiz,
            tr("Mã PIN của máy lấy số"),
            tr("Cán bộ dùng mã này để thoát màn hình công cộng."),
            specs,
        )

    def check(self) -> Job | None:
        pin, again = self.form.raw("pin"), self.form.raw("pin2")
        if pin != again:
            raise InputError(
                "pin2", "the two PINs differ", tr("Hai lần nhập mã PIN không giống nhau.")
            )
        if not pin:
            self.wiz.plan.pin_hash = None
            return None

        def job(session: Session) -> str:
            from kiosk.services.admin_office import check_pin
            from kiosk.services.setup import hash_password

            return hash_password(check_pin(pin))

        return job

    def checked(self, result: Any) -> None:
        self.wiz.plan.pin_hash = result


class LastPage(CheckedPage):
    """A page that ends the wizard once its check passed: the office is set up (or the PC
    enrolled), the clerk's window opens."""

    def advance(self) -> None:
        self.wiz.set_up.emit()
        self.wiz.accept()

    def nextId(self) -> int:  # noqa: N802 - Qt naming
        return -1


class FinishPage(LastPage):
    def __init__(self, wiz: SetupWizard) -> None:
        super().__init__(
            wiz,
            tr("Hoàn tất"),
            tr("Bấm «Hoàn tất» để lưu tất cả; màn hình của cán bộ một cửa sẽ mở."),
            [],
        )
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.form.layout().insertWidget(1, self.summary)  # type: ignore[union-attr]

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        p = self.wiz.plan
        self.summary.setText(
            tr(
                "Cơ quan: {0}\nTài khoản quản trị: {1}\nDịch vụ: {2}\nQuầy: {3}\n"
                "Cán bộ: {4}\nMã PIN: {5}"
            ).format(
                p.office.get("agency_name") or p.office.get("agency_code", ""),
                p.admin.get("username", ""),
                ", ".join(s["code"] for s in p.services),
                ", ".join(str(c["number"]) for c in p.counters),
                ", ".join(s["username"] for s in p.staff) or "—",
                tr("đã đặt") if p.pin_hash else tr("chưa đặt"),
            )
        )

    def check(self) -> Job:
        data = self.wiz.plan.data()

        def job(session: Session) -> None:
            from kiosk.services.setup_file import apply_setup

            apply_setup(session, data)  # one transaction: the runner's

        return job



class EnrollPage(LastPage):
    needs_session = False  # enroll_pc opens its own transactions: on the worker, no Session

    def __init__(self, wiz: SetupWizard) -> None:
        specs = [
            Spec("server", tr("Địa chỉ máy chủ"), placeholder="https://motcua.example.gov.vn"),
            Spec("code", tr("Mã đăng ký (do quản trị máy chủ cấp)")),
        ]
        super().__init__(
            wiz,
            tr("Đăng ký máy với máy chủ"),
            tr("Bộ phận một cửa, quầy, dịch vụ và tài khoản sẽ tải về từ máy chủ."),
            specs,
        )

    def check(self) -> Any:
        server, code = self.form.raw("server"), self.form.raw("code")
        if not server:
            raise InputError("server", "the server's address", tr("Nhập địa chỉ máy chủ."))
        if not code:
            raise InputError("code", "the enrolment code", tr("Nhập mã đăng ký."))
        tasks = self.wiz.ctx.tasks

        def job() -> Any:
            from kiosk.sync.client import Offline
            from kiosk.sync.engine import Syncer, enroll_pc

            try:
                info = enroll_pc(tasks.store, server, code)
            except Exception as exc:  # unreachable: the address; refused: the code
                vi = getattr(exc, "message_vi", "") or str(exc)
                field = "server" if isinstance(exc, Offline | OSError) else "code"
                raise InputError(field, str(exc), vi) from exc
            syncer = Syncer(tasks.store)
            try:
                syncer.sync_once()
            finally:
                syncer.close()
            return info

        return job

