"""The supervisor's window: results report (II.06a), queue, satisfaction, overdue watch and the
duty roster, behind a staff log-in (supervisor or admin).

Every database read and every export runs on the database worker (`ctx.tasks`); the window
only shows what the services in `kiosk.services.reports*` and `kiosk.services.roster` return.
The report tabs can also show the whole district, from the sync server (`ui.supervisor.district`:
its HTTP calls run on a network worker of their own).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QCloseEvent
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

from ui.context import AppContext
from ui.supervisor.district import District
from ui.supervisor.fees_tab import FeesTab
from ui.supervisor.queue_tab import QueueTab, SatisfactionTab
from ui.supervisor.results_tab import ResultsTab
from ui.supervisor.roster_tab import RosterTab
from ui.supervisor.watch_tab import WatchTab
from ui.widgets.login import LoginPanel, SignedIn
from ui.widgets.screen import resize_to_fit
from ui.widgets.theme import ensure_theme

ROLES = ("supervisor", "admin")


class SupervisorWindow(QMainWindow):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        ensure_theme()
        self.ctx = ctx
        self.today = today or date.today()
        self.who: SignedIn | None = None
        self.district = District(ctx, self)
        self.setWindowTitle(self.tr("Giám sát – báo cáo, thống kê"))
        resize_to_fit(self, 1360, 820)
        self.stack = QStackedWidget()
        self.login = LoginPanel(ctx, self.tr("Giám sát – báo cáo, thống kê, lịch trực"), ROLES)
        if ctx.demo:
            self.login.username.setText("giamsat")
            self.login.banner.show_message(
                self.tr("Chế độ trình diễn: tài khoản giamsat, mật khẩu motcua123."), "info"
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
        top.addWidget(logout)
        box.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisorTabs")
        d = self.district
        self.results = ResultsTab(self.ctx, self.today, district=d)
        self.queue = QueueTab(self.ctx, self.today, district=d)
        self.satisfaction = SatisfactionTab(self.ctx, self.today, district=d)
        self.watch = WatchTab(self.ctx, district=d)
        self.roster = RosterTab(self.ctx, self.today)
        self.fees = FeesTab(self.ctx, self.today)
        self.tabs.addTab(self.watch, self.tr("Theo dõi hạn giải quyết"))
        self.tabs.addTab(self.results, self.tr("Kết quả giải quyết (II.06a)"))
        self.tabs.addTab(self.queue, self.tr("Hàng chờ"))
        self.tabs.addTab(self.satisfaction, self.tr("Mức độ hài lòng"))
        self.tabs.addTab(self.roster, self.tr("Lịch trực"))
        self.tabs.addTab(self.fees, self.tr("Thu phí, lệ phí"))
        box.addWidget(self.tabs, 1)
        logout.clicked.connect(self.sign_out)
        return page

    def signed_in(self, who: SignedIn) -> None:
        self.who = who
        self.heading.setText(self.tr("Giám sát · {0}").format(who.full_name))
        self.stack.setCurrentWidget(self.main)
        self.district.start(who.username)
        self.watch.start()
        self.results.refresh()
        self.roster.refresh()

    def sign_out(self) -> None:
        self.who = None
        self.ctx.user = None
        self.watch.stop()
        self.district.forget()  # the server session goes with the supervisor
        for tab in (self.watch, self.results, self.queue, self.satisfaction):
            tab.scope.set_local()
            tab.banner.clear_message()
        self.login.reset()
        self.stack.setCurrentWidget(self.login)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        self.watch.stop()
        self.district.shutdown()
        super().closeEvent(event)


def create(ctx: AppContext) -> QWidget:
    return SupervisorWindow(ctx)
