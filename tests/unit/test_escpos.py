"""ESC/POS layer: rendering, decoding back, word wrap, status bits, errors, URLs."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import pytest
from PIL import Image, ImageChops, ImageDraw

from printing.errors import PrinterError
from printing.escpos import commands as cmd
from printing.escpos.builder import JobBuilder
from printing.escpos.decoder import (
    Cut,
    DecodeError,
    Element,
    Feed,
    Init,
    QRCode,
    RasterImage,
    StreamTokenizer,
    TextLine,
    decode,
    render_preview,
    tokenize,
)
from printing.escpos.raster import (
    INK_THRESHOLD,
    MAX_BAND_ROWS,
    load_font,
    render_lines,
    wrap_text,
)
from printing.escpos.status import (
    HEALTHY_BYTE,
    PrinterStatus,
    parse_status,
    read_status,
    status_bytes,
)
from printing.thermal import (
    TEST_TONE_MARKS,
    QueueTicket,
    ReceiptSlip,
    render_queue_ticket,
    render_receipt_slip,
    render_test_page,
)
from printing.transports import open_transport

LONG_PROCEDURE = (
    "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi "
    "theo quy trình liên thông điện tử giữa các cơ quan hộ tịch, công an và bảo hiểm xã hội"
)


def ticket(**kw: object) -> QueueTicket:
    fields: dict[str, object] = {
        "office_name": "UBND phường Ba Đình – Bộ phận Một cửa",
        "number": "A012",
        "service_name": "Hộ tịch – Chứng thực",
        "issued_at": datetime(2026, 2, 9, 8, 15),
        "ahead": 3,
        "qr_payload": "https://dichvucong.example.vn/q/A012",
    }
    fields.update(kw)
    return QueueTicket(**fields)  # type: ignore[arg-type]


def receipt() -> ReceiptSlip:
    return ReceiptSlip(
        office_name="UBND phường Ba Đình",
        code="H12.34-260209-0001",
        procedure_name=LONG_PROCEDURE,
        applicant_masked="NGUYỄN V*** A",
        received_at=datetime(2026, 2, 9, 9, 0),
        due_at=datetime(2026, 2, 12, 16, 30),
        qr_payload="H12.34-260209-0001",
    )


T = TypeVar("T")


def of_type(elements: list[Element], kind: type[T]) -> list[T]:
    return [e for e in elements if isinstance(e, kind)]


def band_bytes(image: Image.Image) -> bytes:
    """Compare images as GS v 0 would carry them (rows padded to whole bytes)."""
    padded = Image.new("1", ((image.width + 7) // 8 * 8, image.height), 0)
    padded.paste(image, (0, 0))
    return padded.tobytes()


def rendered_bands(text: str, width: int, size: int, bold: bool = False) -> list[bytes]:
    return [band_bytes(line.image) for line in render_lines(text, width, size, bold) if line.image]


def assert_bands_sane(elements: list[Element], width: int) -> None:
    bands = of_type(elements, RasterImage)
    assert bands
    for band in bands:
        assert band.image.mode == "1"
        assert 0 < band.image.height <= MAX_BAND_ROWS
        assert band.image.width % 8 == 0 and 0 < band.image.width <= width
        assert band.image.getbbox() is not None  # there is ink in every band


# -- queue ticket ---------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "mult"), [(576, 5), (384, 4)])
def test_queue_ticket_decodes_back(width: int, mult: int) -> None:
    data = render_queue_ticket(ticket(), width)
    elements = decode(data)
    assert isinstance(elements[0], Init)
    assert isinstance(elements[-1], Cut)
    lines = of_type(elements, TextLine)
    number = next(line for line in lines if line.text == "A012")
    assert (number.width_mult, number.height_mult, number.bold) == (mult, mult, True)
    assert number.align == "center"
    assert "09/02/2026 08:15" in [line.text for line in lines]
    assert [q.payload for q in of_type(elements, QRCode)] == [
        "https://dichvucong.example.vn/q/A012"
    ]
    assert of_type(elements, QRCode)[0].ec == "M" and of_type(elements, QRCode)[0].model == 2
    assert_bands_sane(elements, width)
    sent = [band_bytes(b.image) for b in of_type(elements, RasterImage)]
    for expected in rendered_bands("Số người đang chờ trước bạn: 3", width, 22):
        assert expected in sent
    for expected in rendered_bands("Hộ tịch – Chứng thực", width, 24, bold=True):
        assert expected in sent


def test_queue_ticket_optional_parts() -> None:
    plain = decode(render_queue_ticket(ticket(qr_payload=None)))
    assert not of_type(plain, QRCode)
    full = decode(render_queue_ticket(ticket(priority_label="Ưu tiên", footer="Xin cảm ơn")))
    sent = [band_bytes(b.image) for b in of_type(full, RasterImage)]
    assert rendered_bands("Ưu tiên", 576, 22, bold=True)[0] in sent
    assert rendered_bands("Xin cảm ơn", 576, 18)[0] in sent


def test_queue_ticket_byte_budget() -> None:
    t = ticket(priority_label="Ưu tiên: Người cao tuổi", footer="Vui lòng chờ gọi số")
    assert len(render_queue_ticket(t)) <= 6500


def test_ticket_number_not_ascii_falls_back_to_raster() -> None:
    elements = decode(render_queue_ticket(ticket(number="Đ012")))
    assert "Đ012" not in [line.text for line in of_type(elements, TextLine)]
    assert_bands_sane(elements, 576)


# -- receipt slip and test page -------------------------------------------------------------


def test_receipt_slip_decodes_back() -> None:
    elements = decode(render_receipt_slip(receipt()))
    assert isinstance(elements[-1], Cut)
    code = next(x for x in of_type(elements, TextLine) if x.text == "H12.34-260209-0001")
    assert code.width_mult == 2
    assert [q.payload for q in of_type(elements, QRCode)] == ["H12.34-260209-0001"]
    assert_bands_sane(elements, 576)
    sent = [band_bytes(b.image) for b in of_type(elements, RasterImage)]
    for text, size, bold in [
        ("GIẤY HẸN TRẢ KẾT QUẢ", 28, True),
        ("Nhận hồ sơ: 09:00 09/02/2026", 22, False),
        ("Hẹn trả kết quả: 16:30 12/02/2026", 22, True),
        (f"Thủ tục: {LONG_PROCEDURE}", 22, False),
    ]:
        expected = rendered_bands(text, 576, size, bold)
        assert expected and all(band in sent for band in expected), text


def test_receipt_slip_58mm_wraps_more() -> None:
    wide = decode(render_receipt_slip(receipt(), 576))
    narrow = decode(render_receipt_slip(receipt(), 384))
    assert_bands_sane(narrow, 384)
    assert len(of_type(narrow, RasterImage)) > len(of_type(wide, RasterImage))


@pytest.mark.parametrize("width", [576, 384])
def test_test_page(width: int) -> None:
    elements = decode(render_test_page(width))
    assert [q.payload for q in of_type(elements, QRCode)] == ["KIOSK-TEST"]
    assert isinstance(elements[-1], Cut)
    assert_bands_sane(elements, width)
    sent = [band_bytes(b.image) for b in of_type(elements, RasterImage)]
    expected = rendered_bands(TEST_TONE_MARKS, width, 24)
    assert expected and all(band in sent for band in expected)


def test_preview_draws_everything() -> None:
    image = render_preview(render_queue_ticket(ticket()), 576)
    assert image.width == 576 and image.height > 400
    assert image.convert("L").getextrema()[0] == 0  # black ink somewhere
    narrow = render_preview(render_queue_ticket(ticket(qr_payload=None)), 576)
    assert narrow.height < image.height  # the QR takes room


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg not installed")
def test_preview_qr_scans(tmp_path: Path) -> None:
    png = tmp_path / "slip.png"
    render_preview(render_receipt_slip(receipt()), 576).save(png)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True)
    assert out.stdout.decode().split() == ["H12.34-260209-0001"]


# -- raster text and word wrap --------------------------------------------------------------


def test_vietnamese_line_renders_with_ink() -> None:
    (line,) = render_lines("Tiếng Việt: ắ ằ ẳ ẵ ặ Đ", 576, 24)
    assert line.image is not None and line.image.height > 0 and line.image.getbbox()
    # the stacked marks reach above the capitals: taller than plain ASCII of the same size
    (plain,) = render_lines("Tieng Viet: a a a a a D", 576, 24)
    assert plain.image is not None and line.image.height > plain.image.height


def test_line_crop_keeps_all_ink() -> None:
    """Against an independent drawing on a roomy canvas: the band is exactly the ink."""
    text = "Ỹ Ệ Ở ĐỒNG – gặp"
    font = load_font(24, bold=True)
    canvas = Image.new("L", (800, 200), 0)
    ImageDraw.Draw(canvas).text((50, 100), text, font=font, fill=255, anchor="ls")
    reference = canvas.point(lambda v: 255 if v >= INK_THRESHOLD else 0, mode="1")
    reference = reference.crop(reference.getbbox())
    (line,) = render_lines(text, 576, 24, bold=True)
    assert line.image is not None
    assert line.image.size == reference.size
    # glyphs are composed from a cache: allow a rounding flip where two glyphs overlap
    differing = ImageChops.difference(line.image.convert("L"), reference.convert("L"))
    assert differing.histogram()[255] <= 3
    ascent, descent = font.getmetrics()
    assert line.box_height == ascent + descent


def test_nfd_input_renders_like_nfc() -> None:
    text = "Người nộp hồ sơ"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert rendered_bands(nfd, 576, 24) == rendered_bands(text, 576, 24)


def test_wrap_keeps_every_word_and_grows_with_narrow_paper() -> None:
    font = load_font(22)
    wide = wrap_text(LONG_PROCEDURE, font, 576)
    narrow = wrap_text(LONG_PROCEDURE, font, 384)
    assert len(narrow) > len(wide) > 1
    for lines, width in ((wide, 576), (narrow, 384)):
        assert " ".join(lines).split() == LONG_PROCEDURE.split()
        for line in lines:
            x0, _, x1, _ = font.getbbox(line, anchor="ls")
            assert x1 - x0 <= width


def test_overlong_word_is_broken_not_cut() -> None:
    font = load_font(24)
    word = "https://dichvucong.example.vn/tra-cuu/H12.34-260209-0001-ĐẶC-BIỆT-DÀI"
    lines = wrap_text(word, font, 200)
    assert len(lines) > 2
    assert "".join(lines) == word
    builder = JobBuilder(384)
    assert builder.text(word) == len(wrap_text(word, font, 384)) > 1
    assert_bands_sane(decode(builder.build() + cmd.cut()), 384)


def test_explicit_newlines_and_blank_text() -> None:
    lines = render_lines("Dòng một\n\nDòng ba", 576)
    assert [line.text for line in lines] == ["Dòng một", "", "Dòng ba"]
    assert lines[1].image is None and lines[1].box_height > 0


def test_blank_rows_become_feeds_not_raster() -> None:
    builder = JobBuilder(576)
    builder.text("Một\nHai")
    elements = decode(builder.build())
    bands = of_type(elements, RasterImage)
    assert len(bands) == 2
    for band in bands:  # cropped to the ink: first and last rows carry ink
        assert band.image.crop((0, 0, band.image.width, 1)).getbbox() is not None
        h = band.image.height
        assert band.image.crop((0, h - 1, band.image.width, h)).getbbox() is not None
    assert of_type(elements, Feed)


def test_tall_images_are_split_into_bands() -> None:
    builder = JobBuilder(384)
    builder.image(Image.new("1", (100, 600), 1))
    bands = of_type(decode(builder.build()), RasterImage)
    assert [b.image.height for b in bands] == [255, 255, 90]
    assert {b.image.width for b in bands} == {104}


# -- commands and decoder strictness --------------------------------------------------------


def test_command_bytes() -> None:
    assert cmd.INIT == b"\x1b@"
    assert cmd.char_size(5, 5) == b"\x1d!\x44"
    assert cmd.cut() == b"\x1dVB\x00"
    assert cmd.status_request(4) == b"\x10\x04\x04"
    qr = cmd.qr_code("AB", 6)
    assert qr.startswith(b"\x1d(k\x04\x001A2\x00\x1d(k\x03\x001C\x06\x1d(k\x03\x001E1")
    assert b"\x1d(k\x05\x001P0AB" in qr and qr.endswith(b"\x1d(k\x03\x001Q0")
    assert cmd.feed_dots(300) == b"\x1bJ\xff\x1bJ\x2d"
    with pytest.raises(ValueError):
        cmd.printer_text("Số")


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x1b@\x00",  # NUL
        b"\x1b@\x1b\x99\x01",  # unknown ESC command
        b"\x1d\x76\x30\x00\x02\x00\x02\x00\xff",  # truncated raster
        b"\x1d(k\x03\x001Q0",  # QR print with nothing stored
        b"\x1b@A012",  # printer text never ended by LF
        b"\x1b@\xc3\xa1\n",  # UTF-8 bytes sent as printer text
        b"\x1b@\x1b\x61\x07",  # bad justification
    ],
)
def test_decoder_rejects_garbage(garbage: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(garbage)


def test_stream_tokenizer_matches_whole_tokenize() -> None:
    data = render_queue_ticket(ticket()) + cmd.status_request(1)
    tokenizer = StreamTokenizer()
    pieces = []
    for k in range(0, len(data), 7):
        pieces += tokenizer.feed(data[k : k + 7])
    pieces += tokenizer.feed(b"")
    whole = tokenize(data)
    assert [(c.name, c.args, c.data, c.offset) for c in pieces] == [
        (c.name, c.args, c.data, c.offset) for c in whole
    ]


# -- status bits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "problem", "flags"),
    [
        ({}, None, {}),
        ({"paper_near_end": True}, None, {"paper_near_end": True}),
        (
            {"paper_out": True},
            "paper_out",
            {"paper_end": True, "paper_near_end": True, "offline": True},
        ),
        ({"cover_open": True}, "cover_open", {"cover_open": True, "offline": True}),
        ({"offline": True}, "offline", {"offline": True}),
    ],
)
def test_status_bits(state: dict[str, bool], problem: str | None, flags: dict[str, bool]) -> None:
    status = parse_status(*status_bytes(**state))
    assert status.problem == problem
    assert status.ok is (problem is None)
    for name in ("offline", "cover_open", "paper_end", "paper_near_end"):
        assert getattr(status, name) is flags.get(name, False), name


def test_status_reference_bytes() -> None:
    # DLE EOT 1/2/4 of a printer out of paper, as documented: 0x1A, 0x32, 0x7E
    status = parse_status(0x1A, 0x32, 0x7E)
    assert status.paper_end and status.paper_near_end and status.offline
    assert status.problem == "paper_out"
    assert parse_status(0x12, 0x52, 0x12).problem == "offline"  # "error occurred" bit
    # either paper-end sensor bit, or "stopped by paper end" alone, means no paper
    assert parse_status(0x12, 0x12, 0x32).paper_end
    assert parse_status(0x12, 0x12, 0x52).paper_end
    assert parse_status(0x1A, 0x32, 0x12).problem == "paper_out"
    assert parse_status(0x12, 0x12, 0x16).paper_near_end
    assert PrinterStatus(HEALTHY_BYTE, HEALTHY_BYTE, HEALTHY_BYTE).ok
    with pytest.raises(PrinterError) as err:
        parse_status(0xFF, 0x12, 0x12)  # fixed bits wrong: not an ESC/POS answer
    assert err.value.kind == "io_error"


class ScriptedTransport:
    url = "test://scripted"
    can_read_status = True
    bytes_per_second = None

    def __init__(self, answers: bytes) -> None:
        self.answers = bytearray(answers)
        self.written = bytearray()

    def write(self, data: bytes) -> None:
        self.written += data

    def read(self, n: int, timeout: float) -> bytes:
        if timeout == 0.0:
            return b""
        out = bytes(self.answers[:n])
        del self.answers[:n]
        return out

    def close(self) -> None:
        pass

    def __enter__(self) -> ScriptedTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def test_read_status_queries_1_2_4() -> None:
    transport = ScriptedTransport(bytes(status_bytes(cover_open=True)))
    status = read_status(transport, 0.1)  # type: ignore[arg-type]
    assert transport.written == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
    assert status.problem == "cover_open"
    with pytest.raises(PrinterError) as err:
        read_status(ScriptedTransport(b"\x12"), 0.1)  # type: ignore[arg-type]
    assert err.value.kind == "no_answer"


# -- errors and URLs ------------------------------------------------------------------------


def test_printer_error_messages() -> None:
    err = PrinterError("paper_out")
    assert str(err) == err.message_en and "paper" in err.message_en
    assert err.message_vi == "Máy in hết giấy. Vui lòng thay cuộn giấy rồi thử lại."
    later = err.as_after_write()
    assert later.kind == "paper_out" and later.after_write
    assert later.message_en.startswith(err.message_en) and len(later.message_vi) > len(
        err.message_vi
    )
    with pytest.raises(ValueError):
        PrinterError("on_fire")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://printer",
        "tcp://",
        "tcp://printer:99999",
        "serial://",
        "serial:///dev/ttyUSB0?baud=fast",
        "serial:///dev/ttyUSB0?speed=9600",
        "printer",
        "file://",
    ],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(PrinterError) as err:
        open_transport(url)
    assert err.value.kind == "bad_url"
    assert repr(url) in err.value.message_en


def test_win_printer_unsupported_off_windows() -> None:
    import sys

    if sys.platform == "win32":
        pytest.skip("on Windows win:// is supported")
    with pytest.raises(PrinterError) as err:
        open_transport("win://EPSON TM-T20")
    assert err.value.kind == "unsupported" and "Windows" in err.value.message_en
