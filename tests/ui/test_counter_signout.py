"""Issue 16, item 6: signing out — or the idle lock — leaves nothing of a citizen on screen: the
Hồ sơ tab's search and results, an open dialog, a copied ID number; the idle lock keeps the
ticket being served for its clerk."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.counter.window import CounterWindow

from .test_counter_flow import issue, open_counter


def test_sign_out_clears_search_results_dialogs_and_clipboard(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    tab = w.work.dossiers
    tab.text.setText("Nguyễn")
    tab.search()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10_000)
    tab.table.selectRow(0)
    dialog = QDialog(w)
    dialog.setWindowTitle("Chi tiết công dân")
    dialog.show()
    QGuiApplication.clipboard().setText("001190012345")
    w.sign_out()
    assert w.who is None and w.stack.currentWidget() is w.login
    assert tab.text.text() == "" and tab.model.rowCount() == 0 and tab.result_count.text() == ""
    assert tab.detail.detail is None
    assert not dialog.isVisible()
    assert QGuiApplication.clipboard().text() == ""


def test_the_idle_lock_signs_out_and_keeps_the_ticket_being_served(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    ctx.config["idle_lock_minutes"] = 0.05  # 3 s
    w: CounterWindow = open_counter(qtbot, ctx, wait_idle)
    assert w.idle_lock.isActive() and w.idle_lock.interval() == 3000
    issue(ctx, "HT")
    w.work.queue.do_call_next()
    qtbot.waitUntil(
        lambda: w.work.queue.state is not None and w.work.queue.state.current is not None,
        timeout=10_000,
    )
    w.work.dossiers.text.setText("0912345678")
    qtbot.waitUntil(lambda: w.who is None, timeout=15_000)  # nobody touched anything
    assert w.stack.currentWidget() is w.login and w.work.dossiers.text.text() == ""
    from sqlalchemy import select

    from kiosk.store.models import Ticket

    with ctx.store.read() as s:
        statuses = set(s.scalars(select(Ticket.status)))
    assert "called" in statuses or "serving" in statuses  # still theirs, not put back
