"""Printing through real byte pipes: a pty serial pair, a TCP socket, a FIFO, files, sim://.

A fake printer thread sits on the far side of each pipe: it records what arrives and answers
DLE EOT queries (found with the decoder's stream tokenizer, never inside raster data) with the
status bytes of a healthy printer, or of one out of paper, or stops answering.
"""

from __future__ import annotations

import os
import select
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest

from printing.errors import PrinterError
from printing.escpos.decoder import QRCode, StatusRequest, StreamTokenizer, TextLine, decode
from printing.escpos.status import status_bytes
from printing.thermal import QueueTicket, print_job, render_queue_ticket, render_test_page
from printing.transports import SIM_PRINTERS, SimJob, open_transport, sim_printer
from tests.posix import require_posix, set_raw

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pty/FIFO are POSIX")

QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
HEALTHY: dict[str, bool] = {}
PAPER_OUT = {"paper_out": True}
COVER_OPEN = {"cover_open": True}

TICKET = render_queue_ticket(
    QueueTicket(
        office_name="UBND xã Đồng Tiến – Bộ phận Một cửa",
        number="B007",
        service_name="Đất đai",
        issued_at=datetime(2026, 2, 9, 8, 15),
        ahead=12,
        qr_payload="B007",
    )
)


class FakePrinter:
    """Answers the n-th set of three status queries with `states[n]` (the last one repeats);
    after `answers` answered queries it goes silent."""

    def __init__(
        self,
        recv: Callable[[], bytes | None],
        send: Callable[[bytes], object],
        states: list[dict[str, bool]] | None = None,
        answers: int | None = None,
    ) -> None:
        self.recv, self.send = recv, send
        self.states = states or [HEALTHY]
        self.answers = answers
        self.answered = 0
        self.received = bytearray()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> FakePrinter:
        self.thread.start()
        return self

    def _run(self) -> None:
        tokens = StreamTokenizer()
        while not self.stop.is_set():
            chunk = self.recv()
            if chunk is None:
                return
            self.received += chunk
            for command in tokens.feed(chunk):
                if command.name != "status":
                    continue
                if self.answers is not None and self.answered >= self.answers:
                    continue
                state = self.states[min(self.answered // 3, len(self.states) - 1)]
                b1, b2, b4 = status_bytes(**state)
                self.send(bytes([{1: b1, 2: b2, 4: b4}[command.args[0]]]))
                self.answered += 1

    def wait_for(self, size: int, seconds: float = 3.0) -> bytes:
        deadline = time.monotonic() + seconds
        while len(self.received) < size and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)  # anything unexpected after that would show up too
        return bytes(self.received)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)


def assert_is_the_ticket(received: bytes) -> None:
    assert received == QUERIES + TICKET + QUERIES
    elements = decode(received)
    job = [e for e in elements if not isinstance(e, StatusRequest)]
    assert job == [e for e in decode(TICKET)]
    assert "B007" in [e.text for e in job if isinstance(e, TextLine)]
    assert [e.payload for e in job if isinstance(e, QRCode)] == ["B007"]


# -- serial through a real pty pair ---------------------------------------------------------


@contextmanager
def pty_printer(
    states: list[dict[str, bool]] | None = None, answers: int | None = None, serve: bool = True
) -> Iterator[tuple[str, FakePrinter | None]]:
    require_posix("a pty pair standing in for a serial printer")
    master, slave = os.openpty()
    set_raw(slave)
    url = f"serial://{os.ttyname(slave)}?baud=115200"

    def recv() -> bytes:
        if not select.select([master], [], [], 0.05)[0]:
            return b""
        try:
            return os.read(master, 65536)
        except OSError:
            return b""

    printer = None
    if serve:
        printer = FakePrinter(recv, partial(os.write, master), states, answers).start()
    try:
        yield url, printer
    finally:
        if printer:
            printer.close()
        os.close(slave)
        os.close(master)


def test_serial_prints_ticket() -> None:
    with pty_printer() as (url, printer):
        assert printer
        status = print_job(url, TICKET, timeout=1.0)
        assert status is not None and status.ok
        assert_is_the_ticket(printer.wait_for(len(TICKET) + 18))


def test_serial_paper_out_refuses_and_prints_nothing() -> None:
    with pty_printer([PAPER_OUT]) as (url, printer):
        assert printer
        with pytest.raises(PrinterError) as err:
            print_job(url, TICKET, timeout=1.0)
        assert err.value.kind == "paper_out" and not err.value.after_write
        assert "hết giấy" in err.value.message_vi
        assert printer.wait_for(len(QUERIES)) == QUERIES


def test_serial_printer_stops_answering_mid_job() -> None:
    with pty_printer(answers=3) as (url, printer):
        assert printer
        with pytest.raises(PrinterError) as err:
            print_job(url, TICKET, timeout=1.0)
        assert err.value.kind == "no_answer" and err.value.after_write
        assert printer.wait_for(len(TICKET) + 10).startswith(QUERIES + TICKET)


def test_serial_cover_opened_during_job() -> None:
    with pty_printer([HEALTHY, COVER_OPEN]) as (url, printer):
        with pytest.raises(PrinterError) as err:
            print_job(url, TICKET, timeout=1.0)
        assert err.value.kind == "cover_open" and err.value.after_write


def test_serial_silent_printer_gets_no_job() -> None:
    with pty_printer(answers=0) as (url, printer):
        assert printer
        started = time.monotonic()
        with pytest.raises(PrinterError) as err:
            print_job(url, TICKET, timeout=0.3)
        assert err.value.kind == "no_answer" and not err.value.after_write
        assert time.monotonic() - started < 2
        assert printer.wait_for(3) == QUERIES[:3]


def test_serial_write_that_stalls_times_out() -> None:
    with pty_printer(serve=False) as (url, _):  # nobody reads the master side
        started = time.monotonic()
        with pytest.raises(PrinterError) as err:
            print_job(url, bytes(4 << 20), check_status=False, timeout=0.5)
        assert err.value.kind == "no_answer" and err.value.after_write
        assert time.monotonic() - started < 5


# -- TCP on 127.0.0.1 -----------------------------------------------------------------------


@contextmanager
def tcp_printer(
    states: list[dict[str, bool]] | None = None, answers: int | None = None, serve: bool = True
) -> Iterator[tuple[str, list[FakePrinter]]]:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.05)
    printers: list[FakePrinter] = []
    conns: list[socket.socket] = []
    stop = threading.Event()

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.settimeout(0.05)
            conns.append(conn)
            if serve:  # listed before it answers: the test may look as soon as the job ends
                printer = FakePrinter(partial(_recv, conn), conn.sendall, states, answers)
                printers.append(printer)
                printer.start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}", printers
    finally:
        stop.set()
        thread.join(2)
        for printer in printers:
            printer.close()
        for conn in conns:
            conn.close()
        server.close()


def _recv(conn: socket.socket) -> bytes | None:
    try:
        return conn.recv(65536) or None
    except TimeoutError:
        return b""
    except OSError:
        return None


def test_tcp_prints_ticket() -> None:
    with tcp_printer() as (url, printers):
        status = print_job(url, TICKET, timeout=1.0)
        assert status is not None and status.ok and not status.paper_near_end
        assert_is_the_ticket(printers[0].wait_for(len(TICKET) + 18))


def test_tcp_paper_out_refuses_and_prints_nothing() -> None:
    with tcp_printer([PAPER_OUT]) as (url, printers):
        with pytest.raises(PrinterError) as err:
            print_job(url, TICKET, timeout=1.0)
        assert err.value.kind == "paper_out" and not err.value.after_write
        assert printers[0].wait_for(len(QUERIES)) == QUERIES


def test_tcp_printer_stops_answering_mid_job() -> None:
    with tcp_printer(answers=3) as (url, printers):
        with pytest.raises(PrinterError) as err:
            print_job(url, TICKET, timeout=1.0)
        assert err.value.kind == "no_answer" and err.value.after_write
        assert printers[0].wait_for(len(TICKET) + 10).startswith(QUERIES + TICKET)


def test_tcp_near_end_still_prints() -> None:
    with tcp_printer([{"paper_near_end": True}]) as (url, printers):
        status = print_job(url, TICKET, timeout=1.0)
        assert status is not None and status.ok and status.paper_near_end


def test_tcp_connection_refused() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(PrinterError) as err:
        print_job(f"tcp://127.0.0.1:{port}", TICKET, timeout=1.0)
    assert err.value.kind == "unreachable" and str(port) in err.value.message_en


def test_tcp_write_that_stalls_times_out() -> None:
    with tcp_printer(serve=False) as (url, _):  # accepts, never reads
        started = time.monotonic()
        with pytest.raises(PrinterError) as err:
            with open_transport(url, timeout=0.5) as transport:
                transport.write(bytes(64 << 20))
        assert err.value.kind == "no_answer"
        assert time.monotonic() - started < 10


# -- usb:// (a character device; a FIFO stands in), file://, sim:// -------------------------


def test_usb_device_writes_without_status(tmp_path: Path) -> None:
    require_posix("a FIFO standing in for /dev/usb/lp0")
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    got = bytearray()
    try:
        with open_transport(f"usb://{fifo}") as transport:
            assert not transport.can_read_status
        assert print_job(f"usb://{fifo}", TICKET, timeout=1.0) is None  # no status to read
        while select.select([reader], [], [], 0.2)[0]:
            chunk = os.read(reader, 65536)
            if not chunk:
                break
            got += chunk
        assert bytes(got) == TICKET
        with pytest.raises(PrinterError) as err:  # the reader stops reading: the pipe fills
            print_job(f"usb://{fifo}", bytes(1 << 20), timeout=0.3)
        assert err.value.kind == "no_answer"
    finally:
        os.close(reader)


def test_file_appends_jobs(tmp_path: Path) -> None:
    out = tmp_path / "out.bin"
    assert print_job(f"file://{out}", TICKET) is None
    page = render_test_page()
    assert print_job(f"file://{out}", page) is None
    data = out.read_bytes()
    assert data == TICKET + page
    assert sum(isinstance(e, QRCode) for e in decode(data)) == 2


def test_sim_registry_listeners_and_states() -> None:
    printer = sim_printer("counter-3")
    printer.reset()
    seen: list[SimJob] = []

    def broken(job: SimJob) -> None:
        raise RuntimeError("a broken preview window")

    printer.add_listener(broken)
    printer.add_listener(seen.append)
    try:
        status = print_job("sim://counter-3", TICKET)
        assert status is not None and status.ok
        assert SIM_PRINTERS["counter-3"] is printer
        assert [job.data for job in printer.jobs] == [TICKET] and seen == printer.jobs
        assert "B007" in [e.text for e in decode(seen[0].data) if isinstance(e, TextLine)]

        for state, kind in ((PAPER_OUT, "paper_out"), (COVER_OPEN, "cover_open")):
            printer.set_state(**state)
            with pytest.raises(PrinterError) as err:
                print_job("sim://counter-3", TICKET)
            assert err.value.kind == kind
            printer.reset()
        printer.set_state(offline=True)
        with pytest.raises(PrinterError) as err:
            print_job("sim://counter-3", TICKET)
        assert err.value.kind == "offline"
        printer.set_state(offline=False, answers=False)
        with pytest.raises(PrinterError) as err:
            print_job("sim://counter-3", TICKET, timeout=0.05)
        assert err.value.kind == "no_answer"
        assert printer.jobs == []  # reset() cleared the first one; nothing since
        assert len(seen) == 1
    finally:
        printer.remove_listener(broken)
        printer.remove_listener(seen.append)
        printer.reset()


def test_sim_default_name() -> None:
    sim_printer().reset()
    print_job("sim://", TICKET)
    assert SIM_PRINTERS["default"].jobs[-1].data == TICKET
    sim_printer().reset()
