"""The admin window (`kiosk run --role admin`): staff, counters, services, departments, the
office's details, the catalog and fees, the holiday calendar, the kiosk PIN and backups.

Only an account of role `admin` signs in here (a clerk is refused at the log-in, and the admin
is refused at the counter: kiosk.services.admin_staff.check_window). Every change goes through
kiosk.services.admin_sync.submit on the database worker, as `kiosk office|counter|service|staff`
do: on an enrolled PC it is shown "Chờ đồng bộ" until the server has applied it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.admin.catalog_tab import CatalogTab
from ui.admin.settings_tabs import BackupTab, CalendarTab, OfficeTab, PinTab
from ui.admin.tabs import CountersTab, DepartmentsTab, ServicesTab, StaffTab
from ui.context import AppContext
from ui.widgets.login import LoginPanel, SignedIn
from ui.widgets.screen import resize_to_fit
from ui.widgets.theme import ensure_theme


class AdminWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        ensure_theme()
        self.ctx = ctx
        self.who: SignedIn | None = None
        self.setWindowTitle(self.tr("Quản trị – thiết lập bộ phận một cửa"))
        resize_to_fit(self, 1280, 760)
        self.stack = QStackedWidget()
        self.login = LoginPanel(
            ctx, self.tr("Quản trị – thiết lập bộ phận một cửa"), ("admin",), window="admin"
        )
        self.login.logged_in.connect(self.signed_in)
        self.stack.addWidget(self.login)
        self.main = self._main_page()
        self.stack.addWidget(self.main)
        self.setCentralWidget(self.stack)

    def _main_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("windowHeading")
        top.addWidget(self.heading, 1)
        logout = QPushButton(self.tr("Đăng xuất"))
        logout.setObjectName("logout")
        logout.clicked.connect(self.sign_out)
        top.addWidget(logout)
        box.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("adminTabs")
        self.staff = StaffTab(self.ctx)
        self.counters = CountersTab(self.ctx)
        self.services = ServicesTab(self.ctx)
        self.departments = DepartmentsTab(self.ctx)
        self.office = OfficeTab(self.ctx)
        self.catalog = CatalogTab(self.ctx)
        self.calendar = CalendarTab(self.ctx)
        self.pin = PinTab(self.ctx)
        self.backup = BackupTab(self.ctx)
        for tab, title in (
            (self.staff, self.tr("Cán bộ")),
            (self.counters, self.tr("Quầy, thiết bị")),
            (self.services, self.tr("Dịch vụ xếp hàng")),
            (self.departments, self.tr("Phòng chuyên môn")),
            (self.office, self.tr("Bộ phận một cửa")),
            (self.catalog, self.tr("Thủ tục, phí")),
            (self.calendar, self.tr("Lịch nghỉ")),
            (self.pin, self.tr("Mã PIN")),
            (self.backup, self.tr("Sao lưu")),
        ):
            self.tabs.addTab(tab, title)
        box.addWidget(self.tabs, 1)
        # a tab shown again reads its records again: what the server applied meanwhile (a
        # pending change acknowledged by a sync) is no longer shown "Chờ đồng bộ"
        self.tabs.currentChanged.connect(self._tab_shown)
        return page

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        # not while the window closes (its tabs go one by one): no job for a widget going away
        if self.who is not None and self.isVisible() and hasattr(tab, "refresh"):
            tab.refresh()

    def signed_in(self, who: SignedIn) -> None:
        self.who = who
        self.heading.setText(self.tr("Quản trị · {0}").format(who.full_name))
        self.stack.setCurrentWidget(self.main)
        self.refresh()

    def refresh(self) -> None:
        for tab in (self.staff, self.counters, self.services, self.departments, self.catalog):
            tab.refresh()
        self.office.refresh()
        self.calendar.refresh()
        self.backup.refresh()

    def sign_out(self) -> None:
        self.who = None
        self.ctx.user = None
        self.login.reset()
        self.stack.setCurrentWidget(self.login)


def create(ctx: AppContext) -> QWidget:
    return AdminWindow(ctx)
