"""The counter window uses its counter's own devices (issue 14): the receipt printer and the
scanner stored on counter 1's record, not config.toml's; re-bound when the record changes;
config.toml again where the counter names none; an unreachable printer says so as usual.
Real parts: a file printer (its ESC/POS bytes decoded back) and a pty pair for the scanner."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.services import admin_queue
from printing.escpos.decoder import TextLine, decode
from printing.transports import sim_printer
from tests.integration.scanner_pty import PtyScanner
from ui.context import AppContext
from ui.devices.manager import DeviceManager, start_devices

from .test_counter_flow import CCCD, issue, open_counter


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def set_devices(ctx: AppContext, printer: str | None, scanner: str | None = None) -> None:
    with ctx.store.begin() as s:  # as the admin window or a sync would
        admin_queue.set_counter(s, 1, {"printer": printer, "scanner": scanner})


def slip_texts(path: Path) -> list[str]:
    return [e.text for e in decode(path.read_bytes()) if isinstance(e, TextLine)]


def test_the_counter_prints_and_scans_with_its_own_devices(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, tmp_path: Path, shot: Any
) -> None:
    first, second = tmp_path / "quay1.bin", tmp_path / "quay1-moi.bin"
    scanner = PtyScanner(tmp_path / "scanner")
    config_printer = sim_printer(ctx.printer_url("receipt").removeprefix("sim://"))
    set_devices(ctx, f"file://{first}", scanner.url)
    manager = start_devices(ctx)
    try:
        w = open_counter(qtbot, ctx, wait_idle)
        wait_idle(w.io)
        assert ctx.printer_url("receipt") == f"file://{first}"
        assert ctx.printer_url("forms") == "sim://forms"  # the A4 printer stays config.toml's
        # The device settings edit config.toml's printer, and say the counter has its own.
        from ui.devices.settings import DeviceSettingsDialog

        d = DeviceSettingsDialog(ctx)
        qtbot.addWidget(d)
        assert d.printer_edits["receipt"].currentText() == f"sim://{config_printer.name}"
        assert "dùng máy in của quầy" in d.printer_status["receipt"].text()
        d.reject()
        qtbot.waitUntil(lambda: bool(manager.readers), timeout=5000)
        page = w.reception
        issue(ctx, "HT")
        QTest.keyClick(w, Qt.Key.Key_F2)
        wait_idle()
        page.picker.search.setText("1.001193")
        QTest.keyClick(page.picker.search, Qt.Key.Key_Return)
        assert page.procedure is not None
        qtbot.wait(300)  # the reader opens the port
        scanner.send(CCCD + "\r")  # the CCCD card, read by the counter's own scanner
        qtbot.waitUntil(lambda: page.applicant.name.text() == "Nguyễn Văn An", timeout=10_000)
        for row, doc in enumerate(page.procedure.documents):
            if doc.required:
                page.checklist.check_row(row)
        page.receive_button.click()
        wait_idle(w.io, timeout=30_000)
        qtbot.waitUntil(lambda: "Đã in phiếu hẹn" in page.result.print_state.text(), timeout=30_000)
        assert page.outcome is not None
        code = page.outcome.code
        assert code in slip_texts(first)  # on the counter's printer...
        assert config_printer.jobs == []  # ...not on config.toml's

        # The counter's printer changed (the admin window, or a sync): re-bound, used at once.
        set_devices(ctx, f"file://{second}", scanner.url)
        w.counter_devices.reload()
        wait_idle()
        assert ctx.printer_url("receipt") == f"file://{second}"
        page.result.reprint_button.click()
        qtbot.waitUntil(lambda: second.exists() and code in slip_texts(second), timeout=30_000)

        # Unreachable: the usual message, the dossier kept.
        set_devices(ctx, f"tcp://127.0.0.1:{closed_port()}")
        w.counter_devices.reload()
        wait_idle()
        page.result.reprint_button.click()
        qtbot.waitUntil(lambda: "chưa in được" in page.result.print_state.text(), timeout=30_000)
        shot(w, "counter-own-printer-unreachable")
        assert not manager.readers  # the counter no longer names a scanner: none read
        assert w.status.scanner.text() == "Máy quét: sẵn sàng"  # not the old one's state

        # No device on the counter: config.toml's again.
        set_devices(ctx, None)
        w.counter_devices.reload()
        wait_idle()
        assert ctx.printer_url("receipt") == f"sim://{config_printer.name}"
    finally:
        found = DeviceManager.of(ctx)
        if found is not None:
            found.shutdown()
        scanner.close()
