"""TLS by default (issue 15, item 4): `kiosk server` makes the office's own CA on first start,
the enrollment code pins it, and PCs talk to that server alone over TLS. Real processes, real
TLS on loopback, PostgreSQL."""

from __future__ import annotations

import json
import os
import socket
import ssl
import stat
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from kiosk.store.db import open_store
from kiosk.sync.client import SyncError
from kiosk.wire.pin import fingerprint_pin, join_code, split_code
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
from tests.integration.test_sync_harness import OFFICE_A, PC, client_store
from tests.integration.test_sync_processes import ServerProcess

server_db = harness.server_db  # fixture
pytestmark = pytest.mark.postgres


def add_device(tmp_path: Path, db: str) -> str:
    out = kiosk(tmp_path, "--db", db, "server", "add-device", "--office", OFFICE_A, "--json")
    return str(json.loads(out.stdout)["code"])


def test_first_start_makes_a_ca_the_code_pins_it_and_sync_runs_over_tls(
    server_db: str, tmp_path: Path
) -> None:
    srv = ServerProcess(server_db, tmp_path / "server", tls=True)
    try:
        tls = tmp_path / "server" / "tls"
        ca_pem = (tls / "ca.pem").read_text()
        assert stat.S_IMODE(os.stat(tls / "ca.key").st_mode) == 0o600
        code = add_device(tmp_path, server_db)
        one_time, pin = split_code(code)
        assert len(one_time) == 12 and pin == fingerprint_pin(ca_pem)
        # The CLI of the PC, given the server as http://: the pinned code takes it to https.
        pc_home = tmp_path / "pc"
        kiosk(pc_home, "init", "--agency-code", OFFICE_A)
        plain_url = srv.url.replace("https://", "http://")
        kiosk(pc_home, "enroll", "--server", plain_url, "--code", code, "--name", "quay-1")
        store = open_store(f"sqlite:///{pc_home / 'kiosk.sqlite3'}", migrate=False)
        try:
            with store.begin() as s:
                settings = dict(s.execute(text("SELECT key, value FROM setting")).all())
            assert settings["sync_server"].startswith("https://")
            assert settings["sync_ca_pem"] == ca_pem
            pc = PC("quay-1", store, settings["device_id"], settings["sync_server"])
            [code_a] = pc.receive(1)
            report = pc.sync()
            assert (report.pushed, report.pending) == (1, 0)
        finally:
            store.close()
        st = open_store(server_db, migrate=False)
        try:
            with st.begin() as s:
                assert list(s.scalars(text("SELECT code FROM dossier"))) == [code_a]
        finally:
            st.close()
        # Plain HTTP to the TLS port gets no HTTP answer; TLS checked against the CA works.
        with pytest.raises(httpx.HTTPError):
            httpx.get(plain_url + "/v1/health", timeout=3)
        ctx = ssl.create_default_context(cadata=ca_pem)
        ctx.check_hostname = False
        assert httpx.get(srv.url + "/v1/health", verify=ctx).json()["ok"]
        with pytest.raises(httpx.ConnectError):  # the system's CAs do not know this server
            httpx.get(srv.url + "/v1/health", timeout=3)
        # A restart keeps the same CA: enrolled PCs keep working.
        srv.stop()
        srv.start()
        assert (tls / "ca.pem").read_text() == ca_pem
        assert fingerprint_pin(ca_pem) == split_code(add_device(tmp_path, server_db))[1]
    finally:
        srv.stop()


def test_a_server_that_is_not_the_one_of_the_code_is_refused(
    server_db: str, pg_server: str, tmp_path: Path
) -> None:
    from kiosk.sync.engine import enroll_pc

    srv = ServerProcess(server_db, tmp_path / "server", tls=True)
    store = client_store(tmp_path / "pc" / "kiosk.sqlite3")
    try:
        one_time, pin = split_code(add_device(tmp_path, server_db))
        assert pin is not None
        forged = join_code(one_time, ("A" if pin[0] != "A" else "B") + pin[1:])
        with pytest.raises(SyncError, match="does not hold the certificate"):
            enroll_pc(store, srv.url, forged)
        with store.begin() as s:  # nothing kept
            assert not s.execute(text("SELECT value FROM setting WHERE key='sync_secret'")).scalar()
        info = enroll_pc(store, srv.url, join_code(one_time, pin))  # the right code works
        pc = PC("a", store, info["device_id"], srv.url)
        pc.receive(1)
        assert pc.sync().pushed == 1
        srv.stop()
        # `kiosk server` refuses to start on this database with another CA (a new machine
        # without the tls folder) ...
        other = tmp_path / "other"
        port = str(srv.port)
        refused = kiosk(other, "--db", server_db, "server", "--port", port, ok=False)
        assert refused.returncode == 1
        assert "trust another certificate authority" in refused.stderr
        # ... and a PC that meets another server at its server's address stops there.
        impostor = ServerProcess(_another_db(pg_server), other, port=srv.port, tls=True)
        try:
            pc.receive(1)
            with pytest.raises(SyncError, match="does not show the certificate"):
                pc.sync()
        finally:
            impostor.stop()
    finally:
        srv.stop()
        store.close()


def _another_db(pg_server: str) -> str:
    import psycopg

    template = harness.server_template(pg_server)
    name = f"impostor_{os.getpid()}_{_free()}"
    with psycopg.connect(pg_server, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return pg_server.rsplit("/", 1)[0] + "/" + name


def _free() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
