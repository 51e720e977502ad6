"""Benchmark of a reprint (issue 13): `kiosk print receipt CODE` on a dossier whose Mẫu 01 was
already issued, i.e. printing.records.issue reading the record and rendering it again with the
reprint mark, in a read-write transaction on a real SQLite database (target < 150 ms).

Run: .venv/bin/python tests/bench/bench_records.py [--runs N] [--dossiers N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.services.context import Actor
from kiosk.services.demo import bulk_dossiers
from kiosk.services.dossiers import Applicant, Intake, get_dossier, receive_dossier
from kiosk.services.setup import init_database
from kiosk.store.db import open_store
from printing.records import issue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--dossiers", type=int, default=20000, help="other dossiers in the database"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        with store.begin() as s:
            init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
            bulk_dossiers(s, args.dossiers, days=365)
        at = datetime.now().replace(microsecond=0) - timedelta(days=1)
        with store.begin() as s:
            intake = Intake("1.001570", Applicant("Nguyễn Thị Hồng Nhung", phone="0912345678"))
            d = receive_dossier(s, intake, Actor("canbo1", 1, "bench"), at=at)
            code = d.code
            t0 = time.perf_counter()
            issue(s, "receipt", d)
            first = (time.perf_counter() - t0) * 1000
        wall: list[float] = []
        cpu: list[float] = []
        for i in range(args.runs + 3):
            t0, c0 = time.perf_counter(), time.process_time()
            with store.begin() as s:
                done = issue(s, "receipt", get_dossier(s, code))
            if i >= 3:  # warm-up
                wall.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            assert done.reprint
        store.close()
    median = statistics.median(wall)
    verdict = "OK" if median < 150 else "SLOW"
    print(f"first issue of Mẫu 01 (snapshot, render, record): {first:.0f} ms")
    print(
        f"reprint of Mẫu 01 (A4, two copies) among {args.dossiers} dossiers: "
        f"median {median:.1f} ms,"
        f" max {max(wall):.1f} ms wall; median {statistics.median(cpu):.1f} ms CPU; over"
        f" {args.runs} runs (target < 150 ms: {verdict}); load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
