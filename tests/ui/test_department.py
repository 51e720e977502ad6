"""The department role: the dossiers waiting for the officer, and the status machine's actions."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.store.models import Dossier
from ui.context import AppContext
from ui.department.window import DepartmentWindow, create

from .conftest import type_text


def open_department(
    qtbot: QtBot, ctx: AppContext, wait: Any, user: str = "chuyenvien"
) -> DepartmentWindow:
    w = create(ctx)
    assert isinstance(w, DepartmentWindow)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.login.username.setText(user)
    w.login.password.setText("motcua123")
    w.login.button.click()
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    wait(w.io)
    return w


def receive(ctx: AppContext, name: str, procedure: str = "1.001193") -> str:
    with ctx.store.begin() as s:
        d = receive_dossier(s, Intake(procedure, Applicant(name)), Actor("canbo1", 1))
        code = d.code
    ctx.hub.dossiers_changed.emit()
    return code


def select_code(w: DepartmentWindow, code: str, wait: Any) -> None:
    row = next(i for i, r in enumerate(w.model.rows) if r.code == code)
    w.table.selectRow(row)
    wait()
    assert w.detail.detail is not None and w.detail.detail.row.code == code


def status_of(ctx: AppContext, code: str) -> int:
    with ctx.store.begin() as s:
        return int(s.scalar(select(Dossier.status).where(Dossier.code == code)) or 0)


def test_the_list_holds_what_waits_for_the_department(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_department(qtbot, ctx, wait_idle)
    wait_idle()
    with ctx.store.begin() as s:
        waiting = set(s.scalars(select(Dossier.code).where(Dossier.status.in_([2, 4, 5, 6]))))
    assert waiting and {r.code for r in w.model.rows} == waiting
    dues = [r.due_at for r in w.model.rows]
    assert dues == sorted(dues)  # the most urgent first
    assert not any(b.isEnabled() for b in w.buttons.values())  # nothing selected yet

    code = receive(ctx, "Trần Thị Mai")  # a counter receives: the list follows
    wait_idle()
    assert code in {r.code for r in w.model.rows}
    w.search.setText("tran thi mai")
    w.search.returnPressed.emit()
    wait_idle()
    assert [r.code for r in w.model.rows] == [code]
    select_code(w, code, wait_idle)
    shot(w, "department_01_list")


def test_take_supplement_payment_ready(qtbot: QtBot, ctx: AppContext, wait_idle: Any) -> None:
    w = open_department(qtbot, ctx, wait_idle)
    code = receive(ctx, "Lê Văn Tám")
    wait_idle()
    select_code(w, code, wait_idle)
    enabled = {k for k, b in w.buttons.items() if b.isEnabled()}
    assert enabled == {"take", "supplement", "payment", "stop", "ready", "handover"}

    w.buttons["take"].click()
    assert w.buttons["take"].text() == "Đang xử lý…"
    wait_idle(w.io)
    assert status_of(ctx, code) == Status.IN_PROCESS
    assert "Đã cập nhật hồ sơ" in w.banner.text()
    assert not w.buttons["take"].isEnabled()  # 4 -> 4 is not a move

    w.buttons["supplement"].click()
    wait_idle()  # the dialog opens once it is known whether an approval is needed
    dialog = w.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.approval.isHidden()  # a first request: no supervisor asked
    dialog.ok.click()  # no reason: refused, with the message in the dialog
    assert dialog.isVisible()
    assert dialog.reason_error.text() == "Phải nhập giấy tờ cần bổ sung và lý do."
    type_text(dialog.reason, "Thiếu bản sao giấy chứng sinh")
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert status_of(ctx, code) == Status.SUPPLEMENT
    assert (ctx.home / "printouts").glob("*mau02*")
    assert any((ctx.home / "printouts").glob(f"*{code[-11:]}*mau02*.pdf"))
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None and d.paused_at is not None  # the clock stopped
        assert d.events[-1].actor == "chuyenvien"
    enabled = {k for k, b in w.buttons.items() if b.isEnabled()}
    assert enabled == {"take", "stop"}  # 5 -> 4 resumes; 5 -> 8 stops

    w.buttons["take"].click()  # the documents came: the clock runs again
    wait_idle()
    assert status_of(ctx, code) == Status.IN_PROCESS
    w.buttons["payment"].click()
    wait_idle()
    assert status_of(ctx, code) == Status.AWAITING_PAYMENT
    w.buttons["ready"].click()
    wait_idle()
    assert status_of(ctx, code) == Status.READY
    assert code not in {r.code for r in w.model.rows}  # done: it left the department's list


def test_stop_and_hand_over(qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any) -> None:
    w = open_department(qtbot, ctx, wait_idle)
    code = receive(ctx, "Phạm Văn Đông", procedure="3.000722")  # inter-agency
    wait_idle()
    select_code(w, code, wait_idle)
    assert w.detail.detail is not None and w.detail.detail.route
    w.buttons["handover"].click()
    dialog = w.dialog
    assert dialog is not None
    agency = dialog.agency.itemText(1)
    dialog.agency.setCurrentIndex(1)
    shot(dialog, "department_02_handover")
    dialog.ok.click()
    wait_idle()
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None and d.events[-1].kind == "handover"
        assert d.events[-1].data == {"to_agency": agency}
    assert w.detail.timeline.item(w.detail.timeline.rowCount() - 1, 2).text() == "Chuyển cơ quan"

    w.buttons["stop"].click()
    dialog = w.dialog
    type_text(dialog.text, "Người nộp đề nghị dừng")
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert status_of(ctx, code) == Status.STOPPED
    assert any((ctx.home / "printouts").glob("*mau05*.pdf"))
    assert "Đã tạo" in w.banner.text()
