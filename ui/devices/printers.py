"""A printer's state as the device manager shows it, and the blocking probe that finds it out.

`probe_printer` and `print_test_page` block (they open the printer and wait for its answers):
the device manager runs them on worker threads, never on the GUI thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from printing.errors import PrinterError
from printing.escpos.status import read_status
from printing.thermal import print_job, render_test_page
from printing.transports import open_transport

ROLE_NAMES_VI = {"ticket": "Máy in số thứ tự", "receipt": "Máy in giấy hẹn", "forms": "Máy in A4"}

STATUS_VI = {
    "ready": "Sẵn sàng",
    "paper_near_end": "Sắp hết giấy",
    "paper_out": "Hết giấy",
    "cover_open": "Nắp máy in đang mở",
    "offline": "Mất kết nối",
    "connected": "Đã kết nối (máy in không báo trạng thái)",
    "system": "In qua máy in của hệ thống",
    "not_configured": "Chưa cấu hình",
    "error": "Cấu hình sai",
    "checking": "Đang kiểm tra…",
}


def role_name(role: str) -> str:
    """ROLE_NAMES_VI in the interface language."""
    names = {
        "ticket": QCoreApplication.translate("Printers", "Máy in số thứ tự"),
        "receipt": QCoreApplication.translate("Printers", "Máy in giấy hẹn"),
        "forms": QCoreApplication.translate("Printers", "Máy in A4"),
    }
    return names.get(role, role)


def status_label(status: str) -> str:
    """STATUS_VI in the interface language."""
    labels = {
        "ready": QCoreApplication.translate("Printers", "Sẵn sàng"),
        "paper_near_end": QCoreApplication.translate("Printers", "Sắp hết giấy"),
        "paper_out": QCoreApplication.translate("Printers", "Hết giấy"),
        "cover_open": QCoreApplication.translate("Printers", "Nắp máy in đang mở"),
        "offline": QCoreApplication.translate("Printers", "Mất kết nối"),
        "connected": QCoreApplication.translate(
            "Printers", "Đã kết nối (máy in không báo trạng thái)"
        ),
        "system": QCoreApplication.translate("Printers", "In qua máy in của hệ thống"),
        "not_configured": QCoreApplication.translate("Printers", "Chưa cấu hình"),
        "error": QCoreApplication.translate("Printers", "Cấu hình sai"),
        "checking": QCoreApplication.translate("Printers", "Đang kiểm tra…"),
    }
    return labels.get(status, status)


# Problems a second try may clear (a busy port, a dropped answer); the others are real states.
_TRANSIENT = ("no_answer", "io_error", "unreachable")


@dataclass(frozen=True)
class PrinterState:
    role: str
    url: str
    status: str  # a key of STATUS_VI
    message_en: str = ""
    message_vi: str = ""
    checked_at: datetime = field(default_factory=datetime.now)

    @property
    def ok(self) -> bool:
        return self.status in ("ready", "paper_near_end", "connected", "system")

    @property
    def label_vi(self) -> str:
        return STATUS_VI.get(self.status, self.status)

    @property
    def label(self) -> str:
        """The state in the interface language."""
        return status_label(self.status)

    def message(self, english: bool) -> str:
        return (self.message_en if english else self.message_vi) or ""


def _from_error(role: str, url: str, exc: PrinterError) -> PrinterState:
    status = {"paper_out": "paper_out", "cover_open": "cover_open"}.get(exc.kind, "offline")
    if exc.kind in ("bad_url", "unsupported"):
        status = "error"
    return PrinterState(role, url, status, exc.message_en, exc.message_vi)


def probe_printer(role: str, url: str, *, timeout: float = 1.0, tries: int = 2) -> PrinterState:
    """Open the printer and read its status (DLE EOT) where the connection allows it."""
    url = url.strip()
    if not url:
        return PrinterState(role, url, "not_configured")
    if url.lower().startswith("pdf://"):
        return PrinterState(role, url, "system", "Forms go through the system's print dialog.")
    last: PrinterState | None = None
    for attempt in range(max(1, tries)):
        if attempt:
            time.sleep(0.3)
        try:
            with open_transport(url, timeout=timeout) as transport:
                if not transport.can_read_status:
                    return PrinterState(role, url, "connected", "The printer cannot report status.")
                status = read_status(transport, timeout)
        except PrinterError as exc:
            last = _from_error(role, url, exc)
            if exc.kind in _TRANSIENT:
                continue
            return last
        except OSError as exc:  # anything the transport did not wrap
            last = PrinterState(role, url, "offline", str(exc), STATUS_VI["offline"])
            continue
        if status.problem is not None:
            err = PrinterError(status.problem)
            return _from_error(role, url, err)
        if status.paper_near_end:
            return PrinterState(
                role, url, "paper_near_end", "The paper roll is nearly used up.", "Sắp hết giấy."
            )
        return PrinterState(role, url, "ready")
    assert last is not None
    return last


def print_test_page(url: str, *, timeout: float = 2.0) -> None:
    """Print the test page (Vietnamese text, QR, cut); PrinterError if it did not print."""
    print_job(url, render_test_page(), timeout=timeout)
