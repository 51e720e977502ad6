"""Cut a serial scanner's byte stream into payloads ("frames").

A scanner in USB-CDC (serial) mode sends each code followed by its terminator (CR by default,
configurable in the scanner). Bytes arrive in arbitrary pieces, so the framer buffers until the
terminator. Two things must never leak into the next scan: a frame cut off by an unplug or line
noise (a buffer left without its terminator for `stale_after` seconds is dropped and reported
as partial), and an overlong run without terminator (dropped up to the next terminator, reported
once). With terminator `none` a frame ends when the line has been quiet for `idle_gap` seconds.
Stray CR/LF at a frame's edges are removed, so `cr` also works for a scanner that sends CR LF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TERMINATORS: dict[str, bytes] = {
    "cr": b"\r",
    "lf": b"\n",
    "crlf": b"\r\n",
    "tab": b"\t",
    "etx": b"\x03",
    "none": b"",
}

Problem = Literal["overlong", "partial"]


@dataclass(frozen=True)
class Frame:
    """One payload from a scanner; `problem` is set when it was dropped, not delivered."""

    data: bytes
    problem: Problem | None = None

    @property
    def message(self) -> str | None:
        if self.problem == "overlong":
            return "the scanner sent more data than any code holds without a terminator"
        if self.problem == "partial":
            return "the scanner sent part of a code and stopped (no terminator)"
        return None


class Framer:
    def __init__(
        self,
        terminator: str | bytes = "cr",
        *,
        max_length: int = 4096,
        stale_after: float = 2.0,
        idle_gap: float = 0.1,
    ) -> None:
        self.terminator = TERMINATORS[terminator] if isinstance(terminator, str) else terminator
        self.max_length = max_length
        self.stale_after = stale_after
        self.idle_gap = idle_gap
        self._buf = bytearray()
        self._skipping = False  # inside an overlong run: drop until the next terminator
        self._last = 0.0  # when the last bytes arrived

    @property
    def pending(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes, now: float) -> list[Frame]:
        out: list[Frame] = []
        if not data:
            return out
        if self._buf and not self.terminator and now - self._last >= self.idle_gap:
            out.extend(self._finish())
        elif self._buf and self.terminator and now - self._last >= self.stale_after:
            out.extend(self._drop_partial())
        self._last = now
        self._buf += data
        if self.terminator:
            while True:
                at = self._buf.find(self.terminator)
                if at < 0:
                    break
                chunk = bytes(self._buf[:at])
                del self._buf[: at + len(self.terminator)]
                if self._skipping:
                    self._skipping = False
                elif len(chunk) > self.max_length:
                    out.append(Frame(b"", "overlong"))
                else:
                    out.extend(self._emit(chunk))
        if len(self._buf) > self.max_length:
            self._buf.clear()
            if not self._skipping:
                out.append(Frame(b"", "overlong"))
            self._skipping = bool(self.terminator)
        return out

    def poll(self, now: float) -> list[Frame]:
        """Call when no bytes arrived for a while: ends idle frames, drops stale partial ones."""
        if not self._buf:
            return []
        if not self.terminator:
            return self._finish() if now - self._last >= self.idle_gap else []
        return self._drop_partial() if now - self._last >= self.stale_after else []

    def reset(self) -> list[Frame]:
        """The line went away (unplug): whatever was half-received is reported and dropped."""
        return self._drop_partial()

    def _drop_partial(self) -> list[Frame]:
        data = bytes(self._buf).strip(b"\r\n")[:200]
        skipping, self._skipping = self._skipping, False
        self._buf.clear()
        return [Frame(data, "partial")] if data and not skipping else []

    def _finish(self) -> list[Frame]:
        chunk = bytes(self._buf)
        self._buf.clear()
        return self._emit(chunk)

    @staticmethod
    def _emit(chunk: bytes) -> list[Frame]:
        chunk = chunk.strip(b"\r\n")
        return [Frame(chunk)] if chunk else []
