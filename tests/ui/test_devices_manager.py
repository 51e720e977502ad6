"""The device manager: serial scanners to the hub (through real ptys), printer status, test page."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.store.db import Store
from printing.escpos.decoder import QRCode, decode
from printing.transports import sim_printer
from tests.integration.scanner_pty import PtyScanner
from ui.app import make_context
from ui.context import AppContext
from ui.devices.manager import DeviceManager, ScanEvent, start_devices

CCCD = "001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi, phường Quang Trung|01012022"


@pytest.fixture
def ctx(store: Store, tmp_path: Path) -> Iterator[AppContext]:
    c = make_context(store, tmp_path, config={})
    yield c
    manager = DeviceManager.of(c)
    if manager is not None:
        manager.shutdown()
    c.tasks.shutdown()


def configure(ctx: AppContext, **config: Any) -> None:
    ctx.config.clear()
    ctx.config.update(config)


@pytest.mark.skipif(sys.platform != "linux", reason="pty pairs")
def test_serial_scans_reach_the_hub_and_replug_is_survived(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    pty = PtyScanner(tmp_path / "usb-Scanner-if00")
    try:
        configure(ctx, scanners=[{"url": pty.url}], printers={"ticket": "sim://mgr-t"})
        manager = DeviceManager(ctx)
        states: list[tuple[str, bool, str]] = []
        manager.scanner_state_changed.connect(lambda *a: states.append(a))
        manager.start()
        assert DeviceManager.of(ctx) is manager
        qtbot.waitUntil(lambda: bool(states) and states[-1][1], timeout=5000)
        events: list[ScanEvent] = []
        manager.scan_received.connect(events.append)
        with qtbot.waitSignal(ctx.hub.scanned, timeout=5000) as sig:
            pty.send(CCCD.encode("utf-8") + b"\r")
        assert sig.args == [CCCD]
        assert events[-1].scan.kind == "citizen_id" and events[-1].source == str(pty.link)
        pty.unplug()
        qtbot.waitUntil(lambda: not states[-1][1], timeout=5000)
        assert "disconnected" in states[-1][2]
        pty.plug()
        qtbot.waitUntil(lambda: states[-1][1], timeout=5000)
        with qtbot.waitSignal(ctx.hub.scanned, timeout=5000) as sig:
            pty.send(b"000.17.22.H56-260209-0003\r")
        assert sig.args == ["000.17.22.H56-260209-0003"]
        # settings changed: the scanner is removed, its reader stops
        configure(ctx, scanners=[])
        ctx.hub.devices_changed.emit()
        assert manager.readers == {}
    finally:
        pty.close()


def test_printer_status_per_role_with_problems_and_recovery(qtbot: QtBot, ctx: AppContext) -> None:
    ticket, receipt = sim_printer("mgr-ticket"), sim_printer("mgr-receipt")
    ticket.reset()
    receipt.reset()
    receipt.set_state(paper_out=True)
    configure(
        ctx,
        printers={"ticket": "sim://mgr-ticket", "receipt": "sim://mgr-receipt", "forms": ""},
        devices={"status_interval": 60},
    )
    manager = start_devices(ctx)
    qtbot.waitUntil(lambda: len(manager.printer_states) == 3, timeout=10000)
    st = manager.printer_states
    assert (st["ticket"].status, st["ticket"].label_vi) == ("ready", "Sẵn sàng")
    assert st["receipt"].status == "paper_out" and "hết giấy" in st["receipt"].message_vi.lower()
    assert st["forms"].status == "not_configured"
    receipt.set_state(paper_out=False, cover_open=True)
    with qtbot.waitSignal(manager.printer_status_changed, timeout=10000) as sig:
        manager.check_printer("receipt")
    assert sig.args[0] == "receipt" and sig.args[1].status == "cover_open"
    receipt.set_state(cover_open=False, answers=False)  # a hung printer: no answer, retried
    with qtbot.waitSignal(manager.printer_status_changed, timeout=15000) as sig:
        manager.check_printer("receipt")
    assert sig.args[1].status == "offline"
    receipt.set_state(answers=True)
    with qtbot.waitSignal(manager.printer_status_changed, timeout=10000) as sig:
        manager.check_printer("receipt")
    assert sig.args[1].status == "ready"


def test_test_page_prints_and_a_paper_out_is_explained(qtbot: QtBot, ctx: AppContext) -> None:
    printer = sim_printer("mgr-test-page")
    printer.reset()
    configure(ctx, printers={"ticket": "sim://mgr-test-page"})
    manager = DeviceManager(ctx)
    with qtbot.waitSignal(manager.test_page_done, timeout=10000) as sig:
        manager.print_test_page("ticket")
    assert sig.args == ["ticket", True, "Đã in trang thử."]
    (job,) = printer.jobs
    assert [e.payload for e in decode(job.data) if isinstance(e, QRCode)] == ["KIOSK-TEST"]
    printer.set_state(paper_out=True)
    with qtbot.waitSignal(manager.test_page_done, timeout=10000) as sig:
        manager.print_test_page("ticket")
    assert sig.args[1] is False and "hết giấy" in sig.args[2].lower()
    assert len(printer.jobs) == 1


def test_injected_scans_take_the_same_path(qtbot: QtBot, ctx: AppContext) -> None:
    manager = DeviceManager(ctx)
    events: list[ScanEvent] = []
    manager.scan_received.connect(events.append)
    with qtbot.waitSignal(ctx.hub.scanned, timeout=1000) as sig:
        scan = manager.inject(" TICKET:A012:2026-02-09 ", "virtual")
    assert sig.args == ["TICKET:A012:2026-02-09"] and scan.number == "A012"
    manager.inject("hello", "wedge")
    assert events[-1].source == "wedge" and events[-1].scan.kind == "unknown"
    assert events[-1].scan.error_vi


def test_bad_settings_do_not_stop_the_app(qtbot: QtBot, ctx: AppContext) -> None:
    configure(ctx, wedge={"max_interval_ms": "fast"})
    manager = start_devices(ctx)
    assert manager.config.wedge.max_interval_ms == 30


def test_wedge_scans_reach_the_hub_through_the_manager(qtbot: QtBot, ctx: AppContext) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    configure(ctx, wedge={"enabled": True, "min_length": 8})
    manager = start_devices(ctx)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    events: list[ScanEvent] = []
    manager.scan_received.connect(events.append)
    with qtbot.waitSignal(ctx.hub.scanned, timeout=2000) as sig:
        QTest.keyClicks(field, "TICKET:A012:2026-02-09", Qt.KeyboardModifier.NoModifier, 2)
        QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 2)
    assert sig.args == ["TICKET:A012:2026-02-09"] and field.text() == ""
    assert events[-1].source == "wedge" and events[-1].scan.number == "A012"
    configure(ctx, wedge={"enabled": False})
    ctx.hub.devices_changed.emit()  # the admin turned wedge recognition off
    QTest.keyClicks(field, "TICKET:A013:2026-02-09", Qt.KeyboardModifier.NoModifier, 2)
    assert field.text() == "TICKET:A013:2026-02-09"


def test_a_printer_that_goes_away_is_noticed_within_seconds_without_printing(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """Issue 17.8: the status said "sẵn sàng" for 20 s and more after the printer went away.
    With the default settings a gone tcp printer shows as offline within a few seconds, and
    nothing has to fail to print first."""
    import time

    from tests.integration.test_printer_transports import tcp_printer

    with tcp_printer() as (url, printers):
        configure(ctx, printers={"ticket": url, "receipt": "", "forms": ""})
        manager = start_devices(ctx)
        qtbot.waitUntil(
            lambda: (
                manager.printer_states.get("ticket") is not None
                and manager.printer_states["ticket"].status == "ready"
            ),
            timeout=10000,
        )
        sent = b"".join(bytes(p.received) for p in printers)
    gone = time.monotonic()  # the printer's server is closed: unplugged
    qtbot.waitUntil(lambda: manager.printer_states["ticket"].status == "offline", timeout=8000)
    assert time.monotonic() - gone < 8.0
    assert b"\x1b@" not in sent  # found by asking its status (DLE EOT), nothing was printed
