"""The dossier received while a ticket is served is linked to that ticket, and its detail shows
the number. Screenshot: test-output/ui/counter_ticket_link_detail.png."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.store.models import Ticket
from ui.context import AppContext

from .test_counter_flow import CCCD, issue, open_counter


def test_the_served_ticket_gets_the_dossier_and_the_detail_shows_it(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    issue(ctx, "HT", 2)
    QTest.keyClick(w, Qt.Key.Key_F2)
    wait_idle()
    assert w.queue.ticket.text() == "A001"

    page = w.reception
    QTest.keyClicks(page.picker.search, "dang ky khai sinh")
    QTest.keyClick(page.picker.search, Qt.Key.Key_Return)
    assert page.procedure is not None
    ctx.hub.scanned.emit(CCCD)
    for row, doc in enumerate(page.procedure.documents):
        if doc.required:
            page.checklist.check_row(row)
    page.receive_button.click()
    wait_idle(w.io, timeout=30_000)
    assert page.outcome is not None and page.outcome.status == Status.RECEIVED
    code = page.outcome.code
    with ctx.store.begin() as s:
        links = {a: b for a, b in s.execute(select(Ticket.label, Ticket.dossier_code))}
    assert links == {"A001": code, "A002": None}

    ctx.hub.scanned.emit(code)  # the dossier's detail
    wait_idle()
    detail = w.dossiers.detail
    assert detail.detail is not None and detail.detail.ticket == "A001"
    assert "<b>Số thứ tự:</b> A001" in detail.info.text()
    shot(w, "counter_ticket_link_detail")
