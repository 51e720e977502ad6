""" "Thử" for a counter's devices, in the wizard and the admin window: the printer prints its
test page (ui.devices.printers, on a worker of its own), the scanner is opened and the next code
it sends is shown (kiosk.devices.reader, as the device settings dialog does). The outcome goes
under the printer's or the scanner's field of the form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from kiosk.domain.people import InputError
from ui.admin.form import AdminForm
from ui.tasks import SerialWorker

SCANNER_TEST_S = 20


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class DeviceTester(QObject):
    _event = Signal(object)  # a Frame or ReaderState from the reader's thread

    def __init__(self, form: AdminForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.worker = SerialWorker("kiosk-device-test", self)
        self.reader: Any = None
        self._event.connect(self._on_event)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timeout)

    def _say(self, key: str, text: str, kind: str = "success") -> None:
        self.form.clear_errors()
        if kind == "success":
            self.form.banner.show_message(text, "success")
        else:
            err = self.form.errors[key]
            err.setText(text)
            err.show()

    # -- printer -----------------------------------------------------------------------------
    def test_printer(self) -> None:
        url = self.form.raw("printer")
        if not url:
            self.form.show_error(
                InputError("printer", "no printer", tr("Nhập địa chỉ máy in để thử."))
            )
            return

        def job() -> str:
            from kiosk.services.admin_common import printer_url
            from ui.devices.printers import print_test_page

            checked = printer_url(url) or url
            print_test_page(checked)
            return checked

        self.worker.run(job, self._printed, self._print_failed)

    def _printed(self, url: str) -> None:
        self._say("printer", tr("Đã in trang thử tới {0}.").format(url))

    def _print_failed(self, exc: BaseException) -> None:
        if getattr(exc, "field", None):
            self.form.show_error(exc)
            return
        text = getattr(exc, "message_vi", None) or str(exc)
        self._say("printer", tr("Không in được: {0}").format(text), "error")

    # -- scanner -----------------------------------------------------------------------------
    def test_scanner(self) -> None:
        from kiosk.devices.reader import SerialScannerReader
        from kiosk.devices.urls import DeviceUrlError, parse_scanner_url

        self.stop()
        try:
            url = parse_scanner_url(self.form.raw("scanner") or "")
        except DeviceUrlError as exc:
            self._say("scanner", exc.message_vi, "error")
            return
        if url.scheme != "serial":
            self._say("scanner", tr("Máy quét ảo: dùng cửa sổ Máy quét ảo."), "error")
            return
        self.reader = SerialScannerReader(url, self._event.emit, self._event.emit)
        self.reader.start()
        self.form.banner.show_message(tr("Mời quét một mã…"), "info")
        self.timer.start(SCANNER_TEST_S * 1000)

    @Slot(object)
    def _on_event(self, event: Any) -> None:
        from kiosk.devices.payloads import classify_frame
        from kiosk.devices.reader import ReaderState
        from ui.devices.virtual_scanner import describe

        if self.reader is None:
            return
        if isinstance(event, ReaderState):
            if not event.connected:
                self._say("scanner", tr("Chưa kết nối: ") + event.detail, "error")
            return
        self.stop()
        self._say("scanner", tr("Đã nhận: ") + describe(classify_frame(event)))

    def _timeout(self) -> None:
        self.stop()
        self._say("scanner", tr("Không nhận được mã nào."), "error")

    def stop(self) -> None:
        self.timer.stop()
        reader, self.reader = self.reader, None
        if reader is not None:
            reader.stop()

    def shutdown(self) -> None:
        self.stop()
        self.worker.shutdown()
