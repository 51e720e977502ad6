"""Core benchmarks (issue 2): bulk demo data, lookup by code, receive one dossier.

    .venv/bin/python tests/bench/bench_core.py [--dossiers 1000000] [--home DIR]

Prints: the time `kiosk demo-data` takes for N dossiers with their events; the median and p99
of looking up one dossier by code inside the process (target p99 < 5 ms); the median time to
receive one dossier with the transaction committed to disk (target < 10 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.queries import lookup
from kiosk.store.db import open_store
from kiosk.store.models import Dossier


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=1_000_000)
    ap.add_argument("--home", help="reuse a data folder that already has the dossiers")
    args = ap.parse_args()
    home = Path(args.home or tempfile.mkdtemp(prefix="kiosk-bench-"))
    kiosk = [sys.executable, "-m", "kiosk.cli", "--home", str(home)]
    url = f"sqlite:///{home / 'kiosk.sqlite3'}"
    if not (home / "kiosk.sqlite3").exists():
        subprocess.run([*kiosk, "init", "--demo"], check=True, capture_output=True)
        t0 = time.perf_counter()
        subprocess.run(
            [*kiosk, "demo-data", "--dossiers", str(args.dossiers), "--days", "400"],
            check=True,
        )
        print(f"demo-data {args.dossiers} dossiers: {time.perf_counter() - t0:.1f} s")
    store = open_store(url)
    with store.begin() as s:
        total = s.scalar(select(func.count()).select_from(Dossier)) or 0
        ids = list(s.scalars(select(Dossier.code).where(Dossier.id % 997 == 0).limit(5000)))
    print(f"database: {total} dossiers, {(home / 'kiosk.sqlite3').stat().st_size / 1e6:.0f} MB")
    random.seed(1)
    times = []
    for code in random.choices(ids, k=2000):
        t0 = time.perf_counter()
        with store.read() as s:
            lookup(s, code)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"lookup by code: median {statistics.median(times):.2f} ms, "
          f"p99 {times[int(len(times) * 0.99)]:.2f} ms (target p99 < 5 ms)")
    rec = []
    for _ in range(200):
        t0 = time.perf_counter()
        with store.begin() as s:
            receive_dossier(s, Intake("1.001570", Applicant("Người Thử Nghiệm")), Actor("bench"))
        rec.append((time.perf_counter() - t0) * 1000)
    print(f"receive one dossier (committed, synchronous=FULL): median "
          f"{statistics.median(rec):.2f} ms (target < 10 ms)")
    store.close()
    print(f"data folder: {home}")


if __name__ == "__main__":
    main()
