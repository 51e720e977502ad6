"""Bench the thermal queue ticket: bytes, wire time, render time, render-to-last-byte over TCP.

    .venv/bin/python -m tests.bench.bench_thermal [--runs N]

Targets: <= 6.5 KB per 80 mm ticket (a whole-ticket raster image is ~4-7x larger), and under
150 ms from the start of rendering to the printer having received the last byte over TCP.
"""

from __future__ import annotations

import argparse
import dataclasses
import socket
import statistics
import threading
import time
from datetime import datetime

from printing.escpos import builder, raster
from printing.escpos.builder import JobBuilder
from printing.escpos.decoder import StreamTokenizer, render_preview
from printing.escpos.raster import ink_image_from_paper
from printing.escpos.status import HEALTHY_BYTE
from printing.thermal import QueueTicket, print_job, render_queue_ticket

BAUD = 115200
BITS_PER_BYTE = 10  # start + 8 data + stop

TICKETS = {
    "plain": QueueTicket(
        office_name="UBND phường Ba Đình – Bộ phận Một cửa",
        number="A012",
        service_name="Hộ tịch – Chứng thực",
        issued_at=datetime(2026, 2, 9, 8, 15),
        ahead=3,
    ),
    "full": QueueTicket(
        office_name="Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên",
        number="A012",
        service_name="Đất đai – Đăng ký biến động quyền sử dụng đất",
        issued_at=datetime(2026, 2, 9, 8, 15),
        ahead=27,
        priority_label="Ưu tiên: Người cao tuổi",
        qr_payload="https://dichvucong.thainguyen.gov.vn/q/A012",
        footer="Vui lòng chờ gọi số tại quầy",
    ),
}


def whole_raster_size(data: bytes, width: int) -> int:
    """The same ticket sent the naive way: one full-width raster image of the whole ticket."""
    ink = ink_image_from_paper(render_preview(data, width))
    bbox = ink.getbbox()
    if bbox:
        ink = ink.crop((0, bbox[1], width, bbox[3]))
    builder = JobBuilder(width)
    builder.image(ink)
    builder.cut()
    return len(builder.build())


class TcpPrinter:
    """A healthy printer on 127.0.0.1 that notes when the last byte of each job arrives.

    One connection per job (print_job opens its own): 9 query bytes, the job, 9 query bytes.
    """

    def __init__(self, job_size: int) -> None:
        self.job_end = 9 + job_size
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.done: list[float] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            conn, _ = self.server.accept()
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        tokens, received = StreamTokenizer(), 0
        with conn:
            while chunk := conn.recv(65536):
                before, received = received, received + len(chunk)
                if before < self.job_end <= received:
                    self.done.append(time.perf_counter())
                for command in tokens.feed(chunk):
                    if command.name == "status":
                        conn.sendall(bytes([HEALTHY_BYTE]))


def clear_caches() -> None:
    """Forget measured and rendered text: the first ticket after start-up (or a new service)."""
    for cached in (raster._render_lines, raster._glyph, builder.qr_modules):
        cached.cache_clear()


def timed_render(ticket: QueueTicket, width: int, run: int, cold: bool) -> float:
    """Render time of a ticket whose number and queue length change as in real use."""
    if cold:
        clear_caches()
    varied = dataclasses.replace(ticket, number=f"A{run % 1000:03d}", ahead=run % 40)
    t0 = time.perf_counter()
    render_queue_ticket(varied, width)
    return time.perf_counter() - t0


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs

    print(
        f"{'ticket':<8}{'paper':>6}{'bytes':>8}{'whole raster':>14}{'ratio':>7}"
        f"{'at 115200':>11}{'render cold':>13}{'warm':>8}"
    )
    for name, ticket in TICKETS.items():
        for width, paper in ((576, "80mm"), (384, "58mm")):
            data = render_queue_ticket(ticket, width)
            whole = whole_raster_size(data, width)
            cold = [timed_render(ticket, width, run, True) for run in range(runs)]
            warm = [timed_render(ticket, width, run, False) for run in range(runs)]
            wire = len(data) * BITS_PER_BYTE / BAUD
            print(
                f"{name:<8}{paper:>6}{len(data):>8}{whole:>14}{whole / len(data):>6.1f}x"
                f"{wire * 1000:>9.0f}ms{median_ms(cold):>11.1f}ms{median_ms(warm):>6.1f}ms"
            )

    ticket = TICKETS["full"]
    printer = TcpPrinter(len(render_queue_ticket(ticket)))
    for label, cold_start in (("cold caches", True), ("warm caches", False)):
        to_last_byte, to_return = [], []
        for _ in range(runs):
            if cold_start:
                clear_caches()
            t0 = time.perf_counter()
            print_job(printer.url, render_queue_ticket(ticket))
            t1 = time.perf_counter()
            while not printer.done:
                time.sleep(0.0005)
            to_last_byte.append(printer.done.pop() - t0)
            to_return.append(t1 - t0)
        print(
            f"TCP, 80 mm full ticket, status before/after, {label}: render start -> last job "
            f"byte at the printer {median_ms(to_last_byte):.1f} ms, print_job returned "
            f"{median_ms(to_return):.1f} ms (medians of {runs})"
        )


if __name__ == "__main__":
    main()
