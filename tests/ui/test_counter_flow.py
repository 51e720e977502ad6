"""The clerk's day, driven through the counter window as a clerk would (offscreen).

Log in, call a ticket, receive a dossier for a real catalog procedure, print its receipt (the
simulated printer's bytes decoded back to text and QR), find the dossier again by scanning the
receipt, return the result, see it in the tracking book. Screenshots: test-output/ui/.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier
from kiosk.store.models import Dossier, IssuedDocument, Ticket
from printing.escpos.decoder import QRCode, TextLine, decode
from printing.transports import sim_printer
from ui.context import AppContext
from ui.counter.window import CounterWindow, create

from .conftest import type_text

CCCD = "001088012345|123456789|Nguyễn Văn An|01021988|Nam|Số 5 Lê Lợi, phường Quang Trung|15082021"


def open_counter(qtbot: QtBot, ctx: AppContext, wait: Callable[..., None]) -> CounterWindow:
    w = create(ctx)
    assert isinstance(w, CounterWindow)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.login.username.setText("canbo1")
    w.login.password.setText("motcua123")
    w.login.button.click()
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    wait(w.io)
    activate(qtbot, w)  # the keys below go to the active window
    return w


def activate(qtbot: QtBot, w: Any) -> None:
    """After a dialog closed: the offscreen platform does not give the focus back by itself."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)


def issue(ctx: AppContext, service: str, n: int = 1) -> list[str]:
    with ctx.store.begin() as s:
        labels = [q.issue_ticket(s, service).ticket.label for _ in range(n)]
    ctx.hub.queue_changed.emit()
    return labels


def test_login_refuses_a_wrong_password_and_says_why(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = create(ctx)
    qtbot.addWidget(w)
    w.show()
    shot(w, "counter_01_login")
    w.login.username.setText("canbo1")
    w.login.password.setText("sai-mat-khau")
    w.login.button.click()
    assert w.login.button.text() == "Đang kiểm tra…"  # the click shows at once
    wait_idle()
    assert w.login.banner.isVisible()
    assert w.login.banner.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert w.stack.currentWidget() is w.login and w.who is None
    # a department officer may not use the counter
    w.login.username.setText("chuyenvien")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    assert "không được dùng màn hình này" in w.login.banner.text()
    assert w.who is None
    # the administrator has its own window and is sent there (issue 14)
    w.login.username.setText("quantri")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    assert "kiosk run --role admin" in w.login.banner.text()
    assert "quản trị" in w.login.banner.text()
    assert w.who is None and w.stack.currentWidget() is w.login


def test_queue_calls_follow_to_the_display(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    panel = w.queue
    assert "Không còn ai đang chờ" not in panel.banner.text()
    issue(ctx, "HT", 3)
    issue(ctx, "DD", 1)  # counter 1 does not serve B: never called here
    wait_idle()
    counts = {svc.prefix: (svc.waiting, svc.mine) for svc in panel.state.services}
    assert counts["A"] == (3, True) and counts["B"] == (1, False)

    with qtbot.waitSignal(ctx.hub.ticket_called, timeout=5000) as called:
        QTest.keyClick(w, Qt.Key.Key_F2)
        assert panel.call_next.text().startswith("Đang xử lý")  # visible feedback at once
    assert called.args == ["A001", 1]
    wait_idle()
    assert panel.ticket.text() == "A001"
    assert "lần 1" in panel.ticket_info.text()
    shot(w, "counter_02_called")

    with qtbot.waitSignal(ctx.hub.ticket_called, timeout=5000) as recalled:
        QTest.keyClick(w, Qt.Key.Key_F3)
    assert recalled.args == ["A001", 1]
    wait_idle()
    assert "lần 2" in panel.ticket_info.text()

    QTest.keyClick(w, Qt.Key.Key_F4)  # no-show: asked first (issue 17.4)
    question = panel.no_show_question
    assert question is not None and question.isVisible() and "A001" in question.text()
    question.findChild(QPushButton, "yes").click()
    wait_idle()
    assert panel.ticket.text() == "—" and "A001 vắng mặt" in panel.banner.text()
    activate(qtbot, w)  # the question closed: the keys go to the window again

    QTest.keyClick(w, Qt.Key.Key_F2)
    wait_idle()
    assert panel.ticket.text() == "A002"
    # transfer A002 to counter 2: it leaves this counter and waits there
    QTest.keyClick(w, Qt.Key.Key_F9)
    dialog = panel.transfer_dialog
    assert dialog.isVisible()
    dialog.to_counter.setChecked(True)
    dialog.counters.setCurrentIndex(dialog.counters.findData(2))
    dialog.ok.click()
    wait_idle()
    assert panel.ticket.text() == "—"
    with ctx.store.begin() as s:
        a2 = s.scalar(select(Ticket).where(Ticket.label == "A002"))
        assert a2 is not None and a2.status == "waiting" and a2.target_counter == 2

    activate(qtbot, w)  # the dialog had the focus
    QTest.keyClick(w, Qt.Key.Key_F2)
    wait_idle()
    assert panel.ticket.text() == "A003"
    QTest.keyClick(w, Qt.Key.Key_F8)  # finish
    wait_idle()
    assert panel.ticket.text() == "—"
    QTest.keyClick(w, Qt.Key.Key_F2)
    wait_idle()
    assert panel.banner.text() == "Không còn ai đang chờ."
    with ctx.store.begin() as s:
        states = {label: st for label, st in s.execute(select(Ticket.label, Ticket.status))}
    assert states == {"A001": "no_show", "A002": "waiting", "A003": "done", "B001": "waiting"}


def test_reception_receipt_scan_and_return(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    issue(ctx, "HT")
    QTest.keyClick(w, Qt.Key.Key_F2)
    wait_idle()

    # find the procedure without accents
    QTest.keyClicks(page.picker.search, "dang ky khai sinh")
    shown = [page.picker.list.item(i).text() for i in range(page.picker.list.count())]
    assert shown and all("khai sinh" in t.lower() for t in shown)
    assert shown[0].startswith("Thủ tục đăng ký khai sinh")
    QTest.keyClick(page.picker.search, Qt.Key.Key_Return)  # Enter picks the first
    assert page.procedure is not None and page.procedure.code == "1.001193"
    assert page.checklist.table.rowCount() == len(page.procedure.documents)

    # the applicant: typed with mistakes (messages at the field), then from the CCCD card
    form = page.applicant
    QTest.keyClicks(form.id_number.edit, "12345")
    assert form.id_number.error.isVisible()
    assert form.id_number.error.text() == "Số CCCD phải gồm đúng 12 chữ số."
    QTest.keyClicks(form.phone.edit, "0912")
    assert form.phone.error.text().startswith("Số điện thoại không hợp lệ")
    QTest.keyClicks(form.phone.edit, "345678")
    assert not form.phone.error.isVisible()
    shot(w, "counter_03_validation")
    ctx.hub.scanned.emit(CCCD)
    assert form.name.text() == "Nguyễn Văn An"
    assert form.id_number.text() == "001088012345" and not form.id_number.error.isVisible()
    assert "01/02/1988" in form.card_info.text()

    # not all required documents ticked: not received, and told why
    page.receive_button.click()
    assert "Chưa đủ giấy tờ bắt buộc" in page.banner.text()
    for row, doc in enumerate(page.procedure.documents):
        if doc.required:
            page.checklist.check_row(row)
    assert "Đủ giấy tờ bắt buộc" in page.checklist.summary.text()
    shot(w, "counter_04_reception_filled")

    QTest.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.receive_button.text() == "Đang lưu…"
    wait_idle(w.io, timeout=30_000)
    assert page.outcome is not None and page.outcome.status == Status.RECEIVED
    code = page.outcome.code
    assert page.result.code.text() == code
    assert page.result.due.text().startswith("Hẹn trả kết quả: ")
    assert "Đã in phiếu hẹn" in page.result.print_state.text(), page.result.print_state.text()
    assert w.status.printer.text() == "Máy in: sẵn sàng"
    shot(w, "counter_05_received")

    # the thermal slip, decoded back from what the simulated printer got
    printer = sim_printer(ctx.printer_url("receipt").removeprefix("sim://"))
    assert len(printer.jobs) == 1
    elements = decode(printer.jobs[0].data)
    assert code in [e.text for e in elements if isinstance(e, TextLine)]
    payloads = [e.payload for e in elements if isinstance(e, QRCode)]
    assert len(payloads) == 1 and payloads[0].startswith(code)
    # both papers are records: Mẫu 01 when it was issued, the slip once it printed
    wait_idle()
    with ctx.store.begin() as s:
        docs = {x.kind: x for x in s.scalars(select(IssuedDocument))}
    assert set(docs) == {"receipt", "ticket-receipt"}
    assert docs["ticket-receipt"].sha256 == hashlib.sha256(printer.jobs[0].data).hexdigest()
    # the receipt form (Mẫu 01) as PDF, with the code in its text
    pdf = page.last_print.pdf
    assert pdf is not None and pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert code in text and "Nguyễn Văn An" in text
    # "In lại": the records again, marked as a reprint; nothing new is recorded
    page.result.reprint_button.click()
    qtbot.waitUntil(lambda: len(printer.jobs) == 2 and page.last_print.pdf != pdf, timeout=30_000)
    wait_idle(w.io, timeout=30_000)
    if shutil.which("pdftotext"):
        again = subprocess.run(
            ["pdftotext", str(page.last_print.pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Bản in lại ngày" in again and "Bản in lại ngày" not in text
    wait_idle()
    with ctx.store.begin() as s:
        assert len(s.scalars(select(IssuedDocument)).all()) == 2

    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None and d.applicant_phone == "0912345678"
        assert d.counter_number == 1 and d.received_by == "canbo1"
        # the department processes it; the result is ready
        advance_dossier(s, code, Status.IN_PROCESS, Actor("chuyenvien"))
        advance_dossier(s, code, Status.READY, Actor("chuyenvien"))
    ctx.hub.dossiers_changed.emit()

    # the citizen comes back with the receipt: scanning it opens the dossier
    ctx.hub.scanned.emit(payloads[0])
    assert w.tabs.currentWidget() is w.dossiers
    wait_idle()
    detail = w.dossiers.detail
    assert detail.detail is not None and detail.detail.row.code == code
    assert detail.timeline.rowCount() == 3
    assert detail.timeline.item(2, 2).text() == "Đang xử lý → Đã xử lý xong"
    assert detail.timeline.item(2, 1).text() == "Hoàng Văn Đức"
    assert detail.return_button.isEnabled()
    shot(w, "counter_06_dossier_detail")

    detail.return_button.click()
    dialog = w.dossiers.return_dialog
    assert dialog is not None and dialog.isVisible()
    wait_idle()
    assert dialog.ok.isEnabled() and dialog.collector.text() == "Nguyễn Văn An"
    dialog.collector.edit.clear()
    type_text(dialog.collector.edit, "Nguyễn Thị Bình")
    shot(dialog, "counter_07_return_dialog")
    dialog.ok.click()
    wait_idle()
    assert "Đã trả kết quả hồ sơ" in w.dossiers.banner.text()
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == code))
        assert d is not None and d.status == Status.RETURNED
        assert d.events[-1].data["collected_by"] == "Nguyễn Thị Bình"
    assert detail.detail.row.status == Status.RETURNED
    assert not detail.return_button.isEnabled()

    # the tracking book of this month has the dossier; its PDF is made
    activate(qtbot, w)
    QTest.keyClick(w, Qt.Key.Key_F7)
    assert w.tabs.currentWidget() is w.book
    w.book.show_button.click()
    wait_idle()
    codes = [r.code for r in w.book.model.rows]
    assert code in codes
    shot(w, "counter_08_book")
    w.book.print_button.click()
    wait_idle(w.io, timeout=60_000)
    assert w.book.pdf is not None and w.book.pdf.exists()


def test_scan_of_a_receipt_while_returning_fills_the_dialog(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    with ctx.store.begin() as s:
        ready = s.scalar(select(Dossier.code).where(Dossier.status == Status.READY).limit(1))
    assert ready is not None
    w.tabs.setCurrentWidget(w.dossiers)
    QTest.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = w.dossiers.return_dialog
    assert dialog is not None and not dialog.ok.isEnabled()
    ctx.hub.scanned.emit(f"{ready}#abcd")
    wait_idle()
    assert dialog.code.text() == ready and dialog.ok.isEnabled()
    dialog.ok.click()
    wait_idle()
    with ctx.store.begin() as s:
        assert s.scalar(select(Dossier.status).where(Dossier.code == ready)) == Status.RETURNED
