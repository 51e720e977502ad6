"""The counter's other paths: refusal and supplement at the desk, apology, the search filters,
the counts on top, the language switch, log-out."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.domain.status import RUNNING, Status
from kiosk.services.context import now
from kiosk.store.models import Dossier
from ui.context import AppContext
from ui.counter.window import CounterWindow

from .conftest import type_text
from .test_counter_flow import activate, open_counter


def fill_applicant(w: CounterWindow, procedure: str = "dang ky ket hon") -> None:
    page = w.reception
    page.picker.search.setText(procedure)
    page.picker.list.setCurrentRow(0)
    type_text(page.applicant.name.edit, "Đỗ Thị Hoa")


def test_refusal_needs_a_reason_then_prints_form_03(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    page.refuse_button.click()  # no procedure yet
    assert page.banner.text() == "Hãy chọn thủ tục trước." or not page.refuse_button.isEnabled()
    fill_applicant(w)
    page.refuse_button.click()
    dialog = page._dialog
    assert dialog is not None and dialog.isVisible()
    dialog.ok.click()
    assert dialog.isVisible() and dialog.reason_error.text() == "Phải nhập lý do."
    type_text(dialog.text, "Hồ sơ không thuộc thẩm quyền giải quyết của xã")
    shot(dialog, "counter_09_refusal_reason")
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert page.outcome is not None and page.outcome.kind == "refusal"
    assert page.result.title.text() == "Đã từ chối tiếp nhận"
    assert not page.result.due.isVisible()
    assert page.last_print is not None and "mau03" in page.last_print.pdf.name
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == page.outcome.code))
        assert d is not None and d.status == Status.REFUSED and d.received_at is None
        assert d.events[0].note == "Hồ sơ không thuộc thẩm quyền giải quyết của xã"
    shot(w, "counter_10_refused")
    # a new dossier clears the form and unlocks it
    activate(qtbot, w)
    QTest.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.outcome is None and page.applicant.name.text() == ""
    assert page.form_area.isEnabled() and not page.result.isVisible()


def test_supplement_at_the_desk_lists_the_missing_documents(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    fill_applicant(w)
    page.checklist.check_row(0)
    missing = [m["name"] for m in page.checklist.missing_required()]
    assert missing
    page.supplement_button.click()
    type_text(page._dialog.text, "Bổ sung giấy tờ còn thiếu")
    page._dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert page.outcome is not None and page.outcome.status == Status.SUPPLEMENT
    with ctx.store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == page.outcome.code))
        assert d is not None and d.due_at is None  # the clock has not started
        assert [m["name"] for m in d.events[0].data["missing"]] == missing
    # the documents arrive: the dossier is received and its receipt printed
    w.tabs.setCurrentWidget(w.dossiers)
    w.dossiers.open_code(page.outcome.code)
    wait_idle()
    detail = w.dossiers.detail
    assert detail.resume_button.isEnabled() and not detail.return_button.isEnabled()
    detail.resume_button.click()
    wait_idle(w.io, timeout=30_000)
    assert detail.detail is not None and detail.detail.row.status == Status.RECEIVED
    assert detail.detail.row.due_at is not None
    # the receipt is issued (rendered and recorded) in the transaction, then written: wait for it
    qtbot.waitUntil(lambda: "mau01" in detail.banner.text(), timeout=30_000)


def test_apology_gives_a_new_appointment_and_late_stays_late(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    wait_idle()
    assert w.counts is not None and w.counts.overdue > 0
    assert w.overdue_chip.text() == f"Quá hạn: {w.counts.overdue}"
    w.overdue_chip.click()
    assert w.tabs.currentWidget() is w.dossiers
    wait_idle()
    rows = w.dossiers.model.rows
    assert len(rows) == w.counts.overdue and all(r.overdue for r in rows)
    assert w.dossiers.overdue_button.isChecked()
    detail = w.dossiers.detail
    qtbot.waitUntil(lambda: detail.detail is not None or True)
    w.dossiers.table.selectRow(0)
    wait_idle()
    assert detail.detail is not None and detail.apology_button.isEnabled()
    old_due = detail.detail.row.due_at
    detail.apology_button.click()
    wait_idle()  # the dialog opens once it is known whether a supervisor must approve
    dialog = detail._dialog
    assert dialog is not None
    dialog.new_date.setText("31/02/2030")
    assert dialog.new_date.error.text() == "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
    new_day = (now() + timedelta(days=10)).date()
    dialog.new_date.setText(new_day.strftime("%d/%m/%Y"))
    assert not dialog.new_date.has_error
    type_text(dialog.reason, "Chờ ý kiến của cơ quan phối hợp")
    shot(dialog, "counter_11_apology")
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    # the citizen's new appointment, shown next to the one of the receipt (docs/rules.md)
    assert detail.detail.row.new_due_at is not None
    assert detail.detail.row.new_due_at.date() == new_day
    assert detail.detail.row.due_at == old_due
    info = detail.info.text()
    assert "Hẹn lại (thư xin lỗi):</b>" in info and new_day.strftime("%d/%m/%Y") in info
    assert detail.timeline.item(detail.timeline.rowCount() - 1, 2).text() == "Xin lỗi, hẹn lại"
    # Mẫu 04 is issued (rendered and recorded) in the transaction, then written: wait for it
    qtbot.waitUntil(lambda: "mau04" in detail.banner.text(), timeout=30_000)
    # the dossier stays late: an apology does not make it on time
    assert detail.detail.row.overdue
    wait_idle()
    assert w.counts is not None and w.counts.overdue == len(rows)


def test_search_filters(qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.dossiers
    w.tabs.setCurrentWidget(page)
    with ctx.store.begin() as s:
        d = s.scalars(select(Dossier).order_by(Dossier.id)).first()
        assert d is not None
        name, phone, field = d.applicant_name, d.applicant_phone, d.procedure.field.name
        by_field = s.scalar(
            select(func.count())
            .select_from(Dossier)
            .join(Dossier.procedure)
            .where(Dossier.procedure.has(field_id=d.procedure.field_id))
        )
        running = s.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.status.in_(list(RUNNING)))
        )
    # accent-insensitive name prefix
    page.text.setText(name.split()[0].lower().replace("ễ", "e"))
    page.search()
    wait_idle()
    assert page.model.rows and all(
        r.applicant_name.split()[0] == name.split()[0] for r in page.model.rows
    )
    page.text.setText(phone)
    page.search()
    wait_idle()
    assert [r.applicant_phone for r in page.model.rows] == [phone]
    page.text.clear()
    page.field.setCurrentIndex(page.field.findData(field))
    page.search()
    wait_idle()
    assert len(page.model.rows) == by_field
    page.field.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData(int(Status.IN_PROCESS)))
    page.search()
    wait_idle()
    assert page.model.rows and all(r.status == Status.IN_PROCESS for r in page.model.rows)
    assert len(page.model.rows) <= running
    # dates: a wrong one is flagged at the field, nothing is searched
    page.status.setCurrentIndex(0)
    type_text(page.date_from.edit, "32/13/2026")
    assert page.date_from.error.isVisible()
    page.search_button.click()
    assert not page.search_button.busy
    page.date_from.clear()
    today = now().date().strftime("%d/%m/%Y")
    page.date_from.setText(today)
    page.date_to.setText(today)
    page.search()
    wait_idle()
    assert all(r.received_at and r.received_at.date() == now().date() for r in page.model.rows)
    page.text.setText("không có ai tên này")
    page.search()
    wait_idle()
    assert page.banner.text() == "Không tìm thấy hồ sơ nào."
    page.text.clear()
    page.date_from.clear()
    page.date_to.clear()
    page.search("ready")
    wait_idle()
    assert page.model.rows and all(r.status == Status.READY for r in page.model.rows)
    shot(w, "counter_12_search")


def test_switching_to_english_rebuilds_the_window_and_is_kept(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    w.settings_button.click()
    dialog = w.settings_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save.click()
    wait_idle()
    assert w.who is not None and w.stack.currentWidget() is w.work  # still logged in
    assert w.tabs.tabText(0) == "Reception (F5)"
    assert w.queue.call_next.text() == "Call next  (F2)"
    assert w.status.user.text() == "Clerk: Nguyễn Thị Lan"
    assert json.loads((ctx.home / "ui.json").read_text())["language"] == "en"
    # messages from the core come in English too
    page = w.reception
    type_text(page.applicant.id_number.edit, "123")
    assert page.applicant.id_number.error.text().startswith("'123' is not a citizen ID number")
    page.applicant.id_number.clear()
    page.picker.search.setText("khai sinh")
    page.picker.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: w.counts is not None)
    shot(w, "counter_13_english")
    w.settings_button.click()
    w.settings_dialog.language.setCurrentIndex(0)
    w.settings_dialog.save.click()
    assert w.tabs.tabText(0) == "Tiếp nhận (F5)"


def test_log_out_returns_to_the_login_page(qtbot: QtBot, ctx: AppContext, wait_idle: Any) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    type_text(w.reception.applicant.name.edit, "Nguyễn Văn B")
    w.logout_button.click()
    assert w.stack.currentWidget() is w.login and w.who is None and ctx.user is None
    assert w.reception.applicant.name.text() == ""  # nothing of the last citizen stays
    assert w.status.user.text() == "Chưa đăng nhập"
    ctx.hub.scanned.emit("000.17.22.H56-260101-0001")  # scans are ignored while logged out
    assert w.tabs.currentWidget() is w.reception


def test_status_bar_follows_the_printer_and_the_sync(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    from kiosk.services.context import set_setting
    from printing.transports import sim_printer
    from ui.devices.manager import start_devices

    printer = sim_printer(ctx.printer_url("receipt").removeprefix("sim://"))
    printer.set_state(paper_out=True)
    manager = start_devices(ctx)
    try:
        w = open_counter(qtbot, ctx, wait_idle)
        status = w.status
        qtbot.waitUntil(lambda: "hết giấy" in status.printer.text(), timeout=10_000)
        assert status.printer.property("state") == "error"
        printer.set_state(paper_out=False)
        manager.check_printer("receipt")
        qtbot.waitUntil(lambda: status.printer.text() == "Máy in: sẵn sàng", timeout=10_000)
        with ctx.store.begin() as s:
            set_setting(s, "sync_server", "https://motcua.example.vn")
            set_setting(s, "sync_last_success", "2026-02-09T09:30:00")
        ctx.hub.sync_changed.emit()
        wait_idle()
        assert status.sync.text().startswith("Đồng bộ: lần cuối 09:30 09/02/2026, ")
        assert status.sync.text().endswith(" chờ gửi")
        shot(w, "counter_14_status_bar")
    finally:
        manager.shutdown()
        printer.reset()
