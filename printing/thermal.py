"""Thermal queue tickets, dossier receipt slips and the test page as ESC/POS bytes.

Plain dataclasses in, bytes out: no database, no Qt. `print_job` sends the bytes to a printer URL
(or an open transport) with a status check before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from printing.errors import PrinterError
from printing.escpos.builder import PAPER_58MM, PAPER_80MM, JobBuilder
from printing.escpos.status import PrinterStatus, read_status
from printing.transports import Transport, open_transport

__all__ = [
    "PAPER_58MM",
    "PAPER_80MM",
    "PrinterError",
    "PrinterStatus",
    "QueueTicket",
    "ReceiptSlip",
    "open_transport",
    "print_job",
    "read_status",
    "render_queue_ticket",
    "render_receipt_slip",
    "render_test_page",
]

TEST_TONE_MARKS = "Tiếng Việt: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự đ Đ"
TEST_PANGRAM = "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau."
TEST_CAPITALS = "ỦY BAN NHÂN DÂN XÃ ĐỒNG TIẾN – BỘ PHẬN MỘT CỬA"
TEST_QR = "KIOSK-TEST"


@dataclass
class QueueTicket:
    office_name: str
    number: str
    service_name: str
    issued_at: datetime
    ahead: int
    priority_label: str | None = None
    qr_payload: str | None = None
    footer: str | None = None


@dataclass
class ReceiptSlip:
    office_name: str
    code: str
    procedure_name: str
    applicant_masked: str
    received_at: datetime
    due_at: datetime
    qr_payload: str
    fee: str | None = None  # what was collected at reception (kiosk.services.fees.fee_line)
    footer: str | None = None  # the reprint mark "Bản in lại ngày dd/mm/yyyy"


def _big_mult(width_dots: int) -> int:
    # 5x font A (60 x 120 dots per digit) on 80 mm, 4x on 58 mm: readable from arm's length.
    return 5 if width_dots >= PAPER_80MM else 4


def render_queue_ticket(t: QueueTicket, width_dots: int = PAPER_80MM) -> bytes:
    # Sizes in dots (203 dpi): 22 is about the printer's own font A; the service name a bit
    # bigger. Every Vietnamese line costs ~(ink width / 8) x 25 bytes, hence no larger sizes.
    b = JobBuilder(width_dots)
    b.text(t.office_name, size=22, bold=True, align="center")
    b.feed(12)
    b.big(t.number, max_mult=_big_mult(width_dots))
    b.feed(8)
    if t.priority_label:
        b.text(t.priority_label, size=22, bold=True, align="center")
    b.text(t.service_name, size=24, bold=True, align="center")
    b.feed(8)
    b.printer_line(t.issued_at.strftime("%d/%m/%Y %H:%M"), align="center")
    b.text(f"Số người đang chờ trước bạn: {t.ahead}", size=22, align="center")
    if t.qr_payload:
        b.feed(12)
        b.qr(t.qr_payload)
    if t.footer:
        b.feed(8)
        b.text(t.footer, size=18, align="center")
    b.cut()
    return b.build()


def _when(moment: datetime) -> str:
    return moment.strftime("%H:%M %d/%m/%Y")


def render_receipt_slip(r: ReceiptSlip, width_dots: int = PAPER_80MM) -> bytes:
    b = JobBuilder(width_dots)
    b.text(r.office_name, size=22, bold=True, align="center")
    b.feed(10)
    b.text("GIẤY HẸN TRẢ KẾT QUẢ", size=28, bold=True, align="center")
    b.feed(10)
    b.text("Mã hồ sơ", size=20, align="center")
    b.big(r.code, max_mult=2)
    b.feed(10)
    b.text(f"Thủ tục: {r.procedure_name}", size=22)
    b.feed(4)
    b.text(f"Người nộp: {r.applicant_masked}", size=22)
    b.feed(4)
    b.text(f"Nhận hồ sơ: {_when(r.received_at)}", size=22)
    b.text(f"Hẹn trả kết quả: {_when(r.due_at)}", size=22, bold=True)
    if r.fee:
        b.text(f"Phí, lệ phí: {r.fee}", size=22)
    b.feed(12)
    b.qr(r.qr_payload)
    b.text("Quét mã QR để tra cứu tình trạng hồ sơ", size=20, align="center")
    if r.footer:
        b.feed(8)
        b.text(r.footer, size=20, align="center")
    b.cut()
    return b.build()


def render_test_page(width_dots: int = PAPER_80MM) -> bytes:
    b = JobBuilder(width_dots)
    b.text("TRANG IN THỬ", size=30, bold=True, align="center")
    b.printer_line(f"ESC/POS {width_dots} dots", align="center")
    b.rule()
    b.text(TEST_TONE_MARKS, size=24)
    b.feed(6)
    b.text(TEST_PANGRAM, size=24)
    b.feed(6)
    b.text(TEST_CAPITALS, size=24, bold=True)
    b.rule()
    b.printer_line("0123456789 ABCDEFGHIJ abcdefghij")
    b.big("A012", max_mult=_big_mult(width_dots))
    b.feed(8)
    b.qr(TEST_QR)
    b.cut()
    return b.build()


def print_job(
    url_or_transport: str | Transport,
    data: bytes,
    *,
    check_status: bool = True,
    timeout: float = 2.0,
) -> PrinterStatus | None:
    """Send one job: refuse it if the printer reports a problem, then confirm after writing.

    Returns the status read after the job (None when the transport cannot read it). Any error
    raised once writing has started has `after_write=True`: the job is *not known to be
    printed*, so the caller must not count a queue ticket as issued. The check after writing
    sees conditions present when the printer has taken the data (e.g. the roll ran out during a
    serial job paced by flow control); a printer that buffers the whole job may still run out
    later, which no ESC/POS status can promise.

    Transports that cannot read back (file://, win://, usb:// unless `?status=1`) skip both
    checks: see `printing.transports` for why. `timeout` bounds each status answer; with an
    open transport, write timeouts are the ones it was opened with.
    """
    own = isinstance(url_or_transport, str)
    if isinstance(url_or_transport, str):
        transport = open_transport(url_or_transport, timeout=timeout)
    else:
        transport = url_or_transport
    try:
        check = check_status and transport.can_read_status
        if check:
            read_status(transport, timeout).raise_for_problem()
        try:
            transport.write(data)
            if not check:
                return None
            # The answer queues behind the job on a serial line: allow for transmission time.
            rate = transport.bytes_per_second
            after = read_status(transport, timeout + (len(data) / rate if rate else 0.0))
            after.raise_for_problem(after_write=True)
            return after
        except PrinterError as exc:
            raise exc.as_after_write() from exc.__cause__
    finally:
        if own:
            transport.close()
