"""A second apology from the counter needs a supervisor (docs/rules.md): the dialog asks for
the approving supervisor once the dossier has had an apology; without one the clerk gets one
Vietnamese sentence and nothing is recorded; with the supervisor's password it goes through."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.services.context import now
from kiosk.store.models import DossierEvent
from ui.context import AppContext

from .conftest import type_text
from .test_counter_flow import open_counter


def _apologise(detail: Any, wait_idle: Any, w: Any, days: int, who: str = "", pw: str = "") -> Any:
    detail.apology_button.click()
    dialog = detail._dialog
    assert dialog is not None
    dialog.new_date.setText((now() + timedelta(days=days)).strftime("%d/%m/%Y"))
    type_text(dialog.reason, "Chờ ý kiến của cơ quan phối hợp")
    dialog.approver.setText(who)
    dialog.approver_password.setText(pw)
    approval_shown = not dialog.approval.isHidden()
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    return approval_shown


def apologies(ctx: AppContext) -> int:
    with ctx.store.begin() as s:
        return int(s.scalar(select(func.count()).where(DossierEvent.kind == "apology")) or 0)


def test_second_apology_needs_a_supervisor(qtbot: QtBot, ctx: AppContext, wait_idle: Any) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    wait_idle()
    w.overdue_chip.click()
    wait_idle()
    w.dossiers.table.selectRow(0)
    wait_idle()
    detail = w.dossiers.detail
    before = apologies(ctx)
    assert _apologise(detail, wait_idle, w, 10) is False  # first: no approval asked
    assert apologies(ctx) == before + 1
    assert _apologise(detail, wait_idle, w, 20) is True  # second: the approval is asked
    assert "cần giám sát viên phê duyệt" in detail.banner.text()
    assert apologies(ctx) == before + 1  # nothing recorded
    _apologise(detail, wait_idle, w, 20, "giamsat", "sai-mat-khau")
    assert "Sai tên đăng nhập hoặc mật khẩu" in detail.banner.text()
    assert apologies(ctx) == before + 1
    _apologise(detail, wait_idle, w, 20, "giamsat", "motcua123")
    assert apologies(ctx) == before + 2
    assert "mau04" in detail.banner.text()
