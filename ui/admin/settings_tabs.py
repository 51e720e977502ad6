"""The admin window's single-form tabs: the office, the kiosk PIN, the holiday calendar and
backups. All database and file work runs on the database worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.people import InputError
from ui.admin.form import Spec
from ui.admin.records import form_with_buttons, show_outcome, submit_job
from ui.admin.shared_proof import SharedChange
from ui.admin.tabs import tr
from ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def office_specs() -> list[Spec]:
    return [
        Spec("agency_code", tr("Mã định danh cơ quan"), placeholder="000.17.22.H56"),
        Spec("agency_name", tr("Tên cơ quan"), placeholder="UBND xã …"),
        Spec("name", tr("Tên bộ phận một cửa"), placeholder="Bộ phận Một cửa"),
        Spec("parent_name", tr("Cơ quan cấp trên"), placeholder="UBND huyện …"),
        Spec("parent_code", tr("Mã cơ quan cấp trên")),
        Spec("place_name", tr("Địa danh (…, ngày … tháng … năm)"), placeholder="Hòa Bình"),
        Spec("address", tr("Địa chỉ")),
        Spec("phone", tr("Điện thoại"), placeholder="0218 3852 111"),
        Spec("hours", tr("Giờ làm việc"), placeholder="07:30-11:30, 13:30-17:00"),
        Spec("cutoff", tr("Giờ chốt buổi chiều"), placeholder="15:00"),
    ]


class _Page(QWidget):
    """A form in a scroll area with a row of buttons under it."""

    def __init__(self, ctx: AppContext, specs: list[Spec], heading: str) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QVBoxLayout(self)
        title = QLabel(heading)
        title.setObjectName("sectionHeading")
        title.setWordWrap(True)
        outer.addWidget(title)
        self.form, self.buttons = form_with_buttons(outer, specs)

    def button(self, text: str, name: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        self.buttons.addWidget(b)
        return b

    def done_or_pending(self, outcome: Any, done: str = "") -> None:
        show_outcome(self.form, outcome, done)


class OfficeTab(_Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, office_specs(), tr("Thông tin bộ phận một cửa"))
        self.loaded: dict[str, Any] = {}
        self.save_button = self.button(tr("Lưu"), "primary")
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        def job(session: Session) -> dict[str, Any]:
            from kiosk.services.admin_office import office_details

            return office_details(session)

        self.ctx.tasks.run(job, self._loaded, self.form.show_error)

    def _loaded(self, details: dict[str, Any]) -> None:
        self.form.set_values(details)
        self.loaded = {k: self.form.value(k) for k in self.form.specs}

    def save(self) -> None:
        self.form.clear_errors()
        changes = {k: v for k, v in self.form.values().items() if v != self.loaded.get(k)}
        if not changes:
            self.form.banner.show_message(tr("Không có gì thay đổi."), "info")
            return
        self.ctx.tasks.run(
            submit_job("office.set", {"changes": changes}), self._saved, self.form.show_error
        )

    def _saved(self, outcome: Any) -> None:
        self.done_or_pending(outcome)
        if outcome.done:
            self.refresh()


class PinTab(_Page):
    def __init__(self, ctx: AppContext) -> None:
        specs = [
            Spec("pin", tr("Mã PIN mới (4–12 chữ số)"), "password"),
            Spec("pin2", tr("Nhập lại mã PIN"), "password"),
        ]
        super().__init__(ctx, specs, tr("Mã PIN của máy lấy số, màn hình công cộng"))
        self.save_button = self.button(tr("Đặt mã PIN"), "primary")
        self.save_button.clicked.connect(self.save)

    def save(self) -> None:
        self.form.clear_errors()
        pin, again = self.form.raw("pin"), self.form.raw("pin2")
        if pin != again:
            self.form.show_error(
                InputError(
                    "pin2", "the two PINs differ", tr("Hai lần nhập mã PIN không giống nhau.")
                )
            )
            return

        def job(session: Session) -> Any:
            from kiosk.services.admin_office import check_pin
            from kiosk.services.admin_sync import KIOSK_PIN_SET, submit
            from kiosk.services.setup import hash_password

            return submit(session, KIOSK_PIN_SET, {"pin_hash": hash_password(check_pin(pin))})

        self.ctx.tasks.run(job, self._saved, self.form.show_error)

    def _saved(self, outcome: Any) -> None:
        self.form.clear()
        self.done_or_pending(outcome)


class CalendarTab(_Page):
    def __init__(self, ctx: AppContext) -> None:
        specs = [Spec("file", tr("Tệp lịch nghỉ lễ (JSON)"), placeholder="vn-2027.json")]
        super().__init__(ctx, specs, tr("Lịch nghỉ lễ, Tết (nhập lịch năm sau)"))
        self.pick_button = self.button(tr("Chọn tệp…"), "pick")
        self.import_button = self.button(tr("Nhập lịch"), "primary")
        self.pick_button.clicked.connect(self.pick)
        self.import_button.clicked.connect(self.import_file)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingImport")
        self.pending_label.setWordWrap(True)
        self.pending_label.hide()
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        lay.insertWidget(1, self.pending_label)
        self.shared = SharedChange(self, ctx, self.form)  # the server's proof (shared_proof.py)

    def pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp lịch"), "", "JSON (*.json)")
        if path:
            self.form.set_values({"file": path})

    def import_file(self) -> None:
        self.form.clear_errors()
        path = self.form.raw("file")
        if not path:
            self.form.show_error(InputError("file", "choose a file", tr("Chọn tệp lịch.")))
            return

        def job(session: Session) -> Any:
            from kiosk.services.calendar_store import read_calendar_payload

            try:
                return read_calendar_payload(path)
            except Exception as exc:  # the sentence goes under the file's field
                vi = getattr(exc, "message_vi", "") or str(exc)
                raise InputError("file", str(exc), vi) from exc

        def read(payload: dict[str, Any]) -> None:
            from kiosk.services.admin_sync import CALENDAR_IMPORT

            # on an enrolled PC the server replaces every office's calendar (kiosk.wire.shared)
            self.shared.submit(CALENDAR_IMPORT, payload, self._imported)

        self.ctx.tasks.run(job, read, self.form.show_error)

    def refresh(self) -> None:
        def job(session: Session) -> list[dict[str, Any]]:
            from kiosk.services.admin_sync import CALENDAR_IMPORT, pending_changes

            return pending_changes(session, (CALENDAR_IMPORT,))

        self.ctx.tasks.run(job, self._pending, self.form.show_error)

    def _pending(self, pending: list[dict[str, Any]]) -> None:
        self.pending_label.setVisible(bool(pending))
        if pending:
            self.pending_label.setText(
                tr("Chờ đồng bộ: lịch «{0}» sẽ áp dụng khi máy chủ nhận.").format(
                    pending[-1].get("name") or ""
                )
            )

    def _imported(self, outcome: Any) -> None:
        days = outcome.result["days"]
        self.done_or_pending(outcome, tr("Đã nhập lịch: {0} ngày nghỉ.").format(days))
        self.refresh()


class BackupTab(_Page):
    def __init__(self, ctx: AppContext) -> None:
        specs = [
            Spec("folder", tr("Thư mục lưu bản sao")),
            Spec("passphrase", tr("Mật khẩu bản sao (để trống: khóa của bộ phận)"), "password"),
            Spec("passphrase2", tr("Nhập lại mật khẩu bản sao"), "password"),
        ]
        super().__init__(ctx, specs, tr("Sao lưu dữ liệu (mã hóa)"))
        self.form.set_values({"folder": str(ctx.home / "backups")})
        self.pick_button = self.button(tr("Chọn thư mục…"), "pick")
        self.backup_button = self.button(tr("Sao lưu ngay"), "primary")
        self.pick_button.clicked.connect(self.pick)
        self.backup_button.clicked.connect(self.backup)
        self.scope_label = QLabel(tr("Bản sao lưu gồm cơ sở dữ liệu của riêng máy này."))
        self.scope_label.setObjectName("backupScope")
        self.scope_label.setWordWrap(True)
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        lay.insertWidget(1, self.scope_label)

    def refresh(self) -> None:
        def job(session: Session) -> bool:
            from kiosk.services.admin_sync import enrolled

            return enrolled(session)

        self.ctx.tasks.run(job, self._scope, self.form.show_error)

    def _scope(self, enrolled: bool) -> None:
        if enrolled:  # a PC's backup is its own; the office's record is the server's
            self.scope_label.setText(
                tr(
                    "Bản sao lưu chỉ gồm dữ liệu của riêng máy này, không phải dữ liệu chung "
                    "của bộ phận: máy này đồng bộ với máy chủ, dữ liệu chung được sao lưu trên "
                    "máy chủ (pg_dump, xem docs/install.md)."
                )
            )
        else:
            self.scope_label.setText(tr("Bản sao lưu gồm cơ sở dữ liệu của riêng máy này."))

    def pick(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Chọn thư mục"))
        if path:
            self.form.set_values({"folder": path})

    def backup(self) -> None:
        self.form.clear_errors()
        folder, secret = Path(self.form.raw("folder") or "."), self.form.raw("passphrase")
        if secret != self.form.raw("passphrase2"):
            self.form.show_error(
                InputError(
                    "passphrase2",
                    "the two passphrases differ",
                    tr("Hai lần nhập mật khẩu không giống nhau."),
                )  # fmt: skip
            )
            return
        store, default = self.ctx.tasks, self.ctx.home / "backups"

        def job() -> Path:
            from kiosk.backup import backup_encrypted, office_key, sqlite_path, stamp

            db = sqlite_path(store.store.engine)
            if db is None:
                raise InputError(
                    "folder",
                    "this PC's database is on a server: back it up there (pg_dump)",
                    "Cơ sở dữ liệu ở máy chủ: sao lưu trên máy chủ.",
                )
            if folder == default:  # the data folder's own backups folder is made on demand
                folder.mkdir(exist_ok=True)
            if not folder.is_dir():
                raise InputError(
                    "folder", f"there is no folder {folder}", f"Không có thư mục {folder}."
                )
            out = folder / f"kiosk-{stamp()}.sqlite3.enc"
            key = secret or office_key(db)
            assert key is not None
            backup_encrypted(db, out, key)
            return out

        self.backup_button.setEnabled(False)
        self.ctx.tasks.call(job, self._done, self._failed)

    def _done(self, out: Path) -> None:
        self.backup_button.setEnabled(True)
        self.form.set_values({"passphrase": "", "passphrase2": ""})
        self.form.banner.show_message(tr("Đã sao lưu vào {0}").format(out), "success")

    def _failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.form.show_error(exc)
