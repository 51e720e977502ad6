"""Real-time printer status (DLE EOT 1, 2, 4) and its bit layout.

Each answer is one byte whose fixed bits are 0xx1xx10 (bit 1 and bit 4 set, bits 0 and 7 clear),
so a healthy printer answers 0x12 to every query. Meaningful bits:
- n=1 (printer):        bit 3 offline
- n=2 (offline cause):  bit 2 cover open, bit 3 paper fed by the FEED button,
                        bit 5 printing stopped by paper end, bit 6 an error occurred
- n=4 (roll sensor):    bits 2-3 paper near end, bits 5-6 paper end
DLE EOT is executed on receipt even while the printer is offline or its buffer is full, which is
why it is the one reliable way to ask before (and after) sending a job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from printing.errors import PrinterError
from printing.escpos.commands import status_request

if TYPE_CHECKING:
    from printing.transports import Transport

HEALTHY_BYTE = 0x12
_FIXED_MASK = 0x93  # bits 0, 1, 4, 7
_FIXED_VALUE = 0x12


@dataclass(frozen=True)
class PrinterStatus:
    printer: int  # DLE EOT 1 answer
    offline_cause: int  # DLE EOT 2 answer
    paper: int  # DLE EOT 4 answer

    @property
    def offline(self) -> bool:
        return bool(self.printer & 0x08)

    @property
    def cover_open(self) -> bool:
        return bool(self.offline_cause & 0x04)

    @property
    def paper_end(self) -> bool:
        return bool(self.paper & 0x60) or bool(self.offline_cause & 0x20)

    @property
    def paper_near_end(self) -> bool:
        return bool(self.paper & 0x0C)

    @property
    def error(self) -> bool:
        return bool(self.offline_cause & 0x40)

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def problem(self) -> str | None:
        """The PrinterError kind that stops printing, most specific first, or None.

        Cover open comes first: with the cover up the roll sensor often reads "paper end" too.
        A near-end roll still prints, so it is not a problem (the GUI may warn).
        """
        if self.cover_open:
            return "cover_open"
        if self.paper_end:
            return "paper_out"
        if self.offline or self.error:
            return "offline"
        return None

    def raise_for_problem(self, *, after_write: bool = False) -> None:
        if self.problem is not None:
            raise PrinterError(self.problem, after_write=after_write)


def status_bytes(
    *,
    paper_out: bool = False,
    cover_open: bool = False,
    offline: bool = False,
    paper_near_end: bool = False,
) -> tuple[int, int, int]:
    """The (DLE EOT 1, 2, 4) answers a real printer gives in that state (for simulators/tests)."""
    printer = offline_cause = paper = HEALTHY_BYTE
    if paper_near_end or paper_out:
        paper |= 0x0C
    if paper_out:
        paper |= 0x60
        offline_cause |= 0x20
    if cover_open:
        offline_cause |= 0x04
    if paper_out or cover_open or offline:
        printer |= 0x08
    return printer, offline_cause, paper


def parse_status(printer: int, offline_cause: int, paper: int) -> PrinterStatus:
    """Check the fixed bits (a wrong baud rate or a non-ESC/POS device fails here) and wrap."""
    for name, value in (("1", printer), ("2", offline_cause), ("4", paper)):
        if value & _FIXED_MASK != _FIXED_VALUE:
            raise PrinterError(
                "io_error",
                f"The printer answered status query DLE EOT {name} with 0x{value:02X}, which is "
                "not an ESC/POS status byte; check the baud rate and the printer model.",
            )
    return PrinterStatus(printer, offline_cause, paper)


def _discard_input(transport: Transport) -> None:
    """Drop stale bytes (a late answer, or a status echoed by a printer that saw DLE EOT inside
    raster data) so that each answer read below belongs to its query."""
    for _ in range(64):
        if not transport.read(4096, 0.0):
            return


def read_status(transport: Transport, timeout: float = 2.0) -> PrinterStatus:
    """Ask DLE EOT 1, 2 and 4 in turn; PrinterError("no_answer") when one is not answered."""
    _discard_input(transport)
    answers: list[int] = []
    for n in (1, 2, 4):
        transport.write(status_request(n))
        got = transport.read(1, timeout)
        if not got:
            raise PrinterError(
                "no_answer",
                f"The printer at {transport.url} did not answer the status query within "
                f"{timeout:g} s; check its cable or network and that it is switched on.",
            )
        answers.append(got[0])
    return parse_status(*answers)
