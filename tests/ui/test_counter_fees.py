"""Fees at reception (issue 14): the clerk records what was collected; bad input is refused
under its field, nothing is saved. (Mẫu 01 with the amount: tests/integration/test_cli_admin.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.store.models import Dossier
from printing.escpos.decoder import TextLine, decode
from printing.transports import sim_printer
from ui.context import AppContext

from .test_counter_flow import CCCD, open_counter


def test_the_fee_collected_is_recorded_and_printed(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    QTest.keyClicks(page.picker.search, "dang ky khai sinh")
    QTest.keyClick(page.picker.search, Qt.Key.Key_Return)
    assert page.procedure is not None
    ctx.hub.scanned.emit(CCCD)
    for row, doc in enumerate(page.procedure.documents):
        if doc.required:
            page.checklist.check_row(row)
    fee = page.fee
    assert not fee.amount.isVisible()
    fee.mode.setCurrentIndex(fee.mode.findData("paid"))
    assert fee.amount.isVisible() and fee.receipt.isVisible() and not fee.note.isVisible()
    fee.amount.setText("8.000")
    page.receive_button.click()  # no receipt number: refused next to the field, not saved
    assert fee.receipt.error.isVisible() and "biên lai" in fee.receipt.error.text()
    assert "phí, lệ phí" in page.banner.text() and page.outcome is None
    shot(w, "counter_fee_refused")
    fee.receipt.setText("0001234")
    page.receive_button.click()
    wait_idle(w.io, timeout=30_000)
    assert page.outcome is not None
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == page.outcome.code))
        assert d is not None
        assert (d.fee_mode, d.fee_paid_vnd, d.fee_receipt) == ("paid", 8000, "0001234")
    printer = sim_printer(ctx.printer_url("receipt").removeprefix("sim://"))
    lines = [e.text for e in decode(printer.jobs[-1].data) if isinstance(e, TextLine)]
    assert page.outcome.code in lines  # the slip's Vietnamese lines are raster images
    shot(w, "counter_fee_received")
    page.new_dossier()
    assert fee.mode.currentData() == "" and fee.amount.text() == ""
