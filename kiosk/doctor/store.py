"""Checks of the database (reachable, sound, schema) and of the server this PC syncs with.

The database is opened without migrating: the doctor reports what is there, it changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kiosk.doctor.check import Check
from kiosk.store.db import StoreError, is_sqlite, known_revisions, make_engine, normalize_url

RESTORE_HINT = "restore the latest backup: kiosk restore --from <home>/backups/kiosk-<date>.sqlite3"


def check_database(db_url: str) -> tuple[list[Check], Engine | None]:
    """(findings, an engine on a usable database or None)."""
    try:
        url = normalize_url(db_url)
    except StoreError as exc:
        return [Check("database", False, str(exc), "fix --db or KIOSK_DB")], None
    shown = url.render_as_string(hide_password=True)
    sqlite = url.drivername.startswith("sqlite")
    if sqlite and url.database and url.database != ":memory:":
        path = Path(url.database)
        if not path.is_file():
            return [
                Check(
                    "database",
                    False,
                    f"no database at {path}",
                    "run 'kiosk init' (or start the app once) to create it, "
                    "or point --home/--db at the right folder",
                )
            ], None
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            if is_sqlite(engine):
                verdict = str(conn.execute(text("PRAGMA quick_check")).scalar())
                if verdict != "ok":
                    engine.dispose()
                    return [
                        Check("database", False, f"{shown} is damaged: {verdict}", RESTORE_HINT)
                    ], None
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        if sqlite:
            fix = RESTORE_HINT + " (the file may be damaged or not a kiosk database)"
        else:
            fix = (
                "check that PostgreSQL is running (pg_isready -h HOST -p PORT), and the user, "
                "password and database name in the URL"
            )
        return [Check("database", False, f"cannot open {shown}: {reason}", fix)], None
    return [Check("database", True, shown)], engine


def check_migrations(engine: Engine) -> list[Check]:
    revisions, head = known_revisions()
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in tables
            else None
        )
    if current is None:
        if tables:
            return [
                Check(
                    "migrations",
                    False,
                    "the database has tables but is not a kiosk database",
                    "point --db/--home at the kiosk database, or use an empty one",
                )
            ]
        return [Check("migrations", False, "the database is empty", "run 'kiosk init'")]
    if current not in revisions:
        return [
            Check(
                "migrations",
                False,
                f"schema {current} was written by a newer version of the app (this one: {head})",
                "install the newer version of the app on this PC",
            )
        ]
    if current != head:
        return [
            Check(
                "migrations",
                True,
                f"schema {current}, upgraded to {head} when the app or 'kiosk init' next runs",
            )
        ]
    return [Check("migrations", True, f"schema {head} (up to date)")]


SETUP_HINT = (
    "set the office up: kiosk setup (the set-up wizard), or kiosk init --agency-code CODE"
    " --agency-name NAME, then kiosk staff add USERNAME --name NAME --role clerk --password ..."
)


def check_setup(engine: Engine) -> list[Check]:
    """A database with the schema but no office, catalog or staff account is not usable yet
    (a command run on a fresh machine creates it empty): say so rather than "all passed"."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if not {"setting", "procedure", "staff"} <= tables:
            return []  # the migrations check has said what is wrong
        agency = conn.execute(text("SELECT value FROM setting WHERE key = 'agency_code'")).scalar()
        procedures = conn.execute(text("SELECT count(*) FROM procedure")).scalar() or 0
        staff = conn.execute(text("SELECT count(*) FROM staff WHERE active")).scalar() or 0
    missing = []
    if not agency:
        missing.append("no office (agency code)")
    if not procedures:
        missing.append("no procedure catalog")
    if not staff:
        missing.append("no staff account")
    if missing:
        return [Check("set-up", False, "not set up yet: " + ", ".join(missing), SETUP_HINT)]
    return [Check("set-up", True, f"office {agency}, {procedures} procedures, {staff} accounts")]


def check_server(engine: Engine, *, timeout: float = 5.0) -> list[Check]:
    """When this PC is enrolled: can it reach its server, and does the server still know it?"""
    from kiosk.sync.client import Offline, Refused, ServerClient, SyncError
    from kiosk.sync.engine import credentials

    with engine.connect() as conn:
        if "setting" not in inspect(conn).get_table_names():
            return []
    with Session(engine) as session:
        creds = credentials(session)
    if creds is None:
        return [Check("server", True, "not enrolled: this PC works on its own database")]
    try:
        client = ServerClient(creds.server, creds, timeout=timeout)
    except SyncError as exc:
        return [Check("server", False, str(exc), "enroll again: kiosk enroll --server URL ...")]
    try:
        client.health()
        client.request("GET", client.device_path())
    except Refused as exc:
        return [
            Check(
                "server",
                False,
                f"{creds.server} refused this PC ({exc.status}): {exc}",
                "the device may have been revoked: ask the server's admin for a new code "
                "(kiosk server add-device) and run kiosk enroll again",
            )
        ]
    except Offline as exc:
        return [
            Check(
                "server",
                False,
                str(exc),
                "check the network cable or Wi-Fi, that the server is running "
                "(systemctl status kiosk-server) and its address; meanwhile the app works "
                "offline and syncs when the server is back",
            )
        ]
    finally:
        client.close()
    return [Check("server", True, f"{creds.server} reachable, device {creds.device_id} known")]
