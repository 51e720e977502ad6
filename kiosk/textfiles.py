"""Text files a person may edit (config.toml, a calendar, a catalog): UTF-8, with or without BOM.

Notepad saves UTF-8 with a byte-order mark ("UTF-8 with BOM", its default until Windows 10
1903), and older editors save in the ANSI code page (cp1258 for Vietnamese). The BOM is
accepted; anything that is not UTF-8 is refused with one sentence naming the file and saying
how to fix it, instead of a traceback or a TOML/JSON error about an invisible character.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from kiosk.errors import KioskError


class NotUtf8Error(KioskError, ValueError):
    """The file is not UTF-8 text; the message names it and says "save it as UTF-8"."""


def decode_text(raw: bytes, path: str | Path, what: str = "file", what_vi: str = "Tệp") -> str:
    """`raw` as text: UTF-8, a leading BOM dropped; NotUtf8Error otherwise."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8Error(
            f"the {what} {path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); open it in Notepad and save it as UTF-8",
            f"{what_vi} {path} không phải văn bản UTF-8: hãy mở bằng Notepad và lưu lại với "
            "mã hoá UTF-8",
        ) from None


def read_text(path: str | Path, what: str = "file", what_vi: str = "Tệp") -> str:
    """The text of a file a person may have edited (OSError when it cannot be read)."""
    return decode_text(Path(path).read_bytes(), path, what, what_vi)
