"""Decode the ESC/POS streams this app emits back into elements, and draw a preview.

Strict on purpose: any byte outside our subset raises DecodeError, so tests catch garbage and the
virtual printer window shows exactly what a real printer would receive. `StreamTokenizer` splits
a stream arriving in pieces (a fake printer in tests uses it to answer DLE EOT only where a real
query is, never inside raster data).
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from printing.escpos import commands as cmd
from printing.escpos.commands import DLE, ESC, GS, LF, Align

_ALIGN_NAMES: dict[int, Align] = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center"}
_QR_FNS = {0x41: "model", 0x43: "module_size", 0x45: "ec", 0x50: "store", 0x51: "print"}
_EC_NAMES = {v: k for k, v in cmd.QR_EC_LEVELS.items()}


class DecodeError(ValueError):
    pass


@dataclass
class _QRState:
    model: int = 2
    module_size: int = 3
    ec: str = "M"
    data: str | None = None


class _Incomplete(Exception):
    pass


@dataclass(frozen=True)
class Command:
    name: str  # init, align, size, bold, feed_dots, feed_lines, lf, text, raster, qr, cut, status
    args: tuple[int, ...] = ()
    data: bytes = b""
    offset: int = 0


def _need(data: bytes, end: int) -> None:
    if len(data) < end:
        raise _Incomplete


def _next_command(data: bytes, i: int) -> tuple[Command, int]:
    """The command starting at data[i] and the index after it."""
    b = data[i]
    if 0x20 <= b <= 0x7E:
        j = i
        while j < len(data) and 0x20 <= data[j] <= 0x7E:
            j += 1
        return Command("text", data=data[i:j], offset=i), j
    if b == LF:
        return Command("lf", offset=i), i + 1
    _need(data, i + 2)
    op = data[i + 1]
    if b == ESC:
        if op == 0x40:
            return Command("init", offset=i), i + 2
        names = {0x61: "align", 0x45: "bold", 0x4A: "feed_dots", 0x64: "feed_lines"}
        if op in names:
            _need(data, i + 3)
            return Command(names[op], (data[i + 2],), offset=i), i + 3
    elif b == DLE and op == cmd.EOT:
        _need(data, i + 3)
        if 1 <= data[i + 2] <= 4:
            return Command("status", (data[i + 2],), offset=i), i + 3
    elif b == GS:
        if op == 0x21:
            _need(data, i + 3)
            return Command("size", (data[i + 2],), offset=i), i + 3
        if op == 0x56:
            _need(data, i + 3)
            m = data[i + 2]
            if m in (0, 1, 48, 49):
                return Command("cut", (m, 0), offset=i), i + 3
            if m in (65, 66):
                _need(data, i + 4)
                return Command("cut", (m, data[i + 3]), offset=i), i + 4
        if op == 0x76:  # GS v 0 m xL xH yL yH d...
            _need(data, i + 8)
            if data[i + 2] == 0x30 and data[i + 3] == 0:
                width = data[i + 4] | data[i + 5] << 8
                rows = data[i + 6] | data[i + 7] << 8
                end = i + 8 + width * rows
                _need(data, end)
                return Command("raster", (width, rows), data[i + 8 : end], offset=i), end
        if op == 0x28:  # GS ( k pL pH cn fn ...
            _need(data, i + 5)
            size = data[i + 3] | data[i + 4] << 8
            end = i + 5 + size
            _need(data, end)
            if data[i + 2] == 0x6B and size >= 2 and data[i + 5] == 0x31 and data[i + 6] in _QR_FNS:
                return Command("qr", (data[i + 6],), data[i + 7 : end], offset=i), end
    raise DecodeError(
        f"unknown or malformed ESC/POS bytes at offset {i}: {data[i : i + 8].hex(' ')}"
    )


def tokenize(data: bytes) -> list[Command]:
    out: list[Command] = []
    i = 0
    while i < len(data):
        try:
            command, i = _next_command(data, i)
        except _Incomplete:
            raise DecodeError(f"stream ends inside a command at offset {i}") from None
        out.append(command)
    return out


class StreamTokenizer:
    """Incremental tokenizer for a byte stream that arrives in arbitrary pieces."""

    def __init__(self) -> None:
        self._buf = b""
        self._base = 0

    def feed(self, chunk: bytes) -> list[Command]:
        self._buf += chunk
        out: list[Command] = []
        i = 0
        while i < len(self._buf):
            try:
                command, j = _next_command(self._buf, i)
            except _Incomplete:
                break
            if command.name == "text" and j == len(self._buf):
                break  # the text run may continue in the next chunk
            out.append(Command(command.name, command.args, command.data, self._base + i))
            i = j
        self._buf = self._buf[i:]
        self._base += i
        return out


# -- elements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Init:
    pass


@dataclass(frozen=True)
class TextLine:
    text: str
    width_mult: int = 1
    height_mult: int = 1
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class RasterImage:
    image: Image.Image  # mode "1", ink = 1
    align: Align = "left"

    @property
    def width_bytes(self) -> int:
        return (self.image.width + 7) // 8


@dataclass(frozen=True)
class QRCode:
    payload: str
    module_size: int
    ec: str
    model: int
    align: Align = "center"


@dataclass(frozen=True)
class Feed:
    dots: int


@dataclass(frozen=True)
class Cut:
    partial: bool
    feed: int = 0


@dataclass(frozen=True)
class StatusRequest:
    n: int


Element = Init | TextLine | RasterImage | QRCode | Feed | Cut | StatusRequest


def decode(data: bytes) -> list[Element]:
    """Interpret a stream into printed elements (state: justification, size, bold, QR store)."""
    out: list[Element] = []
    align: Align = "left"
    size = (1, 1)
    bold = False
    pending: tuple[str, tuple[int, int], bool, Align] | None = None
    qr = _QRState()

    def no_pending(what: str, at: int) -> None:
        if pending is not None:
            raise DecodeError(f"{what} at offset {at} while printer text {pending[0]!r} is unended")

    def end_line() -> bool:
        nonlocal pending
        if pending is None:
            return False
        text, (w, h), b, a = pending
        out.append(TextLine(text, w, h, b, a))
        pending = None
        return True

    for c in tokenize(data):
        arg = c.args[0] if c.args else 0
        if c.name == "init":
            no_pending("ESC @", c.offset)
            align, size, bold = "left", (1, 1), False
            out.append(Init())
        elif c.name == "align":
            if arg not in _ALIGN_NAMES:
                raise DecodeError(f"bad ESC a value {arg} at offset {c.offset}")
            align = _ALIGN_NAMES[arg]
        elif c.name == "size":
            size = ((arg >> 4) + 1, (arg & 0x0F) + 1)
            if max(size) > 8 or arg & 0x88:
                raise DecodeError(f"bad GS ! value 0x{arg:02x} at offset {c.offset}")
        elif c.name == "bold":
            bold = bool(arg & 1)
        elif c.name == "text":
            text = c.data.decode("ascii")
            pending = (pending[0] + text, *pending[1:]) if pending else (text, size, bold, align)
        elif c.name == "lf":
            if not end_line():
                out.append(Feed(cmd.DEFAULT_LINE_DOTS))
        elif c.name in ("feed_dots", "feed_lines"):
            end_line()
            out.append(Feed(arg if c.name == "feed_dots" else arg * cmd.DEFAULT_LINE_DOTS))
        elif c.name == "raster":
            no_pending("GS v 0", c.offset)
            width, rows = c.args
            if width == 0 or rows == 0:
                raise DecodeError(f"empty raster image at offset {c.offset}")
            image = Image.frombytes("1", (width * 8, rows), c.data)
            out.append(RasterImage(image, align))
        elif c.name == "qr":
            _qr_command(c, qr, align, out, pending is not None)
        elif c.name == "cut":
            no_pending("GS V", c.offset)
            m, n = c.args
            out.append(Cut(partial=m in (1, 49, 66), feed=n))
        elif c.name == "status":
            out.append(StatusRequest(arg))
    if pending is not None:
        raise DecodeError(f"printer text {pending[0]!r} is not ended by LF")
    return out


def _qr_command(c: Command, qr: _QRState, align: Align, out: list[Element], pending: bool) -> None:
    fn, params = c.args[0], c.data
    expected = {0x41: 2, 0x43: 1, 0x45: 1, 0x51: 1}
    if fn in expected and len(params) != expected[fn]:
        raise DecodeError(f"GS ( k fn {fn} has {len(params)} parameter bytes at {c.offset}")
    if fn == 0x41:
        if params[0] not in (49, 50):
            raise DecodeError(f"unknown QR model {params[0]} at offset {c.offset}")
        qr.model = params[0] - 48
    elif fn == 0x43:
        if not 1 <= params[0] <= 16:
            raise DecodeError(f"bad QR module size {params[0]} at offset {c.offset}")
        qr.module_size = params[0]
    elif fn == 0x45:
        if params[0] not in _EC_NAMES:
            raise DecodeError(f"bad QR error correction {params[0]} at offset {c.offset}")
        qr.ec = _EC_NAMES[params[0]]
    elif fn == 0x50:
        if len(params) < 2 or params[0] != 0x30:
            raise DecodeError(f"bad QR store command at offset {c.offset}")
        try:
            qr.data = params[1:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"QR data at offset {c.offset} is not UTF-8") from exc
    else:
        if params[0] != 0x30 or qr.data is None or pending:
            raise DecodeError(f"QR print without stored data (or mid-line) at offset {c.offset}")
        out.append(QRCode(qr.data, qr.module_size, qr.ec, qr.model, align))


def render_preview(data: bytes, width_dots: int = 576) -> Image.Image:
    """What the printer would print, as a greyscale picture (white paper, black ink)."""
    from printing.escpos.preview import render_elements  # the drawing code lives apart

    return render_elements(decode(data), width_dots)
