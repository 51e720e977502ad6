"""The admin window: only the admin signs in; every change goes through the admin services,
bad input is refused with the service's sentence under the field, nothing is half-saved."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.services.admin_queue import list_counters
from kiosk.services.admin_staff import list_staff
from kiosk.store.models import Procedure
from ui.admin.window import AdminWindow
from ui.context import AppContext


def open_admin(ctx: AppContext, qtbot: QtBot, wait_idle: Any) -> AdminWindow:
    w = AdminWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.login.username.setText("quantri")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    assert w.stack.currentWidget() is w.main, w.login.banner.text()
    wait_idle()
    return w


def set_text(w: AdminWindow, form: Any, key: str, text: str) -> None:
    form.inputs[key].setText(text)


def test_a_clerk_cannot_reach_it(ctx: AppContext, qtbot: QtBot, wait_idle: Any) -> None:
    w = AdminWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.login.username.setText("canbo1")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    assert w.stack.currentWidget() is w.login
    assert "không được dùng màn hình này" in w.login.banner.text()


def test_counters_staff_refuse_bad_input_next_to_the_field(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, shot: Any
) -> None:
    w = open_admin(ctx, qtbot, wait_idle)
    tab = w.counters
    w.tabs.setCurrentWidget(tab)
    tab.start_new()
    f = tab.form
    set_text(w, f, "number", "abc")
    set_text(w, f, "name", "Quầy 9")
    tab.save_button.click()
    wait_idle()
    assert "phải là số" in f.field_error("number")
    set_text(w, f, "number", "9")
    set_text(w, f, "services", "KHONGCO")
    tab.save_button.click()
    wait_idle()
    assert f.field_error("services"), f.banner.text()
    assert f.field_error("number") == ""
    set_text(w, f, "services", "")
    set_text(w, f, "printer", "lpt://???")
    tab.save_button.click()
    wait_idle()
    assert f.field_error("printer")
    shot(w, "admin-counter-refused")
    set_text(w, f, "printer", "sim://quay9")
    tab.save_button.click()
    wait_idle()
    assert "Đã lưu" in f.banner.text()
    with ctx.tasks.store.begin() as s:
        assert 9 in [c["number"] for c in list_counters(s)]
    assert tab.status_of(9) == "Đang dùng"

    # staff: the passwords differ, then too short, then a duplicate user name
    st = w.staff
    w.tabs.setCurrentWidget(st)
    st.start_new()
    g = st.form
    set_text(w, g, "username", "canbo9")
    set_text(w, g, "full_name", "Lê Văn Chín")
    set_text(w, g, "password", "matkhau-dai-1")
    set_text(w, g, "password2", "matkhau-dai-2")
    st.save_button.click()
    wait_idle()
    assert "không giống nhau" in g.field_error("password2")
    set_text(w, g, "password", "ab")
    set_text(w, g, "password2", "ab")
    st.save_button.click()
    wait_idle()
    assert "Mật khẩu" in g.field_error("password")
    set_text(w, g, "username", "canbo1")
    set_text(w, g, "password", "matkhau-dai-1")
    set_text(w, g, "password2", "matkhau-dai-1")
    st.save_button.click()
    wait_idle()
    assert g.field_error("username"), g.banner.text()
    assert "UNIQUE" not in g.field_error("username")
    set_text(w, g, "username", "canbo9")
    set_text(w, g, "counter", "9")
    st.save_button.click()
    wait_idle()
    assert "Đã lưu" in g.banner.text(), g.banner.text()
    shot(w, "admin-staff-added")
    with ctx.tasks.store.begin() as s:
        row = {r["username"]: r for r in list_staff(s)}["canbo9"]
    assert row["role"] == "clerk" and row["counter"] == 9 and row["active"]


def test_office_pin_and_bad_values(ctx: AppContext, qtbot: QtBot, wait_idle: Any) -> None:
    w = open_admin(ctx, qtbot, wait_idle)
    o = w.office
    w.tabs.setCurrentWidget(o)
    set_text(w, o.form, "agency_code", "khong-hop-le")
    o.save_button.click()
    wait_idle()
    assert o.form.field_error("agency_code")
    set_text(w, o.form, "agency_code", "000.17.22.H56")
    set_text(w, o.form, "cutoff", "25:99")
    o.save_button.click()
    wait_idle()
    assert o.form.field_error("cutoff")
    set_text(w, o.form, "cutoff", "15:30")
    set_text(w, o.form, "place_name", "Hòa Bình")
    o.save_button.click()
    wait_idle()
    assert "Đã lưu" in o.form.banner.text(), o.form.banner.text()
    p = w.pin
    set_text(w, p.form, "pin", "12a")
    set_text(w, p.form, "pin2", "12a")
    p.save_button.click()
    wait_idle()
    assert "chữ số" in p.form.field_error("pin")
    set_text(w, p.form, "pin", "482916")
    set_text(w, p.form, "pin2", "482916")
    p.save_button.click()
    wait_idle()
    assert "Đã lưu" in p.form.banner.text()
    from kiosk.services.admin_office import kiosk_pin_hash, office_details, pin_matches

    with ctx.tasks.store.begin() as s:
        assert office_details(s)["place_name"] == "Hòa Bình"
        stored = kiosk_pin_hash(s)
    assert stored and pin_matches(stored, "482916")


def test_catalog_withdraw_fee_and_posting_sheets(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, tmp_path: Path
) -> None:
    w = open_admin(ctx, qtbot, wait_idle)
    c = w.catalog
    w.tabs.setCurrentWidget(c)
    assert c.table.rowCount() > 5
    c.table.selectRow(0)
    code = c.current
    set_text(w, c.form, "fee_vnd", "-5")
    c.save_button.click()
    wait_idle()
    assert c.form.field_error("fee_vnd")
    set_text(w, c.form, "fee_vnd", "8000")
    set_text(w, c.form, "basis", "")
    c.save_button.click()
    wait_idle()
    assert c.form.field_error("basis")
    set_text(w, c.form, "basis", "Nghị quyết 12/2025/NQ-HĐND")
    c.save_button.click()
    wait_idle()
    assert "Đã lưu" in c.form.banner.text(), c.form.banner.text()
    c.table.selectRow(1)
    other = c.current
    c.withdraw_button.click()
    wait_idle()
    with ctx.tasks.store.begin() as s:
        assert s.scalar(select(Procedure.active).where(Procedure.code == other)) is False
    out = tmp_path / "niem-yet.pdf"
    c.print_posting(out, show=False)
    wait_idle(timeout=60_000)
    assert c.last_pdf == out
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "NIÊM YẾT" in text.upper() or code in text


def test_on_an_enrolled_pc_a_change_is_pending_not_done(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, shot: Any
) -> None:
    from kiosk.services.context import set_setting

    with ctx.tasks.store.begin() as s:
        set_setting(s, "sync_secret", "test-secret")  # enrolled: the server applies changes
    w = open_admin(ctx, qtbot, wait_idle)
    tab = w.counters
    w.tabs.setCurrentWidget(tab)
    tab.start_new()
    set_text(w, tab.form, "number", "7")
    set_text(w, tab.form, "name", "Quầy 7")
    tab.save_button.click()
    wait_idle()
    assert "Chờ đồng bộ" in tab.form.banner.text()
    assert "Đã lưu" not in tab.form.banner.text()
    assert tab.status_of(7) == "Chờ đồng bộ"
    shot(w, "admin-counter-pending")
    with ctx.tasks.store.begin() as s:
        assert 7 not in [c["number"] for c in list_counters(s)]  # not applied here
    # a bad value is still refused at once, under its field (checked against local data)
    tab.start_new()
    set_text(w, tab.form, "number", "1")
    tab.save_button.click()
    wait_idle()
    assert tab.form.field_error("number")


def test_in_english(ctx: AppContext, qtbot: QtBot, wait_idle: Any) -> None:
    from ui.admin.wizard import SetupWizard
    from ui.i18n import install_translator

    install_translator("en")  # the conftest puts Vietnamese back after the test
    w = open_admin(ctx, qtbot, wait_idle)
    titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert titles[:3] == ["Staff", "Counters, devices", "Queue services"]
    assert w.staff.save_button.text() == "Save"
    wiz = SetupWizard(ctx)
    qtbot.addWidget(wiz)
    assert wiz.office.title() == "Agency and office"
    wait_idle()


def test_catalog_import_shows_what_changes_before_applying(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, tmp_path: Path
) -> None:
    import json

    from kiosk.catalog import bundled_catalog_path

    data = json.loads(bundled_catalog_path().read_text(encoding="utf-8"))
    dropped = data["procedures"].pop(0)["code"]
    changed = data["procedures"][0]
    changed["name"] = changed["name"] + " (sửa đổi 2027)"
    new = json.loads(json.dumps(data["procedures"][1]))
    new["code"] = "9.999001"
    new["name"] = "Thủ tục thử nghiệm mới"
    data["procedures"].append(new)
    path = tmp_path / "danh-muc-2027.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    w = open_admin(ctx, qtbot, wait_idle)
    c = w.catalog
    w.tabs.setCurrentWidget(c)
    c.withdraw_missing.setChecked(True)
    c.choose_file(str(path))
    wait_idle()
    text = c.preview.text.toPlainText()
    assert "Thêm mới: 1 · Thay đổi: 1 · Ngừng áp dụng: 1" in text
    assert "+ 9.999001" in text and f"~ {changed['code']}" in text and f"− {dropped}" in text
    with ctx.tasks.store.begin() as s:  # nothing written by the preview
        assert s.scalar(select(Procedure.id).where(Procedure.code == "9.999001")) is None
    c.preview.apply.click()
    wait_idle()
    assert "thêm 1, thay đổi 1, ngừng 1" in c.form.banner.text()
    with ctx.tasks.store.begin() as s:
        assert s.scalar(select(Procedure.active).where(Procedure.code == "9.999001")) is True
        assert s.scalar(select(Procedure.active).where(Procedure.code == dropped)) is False
    # a file that is not a catalog: one sentence, nothing changed
    bad = tmp_path / "hong.json"
    bad.write_text("{", encoding="utf-8")
    c.choose_file(str(bad))
    wait_idle()
    assert "Tệp danh mục thủ tục không hợp lệ" in c.form.banner.text()


def test_counter_devices_are_tried_from_the_form(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, tmp_path: Path
) -> None:
    from printing.transports import sim_printer
    from tests.integration.scanner_pty import PtyScanner

    w = open_admin(ctx, qtbot, wait_idle)
    tab = w.counters
    w.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    printer = sim_printer("admintest")
    printer.reset()
    set_text(w, tab.form, "printer", "sim://admintest")
    tab.test_button.click()
    qtbot.waitUntil(lambda: "Đã in trang thử" in tab.form.banner.text(), timeout=20_000)
    assert len(printer.jobs) == 1
    set_text(w, tab.form, "printer", "khong-phai-url")
    tab.test_button.click()
    qtbot.waitUntil(lambda: bool(tab.form.field_error("printer")), timeout=20_000)

    scanner = PtyScanner(tmp_path / "scanner")
    try:
        set_text(w, tab.form, "scanner", scanner.url)
        tab.scan_button.click()
        assert "Mời quét" in tab.form.banner.text()
        qtbot.wait(300)  # the reader opens the port
        scanner.send("000.21.31.H56-260209-0001\r")
        qtbot.waitUntil(lambda: "Đã nhận" in tab.form.banner.text(), timeout=10_000)
    finally:
        tab.tester.stop()
        scanner.close()


def test_calendar_import_and_encrypted_backup(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, tmp_path: Path
) -> None:
    from kiosk.backup import restore_sqlite
    from kiosk.paths import resource

    w = open_admin(ctx, qtbot, wait_idle)
    cal = w.calendar
    bad = tmp_path / "lich.json"
    bad.write_text('{"format": 1}', encoding="utf-8")
    set_text(w, cal.form, "file", str(bad))
    cal.import_button.click()
    wait_idle()
    assert "Tệp lịch làm việc không hợp lệ" in cal.form.field_error("file")
    set_text(w, cal.form, "file", str(resource("calendar", "vn-2025-2026.json")))
    cal.import_button.click()
    wait_idle()
    assert "Đã nhập lịch" in cal.form.banner.text(), cal.form.banner.text()

    b = w.backup
    assert "riêng máy này" in b.scope_label.text() and "máy chủ" not in b.scope_label.text()
    set_text(w, b.form, "passphrase", "mot cau rat dai")
    set_text(w, b.form, "passphrase2", "mot cau khac")
    b.backup_button.click()
    assert "không giống nhau" in b.form.field_error("passphrase2")
    set_text(w, b.form, "folder", str(tmp_path / "khong-co"))
    set_text(w, b.form, "passphrase2", "mot cau rat dai")
    b.backup_button.click()
    wait_idle()
    assert b.form.field_error("folder")
    set_text(w, b.form, "folder", str(tmp_path))
    b.backup_button.click()
    wait_idle(timeout=60_000)
    assert "Đã sao lưu" in b.form.banner.text(), b.form.banner.text()
    made = sorted(tmp_path.glob("kiosk-*.sqlite3.enc"))
    assert len(made) == 1
    assert not made[0].read_bytes().startswith(b"SQLite format 3")  # encrypted
    restored = tmp_path / "restored.sqlite3"
    restore_sqlite(made[0], restored, secret="mot cau rat dai")
    from kiosk.store import cipher  # restored encrypted with this PC's key (issue 16)

    assert cipher.file_kind(restored) == "encrypted"
    conn = cipher.connect(restored, readonly=True)
    try:
        assert conn.execute("SELECT count(*) FROM calendar_day").fetchone()[0] > 0
    finally:
        conn.close()


def test_on_an_enrolled_pc_the_catalog_and_calendar_wait_for_the_server(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, tmp_path: Path, shot: Any
) -> None:
    import json

    from kiosk.catalog import bundled_catalog_path
    from kiosk.paths import resource
    from kiosk.services.admin_sync import pending_changes
    from kiosk.services.context import set_setting

    data = json.loads(bundled_catalog_path().read_text(encoding="utf-8"))
    new = json.loads(json.dumps(data["procedures"][1]))
    new.update(code="9.999002", name="Thủ tục mới của tỉnh")
    data["procedures"].append(new)
    path = tmp_path / "danh-muc.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with ctx.tasks.store.begin() as s:
        set_setting(s, "sync_secret", "test-secret")  # enrolled: the server applies changes
        set_setting(s, "sync_server_offices", "1")  # of one office: its PCs may, offline too
    w = open_admin(ctx, qtbot, wait_idle)
    c = w.catalog
    w.tabs.setCurrentWidget(c)
    c.choose_file(str(path))
    wait_idle()
    c.preview.apply.click()
    wait_idle()
    assert "Chờ đồng bộ" in c.form.banner.text() and "Đã nhập" not in c.form.banner.text()
    assert c.pending_label.isVisible() and "Chờ đồng bộ" in c.pending_label.text()
    c.table.selectRow(0)
    code = c.current
    c.withdraw_button.click()
    wait_idle()
    assert "Chờ đồng bộ" in c.form.banner.text()
    assert c.status_of(code) == "Chờ đồng bộ"
    shot(w, "admin-catalog-pending")
    cal = w.calendar
    w.tabs.setCurrentWidget(cal)
    set_text(w, cal.form, "file", str(resource("calendar", "vn-2025-2026.json")))
    cal.import_button.click()
    wait_idle()
    assert "Chờ đồng bộ" in cal.form.banner.text() and cal.pending_label.isVisible()
    with ctx.tasks.store.begin() as s:  # nothing applied here; all three wait, with who asked
        assert s.scalar(select(Procedure.id).where(Procedure.code == "9.999002")) is None
        assert s.scalar(select(Procedure.active).where(Procedure.code == code)) is True
        pending = pending_changes(s)
        kinds = ["catalog.import", "procedure.set", "calendar.import"]
        assert [p["kind"] for p in pending] == kinds
        assert {p["by"] for p in pending} == {"quantri"}
    # Acknowledged by the server (as a sync marks it): shown again, the tab no longer waits.
    from sqlalchemy import update

    from kiosk.store.models import Outbox

    with ctx.tasks.store.begin() as s:
        s.execute(update(Outbox).where(Outbox.kind == "calendar.import").values(acked=True))
    w.tabs.setCurrentWidget(c)
    w.tabs.setCurrentWidget(cal)
    wait_idle()
    assert not cal.pending_label.isVisible()
    # A backup is of this PC's database alone: the window says where the shared data is kept.
    w.tabs.setCurrentWidget(w.backup)  # shown: read again
    wait_idle()
    assert "riêng máy này" in w.backup.scope_label.text()
    assert "sao lưu trên máy chủ" in w.backup.scope_label.text()
    shot(w, "admin-backup-enrolled")


def test_on_a_server_of_several_offices_the_admin_types_the_password_and_needs_the_server(
    ctx: AppContext, qtbot: QtBot, wait_idle: Any, tmp_path: Path, shot: Any
) -> None:
    """The server verifies the admin (kiosk.sync.shared_admin): the window asks the password
    again; with the server away it says so next to the action and records nothing."""
    import socket

    from kiosk.paths import resource
    from kiosk.services.admin_sync import SHARED_KINDS, pending_changes
    from kiosk.services.context import set_setting
    from kiosk.store.models import Outbox

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with ctx.tasks.store.begin() as s:
        for key, value in (("sync_secret", "test-secret"), ("device_id", "pc-a"),
                           ("sync_server", f"http://127.0.0.1:{port}"),
                           ("sync_server_offices", "3")):  # fmt: skip
            set_setting(s, key, value)
    w = open_admin(ctx, qtbot, wait_idle)
    c = w.catalog
    w.tabs.setCurrentWidget(c)
    wait_idle()
    c.table.selectRow(0)
    c.withdraw_button.click()
    wait_idle()
    dialog = c.shared.dialog
    assert dialog is not None and dialog.isVisible()
    assert "quantri" in dialog.message.text() and "mọi đơn vị" in dialog.message.text()
    shot(dialog, "admin-shared-password")
    dialog.password.setText("matkhau-sai-cung-duoc")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_idle()
    assert dialog.password.text() == ""  # not kept in the dialog
    assert "Không kết nối được máy chủ" in c.form.banner.text()
    assert "chưa ghi nhận gì" in c.form.banner.text().lower()
    # The calendar: the dialog closed without a password changes nothing either.
    cal = w.calendar
    w.tabs.setCurrentWidget(cal)
    set_text(w, cal.form, "file", str(resource("calendar", "vn-2025-2026.json")))
    cal.import_button.click()
    wait_idle()
    assert cal.shared.dialog is not None and cal.shared.dialog.isVisible()
    cal.shared.dialog.reject()
    assert "Chưa thay đổi gì" in cal.form.banner.text()
    with ctx.tasks.store.begin() as s:
        assert pending_changes(s) == []
        assert not s.scalars(select(Outbox).where(Outbox.kind.in_(SHARED_KINDS))).all()
