"""Bench the dossier search on a big database (issue 17 item 9).

    .venv/bin/python -m tests.bench.bench_search [--home DIR] [--dossiers N] [--runs N]
    .venv/bin/python -m tests.bench.bench_search --pg URL   # the same on PostgreSQL

Prints, for a database of N dossiers (1,000,000 by default), the median time of `search()` (the
function behind the counter's search box and `kiosk search`, 200 rows at most, ORM objects
included) for: a word of a name, two words, the last digits of a code, of a phone, of an ID
number; and each query's plan (SQLite: EXPLAIN QUERY PLAN; it must name an index, never SCAN).
A --home without a database (or a temporary folder, without --home) first gets `kiosk init
--demo` and `kiosk demo-data --dossiers N --days 400`; an existing one is reused as it is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from kiosk.services.queries import DossierFilter, name_words, rarest_word, search, search_statement
from kiosk.store.db import Store, open_store
from kiosk.store.models import Dossier


def make_home(home: Path, dossiers: int) -> None:
    kiosk = [sys.executable, "-m", "kiosk.cli", "--home", str(home)]
    t0 = time.perf_counter()
    subprocess.run([*kiosk, "init", "--demo"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*kiosk, "demo-data", "--dossiers", str(dossiers), "--days", "400"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"generated {dossiers:,} dossiers in {time.perf_counter() - t0:.0f} s")


def samples(store: Store) -> list[tuple[str, str]]:
    with store.read() as s:
        mid = (s.scalar(select(func.max(Dossier.id))) or 1) // 2
        d = s.scalars(
            select(Dossier)
            .where(Dossier.id >= mid)
            .where(Dossier.applicant_phone.is_not(None), Dossier.applicant_id_number.is_not(None))
            .order_by(Dossier.id)
            .limit(1)
        ).one()
        words = d.applicant_name.split()
        return [
            ("a word of a name", words[-1].lower()),
            ("two words of a name", f"{words[1]} {words[-1]}"),
            ("last digits of a code", d.code[-11:]),
            ("last 4 digits of a code", d.code[-4:]),
            ("last 6 digits of a phone", (d.applicant_phone or "")[-6:]),
            ("last 6 digits of an ID number", (d.applicant_id_number or "")[-6:]),
        ]


def plan(store: Store, text: str) -> str:
    with store.read() as s:
        kind_words = name_words(text.lower())
        primary = rarest_word(s, kind_words) if len(kind_words) > 1 else None
        stmt = search_statement(DossierFilter(text=text, limit=200), primary)
        dialect = s.get_bind().dialect
        if dialect.name == "sqlite":
            sql = str(
                stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
            )
            rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
            return " | ".join(str(r[-1]) for r in rows)
        sql = str(
            stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
        )
        rows = s.connection().exec_driver_sql("EXPLAIN " + sql).all()
        return " | ".join(str(r[0]).strip() for r in rows)


def bench(store: Store, runs: int) -> None:
    with store.read() as s:
        total = s.scalar(select(func.count()).select_from(Dossier)) or 0
    print(f"{total:,} dossiers; median of {runs} runs of search() (200 rows at most)")
    for label, text in samples(store):
        times, ids, found = [], [], 0
        for _ in range(runs):
            with store.read() as s:
                t0 = time.perf_counter()
                found = len(search(s, DossierFilter(text=text, limit=200)))
                times.append((time.perf_counter() - t0) * 1000)
                # the index part alone: the same statement, the ids only (no ORM objects)
                words = name_words(text.lower())
                primary = rarest_word(s, words) if len(words) > 1 else None
                stmt = search_statement(DossierFilter(text=text, limit=200), primary)
                t0 = time.perf_counter()
                s.execute(stmt.with_only_columns(Dossier.id)).all()
                ids.append((time.perf_counter() - t0) * 1000)
        print(
            f"{label:<32} {text!r:<22} search() {statistics.median(times):7.1f} ms"
            f"  (ids only {statistics.median(ids):6.1f} ms)  {found:>4} found"
        )
        print(f"    plan: {plan(store, text)}")
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path)
    ap.add_argument("--pg", help="a PostgreSQL URL already holding the dossiers")
    ap.add_argument("--dossiers", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if args.pg:
        store = open_store(args.pg)
    else:
        home = args.home or Path(tempfile.mkdtemp(prefix="bench-search-"))
        db = home / "kiosk.sqlite3"
        if not db.exists():
            make_home(home, args.dossiers)
        store = open_store(f"sqlite:///{db}")
    try:
        bench(store, args.runs)
    finally:
        store.close()


if __name__ == "__main__":
    main()
