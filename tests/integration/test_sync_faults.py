"""Crashes and losses (issue 5, scenarios 1, 2, 4, 5), with real processes and SIGKILL.

Each test ends with `assert_drained`: every PC pushed and pulled everything, every dossier and
ticket exists exactly once on the server, and every PC's copy equals the server's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from kiosk.services.context import get_setting
from kiosk.store import cipher
from kiosk.store.db import open_store
from kiosk.store.models import Dossier
from kiosk.sync.client import Offline
from kiosk.sync.outbox import pending_count
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import (
    OFFICE_A,
    PC,
    ServerThread,
    assert_drained,
    enroll,
    server_template,
)
from tests.integration.test_sync_processes import PgCluster, Proxy, ServerProcess

server, server_db, plain_server = harness.server, harness.server_db, harness.plain_server
pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def kiosk(home: Path, *args: str, db: str | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, KIOSK_HOME=str(home))
    env.pop("KIOSK_DB", None)
    cmd = [sys.executable, "-m", "kiosk.cli", *(["--db", db] if db else []), *args]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def kj(home: Path, *args: str, db: str | None = None) -> dict[str, Any]:
    proc = kiosk(home, *args, "--json", db=db)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.count("\n") == 1, out
    return json.loads(out)  # type: ignore[no-any-return]


def server_dossiers(db: str) -> int:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)
    finally:
        st.close()


def pending(pc: PC) -> int:
    with pc.store.begin() as s:
        return pending_count(s)


def test_cli_round_trip_a_client_killed_before_the_ack_and_a_server_killed_mid_batch(
    server_db: str, tmp_path: Path
) -> None:
    srv = ServerProcess(server_db, tmp_path / "server")
    proxy = Proxy(srv.port)
    try:
        home = tmp_path / "pc"
        code = kj(home, "server", "add-device", "--office", OFFICE_A, db=server_db)["code"]
        device = kj(home, "enroll", "--server", proxy.url, "--code", code)["device_id"]
        first = kj(home, "sync", "--once")
        assert (first["pushed"], first["pending"]) == (0, 0) and first["pulled"] >= 3
        pc = PC("pc", open_store(f"sqlite:///{home / 'kiosk.sqlite3'}"), device, proxy.url)
        pc.receive(30)

        # 1. The server commits the batch, the answer is held, the client dies (SIGKILL).
        proxy.mode = "hold"
        proc = kiosk(home, "sync", "--once", "--json")
        assert proxy.answered.wait(60), "the push never reached the server"
        proc.kill()
        proc.wait(10)
        proxy.released.set()
        proxy.mode = "pass"
        assert server_dossiers(server_db) == 30 and pending(pc) == 30
        again = kj(home, "sync", "--once")
        assert (again["pushed"], again["pending"], again["rejected"]) == (30, 0, 0)

        # 2. The server process dies in the middle of a batch: applied, not committed.
        pc.receive(40)
        lock = psycopg.connect(server_db)
        lock.execute("SELECT value FROM sync_clock WHERE id = 1 FOR UPDATE")  # stalls the push
        failures: list[BaseException] = []

        def push() -> None:
            try:
                pc.sync()
            except Offline as exc:
                failures.append(exc)

        pusher = threading.Thread(target=push)
        pusher.start()
        _wait_for_lock_wait(server_db)
        srv.kill()
        lock.rollback()
        lock.close()
        pusher.join(30)
        assert failures and server_dossiers(server_db) == 30
        srv.start()
        assert pc.sync().pushed == 40
        assert_drained(server_db, [pc])
        pc.store.close()
    finally:
        proxy.close()
        srv.stop()


def _wait_for_lock_wait(db: str) -> None:
    name = db.rsplit("/", 1)[1]
    with psycopg.connect(db, autocommit=True) as c:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            row = c.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = "
                "'Lock'",
                (name,),
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the push never reached the stamp")


def _write_locked(path: Path) -> bool:
    conn = cipher.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except cipher.dbapi.OperationalError:
        return True
    finally:
        conn.close()


def test_lost_answers_and_a_crash_while_applying_a_pulled_page(
    plain_server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    proxy = Proxy(plain_server.port)  # plain HTTP: the proxy reads the requests
    try:
        a = enroll(tmp_path, "a", proxy.url, server_db)
        b = enroll(tmp_path, "b", proxy.url, server_db)
        a.receive(20)

        # 4. The server committed, the answer is lost on the way back.
        proxy.mode = "drop"
        with pytest.raises(Offline):
            a.sync()
        assert server_dossiers(server_db) == 20 and pending(a) == 20
        with b.store.begin() as s:
            cursor = get_setting(s, "sync_cursor")
        with pytest.raises(Offline):
            b.sync()  # a pulled page lost: the cursor stays
        with b.store.begin() as s:
            assert get_setting(s, "sync_cursor") == cursor
        proxy.mode = "pass"
        assert a.sync().pushed == 20
        assert b.sync().pulled == 20

        # 5. The PC is killed while it applies a pulled page.
        a.receive(250)
        a.sync()
        db_file = tmp_path / "b" / "kiosk.sqlite3"
        with b.store.begin() as s:
            cursor = get_setting(s, "sync_cursor")
        proxy.forwarded.clear()
        proc = kiosk(tmp_path / "b", "--db", f"sqlite:///{db_file}", "sync", "--once")
        killed = False
        while proc.poll() is None:
            if any("/changes" in line for line in proxy.forwarded) and _write_locked(db_file):
                proc.kill()
                killed = True
                break
        proc.wait(10)
        assert killed, proc.communicate()
        with b.store.begin() as s:
            count = s.scalar(select(func.count()).select_from(Dossier))
            moved = get_setting(s, "sync_cursor") != cursor
        assert (count, moved) in ((20, False), (270, True)), "a page is applied whole or not at all"
        assert_drained(server_db, [a, b])
    finally:
        proxy.close()


def test_postgres_restarted_during_a_push_loop(tmp_path: Path) -> None:
    cluster = PgCluster()
    try:
        template = server_template(cluster.url)
        with psycopg.connect(cluster.url, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "office" TEMPLATE "{template}"')
        db = cluster.url.rsplit("/", 1)[0] + "/office"
        with ServerThread(db) as srv:
            pc = enroll(tmp_path, "a", srv.url, db)
            failures: list[str] = []
            done = threading.Event()

            def loop() -> None:
                while not done.is_set():
                    pc.receive(3)
                    try:
                        pc.sync()
                    except Offline as exc:
                        failures.append(str(exc))
                        time.sleep(0.05)

            worker = threading.Thread(target=loop)
            worker.start()
            time.sleep(0.5)
            cluster.restart()
            time.sleep(1.0)
            done.set()
            worker.join(60)
            assert failures, "the restart should have been felt by at least one push"
            assert any("unavailable" in f or "cannot reach" in f for f in failures)
            assert_drained(db, [pc])
    finally:
        cluster.stop()


def test_postgres_killed_immediately_mid_push_and_a_half_open_connection(tmp_path: Path) -> None:
    """Issue 15: PostgreSQL dies (pg_ctl -m immediate) while a PC pushes, and a connection whose
    other end stops answering (the proxy holds the server's answer): nothing is lost and
    nothing is applied twice."""
    cluster = PgCluster()
    try:
        template = server_template(cluster.url)
        with psycopg.connect(cluster.url, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "office" TEMPLATE "{template}"')
        db = cluster.url.rsplit("/", 1)[0] + "/office"
        with ServerThread(db, tls=False) as srv:  # plain: the proxy below reads the requests
            pc = enroll(tmp_path, "a", srv.url, db)
            failures: list[str] = []
            done = threading.Event()

            def loop() -> None:
                while not done.is_set():
                    pc.receive(5)
                    try:
                        pc.sync()
                    except Offline as exc:
                        failures.append(str(exc))
                        time.sleep(0.05)

            worker = threading.Thread(target=loop)
            worker.start()
            time.sleep(0.5)
            cluster.crash_and_start()
            time.sleep(1.0)
            done.set()
            worker.join(60)
            assert failures, "the crash should have been felt by at least one push"
            assert_drained(db, [pc])

            # A half-open connection: the answer never comes back; the PC gives up, tries again.
            proxy = Proxy(srv.port)
            try:
                pc.server_url = proxy.url
                with pc.store.begin() as s:
                    from kiosk.services.context import set_setting

                    set_setting(s, "sync_server", proxy.url)
                codes = pc.receive(4)
                proxy.mode = "hold"
                syncer = pc.syncer()
                syncer.client.timeout = 2.0
                with pytest.raises(Offline, match="did not answer in time"):
                    syncer.push_pending()
                syncer.close()
                assert proxy.answered.is_set()  # the server did apply it; the PC never heard
                proxy.mode = "pass"
                report = pc.sync()
                assert report.pending == 0 and report.pushed == 4
            finally:
                proxy.close()
            with pc.store.begin() as s:
                set_setting(s, "sync_server", srv.url)
            srv_codes = server_codes(db)
            assert set(codes) <= srv_codes
            assert_drained(db, [pc])  # each mutation once on the server
    finally:
        cluster.stop()


def server_codes(db: str) -> set[str]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return set(s.scalars(select(Dossier.code)))
    finally:
        st.close()
