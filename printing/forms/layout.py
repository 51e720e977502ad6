"""Wording and geometry of the statutory forms, in ONE place.

Forms 01–07 of Circular 03/2025/TT-VPCP, Appendix I. The exact official layouts were not
available when this was written (see /work/shared/reference/forms.md); every label, title and
sentence printed on a form is a constant below so that a clerk's correction against the official
text is a single edit here. Templates use `str.format` fields: `{name}` etc. are filled in by
the renderers (values are escaped and normalised to NFC there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

# --------------------------------------------------------------------------------------------
# Common wording
# --------------------------------------------------------------------------------------------


class Common:
    NATION: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    MOTTO: Final = "Độc lập – Tự do – Hạnh phúc"
    # The place-and-date line under the national heading, as Decree 30/2020/NĐ-CP (Appendix I)
    # writes it: "Phổ Yên, ngày 09 tháng 02 năm 2026" (day and month of one digit take a 0).
    PLACE_DATE: Final = "{place}, ngày {dd} tháng {mm} năm {yyyy}"
    DOC_NO: Final = "Số: {no}"
    BLANK: Final = "................"  # printed where a value is unknown, to be filled by hand
    DATE_FMT: Final = "%d/%m/%Y"
    TIME_FMT: Final = "%H:%M"
    # "09 giờ 00 phút, ngày 09/02/2026"
    TIME_DATE: Final = "{hh} giờ {mm} phút, ngày {date}"
    CODE: Final = "Mã hồ sơ: {code}"
    APPLICANT: Final = "Tiếp nhận hồ sơ của: {name}"
    ADDRESS: Final = "Địa chỉ: {address}"
    PHONE_EMAIL: Final = "Số điện thoại: {phone}        Email: {email}"
    REQUEST: Final = "Nội dung yêu cầu giải quyết: {procedure}"
    SIGN_NOTE: Final = "(Ký và ghi rõ họ tên)"
    SIGN_NOTE_SEAL: Final = "(Ký, ghi rõ họ tên và đóng dấu)"
    THANKS: Final = "Xin trân trọng cảm ơn./."
    RECIPIENTS: Final = ("Nơi nhận:", "- Như trên;", "- Lưu: VT.")
    HEAD_OF_AGENCY: Final = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"
    DEAR: Final = "Kính gửi: {name}"
    DEAR_PERSON: Final = "Ông/Bà {name}"
    PAGE_NO: Final = "Trang {page}/{pages}"
    # Document-table headings (Mẫu 01 and 02).
    DOC_NO_COL: Final = "STT"
    DOC_NAME_COL: Final = "Tên giấy tờ"


# --------------------------------------------------------------------------------------------
# Mẫu 01 — receipt
# --------------------------------------------------------------------------------------------


class Receipt:
    TITLE: Final = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    # One page per copy, in this order.
    COPIES: Final = ("Liên 1: Lưu tại Bộ phận Một cửa", "Liên 2: Giao cho người nộp hồ sơ")
    DOCS: Final = "1. Thành phần hồ sơ nộp gồm:"
    DOCS_COLUMNS: Final = ("Bản chính", "Bản sao")
    NO_DOCS: Final = "(Không có giấy tờ kèm theo)"
    SETS: Final = "2. Số lượng hồ sơ: {sets} (bộ)"
    TIME_LIMIT: Final = "3. Thời gian giải quyết hồ sơ theo quy định: {limit}"
    RECEIVED: Final = "4. Thời gian nhận hồ sơ: {at}"
    DUE: Final = "5. Thời gian trả kết quả giải quyết hồ sơ: {at}"
    RESULT_PLACE: Final = "6. Đăng ký nhận kết quả tại: {place}"
    FEE: Final = "Phí, lệ phí: {fee}"
    NO_FEE: Final = "Không"
    BOOK: Final = "Vào Sổ theo dõi hồ sơ, Quyển số: {book_no}, Số thứ tự: {line_no}"
    SIGNERS: Final = (
        ("NGƯỜI NỘP HỒ SƠ", Common.SIGN_NOTE),
        ("NGƯỜI TIẾP NHẬN HỒ SƠ", Common.SIGN_NOTE),
    )
    FOOTNOTE: Final = "Tra cứu tình trạng giải quyết hồ sơ bằng mã hồ sơ hoặc mã QR trên giấy này."


# --------------------------------------------------------------------------------------------
# Mẫu 02 — request to supplement the dossier
# --------------------------------------------------------------------------------------------


class Supplement:
    TITLE: Final = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
    APPLICANT: Final = "Hồ sơ của: {name}"
    RECEIVED: Final = "Ngày tiếp nhận: {at}"
    INTRO: Final = "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"
    QTY_GROUP: Final = "Số lượng"
    # DocumentLine.originals -> bản chính, DocumentLine.copies -> bản sao chứng thực;
    # the photocopy column is left for the officer to fill by hand.
    QTY_COLUMNS: Final = ("Bản chính", "Bản sao chứng thực", "Bản photocopy")
    REASON: Final = "Lý do: {reason}"
    CONTACT: Final = (
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với {officer}"
        " để được hướng dẫn."
    )
    CONTACT_PHONE: Final = ", số điện thoại {phone},"
    SIGNERS: Final = (("NGƯỜI HƯỚNG DẪN", Common.SIGN_NOTE),)


# --------------------------------------------------------------------------------------------
# Mẫu 03 — refusal
# --------------------------------------------------------------------------------------------


class Refusal:
    TITLE: Final = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
    INTRO: Final = (
        "Qua nghiên cứu, đối chiếu với các quy định hiện hành, {agency} từ chối tiếp nhận,"
        " giải quyết hồ sơ này với lý do cụ thể như sau:"
    )
    CLOSING: Final = "Xin thông báo cho Ông/Bà được biết và thực hiện./."
    SIGNERS: Final = (
        ("NGƯỜI NỘP HỒ SƠ", Common.SIGN_NOTE),
        ("NGƯỜI TIẾP NHẬN HỒ SƠ", Common.SIGN_NOTE),
    )


# --------------------------------------------------------------------------------------------
# Mẫu 04 — apology and request for an extension
# --------------------------------------------------------------------------------------------


class Apology:
    TITLE: Final = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    RECEIVED: Final = (
        "Ngày {date}, {agency} tiếp nhận hồ sơ của Ông/Bà {name} đề nghị giải quyết thủ tục"
        " hành chính: {procedure}; mã hồ sơ: {code}."
    )
    ORIGINAL_DUE: Final = "Thời hạn giải quyết hồ sơ theo quy định: {at}."
    # Issued before the due date: the result cannot be returned on time; after it: overdue.
    LATE: Final = (
        "Tuy nhiên, {agency} không thể trả kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn ghi trên"
        " Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
    )
    OVERDUE: Final = (
        "Tuy nhiên, đến nay hồ sơ của Ông/Bà đã quá hạn giải quyết ghi trên Giấy tiếp nhận hồ sơ"
        " và hẹn trả kết quả mà {agency} chưa trả kết quả."
    )
    REASON: Final = "Lý do: {reason}"
    APOLOGY: Final = (
        "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho Ông/Bà. {agency} xin lỗi"
        " Ông/Bà và đề nghị gia hạn thời gian giải quyết; kết quả giải quyết hồ sơ sẽ được trả"
        " cho Ông/Bà vào: {at}."
    )
    SIGNERS: Final = ((Common.HEAD_OF_AGENCY, Common.SIGN_NOTE_SEAL),)


# --------------------------------------------------------------------------------------------
# Mẫu 05 — stop notice
# --------------------------------------------------------------------------------------------


class Stop:
    TITLE: Final = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
    RECEIVED: Final = (
        "Ngày {date}, {agency} đã tiếp nhận hồ sơ của Ông/Bà {name} đề nghị giải quyết thủ tục"
        " hành chính: {procedure}; mã hồ sơ: {code}."
    )
    INTRO: Final = "{agency} thông báo dừng giải quyết hồ sơ nêu trên với lý do như sau:"
    CLOSING: Final = "Xin thông báo để Ông/Bà được biết./."
    SIGNERS: Final = ((Common.HEAD_OF_AGENCY, Common.SIGN_NOTE_SEAL),)


# --------------------------------------------------------------------------------------------
# Mẫu 06 — control sheet
# --------------------------------------------------------------------------------------------


class Control:
    TITLE: Final = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
    ATTACHED: Final = "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)"
    PROCEDURE: Final = "Tên thủ tục hành chính: {procedure}"
    APPLICANT: Final = "Người nộp hồ sơ: {name}"
    HANDLING: Final = "Cơ quan (bộ phận) giải quyết hồ sơ: {agency}"
    COORDINATING: Final = "Cơ quan phối hợp giải quyết hồ sơ: {agency}"
    COLUMNS: Final = (
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ Đúng hạn/ Quá hạn)",
        "GHI CHÚ",
    )
    COLUMN_WEIGHTS: Final = (0.24, 0.42, 0.19, 0.15)
    HANDED: Final = "1. Giao: {name}"
    RECEIVED: Final = "2. Nhận: {name}"
    SIGNERS: Final = ("Người giao", "Người nhận")
    MIN_ROWS: Final = 4  # blank rows are added up to this count, to be filled by hand


# --------------------------------------------------------------------------------------------
# Mẫu 07 — tracking book
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookColumn:
    key: str  # attribute of BookRow ("" for the signature column)
    title: str
    weight: float  # relative width
    align: str  # LEFT / CENTER / RIGHT


class Book:
    TITLE: Final = "SỔ THEO DÕI HỒ SƠ"
    PERIOD: Final = "Từ ngày {start} đến ngày {end}"
    BOOKS: Final = "Quyển số: {books}"
    DATE_GROUP: Final = "Ngày, tháng, năm"
    COLUMNS: Final = (
        BookColumn("no", "STT", 3.0, "CENTER"),
        BookColumn("code", "Mã hồ sơ", 11.5, "LEFT"),
        BookColumn("procedure_name", "Tên thủ tục hành chính", 13.0, "LEFT"),
        BookColumn("sets", "Số lượng hồ sơ (bộ)", 4.5, "CENTER"),
        BookColumn("applicant_name", "Tên cá nhân, tổ chức", 9.5, "LEFT"),
        BookColumn("applicant_contact", "Địa chỉ, số điện thoại", 10.5, "LEFT"),
        BookColumn("agency_in_charge", "Cơ quan chủ trì giải quyết", 8.5, "LEFT"),
        BookColumn("received_at", "Nhận hồ sơ", 6.0, "CENTER"),
        BookColumn("due_at", "Hẹn trả kết quả", 6.0, "CENTER"),
        BookColumn("transferred_at", "Chuyển hồ sơ đến cơ quan giải quyết", 6.0, "CENTER"),
        BookColumn("result_back_at", "Nhận kết quả từ cơ quan giải quyết", 6.0, "CENTER"),
        BookColumn("returned_at", "Trả kết quả cho cá nhân, tổ chức", 6.0, "CENTER"),
        BookColumn("delivery", "Phương thức trả kết quả", 6.5, "LEFT"),
        BookColumn("", "Ký nhận", 6.0, "CENTER"),
        BookColumn("note", "Ghi chú", 7.0, "LEFT"),
    )
    # Columns 8–12 (0-based 7..11) sit under the DATE_GROUP heading.
    DATE_FIRST: Final = 7
    DATE_LAST: Final = 11
    EMPTY: Final = "Không có hồ sơ trong khoảng thời gian này."
    TOTAL_ROW: Final = "Tổng cộng: {count} hồ sơ"
    TOTALS: Final = "Tổng số hồ sơ: {count}. Tổng số bộ hồ sơ: {sets}."


# --------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageGeometry:
    size: tuple[float, float]
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    body: float  # body font size (pt)
    heading: float  # agency block and national heading
    title: float
    small: float
    qr: float = 0  # side of the QR code (0: a page without one, like the book and reports)
    bar_width: float = 0  # Code128 module width
    bar_height: float = 0
    sign_space: float = 0  # room left for a handwritten signature


PAGES: Final = {
    "A4": PageGeometry(
        size=A4,
        margin_left=25 * mm,
        margin_right=15 * mm,
        margin_top=15 * mm,
        margin_bottom=15 * mm,
        body=12,
        heading=11,
        title=14,
        small=9.5,
        qr=24 * mm,
        bar_width=0.30 * mm,
        bar_height=11 * mm,
        sign_space=20 * mm,
    ),
    "A5": PageGeometry(
        size=A5,
        margin_left=14 * mm,
        margin_right=10 * mm,
        margin_top=10 * mm,
        margin_bottom=10 * mm,
        body=9,
        heading=7.6,
        title=10.5,
        small=7.5,
        qr=19 * mm,
        bar_width=0.27 * mm,
        bar_height=9 * mm,
        sign_space=14 * mm,
    ),
}

# Letters and notices (Mẫu 02–05) and the results report, in the administrative format of
# Decree 30/2020/NĐ-CP (Appendix I): a Times-like serif at 13 pt, margins 25 mm left, 15 mm
# right, 20 mm top and bottom. A5 stays as PAGES has it (13 pt does not fit a half sheet).
LETTER_PAGES: Final = {
    "A4": PageGeometry(
        size=A4,
        margin_left=25 * mm,
        margin_right=15 * mm,
        margin_top=20 * mm,
        margin_bottom=20 * mm,
        body=13,
        heading=12,
        title=14,
        small=10,
        qr=22 * mm,
        bar_width=0.30 * mm,
        bar_height=10 * mm,
        sign_space=20 * mm,
    ),
    "A5": PAGES["A5"],
}

# The tracking book is landscape, with a smaller font.
BOOK_PAGES: Final = {
    "A4": PageGeometry(
        size=landscape(A4),
        margin_left=10 * mm,
        margin_right=10 * mm,
        margin_top=10 * mm,
        margin_bottom=12 * mm,
        body=7,
        heading=9,
        title=13,
        small=7,
    ),
    "A5": PageGeometry(
        size=landscape(A5),
        margin_left=7 * mm,
        margin_right=7 * mm,
        margin_top=7 * mm,
        margin_bottom=9 * mm,
        body=5.2,
        heading=6.5,
        title=10,
        small=5.5,
    ),
}
