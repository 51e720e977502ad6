"""The virtual printer and scanner windows, and the admin's device settings dialog."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.devices.config import device_config, load_config
from kiosk.services.demo import seed_demo
from kiosk.store.db import Store
from kiosk.store.models import Dossier
from printing.thermal import print_job, render_test_page
from printing.transports import sim_printer
from tests.integration.scanner_pty import PtyScanner
from ui.app import make_context
from ui.context import AppContext
from ui.devices.manager import DeviceManager
from ui.devices.settings import DeviceSettingsDialog
from ui.devices.virtual_printer import VirtualPrinterWindow, sim_printer_names
from ui.devices.virtual_scanner import VirtualScannerWindow

CCCD = "001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi, phường Quang Trung|01012022"


@pytest.fixture
def ctx(store: Store, tmp_path: Path) -> Iterator[AppContext]:
    c = make_context(store, tmp_path, config={}, demo=True)
    yield c
    manager = DeviceManager.of(c)
    if manager is not None:
        manager.shutdown()
    c.tasks.shutdown()


def test_virtual_printer_shows_what_was_printed(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.config["printers"] = {"ticket": "sim://vp-ticket", "receipt": "sim://vp-ticket"}
    assert sim_printer_names(ctx) == ["vp-ticket", "forms"]  # forms: demo default sim://forms
    printer = sim_printer("vp-ticket")
    printer.reset()
    print_job("sim://vp-ticket", render_test_page())  # printed before the window opened
    w = VirtualPrinterWindow(["vp-ticket"])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not w.paper.pixmap().isNull(), timeout=10000)
    assert w.jobs.count() == 1 and w.paper.pixmap().width() == 576
    t = threading.Thread(target=print_job, args=("sim://vp-ticket", render_test_page()))
    t.start()  # a job printed on another thread, as the print worker does
    t.join()
    qtbot.waitUntil(lambda: w.jobs.count() == 2 and len(w.images) == 2, timeout=10000)
    w.faults["paper_out"].setChecked(True)
    assert printer.paper_out
    w.faults["paper_out"].setChecked(False)
    w.close()
    assert w._listener not in printer.listeners


def test_virtual_scanner_scans_a_recent_receipt(qtbot: QtBot, ctx: AppContext) -> None:
    with ctx.store.begin() as s:
        seed_demo(s, sample_dossiers=3)
        newest = s.scalars(select(Dossier).order_by(Dossier.id.desc())).first()
        assert newest is not None
        code, token = newest.code, newest.lookup_token
    w = VirtualScannerWindow(ctx)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.payload.count() > 0, timeout=10000)
    w.payload.setCurrentIndex(0)
    with qtbot.waitSignal(ctx.hub.scanned, timeout=2000) as sig:
        QTest.mouseClick(w.scan_button, Qt.MouseButton.LeftButton)
    assert sig.args == [f"{code}#{token}" if token else code]
    assert w.result.text() == f"Giấy hẹn: hồ sơ {code}"
    with qtbot.waitSignal(ctx.hub.scanned, timeout=2000):
        scan = w.scan_text(CCCD)
    assert scan.kind == "citizen_id" and "Nguyễn Thị Hồng Nhung" in w.result.text()
    w.scan_text("hello")
    assert "không phải giấy hẹn" in w.result.text()


def test_settings_dialog_tests_a_printer_and_saves_the_config(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    ctx.config.update(language="vi", counter=2)
    broken = sim_printer("settings-receipt")
    broken.reset()
    broken.set_state(paper_out=True)
    d = DeviceSettingsDialog(ctx)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.printer_edits["ticket"].count() > 0, timeout=10000)
    # its buttons speak Vietnamese (Qt's standard Save/Cancel were English, issue 17.5)
    from PySide6.QtWidgets import QPushButton

    texts = {b.text() for b in d.findChildren(QPushButton)}
    assert {"Lưu", "Hủy"} <= texts and not {"Save", "Cancel", "&Save", "&Cancel"} & texts
    assert d.printer_edits["ticket"].currentText() == "sim://ticket"  # the demo's default
    assert d.printer_edits["ticket"].findText("sim://ticket") >= 0
    d.printer_edits["receipt"].setEditText("sim://settings-receipt")
    d.check_printer("receipt")
    qtbot.waitUntil(lambda: "Hết giấy" in d.printer_status["receipt"].text(), timeout=10000)
    d.test_printer("receipt")
    qtbot.waitUntil(lambda: "hết giấy" in d.printer_status["receipt"].text().lower(), timeout=10000)
    d.scanner_url.setText("serial:///dev/ttyACM0?baud=fast")
    assert not d._add_typed_scanner() and "baud" in d.error.text()
    d.scanner_url.setText("serial://usb:0C2E:0B61?serial=A1&terminator=crlf")
    assert d._add_typed_scanner() and d.scanner_list.count() == 1
    d.wedge_prefix.setText("]Q")
    d.wedge_interval.setValue(40)
    with qtbot.waitSignal(ctx.hub.devices_changed, timeout=2000):
        d.save()
    saved = load_config(tmp_path)
    assert saved["language"] == "vi" and saved["counter"] == 2
    devices = device_config(saved)
    assert devices.printers["receipt"] == "sim://settings-receipt"
    assert devices.printers["ticket"] == "sim://ticket"
    assert [s.url for s in devices.scanners] == ["serial://usb:0C2E:0B61?serial=A1&terminator=crlf"]
    assert (devices.wedge.prefix, devices.wedge.max_interval_ms) == ("]Q", 40)
    assert ctx.config == saved


@pytest.mark.skipif(sys.platform != "linux", reason="pty pairs")
def test_settings_dialog_scanner_test_shows_the_next_scan(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    pty = PtyScanner(tmp_path / "usb-Test-if00")
    try:
        d = DeviceSettingsDialog(ctx)
        qtbot.addWidget(d)
        d._add_scanner_item(pty.url)
        d.test_scanner()
        qtbot.waitUntil(
            lambda: d._test_reader is not None and d._test_reader.connected, timeout=5000
        )
        pty.send(CCCD.encode("utf-8") + b"\r")
        qtbot.waitUntil(lambda: "Đã nhận" in d.scanner_result.text(), timeout=5000)
        assert "Nguyễn Thị Hồng Nhung" in d.scanner_result.text()
        assert d._test_reader is None  # stopped after the first scan
        # while the device manager holds the port, the test listens to the manager instead
        ctx.config["scanners"] = [{"url": pty.url}]
        manager = DeviceManager(ctx)
        manager.start()
        qtbot.waitUntil(lambda: all(r.connected for r in manager.readers.values()), timeout=5000)
        d.test_scanner()
        assert d._test_reader is None
        pty.send(b"TICKET:A012:2026-02-09\r")
        qtbot.waitUntil(lambda: "Số thứ tự A012" in d.scanner_result.text(), timeout=5000)
        d.reject()
    finally:
        pty.close()


def test_attach_devices_in_the_demo_opens_the_virtual_devices(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from ui.devices.setup import attach_devices, detach_devices

    for name in sim_printer_names(ctx):  # the demo's sim://ticket etc., shared by the process
        sim_printer(name).reset()
    windows = attach_devices(ctx, show=False)
    for w in windows:
        qtbot.addWidget(w)
    assert [type(w).__name__ for w in windows] == ["VirtualPrinterWindow", "VirtualScannerWindow"]
    manager = DeviceManager.of(ctx)
    assert manager is not None
    qtbot.waitUntil(lambda: len(manager.printer_states) == 3, timeout=10000)
    assert {s.status for s in manager.printer_states.values()} <= {"ready", "paper_near_end"}
    detach_devices(ctx)
    for w in windows:
        w.close()
