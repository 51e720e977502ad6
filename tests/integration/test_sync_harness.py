"""What the server and sync tests share: real servers, counters, a lossy proxy, the drain check.

- `server_db`: a fresh PostgreSQL database per test, cloned from a migrated template that has
  office A (000.17.22.H56, services HT and DD, counters 1-3) and office B (000.17.22.H57).
- `ServerThread`: the real app under uvicorn in a thread, on an ephemeral loopback port.
(Real server processes, a PostgreSQL cluster of one's own and a lossy proxy are in
test_sync_processes.py.)
- `assert_drained`: every PC pushed and pulled everything; each dossier and ticket exists once
  on the server, and every PC's copy equals the server's.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
import uuid
import zlib
from collections import Counter as Multiset
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk.server.app import create_app
from kiosk.server.auth import add_device_code
from kiosk.server.run import ServeOptions, open_server_store, publish_ca, uvicorn_config
from kiosk.services.context import Actor, get_setting, now
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.setup import add_counter, add_service, init_database
from kiosk.store.db import Store, open_store
from kiosk.store.models import Dossier, DossierEvent, Outbox, Procedure, Service, Ticket
from kiosk.store.server_models import EventRef
from kiosk.sync.engine import Syncer, enroll_pc
from tests.dbfiles import copy_database

ROOT = Path(__file__).resolve().parents[2]
OFFICE_A = "000.17.22.H56"
OFFICE_B = "000.17.22.H57"
PROCEDURE = "1.001570"  # in the bundled catalog
_template_lock = threading.Lock()
_templates: dict[str, str] = {}


def _admin(pg_server: str) -> psycopg.Connection[Any]:
    return psycopg.connect(pg_server, autocommit=True)


def _url(pg_server: str, name: str) -> str:
    return pg_server.rsplit("/", 1)[0] + "/" + name


def server_template(pg_server: str) -> str:
    """A migrated server database with two offices; cloned (fast) for each test."""
    with _template_lock:
        if pg_server in _templates:
            return _templates[pg_server]
        name = f"kiosk_tmpl_{os.getpid()}"
        with _admin(pg_server) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}"')
        store = open_server_store(_url(pg_server, name))
        with store.begin() as s:
            init_database(s, OFFICE_A, "UBND phường Quang Trung")
            ht = add_service(s, "HT", "Hộ tịch – Chứng thực", "A", ["Hộ tịch", "Chứng thực"])
            dd = add_service(s, "DD", "Đất đai", "B", ["Đất đai"])
            add_counter(s, 1, [ht])
            add_counter(s, 2, [ht, dd])
            add_counter(s, 3, [dd])
        with store.begin() as s:
            from kiosk.server.auth import ensure_office

            ensure_office(s, OFFICE_B, "UBND phường Tân Lập")
        store.close()
        _templates[pg_server] = name
        return name


@pytest.fixture
def server_db(pg_server: str) -> Iterator[str]:
    template = server_template(pg_server)
    name = f"srv_{os.getpid()}_{time.monotonic_ns() % 10**12}"
    with _admin(pg_server) as c:
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield _url(pg_server, name)
    with _admin(pg_server) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_tls_home: list[Path] = []


def tls_home_for_tests() -> Path:
    """One CA for the test process's servers (as `kiosk server` makes one on first start).
    Plain httpx calls in tests check the server against it: SSL_CERT_FILE names it."""
    if not _tls_home:
        from kiosk.server.tls import ensure_tls

        home = Path(tempfile.mkdtemp(prefix="kiosk-test-tls-"))
        files = ensure_tls(home)
        os.environ["SSL_CERT_FILE"] = str(home / "tls" / "ca.pem")
        assert files.ca_pem
        _tls_home.append(home)
    return _tls_home[0]


class ServerThread:
    """The real app under uvicorn, in this process: TLS with its own CA, as `kiosk server`
    (the PCs enroll with a pinned code); `tls=False` for the tests that put a plain-HTTP
    proxy in front of it."""

    def __init__(
        self, db_url: str, *, housekeeping: bool = False, port: int = 0, tls: bool = True
    ) -> None:
        self.store = open_server_store(db_url)
        opts = ServeOptions(tls_home=tls_home_for_tests() if tls else None)
        publish_ca(self.store, opts)
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
        # and without it every answer waits ~40 ms for a delayed ACK (Nagle).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart on its port
        sock.bind(("127.0.0.1", port))
        self.port = int(sock.getsockname()[1])
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        config = uvicorn_config(
            create_app(self.store, housekeeping=housekeeping), opts, "warning"
        )
        config.timeout_graceful_shutdown = 1
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.store.close()

    def __enter__(self) -> ServerThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture
def server(server_db: str) -> Iterator[ServerThread]:
    with ServerThread(server_db) as srv:
        yield srv


@pytest.fixture
def plain_server(server_db: str) -> Iterator[ServerThread]:
    """Plain HTTP: for a test that puts the lossy proxy (plain TCP) in front of it."""
    with ServerThread(server_db, tls=False) as srv:
        yield srv


# -- counters (PCs) -------------------------------------------------------------------------------

_client_template: dict[str, Path] = {}


def client_store(path: Path) -> Store:
    """A new, empty, migrated local SQLite database (copied from a template: fast)."""
    if "db" not in _client_template:
        tmpl = Path(tempfile.mkdtemp(prefix="kiosk-client-tmpl-")) / "client.sqlite3"
        if not tmpl.exists():
            st = open_store(f"sqlite:///{tmpl}")
            with st.begin() as s:  # as `kiosk init` leaves a new PC: bundled catalog, calendar
                init_database(s)
            st.close()  # the last close folds the WAL into the file
        _client_template["db"] = tmpl
    path.parent.mkdir(parents=True, exist_ok=True)
    copy_database(_client_template["db"], path)
    return open_store(f"sqlite:///{path}")


def record_unchecked(session: Session, kind: str, payload: Any) -> None:
    """An outbox row as an older PC (before kiosk.wire's checks) or a newer one may have it."""
    session.add(
        Outbox(mutation_id=str(uuid.uuid4()), kind=kind, payload=payload, created_at=now())
    )


def new_code(db_url: str, office: str = OFFICE_A) -> str:
    st = open_store(db_url, migrate=False)
    try:
        with st.begin() as s:
            code, _ = add_device_code(s, office)
        return code
    finally:
        st.close()


@dataclass
class PC:
    """An enrolled counter PC: its database, its sync, and a way to receive dossiers."""

    name: str
    store: Store
    device_id: str
    server_url: str

    def syncer(self, http: httpx.Client | None = None) -> Syncer:
        return Syncer(self.store, http=http, timeout=10)

    def sync(self, http: httpx.Client | None = None) -> Any:
        syncer = self.syncer(http)
        try:
            return syncer.sync_once()
        finally:
            syncer.close()

    def receive(self, n: int, at: datetime | None = None, counter: int = 1) -> list[str]:
        codes = []
        with self.store.begin() as s:
            for i in range(n):
                intake = Intake(PROCEDURE, Applicant(person(f"{self.name}{i}")))
                d = receive_dossier(
                    s, intake, Actor(f"clerk-{self.name}", counter, self.device_id), at
                )
                codes.append(d.code)
        return codes


_GIVEN = "An Bình Chi Dũng Giang Hà Hải Hạnh Hùng Lan Linh Minh Nam Ngọc Phúc Quân Sơn Thảo".split()


def person(seed: str) -> str:
    """A valid (digit-free) Vietnamese name that differs with the seed."""
    h, n = zlib.crc32(seed.encode()), len(_GIVEN)
    return "Nguyễn " + " ".join(_GIVEN[(h // n**k) % n] for k in range(3))


def enroll(tmp_path: Path, name: str, server_url: str, db_url: str, office: str = OFFICE_A) -> PC:
    store = client_store(tmp_path / name / "kiosk.sqlite3")
    info = enroll_pc(store, server_url, new_code(db_url, office), name=name)
    pc = PC(name, store, info["device_id"], server_url)
    pc.sync()
    return pc


def officer(db_url: str, server_url: str, agency: str = OFFICE_A) -> dict[str, str]:
    """A signed-in department officer of the agency: the headers of its requests."""
    from kiosk.services.admin_staff import add_staff
    from kiosk.store.models import Agency, Department, Field, Staff

    st = open_store(db_url, migrate=False)
    name = f"cv{zlib.crc32(agency.encode())}"
    try:
        with st.begin() as s:
            if s.scalar(select(Staff).where(Staff.username == name)) is None:
                agency_id = s.scalar(select(Agency.id).where(Agency.code == agency))
                dept = Department(agency_id=agency_id, code=f"TP-{agency}", name="Phòng Tư pháp")
                s.add(dept)
                s.flush()
                add_staff(
                    s, name, "Hoàng Văn Đức", "department", "motcua123",
                    office=agency, department=dept.code,
                )  # fmt: skip
                # The server keeps an officer to the fields of the department (issue 15).
                field_id = s.scalar(select(Procedure.field_id).where(Procedure.code == PROCEDURE))
                s.execute(update(Field).where(Field.id == field_id).values(department_id=dept.id))
    finally:
        st.close()
    r = httpx.post(server_url + "/v1/staff/login", json={"username": name, "password": "motcua123"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


# -- the drain check ------------------------------------------------------------------------------

_ROW = ("agency_code", "applicant_name", "applicant_id_number", "applicant_phone",
        "applicant_address", "documents", "sets", "channel", "result_place", "created_at",
        "received_at", "due_at", "original_due_at", "paused_at", "finished_at", "returned_at",
        "status", "counter_number", "received_by", "lookup_token", "device_id")  # fmt: skip
_TICKET = ("label", "priority", "status", "arrived_at", "issued_at", "called_at", "served_at",
           "finished_at", "counter_number", "clerk", "call_count", "target_counter",
           "dossier_code")  # fmt: skip


@dataclass
class Snapshot:
    dossiers: dict[str, tuple[Any, ...]]
    events: Multiset[tuple[Any, ...]]  # (code, ref, at, actor, kind, to_status, note)
    unreferenced: Multiset[str]  # dossier codes of events without a global reference
    tickets: dict[tuple[str, str, int], tuple[Any, ...]]


def snapshot(store: Store, agency: str | None = None) -> Snapshot:
    with store.begin() as s:
        q = select(Dossier, Procedure.code).join(Procedure)
        if agency:
            q = q.where(Dossier.agency_code == agency)
        dossiers = {d.code: (proc, *(getattr(d, f) for f in _ROW)) for d, proc in s.execute(q)}
        events: Multiset[tuple[Any, ...]] = Multiset()
        unref: Multiset[str] = Multiset()
        rows = s.execute(
            select(Dossier.code, EventRef.ref, DossierEvent)
            .join(Dossier, Dossier.id == DossierEvent.dossier_id)
            .outerjoin(EventRef, EventRef.event_id == DossierEvent.id)
        )
        for code, ref, e in rows:
            if code not in dossiers:
                continue
            if ref is None:
                unref[code] += 1
            else:
                events[(code, ref, e.at, e.actor, e.kind, e.to_status, e.note)] += 1
        services = {svc.id: svc.code for svc in s.scalars(select(Service))}
        if agency:
            from kiosk.server.auth import office_of

            office_id = office_of(s, agency).id
            services = {
                svc.id: svc.code
                for svc in s.scalars(select(Service).where(Service.office_id == office_id))
            }
        tickets = {
            (services[t.service_id], t.day.isoformat(), t.number): (
                services.get(t.queue_service_id),  # where it waits (after a transfer)
                services.get(t.transferred_from) if t.transferred_from else None,
                *(getattr(t, f) for f in _TICKET),
            )
            for t in s.scalars(select(Ticket).where(Ticket.service_id.in_(list(services))))
        }
    return Snapshot(dossiers, events, unref, tickets)


def drain(pcs: list[PC], rounds: int = 5) -> None:
    """Sync every PC until nobody pushes or pulls anything."""
    for _ in range(rounds):
        moved = 0
        for pc in pcs:
            report = pc.sync()
            moved += report.pushed
            assert report.pending == 0, f"{pc.name} still has {report.pending} to push"
        quiet = all(pc.sync().pulled == 0 for pc in pcs)
        if moved == 0 and quiet:
            return
    raise AssertionError("sync did not settle")


def rejected_dossier_codes(pc: PC) -> set[str]:
    with pc.store.begin() as s:
        return {
            str(p["dossier"]["code"])
            for p in s.scalars(
                select(Outbox.payload).where(
                    Outbox.kind == "dossier.event", Outbox.rejected.is_not(None)
                )
            )
        }


def assert_drained(server_db: str, pcs: list[PC], agency: str = OFFICE_A) -> Snapshot:
    """The end of every scenario: nothing left anywhere, each thing once, copies equal."""
    drain(pcs)
    st = open_store(server_db, migrate=False)
    try:
        srv = snapshot(st, agency)
        with st.begin() as s:
            refs = s.scalar(select(func.count()).select_from(EventRef))
            events = s.scalar(select(func.count()).select_from(DossierEvent))
            relayed = s.scalar(
                select(func.count()).select_from(Outbox).where(Outbox.acked.is_(False))
            )
        assert refs == events, "every event on the server has its global reference"
        assert relayed == 0, "the server's own outbox is empty or relayed"
        for pc in pcs:
            mine = snapshot(pc.store)
            refused = rejected_dossier_codes(pc)
            extra = set(mine.dossiers) - set(srv.dossiers)
            assert extra <= refused, f"{pc.name} has dossiers the server lacks: {extra - refused}"
            assert set(srv.dossiers) <= set(mine.dossiers), f"{pc.name} lacks dossiers"
            for code, row in srv.dossiers.items():
                assert mine.dossiers[code] == row, f"{pc.name}: {code} differs from the server"
            shared = Multiset({k: v for k, v in mine.events.items() if k[0] in srv.dossiers})
            assert shared == srv.events, f"{pc.name}: events differ from the server's"
            assert set(mine.unreferenced) <= refused, f"{pc.name}: unexplained local events"
            assert mine.tickets == srv.tickets, f"{pc.name}: tickets differ from the server's"
            _assert_each_mutation_once(st, pc)
        return srv
    finally:
        st.close()


def _assert_each_mutation_once(server: Store, pc: PC) -> None:
    with pc.store.begin() as s:
        applied = set(
            s.scalars(
                select(Outbox.mutation_id).where(
                    Outbox.kind == "dossier.event", Outbox.acked, Outbox.rejected.is_(None)
                )
            )
        )
    with server.begin() as s:
        found = Multiset(s.scalars(select(EventRef.ref).where(EventRef.ref.in_(applied))))
    assert set(found) == applied and all(n == 1 for n in found.values())


# -- self-tests of the harness --------------------------------------------------------------------


pytestmark = pytest.mark.postgres


def test_enrolled_pc_gets_the_office_configuration(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    with pc.store.begin() as s:
        assert get_setting(s, "agency_code") == OFFICE_A
        assert {svc.code for svc in s.scalars(select(Service))} == {"HT", "DD"}
        assert s.scalar(select(func.count()).select_from(Procedure)) >= 30
    assert assert_drained(server_db, [pc]).dossiers == {}
