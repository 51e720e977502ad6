"""The credential cache across server processes (issue 15, item 8; docs/server.md, threat
model, "Credentials cached"): a server process that verified a PC's secret answers its long
polls without a query, yet a revocation, a replaced secret or a staff logout made through
another process is refused there within a second. Real `kiosk server` processes, the CLI as
a process of its own, PostgreSQL, sockets on loopback."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.services.admin_staff import add_staff
from kiosk.store.db import open_store
from tests.bench.bench_server_load import Pc, office_codes, prepare
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
from tests.integration.test_sync_processes import ServerProcess

server_db = harness.server_db  # fixture
pytestmark = pytest.mark.postgres


def _poll(url: str, pc: Pc, bearer: str | None = None) -> httpx.Response:
    """A long poll from the start: answered at once with the office's configuration."""
    return httpx.get(
        f"{url}/v1/devices/{pc.device_id}/changes",
        params={"since": 0, "wait": 5},
        headers={"Authorization": bearer or pc.bearer},
        timeout=10,
    )


def _health(url: str) -> dict[str, Any]:
    return httpx.get(url + "/v1/health", timeout=10).json()  # type: ignore[no-any-return]


def _refused_within(check: Any, seconds: float) -> float:
    """Seconds until `check()` is refused (401/403); fails past `seconds`."""
    t0 = time.monotonic()
    while True:
        status = check().status_code
        took = time.monotonic() - t0
        if status in (401, 403):
            return took
        assert status in (200, 404), status
        assert took < seconds, f"still accepted after {took:.2f} s"
        time.sleep(0.02)


def test_a_revoked_pc_is_refused_by_another_server_process_within_a_second(
    server_db: str, tmp_path: Path
) -> None:
    pcs, _top = prepare(server_db, office_codes(1), 2, init=False)
    pc = pcs[0]
    srv = ServerProcess(server_db, tmp_path / "server")
    try:
        for _ in range(3):
            r = _poll(srv.url, pc)
            assert r.status_code == 200 and r.json()["changes"], r.text
        hits = _health(srv.url)["credential_hits"]
        assert hits >= 2  # the second and third poll: no query for the credentials
        # Revoked by another process (the CLI, on the same database)
        kiosk(tmp_path, "--db", server_db, "server", "revoke-device", pc.device_id)
        took = _refused_within(lambda: _poll(srv.url, pc), 1.0)
        assert "revoked" in _poll(srv.url, pc).json()["error"]
        print(f"revoked PC refused by the server process {took * 1000:.0f} ms after the CLI")
        assert _poll(srv.url, pcs[1]).status_code == 200  # the other PC goes on
    finally:
        srv.stop()


def test_a_replaced_secret_ends_at_once_here_and_within_a_second_elsewhere(
    server_db: str, tmp_path: Path
) -> None:
    pcs, _top = prepare(server_db, office_codes(1), 1, init=False)
    pc = pcs[0]
    one = ServerProcess(server_db, tmp_path / "one")
    two = ServerProcess(server_db, tmp_path / "two")
    try:
        for url in (one.url, two.url, one.url, two.url):  # both processes cache the old one
            assert _poll(url, pc).status_code == 200
        r = httpx.post(
            f"{one.url}/v1/devices/{pc.device_id}/rotate",
            headers={"Authorization": pc.bearer},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        new = f"Bearer {pc.device_id}.{r.json()['secret']}"
        assert _poll(two.url, pc).status_code == 200  # the old one works until the new is used
        r = httpx.get(f"{one.url}/v1/devices/{pc.device_id}", headers={"Authorization": new})
        assert r.status_code == 200, r.text  # first use: the old secret ends
        assert _poll(one.url, pc).status_code == 401  # the same process: at once
        took = _refused_within(lambda: _poll(two.url, pc), 1.0)
        print(f"old secret refused by the other process after {took * 1000:.0f} ms")
        assert _poll(two.url, pc, new).status_code == 200
    finally:
        one.stop()
        two.stop()


def test_a_staff_logout_is_refused_by_another_server_process_within_a_second(
    server_db: str, tmp_path: Path
) -> None:
    office = office_codes(1)[0]
    prepare(server_db, [office], 1, init=False)
    db = open_store(server_db, migrate=False)
    try:
        with db.begin() as s:
            add_staff(s, "giamsat2", "Lê Văn Cường", "supervisor", "motcua-2026", office=office)
    finally:
        db.close()
    srv = ServerProcess(server_db, tmp_path / "server")
    try:
        r = httpx.post(
            srv.url + "/v1/staff/login",
            json={"username": "giamsat2", "password": "motcua-2026"},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        bearer = {"Authorization": f"Bearer {r.json()['token']}"}

        def lookup() -> httpx.Response:  # no such dossier: 404 while the token is good
            return httpx.get(f"{srv.url}/v1/dossiers/{office}-261204-0001", headers=bearer)

        for _ in range(3):
            assert lookup().status_code == 404
        before = _health(srv.url)["credential_hits"]
        assert lookup().status_code == 404
        assert _health(srv.url)["credential_hits"] > before  # the token came from the cache
        kiosk(tmp_path, "--db", server_db, "staff", "logout", "giamsat2")
        took = _refused_within(lookup, 1.0)
        print(f"logged-out token refused {took * 1000:.0f} ms after the CLI")
    finally:
        srv.stop()
