"""A province's load on one server (issue 15, item 8): idle long-polling PCs, pushes, lookups.

    .venv/bin/python tests/bench/bench_server_load.py [--pcs 0,100,300,1000] [--seconds 20]
        [--offices 50] [--workers 1] [--pg URL]

A real `kiosk server` process (plain HTTP: the transport is not what is measured) on a real
PostgreSQL (without --pg a throw-away cluster, fsync off, as the test suite makes). It enrolls
the PCs (spread over --offices offices, as communes of a province), keeps N of them
long-polling (`GET .../changes?wait=25`, raw sockets from other processes, 100 PCs per
loopback source address 127.0.0.x: the server caps 128 connections per address), and meanwhile
pushes 20 receptions a second (one dossier each, from 20 PCs of 20 offices) and looks up 200
dossiers a second. Prints, for each N: push and lookup latency p50/p99, the long polls the
server woke, and the CPU used by the server, PostgreSQL, the pushing and looking-up loop
("bench") and the polling PCs' processes ("PCs"). Every loop is bounded (--seconds per
level) and on loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402

from kiosk.domain.codes import format_code  # noqa: E402
from kiosk.server import auth  # noqa: E402
from kiosk.server.changes import head  # noqa: E402
from kiosk.server.run import open_server_store  # noqa: E402
from kiosk.services.setup import init_database  # noqa: E402

PER_ADDRESS = 100  # long-polling PCs per loopback source address (the server allows 128)
POLL_WAIT = 25


def office_codes(n: int) -> list[str]:
    """n agency codes of one province (000.17.22.H10, ...)."""
    return [f"000.17.{22 + i // 90:02d}.H{10 + i % 90:02d}" for i in range(n)]


@dataclass(frozen=True)
class Pc:
    device_id: str
    secret: str
    agency: str
    slot: int
    slots: int

    @property
    def bearer(self) -> str:
        return f"Bearer {self.device_id}.{self.secret}"


def prepare(
    url: str, offices: list[str], per_office: int, *, init: bool = True
) -> tuple[list[Pc], int]:
    """A migrated server database with these offices and per_office PCs each, enrolled as
    `POST /v1/enroll` does (kiosk.server.auth.enroll). Returns the PCs and the log's head.
    `init=False`: the database has its catalog already (the tests' template)."""
    store = open_server_store(url)
    pcs: list[Pc] = []
    try:
        with store.begin() as s:
            if init:
                init_database(s, offices[0], "UBND xã 0")
            for i, code in enumerate(offices[1 if init else 0 :], 1):
                auth.ensure_office(s, code, f"UBND xã {i}")
        for office in offices:
            with store.begin() as s:
                slots = min(99, per_office)
                codes = [auth.add_device_code(s, office, slots)[0] for _ in range(per_office)]
                for i, code in enumerate(codes):
                    e = auth.enroll(s, code, f"pc{i}", 1)
                    s.flush()
                    pcs.append(Pc(e.device.id, e.secret, office, e.device.code_slot, slots))
        with store.begin() as s:
            top = head(s)
    finally:
        store.close()
    return pcs, top


# -- long polls (in their own processes: the measuring loop stays responsive) ----------------


async def _poll_one(
    port: int, pc: Pc, src: str, since: int, until: float, seen: list[int], wait: int
) -> None:
    request = (
        f"GET /v1/devices/{pc.device_id}/changes?since={{}}&wait={wait} HTTP/1.1\r\n"
        f"Host: 127.0.0.1\r\nAuthorization: {pc.bearer}\r\n\r\n"
    )
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(src, 0))
        except OSError:
            seen[1] += 1
            await asyncio.sleep(1)
            continue
        try:
            while time.monotonic() < until:
                writer.write(request.format(since).encode())
                status = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length) if length else b""
                if not status.startswith(b"HTTP/1.1 200"):
                    seen[1] += 1
                    seen[2] += not status.startswith(b"HTTP/1.1 503")  # 503: busy, as designed
                    break
                since = int(json.loads(body)["cursor"])
                seen[0] += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            seen[1] += 1
        finally:
            writer.close()
        await asyncio.sleep(1)  # refused or cut: a PC waits before it tries again


def _pollers(
    port: int, pcs: list[Pc], first: int, since: int, seconds: float, out: Any, wait: int
) -> None:
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    seen = [0, 0, 0]  # answers, refusals or errors, answers other than 200 and 503

    async def main() -> None:
        until = time.monotonic() + seconds
        tasks = [
            asyncio.create_task(
                _poll_one(
                    port, pc, f"127.0.0.{2 + (first + i) // PER_ADDRESS}", since, until, seen, wait
                )
            )
            for i, pc in enumerate(pcs)
        ]
        await asyncio.wait(tasks, timeout=seconds)  # then stop, whatever is pending
        for task in tasks:
            task.cancel()

    asyncio.run(main())
    out.put(tuple(seen))


def start_pollers(
    port: int, pcs: list[Pc], first: int, since: int, seconds: float, wait: int = POLL_WAIT
) -> tuple[multiprocessing.Process, Any]:
    """A process keeping these PCs long-polling for `seconds`; then it puts (answers,
    refusals or errors, answers neither 200 nor 503) on the returned queue. `first`: the
    PCs' index, for their source address."""
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    args = (port, pcs, first, since, seconds, out, wait)
    proc = ctx.Process(target=_pollers, args=args, daemon=True)
    proc.start()
    return proc, out


# -- pushes and lookups -----------------------------------------------------------------------

_DOSSIER = {
    "procedure": "1.001570", "applicant_name": "Nguyễn Văn An", "applicant_id_number": None,
    "applicant_phone": None, "applicant_address": None, "applicant_email": None,
    "documents": [{"name": "Giấy đề nghị", "originals": 1, "copies": 0}], "sets": 1,
    "channel": "direct", "result_place": "Tại Bộ phận Một cửa", "new_due_at": None,
    "paused_at": None, "finished_at": None, "returned_at": None, "status": 2,
    "counter_number": 1, "received_by": "cb", "fee_mode": None, "fee_paid_vnd": None,
    "fee_note": None, "fee_receipt": None, "book_no": None, "book_line": None,
}  # fmt: skip


class Pusher:
    """One counter PC sending one reception per push, numbered in its own slot."""

    def __init__(self, pc: Pc) -> None:
        self.pc, self.seq, self.number = pc, 0, 0
        self.lock: asyncio.Lock | None = None  # a PC sends one push at a time, in order

    def body(self) -> tuple[str, dict[str, Any]]:
        self.seq += 1
        self.number += 1
        per_day = 9999 // self.pc.slots
        code = format_code(self.pc.agency, date.today(), self.pc.slot * per_day + self.number)
        at = time.strftime("%Y-%m-%dT%H:%M:%S")
        due = time.strftime("%Y-%m-%dT17:00:00")
        dossier = {
            **_DOSSIER, "code": code, "agency_code": self.pc.agency,
            "lookup_token": uuid.uuid4().hex[:8], "created_at": at, "received_at": at,
            "due_at": due, "original_due_at": due,
        }  # fmt: skip
        event = {
            "at": at, "recorded_at": at, "actor": "cb", "kind": "status", "from_status": None,
            "to_status": 2, "note": "Tiếp nhận hồ sơ", "agency_code": self.pc.agency,
            "counter_number": 1, "device_id": self.pc.device_id, "data": {"due_at": due},
        }  # fmt: skip
        mutation = {"seq": self.seq, "id": str(uuid.uuid4()), "kind": "dossier.event",
                    "payload": {"dossier": dossier, "event": event}}  # fmt: skip
        return code, {"mutations": [mutation]}


class RawClient:
    """HTTP/1.1 keep-alive over raw sockets: httpx's CPU per request would make the measuring
    process, not the server, the bottleneck on two cores."""

    def __init__(self, port: int, src: str, size: int = 100) -> None:
        self.port, self.src = port, src
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(size)

    async def request(
        self, method: str, path: str, auth: str, body: bytes = b""
    ) -> tuple[int, bytes]:
        async with self.slots:
            if self.idle:
                reader, writer = self.idle.pop()
            else:
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", self.port, local_addr=(self.src, 0)
                )
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            try:
                writer.write(head.encode() + body)
                status = await reader.readline()
                length, close = 0, False
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    low = line.lower()
                    if low.startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                    close = close or low.startswith(b"connection: close")
                data = await reader.readexactly(length) if length else b""
            except (OSError, asyncio.IncompleteReadError):
                writer.close()
                return 599, b""
            if close:
                writer.close()
            else:
                self.idle.append((reader, writer))
            return int(status.split()[1]), data

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def push_once(client: RawClient, pusher: Pusher) -> tuple[float, str | None]:
    """The time from the push being due to its answer (a wait behind the PC's previous push
    counts: it is what the clerk would wait)."""
    t0 = time.perf_counter()
    assert pusher.lock is not None
    async with pusher.lock:
        code, body = pusher.body()
        status, data = await client.request(
            "POST", f"/v1/devices/{pusher.pc.device_id}/push", pusher.pc.bearer,
            json.dumps(body).encode(),
        )  # fmt: skip
    took = (time.perf_counter() - t0) * 1000
    ok = status == 200 and not json.loads(data).get("rejected")
    if not ok:
        print(f"push refused: {status} {data[:200]!r}", file=sys.stderr)
    return took, code if ok else None


async def lookup_once(client: RawClient, pc: Pc, code: str) -> tuple[float, bool]:
    t0 = time.perf_counter()
    status, data = await client.request("GET", f"/v1/dossiers/{code}", pc.bearer)
    if status != 200:
        print(f"lookup refused: {status} {data[:200]!r}", file=sys.stderr)
    return (time.perf_counter() - t0) * 1000, status == 200


@dataclass
class Figures:
    push: list[float]
    lookup: list[float]
    errors: int


async def drive(
    port: int, pushers: list[Pusher], codes: dict[str, list[str]], seconds: float,
    push_rate: float = 20.0, lookup_rate: float = 200.0,
) -> Figures:  # fmt: skip
    """Open loop: requests start on schedule whether or not earlier ones have answered."""
    figures = Figures([], [], 0)
    for p in pushers:
        p.lock = asyncio.Lock()  # of this event loop
    by_office = {p.pc.agency: p.pc for p in pushers}
    rng = random.Random(7)
    client = RawClient(port, "127.0.0.250")
    try:
        tasks: list[asyncio.Task[None]] = []

        async def one_push(p: Pusher) -> None:
            took, code = await push_once(client, p)
            figures.push.append(took)
            if code is None:
                figures.errors += 1
            else:
                codes[p.pc.agency].append(code)

        async def one_lookup() -> None:
            office = rng.choice(list(by_office))
            if not codes[office]:
                return
            took, ok = await lookup_once(client, by_office[office], rng.choice(codes[office]))
            figures.lookup.append(took)
            figures.errors += not ok

        loop = asyncio.get_running_loop()
        start = loop.time()
        n_push = n_look = 0
        while (now := loop.time() - start) < seconds:
            while n_push < now * push_rate:
                tasks.append(asyncio.create_task(one_push(pushers[n_push % len(pushers)])))
                n_push += 1
            while n_look < now * lookup_rate:
                tasks.append(asyncio.create_task(one_lookup()))
                n_look += 1
            await asyncio.sleep(0.005)
        await asyncio.gather(*tasks)
    finally:
        client.close()
    return figures


# -- CPU of the server and of PostgreSQL ---------------------------------------------------------


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children (uvicorn's workers, PostgreSQL's backends)."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return _cpu(pid) + sum(tree_cpu(int(c)) for c in out.stdout.split())


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def postmaster_pid(url: str) -> int:
    with psycopg.connect(url) as c:
        row = c.execute("SELECT pid FROM pg_stat_activity LIMIT 0").fetchone()
        data = c.execute("SHOW data_directory").fetchone()
    del row
    assert data is not None
    return int(Path(str(data[0]), "postmaster.pid").read_text().split()[0])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pcs", default="0,100,300,1000", help="long-polling PCs at each level")
    ap.add_argument("--seconds", type=float, default=20.0, help="measured seconds per level")
    ap.add_argument("--offices", type=int, default=50)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--pg", help="a PostgreSQL URL (default: a throw-away cluster)")
    ap.add_argument("--push-rate", type=float, default=20.0, help="pushes a second")
    ap.add_argument("--lookup-rate", type=float, default=200.0, help="lookups a second")
    args = ap.parse_args()
    levels = [int(x) for x in args.pcs.split(",")]
    from tests.integration.test_sync_processes import PgCluster, ServerProcess

    cluster = None if args.pg else PgCluster()
    admin = args.pg or (cluster.url if cluster else "")
    name = f"load_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + "/" + name
    server = None
    procs: list[tuple[multiprocessing.Process, Any]] = []
    try:
        offices = office_codes(args.offices)
        per_office = -(-max(levels) // args.offices) + 1  # + the pushing PC of some offices
        t0 = time.perf_counter()
        pcs, top = prepare(url, offices, per_office)
        pushers = [Pusher(pc) for pc in pcs[per_office - 1 :: per_office][:20]]
        pollers = [pc for pc in pcs if pc not in {p.pc for p in pushers}]
        print(f"enrolled {len(pcs)} PCs in {len(offices)} offices: "
              f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
        home = Path(tempfile.mkdtemp(prefix="kiosk-load-"))
        wargs = ("--workers", str(args.workers)) if args.workers > 1 else ()
        server = ServerProcess(url, home, args=wargs)
        base = server.url
        pg_pid = postmaster_pid(url)
        codes: dict[str, list[str]] = {p.pc.agency: [] for p in pushers}
        asyncio.run(drive(server.port, pushers, codes, 3.0))  # warm-up: dossiers to look up
        with psycopg.connect(url) as c:
            row = c.execute("SELECT value FROM sync_clock WHERE id = 1").fetchone()
            since = int(row[0]) if row else top
        print(f"load average before: {os.getloadavg()}", flush=True)
        print(f"{'PCs':>5} {'waiting':>7} {'push p50':>9} {'p99':>7} {'lookup p50':>11} "
              f"{'p99':>7} {'pushes':>6} {'lookups':>7} {'errors':>6} {'woken':>6} "
              f"{'server CPU':>10} {'PG CPU':>7} {'bench':>6} {'PCs':>7} load",
              flush=True)  # fmt: skip
        running = 0
        total = sum(args.seconds + 30 for _ in levels) + 60
        for n in levels:
            if n > running:
                more = pollers[running:n]
                procs.append(start_pollers(server.port, more, running, since, total))
                running = n
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    h = httpx.get(base + "/v1/health", timeout=10).json()
                    if h.get("waiting", 0) >= n or args.workers > 1:
                        break
                    time.sleep(0.5)
                time.sleep(2 if args.workers == 1 else 10)
            h0 = httpx.get(base + "/v1/health", timeout=10).json()
            assert server.proc is not None
            s0, p0, w0 = tree_cpu(server.proc.pid), tree_cpu(pg_pid), time.perf_counter()
            q0 = sum(_cpu(proc.pid or 0) for proc, _ in procs)  # the polling PCs' processes
            c0 = sum(os.times()[:2])
            fig = asyncio.run(
                drive(server.port, pushers, codes, args.seconds, args.push_rate, args.lookup_rate)
            )
            mine = sum(os.times()[:2]) - c0
            wall = time.perf_counter() - w0
            s1, p1 = tree_cpu(server.proc.pid), tree_cpu(pg_pid)
            pcs_cpu = sum(_cpu(proc.pid or 0) for proc, _ in procs) - q0
            h1 = httpx.get(base + "/v1/health", timeout=10).json()
            print(
                f"{n:>5} {h0.get('waiting', 0):>7} {_median(fig.push):>7.1f}ms "
                f"{pct(fig.push, 0.99):>5.0f}ms {_median(fig.lookup):>9.1f}ms "
                f"{pct(fig.lookup, 0.99):>5.0f}ms {len(fig.push):>6} {len(fig.lookup):>7} "
                f"{fig.errors:>6} {h1.get('woken', 0) - h0.get('woken', 0):>6} "
                f"{100 * (s1 - s0) / wall:>9.0f}% {100 * (p1 - p0) / wall:>6.0f}% "
                f"{100 * mine / wall:>5.0f}% {100 * pcs_cpu / wall:>6.0f}% "
                f"{os.getloadavg()[0]:.2f}",
                flush=True,
            )
        print(f"load average after: {os.getloadavg()}", flush=True)
    finally:
        for proc, _ in procs:
            proc.terminate()
        if server is not None:
            server.stop()
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
