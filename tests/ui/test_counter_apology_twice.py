"""The counter's apology dialog (Mẫu 04) and the rules behind it (docs/rules.md).

Like the department's supplement request (test_department_second_supplement), the dialog stays
open while the apology is recorded: every refusal is one Vietnamese sentence under the field it
concerns (a new appointment not after the current one under the date, a missing or refused
approval under the supervisor's fields), nothing is recorded, and the failed tries of the
approving password are counted all the same (committed). Once the dossier has had an apology,
the dialog asks for the approving supervisor's user name and password; with hers the apology is
recorded, approved by her.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.services.context import Actor, now
from kiosk.services.dossiers import apologise
from kiosk.store.models import Dossier, DossierEvent
from ui.context import AppContext
from ui.counter.dialogs import ApologyDialog

from .conftest import type_text
from .test_counter_flow import open_counter
from .test_department_second_supplement import approval_tries


def _dossier(ctx: AppContext) -> str:
    with ctx.store.begin() as s:
        code = s.scalar(
            select(Dossier.code)
            .where(Dossier.status == Status.IN_PROCESS, Dossier.new_due_at.is_(None))
            .order_by(Dossier.code)
        )
    assert code is not None
    return code


def _open(detail: Any, code: str, wait_idle: Any) -> ApologyDialog:
    detail.load(code)
    wait_idle()
    detail.apology_button.click()
    wait_idle()  # the dialog opens once it is known whether a supervisor must approve
    dialog = detail._dialog
    assert isinstance(dialog, ApologyDialog) and dialog.isVisible()
    assert code in dialog.row.code
    return dialog


def _fill(dialog: ApologyDialog, day: datetime, who: str = "", pw: str = "") -> None:
    dialog.new_date.setText(day.strftime("%d/%m/%Y"))
    dialog.reason.setPlainText("")
    type_text(dialog.reason, "Chờ ý kiến của cơ quan phối hợp")
    if not dialog.approval.isHidden():
        dialog.approver.setText(who)
        dialog.password.edit.setText(pw)


def _submit(dialog: ApologyDialog, w: Any, wait_idle: Any) -> None:
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)


def apologies(ctx: AppContext, code: str) -> list[dict[str, Any]]:
    with ctx.store.begin() as s:
        rows = s.scalars(
            select(DossierEvent)
            .where(DossierEvent.kind == "apology", DossierEvent.dossier.has(code=code))
            .order_by(DossierEvent.id)
        ).all()
        return [dict(e.data or {}) for e in rows]


def test_second_apology_asks_the_supervisor_in_the_dialog(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    detail = w.dossiers.detail
    code = _dossier(ctx)

    first = _open(detail, code, wait_idle)
    assert first.approval.isHidden()  # the first apology is the clerk's own
    _fill(first, now() + timedelta(days=10))
    _submit(first, w, wait_idle)
    assert not first.isVisible() and len(apologies(ctx, code)) == 1
    qtbot.waitUntil(lambda: "mau04" in detail.banner.text(), timeout=30_000)

    dialog = _open(detail, code, wait_idle)
    assert not dialog.approval.isHidden()  # a second apology: the supervisor is asked
    _fill(dialog, now() + timedelta(days=20))
    dialog.ok.click()  # no supervisor named: refused under both fields, nothing asked
    assert dialog.isVisible()
    assert dialog.approver.error.text() == "Trường này bắt buộc."
    assert dialog.password.error.text() == "Trường này bắt buộc."
    shot(dialog, "counter_12_second_apology")

    banner_before = detail.banner.text()
    _fill(dialog, now() + timedelta(days=20), "giamsat", "sai-mat-khau")
    _submit(dialog, w, wait_idle)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.password.error.text().startswith("Sai tên đăng nhập hoặc mật khẩu")
    assert detail.banner.text() == banner_before  # not in the window's banner
    assert len(apologies(ctx, code)) == 1  # nothing recorded
    assert approval_tries(ctx, "giamsat") == (1, ["wrong"])  # ...but counted (committed)

    _fill(dialog, now() + timedelta(days=20), "canbo1", "motcua123")  # a clerk's own password
    _submit(dialog, w, wait_idle)
    assert dialog.isVisible()
    assert "không phải của giám sát viên" in dialog.password.error.text()
    assert len(apologies(ctx, code)) == 1

    _fill(dialog, now() + timedelta(days=20), "giamsat", "motcua123")
    _submit(dialog, w, wait_idle)
    assert not dialog.isVisible()
    second = apologies(ctx, code)
    assert len(second) == 2 and second[-1]["approved_by"] == "giamsat"
    qtbot.waitUntil(lambda: "mau04" in detail.banner.text(), timeout=30_000)
    assert approval_tries(ctx, "giamsat") == (0, ["wrong", "wrong", "ok"])  # success clears


def test_a_rule_refusal_stays_in_the_dialog_under_its_field(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    """The dialog was opened on what it knew; meanwhile another PC apologised for the dossier
    (the sync brought it). The service refuses: the new date is no longer after the current
    appointment (under the date), then a second apology needs a supervisor (the approval
    fields appear, the sentence under the supervisor's name). Nothing is recorded; the dialog
    stays open, and goes through once the supervisor approves."""
    w = open_counter(qtbot, ctx, wait_idle)
    detail = w.dossiers.detail
    code = _dossier(ctx)
    dialog = _open(detail, code, wait_idle)
    assert dialog.approval.isHidden()
    with ctx.store.begin() as s:  # the other PC's apology, with a later appointment
        due = s.scalar(select(Dossier.due_at).where(Dossier.code == code))
        assert due is not None
        apologise(s, code, due + timedelta(days=30), "Chờ xác minh", Actor("canbo2", 2))

    _fill(dialog, due + timedelta(days=10))  # after the appointment the dialog showed
    _submit(dialog, w, wait_idle)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.new_date.error.text().startswith("Ngày hẹn mới phải sau ngày hẹn hiện tại (")
    assert dialog.approval.isHidden()
    assert len(apologies(ctx, code)) == 1  # only the other PC's

    _fill(dialog, due + timedelta(days=40))
    _submit(dialog, w, wait_idle)
    assert dialog.isVisible()
    assert not dialog.approval.isHidden()  # the rule asks for a supervisor: her fields appear
    assert dialog.approver.error.text().endswith("cần giám sát viên phê duyệt.")
    assert len(apologies(ctx, code)) == 1

    _fill(dialog, due + timedelta(days=40), "giamsat", "motcua123")
    _submit(dialog, w, wait_idle)
    assert not dialog.isVisible()
    done = apologies(ctx, code)
    assert len(done) == 2 and done[-1]["approved_by"] == "giamsat"
