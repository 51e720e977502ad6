"""The set-up wizard: a new office from the first start, without demo data.

Opened by `kiosk setup` (entry point `kiosk.setup:wizard`, ui/admin/wizard_entry.py) and by
`kiosk run` when the database has no active admin account and the PC is not enrolled with a
server (ui.admin.wizard_plan.needs_setup). Pages: this PC (stand-alone, or enrolled with a
server: the office then comes from the server), the office, the first admin account, the
procedure catalog, the queue services, the counters (printer test), other staff, the kiosks'
PIN. Every page is checked by the admin services on the database worker; the end applies all
of it in one transaction (kiosk.services.setup_file.apply_setup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from kiosk.domain.people import InputError
from ui.admin.form import AdminForm
from ui.admin.wizard_pages import Job
from ui.admin.wizard_plan import Plan, dry_run, hash_checked
from ui.context import AppContext
from ui.widgets.screen import resize_to_fit
from ui.widgets.theme import ensure_theme

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WELCOME, OFFICE, ADMIN, CATALOG, SERVICES, COUNTERS, STAFF, PIN, FINISH, ENROLL = range(10)


class SetupWizard(QWizard):
    set_up = Signal()  # the office is set up (or the PC enrolled): open the clerk's window

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.admin import wizard_steps as steps

        ensure_theme()
        self.ctx = ctx
        self.plan = Plan()
        self.info: dict[str, Any] = {}
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Thiết lập bộ phận một cửa"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self.setMinimumSize(960, 600)  # the lists beside their forms; fits 1280×720
        resize_to_fit(self, 1100, 700)
        self.welcome = steps.WelcomePage(self)
        self.office = steps.OfficePage(self)
        self.admin = steps.AdminPage(self)
        self.catalog = steps.CatalogPage(self)
        self.services = steps.ServicesPage(self)
        self.counters = steps.CountersPage(self)
        self.staff = steps.StaffPage(self)
        self.pin = steps.PinPage(self)
        self.finish = steps.FinishPage(self)
        self.enroll = steps.EnrollPage(self)
        for pid, page in (
            (WELCOME, self.welcome),
            (OFFICE, self.office),
            (ADMIN, self.admin),
            (CATALOG, self.catalog),
            (SERVICES, self.services),
            (COUNTERS, self.counters),
            (STAFF, self.staff),
            (PIN, self.pin),
            (FINISH, self.finish),
            (ENROLL, self.enroll),
        ):
            self.setPage(pid, page)
        self.setStartId(WELCOME)
        ctx.tasks.run(steps.prepare_job, self._prepared, self.welcome.form.show_error)

    def _prepared(self, info: dict[str, Any]) -> None:
        self.info = info
        self.office.form.set_values(info["office"])
        if str(info["office"].get("agency_code", "")).startswith("000.00.00"):
            self.office.form.set_values({"agency_code": ""})  # init's placeholder
        self.catalog.show_bundled(info["procedures"])

    def busy(self, on: bool) -> None:
        for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            self.button(b).setEnabled(not on)
        if on:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def done(self, result: int) -> None:
        self.counters.tester.shutdown()
        super().done(result)


def check_office(plan: Plan, values: dict[str, Any]) -> Job:
    def job(session: Session) -> dict[str, Any]:
        dry_run(session, plan.data(office=values, staff=[], services=[], counters=[]))
        return values

    return job


def check_admin(plan: Plan, form: AdminForm) -> Job:
    from ui.admin.tabs import two_passwords

    password = two_passwords(form)
    username, full_name = form.value("username") or "", form.value("full_name") or ""

    def job(session: Session) -> dict[str, Any]:
        admin = {
            "username": username,
            "full_name": full_name,
            "password_hash": hash_checked(password),
        }
        trial = Plan(office=plan.office, admin=admin)
        dry_run(session, trial.data())
        return admin

    return job


def refuse(field: str, en: str, vi: str) -> InputError:
    return InputError(field, en, vi)
