"""Issue 17 item 1: the return dialog acts on exactly the dossier it shows.

Editing the "Mã hồ sơ" field without pressing Enter used to leave the previously loaded dossier
(and its collector's name) behind the confirm button: confirming returned the wrong dossier.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.store.models import Dossier
from ui.context import AppContext
from ui.department.actions import ACTIONS

from .conftest import type_text
from .test_counter_flow import open_counter


def _ready(ctx: AppContext, n: int) -> list[tuple[str, str]]:
    with ctx.store.begin() as s:
        rows = s.execute(
            select(Dossier.code, Dossier.applicant_name)
            .where(Dossier.status == Status.READY)
            .order_by(Dossier.code)
        ).all()
    distinct: dict[str, tuple[str, str]] = {}
    for code, name in rows:
        distinct.setdefault(name, (code, name))
    assert len(distinct) >= n, "the demo data needs ready dossiers of different citizens"
    return list(distinct.values())[:n]


def _status(ctx: AppContext, code: str) -> int:
    with ctx.store.begin() as s:
        status = s.scalar(select(Dossier.status).where(Dossier.code == code))
    assert status is not None
    return status


def test_editing_the_code_without_enter_returns_nothing_else(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    (a, a_name), (b, b_name) = _ready(ctx, 2)
    w = open_counter(qtbot, ctx, wait_idle)
    w.tabs.setCurrentWidget(w.dossiers)
    w.dossiers.open_return(a)
    dialog = w.dossiers.return_dialog
    assert dialog is not None
    wait_idle()
    assert dialog.ok.isEnabled() and dialog.collector.text() == a_name

    # a code of nothing, typed over the loaded one, Enter not pressed
    dialog.code.edit.selectAll()
    dialog.code.edit.del_()
    type_text(dialog.code.edit, "ABC-123")
    assert not dialog.ok.isEnabled(), "the shown code is not the loaded dossier's"
    assert dialog.collector.text() == "", "the previous citizen's name must go"
    assert not dialog.info.isVisible()
    dialog.ok.click()
    wait_idle()
    assert _status(ctx, a) == Status.READY

    # another citizen's code, Enter not pressed: still nothing to confirm
    dialog.code.edit.selectAll()
    dialog.code.edit.del_()
    type_text(dialog.code.edit, b)
    assert not dialog.ok.isEnabled()
    dialog.ok.click()
    wait_idle()
    assert _status(ctx, a) == Status.READY and _status(ctx, b) == Status.READY

    # Enter loads it: the dialog shows B and its applicant, and returns B
    dialog.code.edit.returnPressed.emit()
    wait_idle()
    assert dialog.ok.isEnabled()
    assert b_name in dialog.info.text() and dialog.collector.text() == b_name
    dialog.ok.click()
    wait_idle()
    assert _status(ctx, b) == Status.RETURNED
    assert _status(ctx, a) == Status.READY
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == b))
        assert d is not None and d.events[-1].data["collected_by"] == b_name


def test_a_late_answer_for_an_older_code_is_not_shown(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    (a, _a_name), (b, b_name) = _ready(ctx, 2)
    w = open_counter(qtbot, ctx, wait_idle)
    w.dossiers.open_return(a)  # the lookup of A is on its way...
    dialog = w.dossiers.return_dialog
    assert dialog is not None
    dialog.code.edit.selectAll()
    dialog.code.edit.del_()
    type_text(dialog.code.edit, b)  # ...while the clerk already typed B
    wait_idle()
    assert not dialog.ok.isEnabled() and dialog.collector.text() == ""
    assert dialog.code.text() == b
    dialog.code.edit.returnPressed.emit()
    wait_idle()
    assert dialog.ok.isEnabled() and dialog.collector.text() == b_name


def test_the_page_refuses_a_code_other_than_the_dialogs(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    """Confirm passes the code on screen; the page checks it against the loaded dossier."""
    (a, _a_name), (b, _b_name) = _ready(ctx, 2)
    w = open_counter(qtbot, ctx, wait_idle)
    w.dossiers.open_return(a)
    dialog = w.dossiers.return_dialog
    assert dialog is not None
    wait_idle()
    dialog.code.edit.setText(b)  # set by a program, not typed: the guard still holds
    assert not dialog.ok.isEnabled()
    dialog._submit()
    wait_idle()
    assert _status(ctx, a) == Status.READY and _status(ctx, b) == Status.READY


def test_the_apology_goes_to_the_dossier_its_dialog_showed(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    """The detail panel may move on (a refresh) while the apology dialog is open: the new date
    still goes to the dossier named in the dialog."""
    from datetime import timedelta

    with ctx.store.begin() as s:
        codes = s.scalars(
            select(Dossier.code).where(Dossier.status == Status.IN_PROCESS).order_by(Dossier.code)
        ).all()
    assert len(codes) >= 2
    x, y = codes[0], codes[1]
    w = open_counter(qtbot, ctx, wait_idle)
    detail = w.dossiers.detail
    detail.load(x)
    wait_idle()
    detail.ask_apology()
    wait_idle()  # the dialog opens once it is known whether a supervisor must approve
    dialog = detail._dialog
    assert dialog is not None and x in dialog.findChild(QLabel, "dialogSubject").text()
    detail.load(y)  # the panel moves on behind the dialog
    wait_idle()
    assert detail.detail is not None and detail.detail.row.code == y
    with ctx.store.begin() as s:
        due = s.scalar(select(Dossier.due_at).where(Dossier.code == x))
    assert due is not None
    dialog.new_date.setText((due + timedelta(days=7)).strftime("%d/%m/%Y"))
    dialog.reason.setPlainText("Chờ xác minh")
    dialog.ok.click()
    wait_idle()
    with ctx.store.begin() as s:
        kinds = {
            c: [e.kind for e in s.scalar(select(Dossier).where(Dossier.code == c)).events]
            for c in (x, y)
        }
    assert "apology" in kinds[x] and "apology" not in kinds[y]


def test_the_departments_reason_dialog_names_its_dossier(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    from ui.department.window import DepartmentWindow

    w = DepartmentWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.login.username.setText("chuyenvien")
    w.login.password.setText("motcua123")
    w.login.button.click()
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    wait_idle()
    w.refresh()
    wait_idle()
    assert w.model.rowCount() > 0
    w.table.selectRow(0)
    row = w.selected()
    assert row is not None
    for key in ("supplement", "stop"):
        w.dialog = None
        w.start_action(next(a for a in ACTIONS if a.key == key))
        # the supplement dialog opens once the dossier's earlier requests are read (a worker)
        qtbot.waitUntil(lambda: w.dialog is not None and w.dialog.isVisible(), timeout=5000)
        dialog = w.dialog
        assert dialog is not None
        subject = dialog.findChild(QLabel, "dialogSubject")
        assert subject.isVisible() and row.code in subject.text()
        dialog.reject()
