"""The department officer's window: dossiers waiting for the department (statuses 2, 4, 5, 6),
the most urgent first, and the actions of the status machine: take, ask for a supplement, ask
for payment, stop, mark the result ready, hand over to another agency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.context import Actor
from ui.context import AppContext
from ui.counter.data import DossierRow, waiting_for_department
from ui.counter.dossier_detail import DetailPanel
from ui.counter.dossier_table import DossierModel, dossier_view
from ui.counter.printouts import PrintResult, make_control_sheet, print_papers
from ui.department.actions import (
    ACTIONS,
    Action,
    allowed,
    job_for,
)
from ui.department.dialogs import HandoverDialog
from ui.department.supplement import SupplementFlow
from ui.widgets.background import IoRunner
from ui.widgets.login import LoginPanel, SignedIn
from ui.widgets.messages import Banner, BusyButton
from ui.widgets.screen import resize_to_fit
from ui.widgets.settings import SettingsDialog
from ui.widgets.statusbar import KioskStatusBar, check_printer
from ui.widgets.theme import ensure_theme

REFRESH_MS = 30_000
ROLES = ("department", "supervisor", "admin")


class DepartmentWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.io = IoRunner("kiosk-print", self)
        self.who: SignedIn | None = None
        self.dialog: QDialog | None = None
        self.last_print: PrintResult | None = None
        resize_to_fit(self, 1280, 760)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.hub.dossiers_changed.connect(self._changed_elsewhere)
        self._build()

    def _build(self) -> None:
        self.setWindowTitle(self.tr("Phòng chuyên môn – hồ sơ cần xử lý"))
        old = self.centralWidget()
        self.status = KioskStatusBar(self.ctx, printer_role="forms")
        self.setStatusBar(self.status)
        self.stack = QStackedWidget()
        self.login = LoginPanel(self.ctx, self.tr("Phòng chuyên môn – xử lý hồ sơ"), ROLES)
        if self.ctx.demo:
            self.login.username.setText("chuyenvien")
            self.login.banner.show_message(
                self.tr("Chế độ trình diễn: tài khoản chuyenvien, mật khẩu motcua123."), "info"
            )
        self.login.logged_in.connect(self.signed_in)
        self.stack.addWidget(self.login)
        self.main = self._main_page()
        self.stack.addWidget(self.main)
        self.setCentralWidget(self.stack)
        if old is not None:
            old.deleteLater()
        if self.who is not None:
            self._enter()

    def _main_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("windowHeading")
        top.addWidget(self.heading, 1)
        self.search = QLineEdit()
        self.search.setObjectName("departmentSearch")
        self.search.setPlaceholderText(self.tr("Mã hồ sơ, họ tên, số điện thoại"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        top.addWidget(self.search)
        self.refresh_button = BusyButton(self.tr("Làm mới (F5)"))
        top.addWidget(self.refresh_button)
        settings = QPushButton(self.tr("Cài đặt"))
        logout = QPushButton(self.tr("Đăng xuất"))
        top.addWidget(settings)
        top.addWidget(logout)
        box.addLayout(top)
        self.count = QLabel()
        self.count.setObjectName("muted")
        box.addWidget(self.count)
        self.banner = Banner()
        box.addWidget(self.banner)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = DossierModel(self)
        self.table = dossier_view(self.model)
        self.table.setObjectName("departmentTable")
        split.addWidget(self.table)
        self.detail = DetailPanel(self.ctx, self.io, self.actor, show_actions=False)
        split.addWidget(self.detail)
        box.addWidget(split, 1)
        actions = QHBoxLayout()
        texts = {
            "take": self.tr("Nhận xử lý"),
            "supplement": self.tr("Yêu cầu bổ sung"),
            "payment": self.tr("Yêu cầu nộp nghĩa vụ tài chính"),
            "stop": self.tr("Dừng xử lý (Mẫu 05)"),
            "ready": self.tr("Đã có kết quả"),
            "handover": self.tr("Chuyển cơ quan…"),
        }
        self.buttons: dict[str, BusyButton] = {}
        for action in ACTIONS:
            b = BusyButton(texts[action.key])
            b.setObjectName("primary" if action.key == "ready" else "")
            if action.key == "stop":
                b.setObjectName("danger")
            b.clicked.connect(lambda _c=False, a=action: self.start_action(a))
            self.buttons[action.key] = b
            actions.addWidget(b)
        actions.addStretch(1)
        self.supplement = SupplementFlow(self.ctx, self, self.buttons["supplement"])
        self.supplement.opened.connect(self._dialog_opened)
        self.supplement.recorded.connect(self._recorded)
        self.supplement.failed.connect(self._failed_action)
        self.control_button = BusyButton(self.tr("In phiếu kiểm soát (Mẫu 06)"))
        self.control_button.setObjectName("controlSheet")
        self.control_button.setToolTip(self.tr("Phiếu kiểm soát quá trình giải quyết hồ sơ"))
        self.control_button.clicked.connect(self.print_control_sheet)
        actions.addWidget(self.control_button)
        box.addLayout(actions)
        self.search.returnPressed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail.changed.connect(lambda _c: self.refresh())
        logout.clicked.connect(self.sign_out)
        settings.clicked.connect(self.open_settings)
        sc = QShortcut(QKeySequence("F5"), page)
        sc.activated.connect(self.refresh)
        self._update_buttons()
        return page

    # -- session ------------------------------------------------------------------------------
    def actor(self) -> Actor:
        who = self.who
        return Actor(who.username if who else "system", None, who.device_id if who else None)

    def signed_in(self, who: SignedIn) -> None:
        self.who = who
        self._enter()

    def _check_devices(self) -> None:
        self.status.refresh_sync()
        url = self.ctx.printer_url("forms")
        if url:
            self.io.run(
                lambda: check_printer(url),
                lambda _ok: self.status.set_printer(True),
                self.status.printer_failed,
            )

    def _enter(self) -> None:
        assert self.who is not None
        self.heading.setText(self.tr("Hồ sơ chờ xử lý · {0}").format(self.who.full_name))
        self.status.set_user(self.who.full_name)
        self._check_devices()
        self.stack.setCurrentWidget(self.main)
        self.refresh()
        self._timer.start()

    def sign_out(self) -> None:
        self.who = None
        self.ctx.user = None
        self._timer.stop()
        self.status.set_user(None)
        self.login.reset()
        self.stack.setCurrentWidget(self.login)

    # -- list ---------------------------------------------------------------------------------
    def _changed_elsewhere(self) -> None:
        if self.who is not None:
            self.refresh()

    def refresh(self) -> None:
        if self.who is None or self.refresh_button.busy:
            return
        text, department = self.search.text(), self.who.department_id
        self.refresh_button.start(self.tr("Đang tải…"))
        self.ctx.tasks.run(
            lambda s: waiting_for_department(s, text, department_id=department),
            self._show_rows,
            self._failed_load,
        )

    def _failed_load(self, exc: BaseException) -> None:
        self.refresh_button.done()
        self.banner.show_error(exc)

    def _show_rows(self, rows: list[DossierRow]) -> None:
        self.refresh_button.done()
        keep = self.selected()
        self.model.set_rows(rows)
        self.count.setText(self.tr("{0} hồ sơ đang chờ (gấp nhất trước)").format(len(rows)))
        if keep is not None:
            for i, r in enumerate(rows):
                if r.code == keep.code:
                    self.table.selectRow(i)
                    break
            else:
                self.detail.show_detail(None)
        self._update_buttons()

    def selected(self) -> DossierRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self, _s: QItemSelection, _d: QItemSelection) -> None:
        row = self.selected()
        if row is not None:
            self.detail.load(row.code)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected()
        if not self.control_button.busy:
            self.control_button.setEnabled(row is not None)
        for action in ACTIONS:
            b = self.buttons[action.key]
            if not b.busy:
                b.setEnabled(row is not None and allowed(action, row.status))

    # -- actions ------------------------------------------------------------------------------
    def start_action(self, action: Action) -> None:
        row = self.selected()
        if row is None or self.buttons[action.key].busy:
            return
        if action.key == "handover":
            route = self.detail.detail.route if self.detail.detail else ()
            handover = HandoverDialog(row, route, self)
            handover.accepted.connect(
                lambda: self.run_action(
                    action, row, handover.note.text(), handover.agency.currentText()
                )
            )
            dialog: QDialog = handover
        elif action.key == "supplement":  # with a supervisor's approval where the rule asks
            self.banner.clear_message()
            username = self.who.username if self.who else ""
            self.supplement.start(action, row, username, self.actor())
            return
        elif action.needs_reason:  # the stop: its dialog stays open until it is recorded
            self.banner.clear_message()
            self.supplement.stop(action, row, self.actor(), self.buttons[action.key])
            return
        else:
            self.run_action(action, row)
            return
        self.dialog = dialog
        dialog.open()

    def _dialog_opened(self, dialog: QDialog) -> None:
        self.dialog = dialog

    def _failed_action(self, exc: BaseException) -> None:
        self._update_buttons()
        self.banner.show_error(exc)

    def _recorded(self, row: DossierRow, printout: Any) -> None:
        self.banner.show_message(self.tr("Đã cập nhật hồ sơ {0}.").format(row.code), "success")
        self.ctx.hub.dossiers_changed.emit()  # refreshes this list, the counters' counts
        self.detail.load(row.code)
        if printout is not None:
            self._print(printout)

    def run_action(
        self, action: Action, row: DossierRow, reason: str = "", agency: str = ""
    ) -> None:
        button = self.buttons[action.key]
        button.start()
        self.banner.clear_message()
        job = job_for(action, row.code, self.actor(), reason, agency.strip())

        def done(printout: Any) -> None:
            button.done()
            self._recorded(row, printout)

        def failed(exc: BaseException) -> None:
            button.done()
            self._update_buttons()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)

    def print_control_sheet(self) -> None:
        """The selected dossier's control sheet: data on the database worker, the PDF and the
        printer on the I/O worker; the button stays busy until the file is made."""
        row = self.selected()
        if row is None or self.control_button.busy:
            return
        code = row.code
        button = self.control_button
        button.start(self.tr("Đang in…"))
        self.banner.clear_message()

        def failed(exc: BaseException) -> None:
            button.done()
            self._update_buttons()
            self.banner.show_error(exc)

        def printed(r: PrintResult) -> None:
            button.done()
            self._update_buttons()
            self.last_print = r
            name = r.pdf.name if r.pdf else "PDF"
            if r.forms_error:
                text = self.tr("Đã tạo {0} nhưng chưa gửi được tới máy in: {1}").format(
                    name, r.forms_error
                )
                self.banner.show_message(text, "error")
            else:
                self.banner.show_message(self.tr("Đã tạo {0}.").format(name), "success")

        def made(printout: Any) -> None:
            out_dir = Path(self.ctx.home) / "printouts"
            forms_url = self.ctx.printer_url("forms")
            self.io.run(lambda: print_papers(printout, out_dir, None, forms_url), printed, failed)

        self.ctx.tasks.run(lambda s: _control_sheet(s, code), made, failed)

    def _print(self, printout: Any) -> None:
        out_dir = Path(self.ctx.home) / "printouts"
        forms_url = self.ctx.printer_url("forms")

        def printed(r: PrintResult) -> None:
            name = r.pdf.name if r.pdf else "PDF"
            if r.forms_error:
                text = self.tr("Đã tạo {0} nhưng chưa gửi được tới máy in: {1}").format(
                    name, r.forms_error
                )
                self.banner.show_message(text, "error")
                return
            self.banner.show_message(self.tr("Đã tạo {0}.").format(name), "success")

        self.io.run(
            lambda: print_papers(printout, out_dir, None, forms_url),
            printed,
            self.banner.show_error,
        )

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        dialog.language_changed.connect(lambda _lang: self._build())
        self.dialog = dialog
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self._timer.stop()
        self.io.shutdown()
        super().closeEvent(event)


def _control_sheet(session: Any, code: str) -> Any:
    from kiosk.services.dossiers import get_dossier

    return make_control_sheet(session, get_dossier(session, code))


def create(ctx: AppContext) -> QWidget:
    ensure_theme()
    return DepartmentWindow(ctx)
