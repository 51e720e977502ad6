"""Publishing the 47 bundled procedures: posting sheets (target < 10 s) and website (< 5 s).

    .venv/bin/python tests/bench/bench_publish.py [--runs 3]

Prints the median wall time of each over the runs, on a fresh demo database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.publish.content import publication
from kiosk.publish.html import export_html
from kiosk.services.demo import seed_demo
from kiosk.services.setup import init_database
from kiosk.store.db import open_store
from printing.forms.posting import render_posting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'kiosk.sqlite3'}")
        with store.begin() as s:
            init_database(s)
            seed_demo(s)
        sheets, site = [], []
        for run in range(args.runs):
            t0 = time.perf_counter()
            with store.read() as s:
                pub = publication(s)
            data = render_posting(pub, out=Path(tmp) / f"posting-{run}.pdf")
            sheets.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            with store.read() as s:
                pub = publication(s)
            files = export_html(pub, Path(tmp) / f"site-{run}")
            site.append(time.perf_counter() - t0)
        store.close()
    print(f"procedures: {len(pub.sheets)}; posting PDF {len(data) / 1024:.0f} KiB")
    print(f"posting sheets (cover + one per procedure): median {statistics.median(sheets):.2f} s")
    print(f"website ({len(files)} files): median {statistics.median(site):.2f} s")


if __name__ == "__main__":
    main()
