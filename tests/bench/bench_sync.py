"""Sync benchmarks (issue 5), against a real PostgreSQL and a real `kiosk server` process.

    .venv/bin/python tests/bench/bench_sync.py [--dossiers 1000000] [--clients 8] [--pg URL]

Prints:
1. pushing 10,000 receptions from a counter PC (target < 5 s);
2. pulling 10,000 status changes made by departments (target < 5 s);
3. a sync round with nothing to do (push + pull) with few dossiers, then with --dossiers on
   both sides (target < 50 ms: the cost follows the changes, not the size of the database);
4. requests per second with --clients concurrent clients on loopback: dossier lookups, and
   pushes of 10 receptions each.

Without --pg it starts a throw-away PostgreSQL cluster (fsync off, as the test suite does).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import insert, select, text, update  # noqa: E402

from kiosk.domain.codes import format_code  # noqa: E402
from kiosk.server.changes import Changes, stamp  # noqa: E402
from kiosk.services.context import Actor, get_setting, set_setting  # noqa: E402
from kiosk.services.demo import bulk_dossiers  # noqa: E402
from kiosk.services.dossiers import (  # noqa: E402
    Applicant,
    Intake,
    dossier_payload,
    event_payload,
    receive_dossier,
)
from kiosk.services.setup import init_database  # noqa: E402
from kiosk.store.db import Store, open_store  # noqa: E402
from kiosk.store.models import Dossier, DossierEvent, Outbox  # noqa: E402
from kiosk.store.server_models import EventRef  # noqa: E402
from kiosk.sync.engine import Syncer, enroll_pc  # noqa: E402
from tests.integration.test_sync_harness import OFFICE_A, new_code, person  # noqa: E402
from tests.integration.test_sync_processes import PgCluster, ServerProcess  # noqa: E402

N = 10_000


WATCHED: list[int] = []  # the server process and the PostgreSQL postmaster


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_parts() -> list[float]:
    """CPU time so far of: this process (the PC), the server, the PostgreSQL backends.

    On a busy machine wall time says little; the CPU all three spent is what the same work
    costs on an idle one (they mostly take turns, so it bounds the wall time there).
    """
    parts = [sum(os.times()[:2])]
    for pid in WATCHED:
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
        ).stdout.split()
        parts.append(_cpu(pid) + sum(_cpu(int(c)) for c in children))
    return parts


def cpu_seconds() -> float:
    return sum(cpu_parts())


def timed(label: str, fn: Any, target: float | None = None) -> Any:
    t0, c0 = time.perf_counter(), cpu_parts()
    result = fn()
    took = time.perf_counter() - t0
    cpu = [b - a for a, b in zip(c0, cpu_parts(), strict=True)]
    split = " + ".join(
        f"{n} {c:.2f}" for n, c in zip(("PC", "server", "PostgreSQL"), cpu, strict=False)
    )
    goal = f" (target < {target:g} s)" if target else ""
    print(f"{label}: {took:.2f} s wall; CPU {sum(cpu):.2f} s = {split}{goal}", flush=True)
    return result


def new_pc(base: Path, name: str, server_url: str, db: str) -> Store:
    st = open_store(f"sqlite:///{base / name / 'kiosk.sqlite3'}")
    with st.begin() as s:
        init_database(s)
    enroll_pc(st, server_url, new_code(db), name=name)
    Syncer(st).sync_once()
    return st


def fake_receptions(st: Store, n: int) -> None:
    """n receptions as the counter makes them (rows, events, outbox), inserted in bulk."""
    with st.begin() as s:
        device = get_setting(s, "device_id") or ""
        first = receive_dossier(
            s, Intake("1.001570", Applicant("Nguyễn Văn An")), Actor("cb", 1, device)
        )
        slot, slots = int(get_setting(s, "code_slot") or 0), int(get_setting(s, "code_slots") or 1)
        per_day = 9999 // slots
        base_row = {
            c.name: getattr(first, c.name) for c in Dossier.__table__.columns if c.name != "id"
        }
        dossiers, events, outbox = [], [], []
        for i in range(1, n):
            day = date(2020, 1, 6) + timedelta(days=i // per_day)  # before grow()'s days
            code = format_code(first.agency_code, day, slot * per_day + 1 + i % per_day)
            name = person(str(i))
            dossiers.append(
                {
                    **base_row,
                    "code": code,
                    "applicant_name": name,
                    "applicant_name_key": name.lower(),
                }
            )
        s.execute(insert(Dossier), dossiers)
        ids = dict(s.execute(select(Dossier.code, Dossier.id)).all())
        ev0 = first.events[0]
        for row in dossiers:
            events.append(
                {"dossier_id": ids[row["code"]], "at": ev0.at, "actor": "cb", "kind": "status",
                 "from_status": None, "to_status": 2, "note": ev0.note,
                 "agency_code": row["agency_code"], "counter_number": 1, "device_id": device}
            )  # fmt: skip
        s.execute(insert(DossierEvent), events)
        template = dossier_payload(first)
        event = event_payload(ev0)
        for row in dossiers:
            payload = {
                "dossier": {
                    **template,
                    "code": row["code"],
                    "applicant_name": row["applicant_name"],
                },
                "event": event,
            }
            outbox.append(
                {"mutation_id": str(uuid.uuid4()), "kind": "dossier.event", "payload": payload,
                 "created_at": datetime.now(), "acked": False}
            )  # fmt: skip
        s.execute(insert(Outbox), outbox)


def department_takes_all(db: str) -> int:
    """Every received dossier taken by a department (2 -> 4): events, refs, status, stamps."""
    st = open_store(db, migrate=False)
    with st.begin() as s:
        rows = s.execute(
            select(Dossier.id, Dossier.code, Dossier.agency_code).where(Dossier.status == 2)
        ).all()
        at = datetime.now().replace(microsecond=0)
        events = [
            {"dossier_id": i, "at": at, "actor": "chuyenvien", "kind": "status",
             "from_status": 2, "to_status": 4, "note": "Tiếp nhận xử lý", "agency_code": a}
            for i, _c, a in rows
        ]  # fmt: skip
        ids = s.scalars(
            insert(DossierEvent).returning(DossierEvent.id, sort_by_parameter_order=True), events
        ).all()
        s.execute(insert(EventRef), [{"event_id": i, "ref": str(uuid.uuid4())} for i in ids])
        s.execute(update(Dossier).where(Dossier.status == 2).values(status=4))
        changes = Changes()
        for _i, code, agency in rows:
            changes.dossier(code, agency)
        stamp(s, changes)
    st.close()
    return len(rows)


def empty_rounds(st: Store, label: str, rounds: int = 40) -> None:
    syncer = Syncer(st)
    syncer.sync_once()
    times = []
    c0 = cpu_seconds()
    for _ in range(rounds):
        t0 = time.perf_counter()
        report = syncer.sync_once()
        times.append((time.perf_counter() - t0) * 1000)
        assert report.pushed == report.pulled == 0
    cpu_ms = (cpu_seconds() - c0) * 1000 / rounds
    syncer.close()
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(
        f"empty sync round, {label}: median {statistics.median(times):.1f} ms wall, "
        f"p95 {p95:.1f} ms, {cpu_ms:.1f} ms CPU (target < 50 ms)",
        flush=True,
    )


def grow(st: Store, db: str, count: int) -> None:
    """`count` more dossiers on each side (core bulk insert), with their log and outbox rows.

    Both sides number from their own slot (the PC has slot 0 of 10, the server's bulk takes
    slot 9), over four years, so no code is shared and no day runs out of numbers.
    """
    days = max(400, count // 600)
    with st.begin() as s:
        bulk_dossiers(s, count, days=days, seed=2)
        s.execute(
            text(
                "INSERT INTO outbox (mutation_id, kind, payload, created_at, acked) "
                "SELECT lower(hex(randomblob(16))), 'dossier.event', '{}', created_at, 1 "
                "FROM dossier WHERE device_id = 'demo'"
            )
        )
    srv = open_store(db, migrate=False)
    with srv.begin() as s:
        set_setting(s, "code_slot", "9")
        set_setting(s, "code_slots", "10")
        bulk_dossiers(s, count, days=days, seed=3)
        s.execute(
            text(
                "INSERT INTO sync_change (kind, key, scope, seq) SELECT 'dossier', code, "
                "agency_code, 0 FROM dossier ON CONFLICT DO NOTHING"
            )
        )
    with srv.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))
    srv.close()


def load(label: str, clients: int, seconds: float, work: Any) -> None:
    counts, latencies = [0] * clients, [[] for _ in range(clients)]  # type: list[int], list[list[float]]
    stop = time.perf_counter() + seconds

    def run(k: int) -> None:
        with httpx.Client(timeout=30) as http:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                work(k, http)
                latencies[k].append((time.perf_counter() - t0) * 1000)
                counts[k] += 1

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - t0
    lat = sorted(x for row in latencies for x in row)
    p95 = lat[int(len(lat) * 0.95)]
    rate = sum(counts) / took
    print(
        f"{label}, {clients} clients: {rate:.0f} requests/s "
        f"(median {statistics.median(lat):.1f} ms, p95 {p95:.1f} ms)",
        flush=True,
    )


def concurrency(server: ServerProcess, db: str, st: Store, clients: int, seconds: float) -> None:
    syncer = Syncer(st)
    auth = syncer.client._headers()
    syncer.close()
    srv = open_store(db, migrate=False)
    with srv.begin() as s:
        codes = list(
            s.scalars(select(Dossier.code).where(Dossier.agency_code == OFFICE_A).limit(20000))
        )
    srv.close()
    rng = random.Random(1)

    def lookup(_k: int, http: httpx.Client) -> None:
        r = http.get(f"{server.url}/v1/dossiers/{rng.choice(codes)}", headers=auth)
        assert r.status_code == 200, r.text

    load("lookups", clients, seconds, lookup)
    devices = []
    for k in range(clients):
        r = httpx.post(
            server.url + "/v1/enroll",
            json={"code": new_code(db), "name": f"bench{k}", "first_seq": 1},
        )
        devices.append(r.json())
    with st.begin() as s:
        template = dossier_payload(s.scalars(select(Dossier).limit(1)).one())
        event = event_payload(
            s.scalars(select(DossierEvent).where(DossierEvent.from_status.is_(None)).limit(1)).one()
        )
    seqs = [0] * clients

    def push(k: int, http: httpx.Client) -> None:
        d = devices[k]
        per_day = 9999 // d["code_slots"]
        muts = []
        for _ in range(10):
            seqs[k] += 1
            n = seqs[k]
            day = date(2031, 1, 1) + timedelta(days=n // per_day)
            code = format_code(OFFICE_A, day, d["code_slot"] * per_day + 1 + n % per_day)
            payload = {"dossier": {**template, "code": code}, "event": event}
            muts.append(
                {"seq": n, "id": str(uuid.uuid4()), "kind": "dossier.event", "payload": payload}
            )
        r = http.post(
            f"{server.url}/v1/devices/{d['device_id']}/push",
            json={"mutations": muts},
            headers={"Authorization": f"Bearer {d['device_id']}.{d['secret']}"},
        )
        assert r.status_code == 200 and r.json()["applied"] == 10, r.text

    load("pushes of 10 receptions", clients, seconds, push)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=1_000_000, help="database size for step 3")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--pg", help="a PostgreSQL server URL (default: start a throw-away one)")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kiosk-bench-sync-"))
    cluster = None if args.pg else PgCluster()
    pg = args.pg or (cluster.url if cluster else "")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    db = pg.rsplit("/", 1)[0] + "/" + name
    setup = open_store(db)
    with setup.begin() as s:
        init_database(s, OFFICE_A, "UBND phường Quang Trung")
    setup.close()
    server = ServerProcess(db, base / "server")
    assert server.proc is not None
    WATCHED.append(server.proc.pid)
    if cluster is not None:
        WATCHED.append(int((cluster.data / "postmaster.pid").read_text().split()[0]))
    try:
        pc = new_pc(base, "pc", server.url, db)
        timed(
            f"prepare {N} receptions on the PC (bulk, not timed below)",
            lambda: fake_receptions(pc, N),
        )
        syncer = Syncer(pc)
        timed(f"1. push {N} receptions", syncer.push_pending, 5)
        syncer.pull()  # the PC sees its own receptions come back: not part of the figure
        taken = department_takes_all(db)
        pulled = timed(f"2. pull {taken} status changes", syncer.pull, 5)
        assert pulled >= taken, pulled
        syncer.close()
        empty_rounds(pc, f"{N} dossiers")
        timed(f"grow both sides by {args.dossiers} dossiers (not timed below)",
              lambda: grow(pc, db, args.dossiers))  # fmt: skip
        empty_rounds(pc, f"{args.dossiers + N} dossiers on each side")
        concurrency(server, db, pc, args.clients, args.seconds)
    finally:
        server.stop()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
