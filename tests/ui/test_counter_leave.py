"""Issue 17 item 4: log-out does not leave a ticket "being served"; F4 asks and can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.store.models import Outbox, Ticket
from ui.context import AppContext
from ui.counter.window import CounterWindow

from .test_counter_flow import activate, issue, open_counter


def _status(ctx: AppContext, label: str) -> tuple[str, int | None]:
    with ctx.store.begin() as s:
        t = s.scalar(select(Ticket).where(Ticket.label == label))
        assert t is not None
        return t.status, t.counter_number


def _call(qtbot: QtBot, w: CounterWindow, wait_idle: Any) -> None:
    with qtbot.waitSignal(w.ctx.hub.ticket_called, timeout=5000):
        QTest.keyClick(w, Qt.Key.Key_F2)
    wait_idle()


def _answer(qtbot: QtBot, w: CounterWindow, name: str) -> None:
    qtbot.waitUntil(lambda: w.ticket_question is not None and w.ticket_question.isVisible())
    box = w.ticket_question
    assert isinstance(box, QMessageBox)
    box.findChild(QPushButton, name).click()


def test_log_out_puts_the_ticket_back_first_in_line(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    a, _b = issue(ctx, "HT", 2)
    w = open_counter(qtbot, ctx, wait_idle)
    _call(qtbot, w, wait_idle)
    assert w.queue.ticket.text() == a
    w.logout_button.click()
    assert w.who is not None  # asked first, not logged out yet
    _answer(qtbot, w, "keepTicket")  # "Ở lại": nothing changes
    wait_idle()
    assert w.who is not None and _status(ctx, a) == ("called", 1)
    w.logout_button.click()
    _answer(qtbot, w, "putBack")
    qtbot.waitUntil(lambda: w.who is None, timeout=5000)
    wait_idle()
    assert _status(ctx, a) == ("waiting", None)
    # the next clerk's first call takes it again, before b
    w.login.username.setText("canbo2")
    w.login.password.setText("motcua123")
    w.login.button.click()
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    wait_idle()
    activate(qtbot, w)
    _call(qtbot, w, wait_idle)
    assert w.queue.ticket.text() == a


def test_log_out_can_finish_the_ticket(qtbot: QtBot, ctx: AppContext, wait_idle: Any) -> None:
    (a,) = issue(ctx, "HT", 1)
    w = open_counter(qtbot, ctx, wait_idle)
    _call(qtbot, w, wait_idle)
    w.logout_button.click()
    _answer(qtbot, w, "finishTicket")
    qtbot.waitUntil(lambda: w.who is None, timeout=5000)
    wait_idle()
    assert _status(ctx, a) == ("done", 1)


def test_a_ticket_left_by_someone_else_is_asked_about_at_log_in(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    from kiosk.services import queue as q
    from kiosk.services.context import Actor

    (a,) = issue(ctx, "HT", 1)
    with ctx.store.begin() as s:  # canbo2 called it here, then the PC was switched off
        q.call_next(s, 1, Actor("canbo2", 1))
    w = open_counter(qtbot, ctx, wait_idle)  # canbo1 logs in
    _answer(qtbot, w, "putBack")
    wait_idle()
    assert _status(ctx, a) == ("waiting", None)


def test_no_show_asks_and_can_be_undone(qtbot: QtBot, ctx: AppContext, wait_idle: Any) -> None:
    (a,) = issue(ctx, "HT", 1)
    w = open_counter(qtbot, ctx, wait_idle)
    panel = w.queue
    _call(qtbot, w, wait_idle)
    QTest.keyClick(w, Qt.Key.Key_F4)
    box = panel.no_show_question
    assert box is not None and box.isVisible() and a in box.text()
    box.reject()  # "Hủy"
    wait_idle()
    assert _status(ctx, a) == ("called", 1) and not panel.undo.isVisible()
    activate(qtbot, w)
    QTest.keyClick(w, Qt.Key.Key_F4)
    panel.no_show_question.findChild(QPushButton, "yes").click()
    wait_idle()
    assert _status(ctx, a) == ("no_show", 1)
    assert panel.undo.isVisible() and a in panel.undo.text()
    with qtbot.waitSignal(ctx.hub.ticket_called, timeout=5000) as called:
        panel.undo.click()
    assert called.args == [a, 1]  # the display and the voice call it again
    wait_idle()
    assert _status(ctx, a) == ("called", 1) and panel.ticket.text() == a
    assert not panel.undo.isVisible()
    with ctx.store.begin() as s:
        kinds = list(s.scalars(select(Outbox.kind).order_by(Outbox.seq)))
    assert kinds[-2:] == ["ticket.no_show", "ticket.undo_no_show"]
