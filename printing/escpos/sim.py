"""An in-process simulated ESC/POS printer (`sim://name`) for the demo, the GUI and tests.

Jobs land in `SIM_PRINTERS[name].jobs`; listeners are called with each job so a "virtual printer"
window can show it (through `printing.escpos.decoder.render_preview`). Listeners run on the
printing thread: a Qt window must hand the job to its own thread (e.g. with a queued signal).
The printer answers DLE EOT like a real one and can be put in paper-out, cover-open or offline
state, or made silent (no answers), for tests and demonstrations.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Self

from printing.escpos.commands import DLE, EOT
from printing.escpos.status import status_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SimJob:
    printer: str
    data: bytes
    at: datetime


Listener = Callable[[SimJob], None]


@dataclass
class SimPrinter:
    name: str
    jobs: list[SimJob] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    paper_out: bool = False
    cover_open: bool = False
    offline: bool = False
    paper_near_end: bool = False
    answers: bool = True  # False: ignores status queries, like an unplugged or hung printer
    dropped: int = 0  # jobs that arrived while the printer could not print

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def set_state(
        self,
        *,
        paper_out: bool | None = None,
        cover_open: bool | None = None,
        offline: bool | None = None,
        paper_near_end: bool | None = None,
        answers: bool | None = None,
    ) -> None:
        with self._lock:
            for key, value in (
                ("paper_out", paper_out),
                ("cover_open", cover_open),
                ("offline", offline),
                ("paper_near_end", paper_near_end),
                ("answers", answers),
            ):
                if value is not None:
                    setattr(self, key, value)

    def reset(self) -> None:
        """Healthy, answering, no jobs (listeners are kept)."""
        self.set_state(
            paper_out=False, cover_open=False, offline=False, paper_near_end=False, answers=True
        )
        with self._lock:
            self.jobs.clear()
            self.dropped = 0

    @property
    def healthy(self) -> bool:
        return not (self.paper_out or self.cover_open or self.offline)

    def status_answer(self, n: int) -> bytes:
        b1, b2, b4 = status_bytes(
            paper_out=self.paper_out,
            cover_open=self.cover_open,
            offline=self.offline,
            paper_near_end=self.paper_near_end,
        )
        return bytes([{1: b1, 2: b2, 3: 0x12, 4: b4}[n]])

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self.listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self.listeners:
                self.listeners.remove(listener)

    def receive(self, data: bytes) -> SimJob | None:
        """A job arrives: kept and announced if the printer can print, otherwise dropped."""
        with self._lock:
            if not self.healthy:
                self.dropped += 1
                return None
            job = SimJob(self.name, bytes(data), datetime.now())
            self.jobs.append(job)
            listeners = list(self.listeners)
        for listener in listeners:
            try:
                listener(job)
            except Exception:  # a broken preview window must never fail a print job
                log.exception("sim printer listener failed")
        return job


SIM_PRINTERS: dict[str, SimPrinter] = {}
_REGISTRY_LOCK = threading.Lock()


def sim_printer(name: str = "default") -> SimPrinter:
    """The simulated printer called `name`, created on first use."""
    with _REGISTRY_LOCK:
        if name not in SIM_PRINTERS:
            SIM_PRINTERS[name] = SimPrinter(name)
        return SIM_PRINTERS[name]


class SimTransport:
    """A connection to a SimPrinter.

    A write that is exactly one DLE EOT query is answered; any other write is one job (print_job
    writes a job in one call). Queries are not searched for inside job data, where the bytes
    0x10 0x04 can occur by chance in raster images.
    """

    can_read_status = True
    bytes_per_second: float | None = None

    def __init__(self, url: str, printer: SimPrinter) -> None:
        self.url = url
        self.printer = printer
        self._inbox = bytearray()

    def write(self, data: bytes) -> None:
        if len(data) == 3 and data[0] == DLE and data[1] == EOT and 1 <= data[2] <= 4:
            if self.printer.answers:
                self._inbox += self.printer.status_answer(data[2])
            return
        self.printer.receive(data)

    def read(self, n: int, timeout: float) -> bytes:
        if not self._inbox:
            if timeout > 0:
                time.sleep(timeout)  # behave like a silent real printer
            return b""
        out = bytes(self._inbox[:n])
        del self._inbox[:n]
        return out

    def close(self) -> None:
        self._inbox.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
