"""A server database restored from a backup (issue 15, item 6): `kiosk server` refuses to
start on it without --restored-from-backup, and then every PC sends again what it lacks.
Real server processes on PostgreSQL; the backup is a copy of the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from kiosk.store.db import open_store
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
from tests.integration.test_sync_harness import ServerThread, assert_drained, enroll
from tests.integration.test_sync_processes import ServerProcess

server_db = harness.server_db  # fixture
pytestmark = pytest.mark.postgres


def _admin(db: str) -> psycopg.Connection[Any]:
    return psycopg.connect(db.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def _copy(db: str, to: str) -> None:
    with _admin(db) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{to}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{to}" TEMPLATE "{db.rsplit("/", 1)[1]}"')


def _restore(db: str, backup: str) -> None:
    name = db.rsplit("/", 1)[1]
    with _admin(db) as c:
        c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{backup}"')


def _codes(db: str) -> set[str]:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            return set(s.scalars(text("SELECT code FROM dossier")))
    finally:
        st.close()


def test_a_restored_database_is_refused_then_resynced_completely(
    server_db: str, tmp_path: Path
) -> None:
    home = tmp_path / "server"
    srv = ServerProcess(server_db, home)
    backup = server_db.rsplit("/", 1)[1] + "_bak"
    try:
        pc = enroll(tmp_path, "a", srv.url, server_db)
        other = enroll(tmp_path, "b", srv.url, server_db)
        early = pc.receive(2)
        assert pc.sync().pushed == 2
        srv.stop()
        _copy(server_db, backup)  # the nightly backup
        srv.start()
        late = pc.receive(3)
        assert pc.sync().pushed == 3
        other.sync()
        srv.stop()
        _restore(server_db, backup)  # the disk died; last night's backup comes back
        assert _codes(server_db) == set(early)
        refused = kiosk(  # the same server: its data folder remembers how far it had gone
            home, "--db", server_db, "server", "--insecure-http", "--port",
            str(srv.port), ok=False,
        )  # fmt: skip
        assert refused.returncode == 1 and "restored from a backup" in refused.stderr
        assert "--restored-from-backup" in refused.stderr
        srv.args = ("--restored-from-backup",)
        srv.start()
        report = pc.sync()
        assert report.pushed == 3 and report.pending == 0, report
        assert _codes(server_db) == set(early) | set(late)
        assert_drained(server_db, [pc, other])  # each once, and the other PC has them all
        srv.stop()
        srv.args = ()
        srv.start()  # from now on an ordinary start again
    finally:
        srv.stop()
        with _admin(server_db) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{backup}" WITH (FORCE)')


def test_a_pc_notices_a_restore_on_its_own(server_db: str, tmp_path: Path) -> None:
    """No server memory at all (a whole machine restored): the PC still sees the server
    acknowledge less than it recorded, and sends again what is missing."""
    backup = server_db.rsplit("/", 1)[1] + "_bak2"
    try:
        with ServerThread(server_db) as srv:
            pc = enroll(tmp_path, "a", srv.url, server_db)
            early = pc.receive(1)
            pc.sync()
        _copy(server_db, backup)
        port = srv.port
        with ServerThread(server_db, port=port) as srv:
            late = pc.receive(3)
            assert pc.sync().pushed == 3
        _restore(server_db, backup)
        with ServerThread(server_db, port=port) as srv:
            report = pc.sync()
            assert report.pushed == 3 and report.pending == 0
            assert _codes(server_db) == set(early) | set(late)
            assert_drained(server_db, [pc])
    finally:
        with _admin(server_db) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{backup}" WITH (FORCE)')
