"""The admin's device settings: printers per role, scanners, keyboard-wedge recognition.

The admin picks ports from those present (refreshed on demand, listed off the GUI thread), edits
addresses, tests each device where it stands (printer status and test page, the next scan from
a scanner), and saves: `config.toml` in the data folder is rewritten, `ctx.config` updated and
`hub.devices_changed` tells the device manager to rebuild.
"""

from __future__ import annotations

import glob
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import paths
from kiosk.devices.config import (
    PRINTER_ROLES,
    ConfigError,
    DeviceConfig,
    ScannerSettings,
    WedgeSettings,
    device_config,
    save_config,
    with_devices,
)
from kiosk.devices.framing import Frame
from kiosk.devices.payloads import classify_frame
from kiosk.devices.ports import PortInfo, list_ports
from kiosk.devices.reader import ReaderState, SerialScannerReader
from kiosk.devices.urls import DeviceUrlError, parse_scanner_url
from printing.errors import PrinterError
from ui.context import AppContext
from ui.devices.manager import DeviceManager, ScanEvent
from ui.devices.printers import PrinterState, print_test_page, probe_printer, role_name
from ui.devices.virtual_scanner import describe
from ui.i18n import current_language, error_text
from ui.widgets.screen import resize_to_fit

SUFFIXES = (("Enter", "\r"), ("Tab", "\t"), ("", ""))  # "": none (its label is translated)
SCANNER_TEST_S = 20


def system_printers() -> list[str]:
    """The printers the system knows: the Windows spooler's (win32print.EnumPrinters), or
    CUPS's through Qt elsewhere."""
    if paths.is_windows():
        try:
            from printing.transports import _win32print
            from printing.windows_spooler import printer_names

            return printer_names(_win32print())
        except Exception:  # noqa: BLE001 - no pywin32, or the spooler service stopped
            return []
    from PySide6.QtPrintSupport import QPrinterInfo

    return sorted(QPrinterInfo.availablePrinterNames(), key=str.casefold)


def printer_suggestions(
    role: str, ports: list[PortInfo], printers: list[str] | None = None
) -> list[str]:
    """Addresses to pick from: A4 forms go to a system printer by name (`pdf://NAME`); thermal
    printers to a port, the network, or (Windows, last) the spooler (`win://NAME`)."""
    printers = system_printers() if printers is None else printers
    if role == "forms":
        return ["", "pdf://", *[f"pdf://{name}" for name in printers], f"sim://{role}"]
    found = [f"usb://{p}" for p in sorted(glob.glob("/dev/usb/lp*"))]
    found += [f"serial://{p.stable_path or p.device}?baud=9600" for p in ports]
    found.append("tcp://192.168.1.100:9100")
    if paths.is_windows():
        found += [f"win://{name}" for name in printers]
    return ["", f"sim://{role}", *found]


def narrow(combo: QComboBox) -> None:
    """A combo box as wide as its layout gives it, not as its longest entry (port names)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)


class DeviceSettingsDialog(QDialog):
    _ports_listed = Signal(object)  # Future[list[PortInfo]]
    _printer_done = Signal(str, str, object)  # role, "status"/"test", Future
    _scanner_event = Signal(object)  # Frame or ReaderState from the test reader's thread

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Cài đặt thiết bị"))
        resize_to_fit(self, 760, 520)
        try:
            current = device_config(ctx.config)
        except ConfigError:
            current = DeviceConfig()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="device-settings")
        self._test_reader: SerialScannerReader | None = None
        self._test_label: str | None = None
        self._listening_to: DeviceManager | None = None
        self.ports: list[PortInfo] = []
        tabs = QTabWidget()
        tabs.addTab(self._printers_tab(), self.tr("Máy in"))
        tabs.addTab(self._scanners_tab(current), self.tr("Máy quét"))
        tabs.addTab(self._wedge_tab(current.wedge), self.tr("Quét kiểu bàn phím"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        # our own buttons: Qt's standard ones speak English unless Qt's own catalogue is loaded
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(self.tr("Hủy"))
        cancel.setObjectName("cancel")
        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs, 1)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self._status_interval = current.status_interval
        self._ports_listed.connect(self._on_ports)
        self._printer_done.connect(self._on_printer_done)
        self._scanner_event.connect(self._on_scanner_event)
        self._test_timer = QTimer(self)
        self._test_timer.setSingleShot(True)
        self._test_timer.timeout.connect(self._scanner_test_timeout)
        for role in PRINTER_ROLES:  # config.toml's; a counter's own printer is the admin's
            self.printer_edits[role].setEditText(ctx.config_printer_url(role))
            own = ctx.printer_url(role)
            if own != ctx.config_printer_url(role):
                self.printer_status[role].setText(
                    self.tr("Quầy {0} dùng máy in của quầy: {1} (đặt ở màn hình Quản trị).").format(
                        ctx.counter_number, own
                    )
                )
        self.refresh_ports()

    # -- tabs -----------------------------------------------------------------------------------

    def _printers_tab(self) -> QWidget:
        w = QWidget()
        grid = QGridLayout(w)
        self.printer_edits: dict[str, QComboBox] = {}
        self.printer_status: dict[str, QLabel] = {}
        for row, role in enumerate(PRINTER_ROLES):
            edit = QComboBox()
            edit.setEditable(True)
            narrow(edit)
            edit.setMinimumWidth(320)
            status = QLabel("")
            status.setObjectName(f"printerStatus_{role}")
            status.setWordWrap(True)  # an answer may be long: it wraps under the address
            check = QPushButton(self.tr("Kiểm tra"))
            check.clicked.connect(lambda _=False, r=role: self.check_printer(r))
            test = QPushButton(self.tr("In thử"))
            test.clicked.connect(lambda _=False, r=role: self.test_printer(r))
            grid.addWidget(QLabel(role_name(role)), 2 * row, 0)
            grid.addWidget(edit, 2 * row, 1)
            grid.addWidget(check, 2 * row, 2)
            grid.addWidget(test, 2 * row, 3)
            grid.addWidget(status, 2 * row + 1, 1, 1, 3)
            self.printer_edits[role], self.printer_status[role] = edit, status
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2 * len(PRINTER_ROLES), 1)
        return w

    def _scanners_tab(self, current: DeviceConfig) -> QWidget:
        w = QWidget()
        self.scanner_list = QListWidget()
        for entry in current.scanners:
            self._add_scanner_item(entry.url, entry.enabled)
        self.port_choice = QComboBox()
        narrow(self.port_choice)
        self.terminator = QComboBox()
        for t in ("cr", "crlf", "lf", "tab", "none"):
            self.terminator.addItem(t.upper(), t)
        add = QPushButton(self.tr("Thêm"))
        add.clicked.connect(self.add_scanner_from_port)
        refresh = QPushButton(self.tr("Tìm cổng"))
        refresh.clicked.connect(self.refresh_ports)
        self.scanner_url = QLineEdit()
        self.scanner_url.setPlaceholderText("serial:///dev/ttyACM0?baud=9600&terminator=cr")
        add_url = QPushButton(self.tr("Thêm địa chỉ"))
        add_url.clicked.connect(lambda: self._add_typed_scanner())
        remove = QPushButton(self.tr("Xoá"))
        remove.clicked.connect(self.remove_scanner)
        self.test_scanner_button = QPushButton(self.tr("Thử quét"))
        self.test_scanner_button.clicked.connect(self.test_scanner)
        self.scanner_result = QLabel(self.tr("Chọn máy quét rồi bấm Thử quét."))
        self.scanner_result.setWordWrap(True)
        ports_row = QHBoxLayout()
        ports_row.addWidget(QLabel(self.tr("Cổng hiện có")))
        ports_row.addWidget(self.port_choice, 1)
        ports_row.addWidget(self.terminator)
        ports_row.addWidget(add)
        ports_row.addWidget(refresh)
        url_row = QHBoxLayout()
        url_row.addWidget(self.scanner_url, 1)
        url_row.addWidget(add_url)
        actions = QHBoxLayout()
        actions.addWidget(self.test_scanner_button)
        actions.addWidget(remove)
        actions.addStretch(1)
        lay = QVBoxLayout(w)
        lay.addWidget(self.scanner_list)
        lay.addLayout(ports_row)
        lay.addLayout(url_row)
        lay.addLayout(actions)
        lay.addWidget(self.scanner_result)
        return w

    def _wedge_tab(self, wedge: WedgeSettings) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.wedge_enabled = QCheckBox(self.tr("Nhận mã từ máy quét kiểu bàn phím"))
        self.wedge_enabled.setChecked(wedge.enabled)
        self.wedge_prefix = QLineEdit(wedge.prefix)
        self.wedge_prefix.setPlaceholderText(self.tr("Để trống: nhận theo tốc độ gõ phím"))
        self.wedge_suffix = QComboBox()
        for label, value in SUFFIXES:
            self.wedge_suffix.addItem(label or self.tr("Không có"), value)
        self.wedge_suffix.setCurrentIndex(max(0, self.wedge_suffix.findData(wedge.suffix)))
        self.wedge_interval = QSpinBox()
        self.wedge_interval.setRange(5, 500)
        self.wedge_interval.setSuffix(" ms")
        self.wedge_interval.setValue(wedge.max_interval_ms)
        self.wedge_min = QSpinBox()
        self.wedge_min.setRange(2, 200)
        self.wedge_min.setValue(wedge.min_length)
        form.addRow(self.wedge_enabled)
        form.addRow(self.tr("Tiền tố"), self.wedge_prefix)
        form.addRow(self.tr("Ký tự kết thúc"), self.wedge_suffix)
        form.addRow(self.tr("Khoảng cách phím tối đa"), self.wedge_interval)
        form.addRow(self.tr("Độ dài tối thiểu"), self.wedge_min)
        return w

    # -- ports ----------------------------------------------------------------------------------

    @Slot()
    def refresh_ports(self) -> None:
        future = self._pool.submit(list_ports)
        future.add_done_callback(self._ports_listed.emit)

    @Slot(object)
    def _on_ports(self, future: Future[list[PortInfo]]) -> None:
        try:
            self.ports = future.result()
        except Exception as exc:  # noqa: BLE001
            self.error.setText(self.tr("Không liệt kê được cổng: ") + str(exc))
            self.ports = []
        self.port_choice.clear()
        for p in self.ports:
            label = " ".join(x for x in (p.device, p.usb_id or "", p.description) if x)
            self.port_choice.addItem(label, p)
        for role, edit in self.printer_edits.items():
            text = edit.currentText()
            edit.clear()
            edit.addItems(printer_suggestions(role, self.ports))
            edit.setEditText(text)

    # -- printers -------------------------------------------------------------------------------

    def check_printer(self, role: str) -> None:
        url = self.printer_edits[role].currentText().strip()
        self.printer_status[role].setText(self.tr("Đang kiểm tra…"))
        future = self._pool.submit(probe_printer, role, url)
        future.add_done_callback(lambda f: self._printer_done.emit(role, "status", f))

    def test_printer(self, role: str) -> None:
        url = self.printer_edits[role].currentText().strip()
        self.printer_status[role].setText(self.tr("Đang in thử…"))
        future = self._pool.submit(print_test_page, url)
        future.add_done_callback(lambda f: self._printer_done.emit(role, "test", f))

    @Slot(str, str, object)
    def _on_printer_done(self, role: str, what: str, future: Future[Any]) -> None:
        exc = future.exception()
        if what == "status" and exc is None:
            state: PrinterState = future.result()
            said = state.message(current_language() != "vi")
            text = state.label + (f" — {said}" if said else "")
        elif exc is None:
            text = self.tr("Đã in trang thử.")
        elif isinstance(exc, PrinterError):
            text = error_text(exc)
        else:
            text = str(exc)
        self.printer_status[role].setText(text)

    # -- scanners -------------------------------------------------------------------------------

    def _add_scanner_item(self, url: str, enabled: bool = True) -> None:
        item = QListWidgetItem(url)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        item.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
        self.scanner_list.addItem(item)
        self.scanner_list.setCurrentItem(item)

    @Slot()
    def add_scanner_from_port(self) -> None:
        port = self.port_choice.currentData()
        if isinstance(port, PortInfo):
            self._add_scanner_item(port.suggested_url(self.terminator.currentData()))

    def _add_typed_scanner(self) -> bool:
        text = self.scanner_url.text().strip()
        try:
            parse_scanner_url(text)
        except DeviceUrlError as exc:
            self.error.setText(exc.message_vi + " " + str(exc))
            return False
        self._add_scanner_item(text)
        self.scanner_url.clear()
        self.error.clear()
        return True

    @Slot()
    def remove_scanner(self) -> None:
        row = self.scanner_list.currentRow()
        if row >= 0:
            self.scanner_list.takeItem(row)

    @Slot()
    def test_scanner(self) -> None:
        """Show what the selected scanner sends next (its own reader, or the manager's)."""
        self._stop_scanner_test()
        item = self.scanner_list.currentItem()
        if item is None:
            return
        try:
            url = parse_scanner_url(item.text())
        except DeviceUrlError as exc:
            self.scanner_result.setText(exc.message_vi)
            return
        if url.scheme != "serial":
            self.scanner_result.setText(self.tr("Máy quét ảo: dùng cửa sổ Máy quét ảo."))
            return
        self._test_label = url.label
        manager = DeviceManager.of(self.ctx)
        if manager is not None and url.label in manager.readers:  # it holds the port already
            manager.scan_received.connect(self._on_manager_scan)
            self._listening_to = manager
        else:
            self._test_reader = SerialScannerReader(
                url, self._scanner_event.emit, self._scanner_event.emit
            )
            self._test_reader.start()
        self.scanner_result.setText(self.tr("Mời quét một mã…"))
        self._test_timer.start(SCANNER_TEST_S * 1000)

    @Slot(object)
    def _on_scanner_event(self, event: Frame | ReaderState) -> None:
        if self._test_reader is None:
            return
        if isinstance(event, ReaderState):
            if not event.connected:
                self.scanner_result.setText(self.tr("Chưa kết nối: ") + event.detail)
            return
        self.scanner_result.setText(self.tr("Đã nhận: ") + describe(classify_frame(event)))
        self._stop_scanner_test()

    @Slot(object)
    def _on_manager_scan(self, event: ScanEvent) -> None:
        if event.source == self._test_label:
            self.scanner_result.setText(self.tr("Đã nhận: ") + describe(event.scan))
            self._stop_scanner_test()

    def _scanner_test_timeout(self) -> None:
        self._stop_scanner_test()
        self.scanner_result.setText(self.tr("Không nhận được mã nào."))

    def _stop_scanner_test(self) -> None:
        self._test_timer.stop()
        reader, self._test_reader = self._test_reader, None
        if reader is not None:
            reader.stop()
        manager, self._listening_to = self._listening_to, None
        if manager is not None:
            manager.scan_received.disconnect(self._on_manager_scan)

    # -- saving ---------------------------------------------------------------------------------

    def settings(self) -> DeviceConfig:
        scanners = []
        for i in range(self.scanner_list.count()):
            item = self.scanner_list.item(i)
            enabled = item.checkState() == Qt.CheckState.Checked
            scanners.append(ScannerSettings(item.text().strip(), enabled))
        wedge = WedgeSettings(
            enabled=self.wedge_enabled.isChecked(),
            prefix=self.wedge_prefix.text(),
            suffix=str(self.wedge_suffix.currentData()),
            max_interval_ms=self.wedge_interval.value(),
            min_length=self.wedge_min.value(),
        )
        printers = {r: e.currentText().strip() for r, e in self.printer_edits.items()}
        return DeviceConfig(printers, scanners, wedge, self._status_interval)

    @Slot()
    def save(self) -> None:
        merged = with_devices(self.ctx.config, self.settings())
        try:
            device_config(merged)
            save_config(self.ctx.home, merged)
        except (ConfigError, OSError) as exc:
            self.error.setText(error_text(exc))
            return
        self._stop_scanner_test()
        self.ctx.config.clear()
        self.ctx.config.update(merged)
        self.ctx.hub.devices_changed.emit()
        self.accept()

    def done(self, result: int) -> None:
        self._stop_scanner_test()
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._stop_scanner_test()
        super().closeEvent(event)
