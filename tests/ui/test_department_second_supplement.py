"""A second supplement request from the department window needs a supervisor (docs/rules.md).

The department officer's dialog asks, once the dossier has had a request, for the approving
supervisor's user name and password, checked on the spot by the counter's service
(kiosk.services.approval, throttled like a sign-in). Every refusal is one Vietnamese sentence
under the field it concerns, the dialog stays open and nothing is recorded; the failed tries
are counted all the same. With the supervisor's password the request is recorded, marked as a
repeat approved by her.
"""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.domain.status import Status
from kiosk.store.models import DossierEvent
from kiosk.store.server_models import LoginThrottle, SecurityEvent
from ui.context import AppContext
from ui.department.dialogs import SupplementDialog

from .conftest import type_text
from .test_department import open_department, receive, select_code, status_of


def supplements(ctx: AppContext, code: str) -> list[dict[str, Any]]:
    with ctx.store.begin() as s:
        rows = s.scalars(
            select(DossierEvent)
            .where(DossierEvent.to_status == Status.SUPPLEMENT, DossierEvent.kind == "status")
            .where(DossierEvent.dossier.has(code=code))
            .order_by(DossierEvent.id)
        ).all()
        return [dict(e.data or {}) for e in rows]


def approval_tries(ctx: AppContext, name: str) -> tuple[int, list[str]]:
    """The failures counted against the name (a success clears them) and the outcome of every
    approval tried (security_event)."""
    with ctx.store.begin() as s:
        row = s.get(LoginThrottle, f"user:{name}")
        outcomes = s.scalars(
            select(SecurityEvent.outcome)
            .where(SecurityEvent.kind == "approval")
            .order_by(SecurityEvent.id)
        ).all()
        return (row.failures if row is not None else 0), list(outcomes)


def open_dialog(w: Any, wait_idle: Any) -> SupplementDialog:
    w.buttons["supplement"].click()
    wait_idle()
    dialog = w.dialog
    assert isinstance(dialog, SupplementDialog) and dialog.isVisible()
    return dialog


def submit(dialog: SupplementDialog, w: Any, wait_idle: Any, who: str, password: str) -> None:
    dialog.approver.setText(who)
    dialog.password.edit.setText(password)
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)


def test_the_second_request_asks_the_supervisor_on_the_spot(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_department(qtbot, ctx, wait_idle)
    code = receive(ctx, "Đỗ Thị Lan")
    wait_idle()
    select_code(w, code, wait_idle)
    w.buttons["take"].click()
    wait_idle(w.io)
    first = open_dialog(w, wait_idle)
    assert first.approval.isHidden()  # the first request is the officer's own
    type_text(first.reason, "Thiếu bản sao giấy chứng sinh")
    first.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert not first.isVisible() and status_of(ctx, code) == Status.SUPPLEMENT
    w.buttons["take"].click()  # the documents came
    wait_idle(w.io)
    assert status_of(ctx, code) == Status.IN_PROCESS

    dialog = open_dialog(w, wait_idle)
    assert not dialog.approval.isHidden()  # a second request: the supervisor is asked
    type_text(dialog.reason, "Thiếu xác nhận của cơ quan phối hợp")
    dialog.ok.click()  # no supervisor named: refused under both fields, nothing asked
    assert dialog.isVisible()
    assert dialog.approver.error.text() == "Trường này bắt buộc."
    assert dialog.password.error.text() == "Trường này bắt buộc."
    shot(dialog, "department_03_second_supplement")

    submit(dialog, w, wait_idle, "giamsat", "sai-mat-khau")
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.password.error.text().startswith("Sai tên đăng nhập hoặc mật khẩu")
    assert len(supplements(ctx, code)) == 1  # nothing recorded
    assert approval_tries(ctx, "giamsat") == (1, ["wrong"])  # ...but counted (committed)

    submit(dialog, w, wait_idle, "canbo1", "motcua123")  # a clerk's own right password
    assert dialog.isVisible()
    assert "không phải của giám sát viên" in dialog.password.error.text()
    assert len(supplements(ctx, code)) == 1

    submit(dialog, w, wait_idle, "giamsat", "motcua123")
    assert not dialog.isVisible()
    assert status_of(ctx, code) == Status.SUPPLEMENT
    second = supplements(ctx, code)[-1]
    assert second["repeat"] == 2 and second["approved_by"] == "giamsat"
    assert "mau02" in w.banner.text()  # recorded, and its Mẫu 02 made
    assert approval_tries(ctx, "giamsat") == (0, ["wrong", "wrong", "ok"])
    with ctx.store.begin() as s:
        assert s.scalar(select(func.count()).select_from(SecurityEvent)) == 3


def test_a_supervisor_signed_in_is_not_asked_again(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = open_department(qtbot, ctx, wait_idle, user="giamsat")
    code = receive(ctx, "Vũ Văn Hải")
    wait_idle()
    select_code(w, code, wait_idle)
    for reason in ("Thiếu tờ khai", "Thiếu bản sao sổ hộ khẩu"):
        w.buttons["take"].click()
        wait_idle(w.io)
        dialog = open_dialog(w, wait_idle)
        assert dialog.approval.isHidden()
        type_text(dialog.reason, reason)
        dialog.ok.click()
        wait_idle(w.io, timeout=30_000)
        assert not dialog.isVisible()
    assert [d.get("approved_by") for d in supplements(ctx, code)] == [None, "giamsat"]
