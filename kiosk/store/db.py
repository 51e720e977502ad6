"""Engine, sessions and schema upgrades for the local store (SQLite) and the server (PostgreSQL).

SQLite is opened in WAL mode with `synchronous=FULL` (a received dossier survives a power cut)
and foreign keys on; every transaction starts with BEGIN IMMEDIATE so that two processes on the
same file (counter and dispenser windows of an all-in-one office) queue for the write lock
instead of failing half-way with "database is locked" when a reader upgrades to a writer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.privacy.files import ensure_private_dir, restrict_files
from kiosk.privacy.logsafe import mark_log_safe
from kiosk.store import (
    cipher,
    credential_clock,  # noqa: F401 - bumps the credential generation (before_flush)
    search_index,  # noqa: F401 - keeps the search keys (after_flush)
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Alembic keeps its running context in module globals: one upgrade at a time per process.
_UPGRADE_LOCK = threading.Lock()


@mark_log_safe
class StoreError(RuntimeError):
    """The database cannot be used as it is (not ours, too new, unreachable)."""


def normalize_url(url: str | URL) -> URL:
    """Accept plain `postgresql://` (use the psycopg 3 driver we install) and `sqlite:///path`."""
    try:
        u = make_url(url) if isinstance(url, str) else url
    except ArgumentError as exc:
        raise StoreError(
            f"'{url}' is not a database URL (try sqlite:///path or postgresql://...)"
        ) from exc
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise StoreError(
            f"database kind '{u.drivername}' is not supported (use SQLite or PostgreSQL)"
        )
    return u


def default_url(home: Path) -> URL:
    return URL.create("sqlite", database=str(home / "kiosk.sqlite3"))


def describe_url(url: str | URL) -> str:
    """For people: the file of a SQLite database, else the URL without its password."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername.startswith("sqlite") and u.database:
        return u.database
    return u.render_as_string(hide_password=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    u = normalize_url(url)
    if u.drivername.startswith("sqlite"):
        db_file = u.database if u.database and u.database != ":memory:" else None
        if db_file:
            ensure_private_dir(Path(db_file).parent)
        kwargs.setdefault("hide_parameters", True)  # no citizen's data in an error message
        # SQLCipher's driver (kiosk/store/cipher.py): the same SQLite, pages encrypted with the
        # key this PC keeps for the file; a new database is created encrypted
        engine = create_engine(
            u,
            module=cipher.dbapi,
            connect_args={"timeout": 30, "isolation_level": None},
            **kwargs,
        )

        @event.listens_for(engine, "do_connect")
        def _open(_dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
            if cparams.get("uri"):  # a `file:` URI: SQLAlchemy's own way, no file of ours
                return cipher.dbapi.connect(*cargs, **cparams)
            cparams.pop("uri", None)
            return cipher.connect(cargs[0], **cparams)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: cipher.Connection, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # what is deleted or overwritten (a purged citizen's fields, an old secret) is
            # zeroed in the file, not left in free pages for anyone reading the bytes
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()
            if db_file:  # the database, its WAL and shared-memory files: the user's alone
                restrict_files(Path(db_file + end) for end in ("", "-wal", "-shm"))

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # Readers (Store.read) take no write lock: in WAL mode they never wait for writers.
            readonly = conn.get_execution_options().get("kiosk_readonly")
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(u, **kwargs)


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION_RE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w.-]+|None)['\"]?", re.M)


def known_revisions() -> tuple[set[str], str]:
    """(all revisions, the head) read from the migration files without importing Alembic.

    Importing Alembic costs about 0.4 s; an app that starts on an up-to-date database (the usual
    case) only needs to compare one string, so Alembic is loaded only to upgrade.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((k, v) for k, v in _REVISION_RE.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision") not in (None, "None"):
                parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise StoreError(f"the migrations have {len(heads)} heads; this build is broken")
    return revisions, heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(engine: Engine) -> tuple[str | None, str]:
    """(revision in the database, newest revision this program knows)."""
    return current_revision(engine), known_revisions()[1]


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema; refuse a database that is not ours or is newer than us."""
    revisions, head = known_revisions()
    try:
        with engine.connect().execution_options(kiosk_readonly=True) as conn:
            tables = set(inspect(conn).get_table_names())
        current = current_revision(engine)
    except (DatabaseError, OperationalError) as exc:
        raise StoreError(_describe_db_error(engine, exc)) from exc
    if current is None and tables - {"alembic_version"}:
        raise StoreError(
            f"{_where(engine)} is not a kiosk database (it has other tables); "
            "choose another file or folder"
        )
    if current is not None:
        if current not in revisions:
            raise StoreError(
                f"{_where(engine)} was written by a newer version of the kiosk app "
                f"(schema {current}); install the newer version instead of using this one"
            )
        if current == head:
            return
    from alembic import command

    with _UPGRADE_LOCK:
        command.upgrade(_alembic_config(engine), "head")


def _where(engine: Engine) -> str:
    u = engine.url
    return f"the database file {u.database}" if is_sqlite(engine) else f"the database {u.database}"


def _describe_db_error(engine: Engine, exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc))
    if "file is not a database" in text or "not a database" in text:
        return f"{_where(engine)} is not a SQLite database (the file is damaged or something else)"
    if is_sqlite(engine):
        return f"cannot open {_where(engine)}: {text}"
    # one sentence: the driver's first line ("connection refused", "password authentication
    # failed for user ..."); its hint lines ("Is the server running ...?") are left out
    first = text.strip().splitlines()[0].rstrip(". ") if text.strip() else "no answer"
    first = first.removeprefix("connection failed: ")
    where = engine.url.render_as_string(hide_password=True)
    return f"cannot connect to {where}: {first}"


@dataclass
class Store:
    """An opened, up-to-date database: the engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One transaction per user action: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot (lookups, lists, reports): never waits for a writer."""
        with self.sessions() as session:
            session.connection(execution_options={"kiosk_readonly": True})
            yield session
            session.rollback()

    @contextmanager
    def autocommit(self) -> Iterator[Session]:
        """A read or two outside a transaction where the database allows it (PostgreSQL: no
        BEGIN and COMMIT round trips; the server's lookups). Nothing written here is kept."""
        if is_sqlite(self.engine):
            with self.read() as session:
                yield session
            return
        with self.sessions() as session:
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | URL, *, migrate: bool = True) -> Store:
    engine = make_engine(url)
    try:
        if migrate:
            upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise StoreError(_describe_db_error(engine, exc)) from exc
    return Store(engine, sessionmaker(engine, expire_on_commit=False))
