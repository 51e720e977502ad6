"""The device manager: the app's scanners and printers, hot-pluggable, off the GUI thread.

- Serial scanners each have a reader thread (kiosk.devices.reader); frames come back by queued
  signal, are classified, and go to `hub.scanned` (the payload text) and `scan_received` (the
  classified ScanEvent, for status lines and the settings screen). The keyboard-wedge filter and
  the virtual scanner feed the same path through `inject`.
- Printers are known by role (ticket, receipt, forms). Their status is probed on worker threads
  every `status_interval` seconds (sooner while one has a problem), with a retry inside each
  probe, and announced by `printer_status_changed`; `print_test_page(role)` prints the test page.
- When the settings change (`hub.devices_changed`), everything is rebuilt from `ctx.config`
  and the counter's own devices (`ctx.counter_devices`, ui/devices/counter_devices.py): its
  scanner is read as well as config.toml's, its printer is the receipt printer.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.devices.config import PRINTER_ROLES, ConfigError, DeviceConfig, device_config
from kiosk.devices.framing import Frame
from kiosk.devices.payloads import Scan, classify, classify_frame
from kiosk.devices.reader import ReaderState, SerialScannerReader
from kiosk.devices.urls import DeviceUrlError, parse_scanner_url
from printing.errors import PrinterError
from ui.context import AppContext
from ui.devices.printers import PrinterState, print_test_page, probe_printer
from ui.devices.wedge import WedgeFilter

log = logging.getLogger(__name__)

PROBLEM_RETRY_S = 5.0


@dataclass(frozen=True)
class ScanEvent:
    source: str  # the scanner's label, "wedge" or "virtual"
    scan: Scan


class DeviceManager(QObject):
    scan_received = Signal(object)  # ScanEvent
    scanner_state_changed = Signal(str, bool, str)  # label, connected, detail (English)
    printer_status_changed = Signal(str, object)  # role, PrinterState
    test_page_done = Signal(str, bool, str)  # role, ok, message (Vietnamese)
    # from worker threads (queued to the GUI thread):
    _frame = Signal(str, object)
    _state = Signal(str, object)
    _probed = Signal(str, object)
    _printed = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else ctx.hub)
        self.ctx = ctx
        self.config = DeviceConfig()
        self.readers: dict[str, SerialScannerReader] = {}
        self.scanner_states: dict[str, ReaderState] = {}
        self.printer_states: dict[str, PrinterState] = {}
        self.wedge = WedgeFilter(parent=self)
        self.wedge.scanned.connect(lambda text: self.inject(text, "wedge"))
        self._pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="kiosk-devices")
        self._probing: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_printers)
        self._frame.connect(self._on_frame)
        self._state.connect(self._on_state)
        self._probed.connect(self._on_probed)
        self._printed.connect(self._on_printed)
        self._running = False
        ctx.hub.devices_changed.connect(self.reload)

    @staticmethod
    def of(ctx: AppContext) -> DeviceManager | None:
        """The manager started for this context, if any."""
        found = ctx.hub.findChild(DeviceManager)
        return found if isinstance(found, DeviceManager) else None

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        try:
            self.config = device_config(self.ctx.config)
        except ConfigError as exc:
            log.error("device settings ignored: %s", exc)
            self.config = DeviceConfig()
        self._running = True
        self.wedge.configure(self.config.wedge)
        self.wedge.install()
        for entry in self.config.scanners:
            if entry.enabled:
                self._start_reader(entry.url)
        own = self.ctx.counter_devices.get("scanner")  # the counter's own (counter_devices.py)
        if own:
            self._start_reader(own)
        QTimer.singleShot(0, self, self.check_printers)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self.wedge.uninstall()
        for reader in self.readers.values():
            reader.stop()
        self.readers.clear()
        self.scanner_states.clear()

    def shutdown(self) -> None:
        self.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    @Slot()
    def reload(self) -> None:
        if self._running:
            self.stop()
            self.start()

    # -- scanners -------------------------------------------------------------------------------

    def _start_reader(self, url_text: str) -> None:
        try:
            url = parse_scanner_url(url_text)
        except DeviceUrlError as exc:
            log.error("%s", exc)
            return
        if url.scheme != "serial" or url.label in self.readers:
            return  # sim:// is the virtual scanner window; it calls inject()
        label = url.label
        reader = SerialScannerReader(
            url,
            lambda frame: self._frame.emit(label, frame),
            lambda state: self._state.emit(label, state),
        )
        self.readers[label] = reader
        reader.start()

    @Slot(str, object)
    def _on_frame(self, label: str, frame: Frame) -> None:
        scan = classify_frame(frame)
        if frame.problem is not None:  # nothing to route: only say that a scan was lost
            self.scan_received.emit(ScanEvent(label, scan))
            return
        self._route(frame.data.decode("utf-8", errors="replace").strip(), scan, label)

    @Slot(str, object)
    def _on_state(self, label: str, state: ReaderState) -> None:
        if label not in self.readers:
            return  # a reader stopped by a reload
        self.scanner_states[label] = state
        self.scanner_state_changed.emit(label, state.connected, state.detail)

    def inject(self, text: str, source: str = "virtual") -> Scan:
        """A payload from the wedge or the virtual scanner: the same path as a serial scan."""
        scan = classify(text)
        self._route(text.strip(), scan, source)
        return scan

    def _route(self, text: str, scan: Scan, source: str) -> None:
        self.scan_received.emit(ScanEvent(source, scan))
        self.ctx.hub.scanned.emit(text)

    # -- printers -------------------------------------------------------------------------------

    def printer_url(self, role: str) -> str:
        return self.ctx.printer_url(role)

    @Slot()
    def check_printers(self) -> None:
        """Probe every role's printer on a worker (a probe still running is not doubled)."""
        for role in PRINTER_ROLES:
            self.check_printer(role)
        if self._running:
            self._timer.start(int(self.config.status_interval * 1000))

    def check_printer(self, role: str) -> None:
        if role in self._probing:
            return
        url = self.printer_url(role)
        self._probing.add(role)
        future = self._pool.submit(probe_printer, role, url)
        future.add_done_callback(lambda f: self._probed.emit(role, f))

    @Slot(str, object)
    def _on_probed(self, role: str, future: Future[PrinterState]) -> None:
        self._probing.discard(role)
        try:
            state = future.result()
        except Exception as exc:  # noqa: BLE001 - a probe bug must not stop the polling
            log.exception("printer probe failed")
            state = PrinterState(role, self.printer_url(role), "offline", str(exc))
        previous = self.printer_states.get(role)
        self.printer_states[role] = state
        if previous is None or (previous.status, previous.url) != (state.status, state.url):
            self.printer_status_changed.emit(role, state)
        if not state.ok and state.status != "not_configured" and self._running:
            remaining = self._timer.remainingTime()
            if remaining < 0 or remaining > PROBLEM_RETRY_S * 1000:
                self._timer.start(int(PROBLEM_RETRY_S * 1000))  # look again soon

    def print_test_page(self, role: str) -> None:
        url = self.printer_url(role)
        future = self._pool.submit(print_test_page, url)
        future.add_done_callback(lambda f: self._printed.emit(role, f))

    @Slot(str, object)
    def _on_printed(self, role: str, future: Future[None]) -> None:
        exc = future.exception()
        if exc is None:
            self.test_page_done.emit(role, True, "Đã in trang thử.")
        elif isinstance(exc, PrinterError):
            self.test_page_done.emit(role, False, exc.message_vi)
        else:
            log.error("test page failed", exc_info=exc)
            self.test_page_done.emit(role, False, f"Không in được trang thử: {exc}")
        self.check_printer(role)


def start_devices(ctx: AppContext) -> DeviceManager:
    """Create and start the device manager for an app context (one per process)."""
    manager = DeviceManager.of(ctx) or DeviceManager(ctx)
    manager.start()
    return manager
