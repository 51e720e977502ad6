"""Printer errors with a machine `kind` and a message for each audience.

The CLI prints `message_en` (and `str(err)` is the English sentence); the GUI shows `message_vi`
to clerks and citizens, who must know what to do next without reading a stack trace.
"""

from __future__ import annotations

from typing import Final

KINDS: Final = (
    "paper_out",
    "cover_open",
    "offline",
    "no_answer",
    "bad_url",
    "unreachable",
    "io_error",
    "unsupported",
)

# Defaults used when the raiser has nothing more specific to say.
_DEFAULT_EN: Final[dict[str, str]] = {
    "paper_out": "The printer is out of paper; load a new roll and try again.",
    "cover_open": "The printer cover is open; close it and try again.",
    "offline": "The printer is offline; check that it is switched on and shows no error light.",
    "no_answer": "The printer did not answer; check its cable or network and that it is on.",
    "bad_url": "The printer address is not valid.",
    "unreachable": "The printer cannot be reached; check that it is on and connected.",
    "io_error": "Communication with the printer failed; try again.",
    "unsupported": "This kind of printer connection is not supported on this computer.",
}

_DEFAULT_VI: Final[dict[str, str]] = {
    "paper_out": "Máy in hết giấy. Vui lòng thay cuộn giấy rồi thử lại.",
    "cover_open": "Nắp máy in đang mở. Vui lòng đóng nắp máy in rồi thử lại.",
    "offline": "Máy in chưa sẵn sàng. Vui lòng kiểm tra máy in đã bật và không báo lỗi.",
    "no_answer": "Máy in không phản hồi. Vui lòng kiểm tra cáp kết nối, mạng và nguồn điện.",
    "bad_url": "Địa chỉ máy in không hợp lệ. Vui lòng kiểm tra lại cấu hình máy in.",
    "unreachable": "Không kết nối được với máy in. Vui lòng kiểm tra nguồn điện, cáp và mạng.",
    "io_error": "Lỗi truyền dữ liệu tới máy in. Vui lòng thử lại.",
    "unsupported": "Kiểu kết nối máy in này không được hỗ trợ trên máy tính này.",
}

_AFTER_WRITE_EN: Final = " The job was sent but may not have printed completely."
_AFTER_WRITE_VI: Final = " Phiếu đã được gửi nhưng có thể chưa in đầy đủ."


class PrinterError(Exception):
    """A printing failure the user can act on.

    `kind` is one of KINDS. `after_write` is True when the data had already been sent: the
    caller must then treat the job as *not known to be printed* (a queue ticket is not issued).
    """

    def __init__(
        self,
        kind: str,
        message_en: str | None = None,
        message_vi: str | None = None,
        *,
        after_write: bool = False,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown printer error kind {kind!r}")
        self._base = (message_en, message_vi)
        en = message_en or _DEFAULT_EN[kind]
        vi = message_vi or _DEFAULT_VI[kind]
        if after_write:
            en += _AFTER_WRITE_EN
            vi += _AFTER_WRITE_VI
        self.kind = kind
        self.message_en = en
        self.message_vi = vi
        self.after_write = after_write
        super().__init__(en)

    def as_after_write(self) -> PrinterError:
        """The same error, marked as happening once the job had (partly) been sent."""
        if self.after_write:
            return self
        return PrinterError(self.kind, *self._base, after_write=True)

    def __str__(self) -> str:
        return self.message_en

    def __repr__(self) -> str:
        return f"PrinterError({self.kind!r}, {self.message_en!r})"
