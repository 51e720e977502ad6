"""Benchmark of the A4/A5 forms: median time of render_receipt after warm-up (target < 100 ms).

Run: .venv/bin/python tests/bench/bench_forms.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from printing.forms import (
    AgencyHeader,
    BookRow,
    DocumentLine,
    DossierForm,
    render_receipt,
    render_tracking_book,
)

HEADER = AgencyHeader(
    name="Bộ phận Một cửa phường Phan Đình Phùng",
    parent_name="UBND phường Phan Đình Phùng",
    place="Thái Nguyên",
)
DOSSIER = DossierForm(
    code="000.00.00.H55-260209-0001",
    procedure_name="Thủ tục đăng ký khai sinh",
    applicant_name="Nguyễn Thị Hồng Nhung",
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
    due_at=datetime(2026, 2, 10, 9, 0),
    result_place="Bộ phận Một cửa phường Phan Đình Phùng",
    fee_text="Miễn lệ phí",
    receiving_officer="Trần Văn Bình",
    book_no="01/2026",
    line_no=125,
    qr_payload="000.00.00.H55-260209-0001",
)


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 3) -> tuple[float, float]:
    """Median wall-clock and CPU time of fn() in ms, after warm-up (fonts registered, caches
    filled). CPU time is the steadier figure on a busy machine."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def book_rows(n: int) -> list[BookRow]:
    start = datetime(2026, 2, 2, 8, 0)
    return [
        BookRow(
            no=i,
            code=f"000.00.00.H55-260202-{i:04d}",
            procedure_name="Thủ tục đăng ký khai sinh",
            sets=1,
            applicant_name="Nguyễn Thị Hồng Nhung",
            applicant_contact="Tổ 5, phường Phan Đình Phùng; 0912 345 678",
            agency_in_charge="UBND phường Phan Đình Phùng",
            received_at=start + timedelta(minutes=i),
            due_at=start + timedelta(days=1),
            transferred_at=None,
            result_back_at=None,
            returned_at=None,
            delivery="Trực tiếp",
            note=None,
        )
        for i in range(1, n + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    for page in ("A4", "A5"):
        wall, cpu = median_ms(lambda p=page: render_receipt(HEADER, DOSSIER, page=p), args.runs)
        verdict = "OK" if wall < 100 else "SLOW"
        print(
            f"render_receipt {page}: median {wall:.1f} ms wall, {cpu:.1f} ms CPU"
            f" over {args.runs} runs (target < 100 ms: {verdict})"
        )
    rows = book_rows(3000)
    wall, cpu = median_ms(
        lambda: render_tracking_book(HEADER, rows, date(2026, 2, 1), date(2026, 2, 28)),
        runs=3,
        warmup=1,
    )
    print(f"render_tracking_book 3000 rows: median {wall:.0f} ms wall, {cpu:.0f} ms CPU (3 runs)")


if __name__ == "__main__":
    main()
