"""The counter log-in asks the duty roster (lịch trực) before the workspace opens.

A clerk the roster does not put at this counter today (somebody else, or nobody, is rostered
here, or the clerk is rostered at another counter) is told who is rostered and must confirm;
the confirmed sign-in is kept (kiosk.services.roster.record_off_roster) for the supervisor's
roster view. Where nobody made a roster for the day the clerk is not asked anything. The roster
is read and the note written on the database worker; the question is a window-modal box, so
the GUI never waits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.context import AppContext
from ui.i18n import fmt_date
from ui.widgets.login import LoginPanel, SignedIn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kiosk.services.roster import LoginCheck


def _check(session: Session, username: str, counter: int) -> LoginCheck | None:
    from kiosk.services.context import now
    from kiosk.services.roster import login_check

    return login_check(session, username, counter, now().date())


def _record(session: Session, check: LoginCheck) -> None:
    from kiosk.services.roster import record_off_roster

    record_off_roster(session, check)


class RosterGate(QObject):
    """Between a successful password check and the workspace: `admitted(SignedIn)` when the
    clerk is on duty (or confirmed signing in off the roster), `cancelled()` otherwise."""

    admitted = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.box: QMessageBox | None = None
        self.check: LoginCheck | None = None

    def ask(self, who: SignedIn, login: LoginPanel) -> None:
        """Read today's roster for this counter on the worker; the log-in button says so."""
        counter, user = self.ctx.counter_number, who.username
        login.button.start(self.tr("Đang kiểm tra lịch trực…"))

        def failed(exc: BaseException) -> None:
            login.button.done()
            self.ctx.user = None
            login.banner.show_error(exc)

        self.ctx.tasks.run(
            lambda s: _check(s, user, counter), lambda c: self._checked(who, login, c), failed
        )

    def _checked(self, who: SignedIn, login: LoginPanel, check: LoginCheck | None) -> None:
        self.check = check
        if check is None:
            login.button.done()
            self.admitted.emit(who)
            return
        box = QMessageBox(self.window)
        box.setObjectName("rosterQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Đăng nhập ngoài lịch trực"))
        box.setText(self.text(check))
        box.setInformativeText(
            self.tr(
                "Vẫn đăng nhập tại quầy này? Lần đăng nhập ngoài lịch trực này sẽ được ghi lại "
                "để lãnh đạo theo dõi."
            )
        )
        yes = box.addButton(self.tr("Vẫn đăng nhập"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Hủy đăng nhập"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)  # Enter out of habit does not sign in off the roster
        box.setEscapeButton(no)
        self.box = box

        def answered(_result: int) -> None:
            self.box = None
            if box.clickedButton() is yes:
                self._confirm(who, login, check)
            else:
                login.button.done()
                self.ctx.user = None
                login.reset()
                login.banner.show_message(self.tr("Đã hủy đăng nhập."), "info")
                self.cancelled.emit()
            box.deleteLater()

        box.finished.connect(answered)
        box.open()

    def text(self, check: LoginCheck) -> str:
        day = fmt_date(check.day)
        if check.rostered is not None:
            name = check.rostered_name or check.rostered
            shown = f"{name} ({check.rostered})" if name != check.rostered else name
            text = self.tr("Theo lịch trực ngày {0}, quầy số {1} do cán bộ {2} trực.").format(
                day, check.counter, shown
            )
        else:
            text = self.tr("Theo lịch trực ngày {0}, quầy số {1} không có cán bộ trực.").format(
                day, check.counter
            )
        if check.elsewhere:
            counters = ", ".join(str(c) for c in check.elsewhere)
            text += " " + self.tr("Anh/chị được phân công trực quầy số {0}.").format(counters)
        else:
            text += " " + self.tr("Anh/chị không có tên trong lịch trực ngày này.")
        return text

    def _confirm(self, who: SignedIn, login: LoginPanel, check: LoginCheck) -> None:
        def done(_r: object) -> None:
            login.button.done()
            self.admitted.emit(who)

        def failed(exc: BaseException) -> None:  # not kept: not signed in either
            login.button.done()
            self.ctx.user = None
            login.banner.show_error(exc)

        self.ctx.tasks.run(lambda s: _record(s, check), done, failed)
