"""Statutory forms 01–07 as PDF: text (pdftotext), codes (pdftoppm + zbarimg), fonts (pdffonts).

Rendered PDFs/PNGs are kept under test-output/forms/ for inspection.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from printing.forms import (
    AgencyHeader,
    BookRow,
    DocumentLine,
    DossierForm,
    HandoverRow,
    render_apology,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_stop,
    render_supplement,
    render_tracking_book,
)
from printing.forms.layout import (
    Apology,
    Book,
    Common,
    Control,
    Receipt,
    Refusal,
    Stop,
    Supplement,
)

TOOLS = ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo", "zbarimg")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="needs poppler-utils (pdftotext, pdftoppm, pdffonts, pdfinfo) and zbar-tools",
)

OUT = Path(__file__).resolve().parents[2] / "test-output" / "forms"
NAME = "Nguyễn Thị Hồng Nhung"
PROCEDURE = "Thủ tục đăng ký khai sinh"
CODE = "000.00.00.H55-260209-0001"
PAYLOAD = f"{CODE}|k7Q2xZ"  # dossier code plus a lookup token

HEADER = AgencyHeader(
    name="Bộ phận Một cửa phường Phan Đình Phùng",
    parent_name="UBND phường Phan Đình Phùng",
    place="Thái Nguyên",
)
DOSSIER = DossierForm(
    code=CODE,
    procedure_name=PROCEDURE,
    applicant_name=NAME,
    applicant_address="Tổ 5, phường Phan Đình Phùng, tỉnh Thái Nguyên",
    applicant_phone="0912 345 678",
    applicant_email="nhung@example.vn",
    documents=(
        DocumentLine("Tờ khai đăng ký khai sinh theo mẫu", 1, 0),
        DocumentLine("Giấy chứng sinh", 1, 0),
        DocumentLine("Căn cước của người đi đăng ký khai sinh", 0, 1),
    ),
    sets=1,
    time_limit_text="01 ngày làm việc",
    received_at=datetime(2026, 2, 9, 9, 0),
    due_at=datetime(2026, 2, 10, 14, 30),
    result_place="Bộ phận Một cửa phường Phan Đình Phùng",
    fee_text="Miễn lệ phí",
    receiving_officer="Trần Văn Bình",
    book_no="01/2026",
    line_no=125,
    qr_payload=PAYLOAD,
)
MISSING = (DocumentLine("Giấy chứng nhận kết hôn của cha mẹ", 0, 1),)
OFFICER, CLERK = "Trần Văn Bình", "Lê Thị Cúc"
AT1, AT2 = datetime(2026, 2, 9, 10, 0), datetime(2026, 2, 10, 8, 15)
HANDOVERS = (
    HandoverRow("Bộ phận Một cửa", OFFICER, CLERK, AT1, None, None),
    HandoverRow("Tư pháp – Hộ tịch", CLERK, OFFICER, AT2, "Đúng hạn", "Đã ký"),
)

Render = Callable[..., bytes]

# form -> (render call, labels that must come back from pdftotext)
FORMS: dict[str, tuple[Render, tuple[str, ...]]] = {
    "01_receipt": (
        lambda d, **kw: render_receipt(HEADER, d, **kw),
        (Receipt.TITLE, *Receipt.COPIES, Receipt.DOCS, "2. Số lượng hồ sơ: 1 (bộ)",
         "6. Đăng ký nhận kết quả tại:", "Phí, lệ phí: Miễn lệ phí", "Quyển số: 01/2026",
         "Số thứ tự: 125", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Bình"),
    ),
    "02_supplement": (
        lambda d, **kw: render_supplement(HEADER, d, MISSING, "Thiếu giấy kết hôn", **kw),
        (Supplement.TITLE, Supplement.INTRO, "Bản chính", "Bản photocopy", "Bản sao chứng",
         "Giấy chứng nhận kết hôn",
         "Lý do: Thiếu giấy kết hôn", "NGƯỜI HƯỚNG DẪN"),
    ),
    "03_refusal": (
        lambda d, **kw: render_refusal(HEADER, d, "Hồ sơ không thuộc thẩm quyền giải quyết.", **kw),
        (Refusal.TITLE, "Hồ sơ không thuộc thẩm quyền giải quyết.", "NGƯỜI NỘP HỒ SƠ",
         "NGƯỜI TIẾP NHẬN HỒ SƠ"),
    ),
    "04_apology": (
        lambda d, **kw: render_apology(
            HEADER, d, "Cần xác minh thêm", datetime(2026, 2, 12, 16, 0), DOSSIER.due_at,
            issued_on=date(2026, 2, 10), **kw),
        (Apology.TITLE, "Kính gửi:", "Lý do: Cần xác minh thêm", "14 giờ 30 phút, ngày 10/02/2026",
         "16 giờ 00 phút,", "Nơi nhận:", Common.HEAD_OF_AGENCY,
         "Thái Nguyên, ngày 10 tháng 02 năm 2026"),
    ),
    "05_stop": (
        lambda d, **kw: render_stop(HEADER, d, "Người nộp hồ sơ rút hồ sơ.", doc_no="12/TB-BPMC",
                                    issued_on=date(2026, 2, 10), **kw),
        (Stop.TITLE, "Người nộp hồ sơ rút hồ sơ.", "Số: 12/TB-BPMC", Common.HEAD_OF_AGENCY),
    ),
    "06_control": (
        lambda d, **kw: render_control_sheet(HEADER, d, HANDOVERS, handling_agency="UBND phường",
                                             **kw),
        (Control.TITLE, "TÊN CƠ QUAN", "GHI CHÚ", "1. Giao: Trần Văn Bình", "2. Nhận: Lê Thị Cúc",
         "10 giờ 00 phút, ngày 09/02/2026", "Đúng hạn", "Tư pháp – Hộ tịch",
         "Cơ quan (bộ phận) giải quyết hồ sơ: UBND phường"),
    ),
}  # fmt: skip
COMMON_LABELS = (Common.NATION, "Độc lập – Tự do – Hạnh phúc", "UBND PHƯỜNG PHAN ĐÌNH PHÙNG")


# ------------------------------------------------------------------------------------------------
# helpers


def save(pdf: bytes, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def run(*args: str | Path) -> str:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=True, timeout=120
    ).stdout


def text_of(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = run("pdftotext", "-layout", *pages, path, "-")
    assert unicodedata.is_normalized("NFC", text)
    return text


def flat(text: str) -> str:
    """Whitespace-normalised text, to find phrases that were wrapped over lines."""
    return " ".join(text.split())


def page_count(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", path), re.M)
    assert match
    return int(match.group(1))


def decode(path: Path, page: int, symbology: str) -> list[str]:
    """Rasterise the top half of one page at 200 dpi (the codes sit under the title) and decode
    it with zbarimg restricted to one symbology."""
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", run("pdfinfo", path), re.M)
    assert size
    width, height = (round(float(v) / 72 * 200) for v in size.groups())
    prefix = path.with_name(f"{path.stem}-p{page}")
    crop = ["-x", "0", "-y", "0", "-W", str(width), "-H", str(height // 2)]
    run("pdftoppm", "-r", "200", "-png", "-singlefile", "-f", page, "-l", page, *crop, path, prefix)
    png = prefix.with_suffix(".png")
    proc = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", f"-S{symbology}.enable", str(png)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return [line for line in proc.stdout.splitlines() if line]


# ------------------------------------------------------------------------------------------------
# forms 01–06


@pytest.mark.parametrize("page", ["A4", "A5"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_text_is_exact_nfc(form: str, page: str) -> None:
    render, labels = FORMS[form]
    path = save(render(DOSSIER, page=page), f"{form}_{page}")
    text = text_of(path)
    for label in (*COMMON_LABELS, *labels):
        assert label in text or label in flat(text), label
    assert NAME in text
    # letters (04, 05) run the procedure name inside a sentence, where it may wrap
    assert PROCEDURE in (
        text if form in ("01_receipt", "02_supplement", "03_refusal") else flat(text)
    )
    assert CODE in text


@pytest.mark.parametrize("page", ["A4", "A5"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_code128_and_qr_decode(form: str, page: str) -> None:
    render, _ = FORMS[form]
    path = save(render(DOSSIER, page=page), f"{form}_{page}_codes")
    assert decode(path, 1, "code128") == [CODE]
    assert decode(path, 1, "qrcode") == [PAYLOAD]


@pytest.mark.parametrize("page", ["A4", "A5"])
def test_receipt_has_two_copies_with_all_fields(page: str) -> None:
    path = save(render_receipt(HEADER, DOSSIER, page=page), f"01_receipt_{page}_copies")
    assert page_count(path) == 2
    for number, copy in enumerate(Receipt.COPIES, 1):
        text = text_of(path, number)
        assert copy in text
        assert NAME in text and PROCEDURE in text
        assert "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 09/02/2026" in text
        assert "5. Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 30 phút, ngày 10/02/2026" in text
        assert "3. Thời gian giải quyết hồ sơ theo quy định: 01 ngày làm việc" in text
        assert "Thái Nguyên, ngày 09 tháng 02 năm 2026" in text
        assert "nhung@example.vn" in text and "0912 345 678" in text
        for doc in DOSSIER.documents:
            assert doc.name in text
        # the other copy's label is not on this page
        assert Receipt.COPIES[2 - number] not in text
        assert decode(path, number, "code128") == [CODE]


def test_receipt_missing_values_print_blanks() -> None:
    bare = replace(
        DOSSIER,
        applicant_address=None,
        applicant_phone=None,
        applicant_email=None,
        due_at=None,
        fee_text=None,
        book_no=None,
        line_no=None,
        documents=(),
    )
    text = text_of(save(render_receipt(HEADER, bare), "01_receipt_bare"))
    assert f"Địa chỉ: {Common.BLANK}" in text
    assert f"5. Thời gian trả kết quả giải quyết hồ sơ: {Common.BLANK}" in text
    assert f"Phí, lệ phí: {Receipt.NO_FEE}" in text
    assert Receipt.NO_DOCS in text


def test_long_texts_wrap_and_nothing_is_lost() -> None:
    procedure = (
        "Thủ tục đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em"
        " dưới 6 tuổi theo quy trình liên thông điện tử giữa Ủy ban nhân dân cấp xã và cơ quan"
        " bảo hiểm xã hội"
    )
    address = "Số 12, ngõ 34, đường Hoàng Văn Thụ, tổ dân phố 7, " * 3 + "tỉnh Thái Nguyên"
    long = replace(DOSSIER, procedure_name=procedure, applicant_address=address)
    for page in ("A4", "A5"):
        path = save(render_receipt(HEADER, long, page=page), f"01_receipt_long_{page}")
        text = flat(text_of(path, 1))
        assert flat(procedure) in text
        assert flat(address) in text
        assert page_count(path) == 2


def test_nfd_input_comes_out_nfc() -> None:
    nfd = replace(DOSSIER, applicant_name=unicodedata.normalize("NFD", NAME))
    assert nfd.applicant_name != NAME
    text = text_of(save(render_receipt(HEADER, nfd), "01_receipt_nfd"))
    assert NAME in text


def test_markup_characters_are_escaped() -> None:
    header = replace(HEADER, name="Sở Tài nguyên & Môi trường <Hà Nội>")
    text = text_of(save(render_refusal(header, DOSSIER, "Lý do: a < b & c > d"), "03_escape"))
    flat_text = " ".join(text.split())  # the 12 pt letter heading may wrap anywhere
    assert "TÀI NGUYÊN & MÔI" in flat_text and "<HÀ" in flat_text and "NỘI>" in flat_text
    assert "a < b & c > d" in text


def test_out_is_written_and_output_is_deterministic(tmp_path: Path) -> None:
    target = tmp_path / "receipt.pdf"
    data = render_receipt(HEADER, DOSSIER, out=target)
    assert data.startswith(b"%PDF-") and target.read_bytes() == data
    assert render_receipt(HEADER, DOSSIER) == data


def test_unknown_page_size_is_refused() -> None:
    with pytest.raises(ValueError):
        render_receipt(HEADER, DOSSIER, page="Letter")
    with pytest.raises(ValueError):
        render_tracking_book(HEADER, [], date(2026, 2, 1), date(2026, 2, 28), page="A3")


def test_control_sheet_pads_blank_rows_for_handwriting() -> None:
    path = save(render_control_sheet(HEADER, DOSSIER, []), "06_control_blank")
    text = text_of(path)
    assert text.count("1. Giao:") == Control.MIN_ROWS
    assert text.count("Người nhận") == Control.MIN_ROWS


# ------------------------------------------------------------------------------------------------
# fonts


@pytest.mark.parametrize("form", ["receipt", "book"])
def test_fonts_are_noto_and_embedded(form: str) -> None:
    if form == "receipt":
        pdf = render_receipt(HEADER, DOSSIER)
    else:
        pdf = render_tracking_book(HEADER, book_rows(5), date(2026, 2, 1), date(2026, 2, 28))
    lines = run("pdffonts", save(pdf, f"fonts_{form}")).splitlines()[2:]
    assert lines
    for line in lines:
        cols = line.split()
        assert "Noto" in cols[0], line
        assert cols[-5] == "yes", line  # emb


# ------------------------------------------------------------------------------------------------
# form 07


def book_rows(n: int) -> list[BookRow]:
    start = datetime(2026, 2, 2, 7, 30)
    return [
        BookRow(
            no=i,
            code=f"000.00.00.H55-260202-{i:04d}",
            procedure_name=PROCEDURE if i % 5 else PROCEDURE + " có yếu tố nước ngoài (liên thông)",
            sets=1 + i % 3,
            applicant_name=NAME,
            applicant_contact=f"Tổ {i % 20}, phường Phan Đình Phùng; 0912 345 {i:03d}",
            agency_in_charge="UBND phường Phan Đình Phùng",
            received_at=start + timedelta(minutes=7 * i),
            due_at=start + timedelta(days=3),
            transferred_at=start + timedelta(hours=2) if i % 2 else None,
            result_back_at=None,
            returned_at=None,
            delivery="Trực tiếp" if i % 4 else "Dịch vụ bưu chính công ích",
            note=None if i % 9 else "Hồ sơ đã bổ sung giấy tờ theo phiếu yêu cầu",
        )
        for i in range(1, n + 1)
    ]


BOOK_LABELS = ("STT", "Mã hồ sơ", "Tên thủ tục", Book.DATE_GROUP, "Ghi chú", "(15)")


def test_tracking_book_without_rows() -> None:
    pdf = render_tracking_book(HEADER, [], date(2026, 2, 1), date(2026, 2, 28))
    path = save(pdf, "07_book_empty")
    assert page_count(path) == 1
    text = text_of(path)
    for label in (Book.TITLE, "Từ ngày 01/02/2026 đến ngày 28/02/2026", Book.EMPTY, *BOOK_LABELS):
        assert label in text, label
    assert "Tổng số hồ sơ: 0. Tổng số bộ hồ sơ: 0." in text
    assert "Trang 1/1" in text


@pytest.mark.parametrize("page", ["A4", "A5"])
def test_tracking_book_300_rows(page: str) -> None:
    rows = book_rows(300)
    pdf = render_tracking_book(HEADER, rows, date(2026, 2, 1), date(2026, 2, 28), page=page)
    path = save(pdf, f"07_book_300_{page}")
    pages = page_count(path)
    assert pages >= 5
    seen: list[int] = []
    for number in range(1, pages + 1):
        text = text_of(path, number)
        for label in BOOK_LABELS:  # the heading is repeated on every page
            assert label in text, (number, label)
        assert f"Trang {number}/{pages}" in text
        seen += [int(m) for m in re.findall(r"260202-(\d{4})", text)]
    assert sorted(seen) == list(range(1, 301))  # every row once, none lost or repeated
    last = text_of(path, pages)
    total_sets = sum(r.sets for r in rows)
    assert total_sets == 600
    assert f"Tổng số hồ sơ: 300. Tổng số bộ hồ sơ: {total_sets}." in last
    assert "Tổng cộng: 300 hồ sơ" in last
    first = text_of(path, 1)
    assert "Nguyễn Thị" in first  # the name column is narrow: names wrap there
    everything = text_of(path)
    assert "Trực tiếp" in everything and "Dịch vụ" in everything


def test_tracking_book_row_taller_than_a_page_is_continued_not_cut() -> None:
    note = " ".join(f"ghichú{i}" for i in range(600))
    rows = [replace(r, note=note if r.no == 2 else None) for r in book_rows(3)]
    path = save(render_tracking_book(HEADER, rows, date(2026, 2, 1), date(2026, 2, 28)), "07_tall")
    text = text_of(path)
    assert {int(m) for m in re.findall(r"ghichú(\d+)", text)} == set(range(600))
    assert page_count(path) >= 2
    assert "Tổng số hồ sơ: 3." in text


def test_tracking_book_breaks_words_wider_than_a_cell() -> None:
    token = "qwertyuiop" * 12  # no space: must be broken over lines, every letter kept
    rows = [replace(r, note=token if r.no == 1 else None) for r in book_rows(2)]
    path = save(render_tracking_book(HEADER, rows, date(2026, 2, 1), date(2026, 2, 28)), "07_word")
    pieces = re.findall(r"[qwertyuiop]{4,}", text_of(path))
    assert len(pieces) > 1
    assert "".join(pieces) == token
