"""Backups of the local SQLite database: on demand, daily with retention, and restore.

Copies are made with SQLite's online backup API, which gives a consistent snapshot even while the
app (another process) is writing. A backup is first written as `<name>.part` and renamed when
complete, so a file under a final name is always whole. Restore checks the file before touching
anything, keeps the current database as `<db>.bak`, and writes the backup into the live file with
the same API (so WAL and other connections stay coherent).

Every backup that leaves the data folder is encrypted (kiosk/privacy/vault.py): with a
passphrase the admin chooses and keeps, or with the office backup key, a random key kept in the
OS credential store (kiosk/privacy/secrets.py) that `kiosk backup-key` shows for the admin to
keep on paper. The daily copies use the office key (nobody is there to type a passphrase at
07:00); a copy made by hand asks for a passphrase. The plain snapshot is made inside the data
folder (private) and removed once encrypted: no plain copy ever reaches a USB stick.

The database itself is encrypted with SQLCipher (kiosk/store/cipher.py), with a key that never
leaves this PC: its plain snapshot for a backup is made by `sqlcipher_export` in one read
transaction, and a restore writes the backup's content into a database encrypted with this
PC's key. A backup file is therefore the same wherever it comes from: readable only with its
passphrase or office key, and restorable on any PC.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from kiosk.errors import KioskError
from kiosk.privacy.files import ensure_private_dir
from kiosk.privacy.logsafe import mark_log_safe
from kiosk.privacy.secrets import get_secret, set_secret
from kiosk.privacy.vault import decrypt_file, encrypt_file, is_encrypted
from kiosk.store import cipher
from kiosk.store.db import is_sqlite, known_revisions

log = logging.getLogger("kiosk.backup")

BACKUP_DIR = "backups"
DAILY_PREFIX = "kiosk-"
DAILY_SUFFIX = ".sqlite3.enc"
OFFICE_KEY = "backup-key"
KEEP_DAILY = 14  # two weeks of daily copies: enough to go back past a long holiday
CHECK_EVERY_S = 3600.0  # a PC left on overnight makes the next day's copy within the hour
SQLITE_MAGIC = cipher.SQLITE_MAGIC


@mark_log_safe
class BackupError(KioskError):
    """A backup or restore could not be made; nothing was changed."""


def backup_sqlite(db_path: str | Path, out: Path, *, plain: bool = False) -> int:
    """A consistent copy of `db_path` at `out` (page count returned); safe while others write.

    The copy is of the same kind as the database (encrypted with the same key), unless `plain`:
    then it is a plain SQLite file, which only a backup's scratch copy inside the private data
    folder may be (it is encrypted into the backup file and removed).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)  # left by a copy that was cut off: never append to it
    if not Path(db_path).is_file():  # mode=ro would not create it, but say it plainly
        raise BackupError(f"there is no database at {db_path} to back up")
    key = cipher.key_of(db_path)  # DatabaseKeyError: one sentence
    src: cipher.Connection | None = None
    try:
        if key is not None and plain:
            # SQLCipher copies pages only between databases with the same key: the plain copy
            # is exported table by table, in one read transaction (a snapshot, as below)
            src = cipher.open_file(db_path, key, timeout=30)
            tables = _table_count(src)
            cipher.export(src, tmp, None)
            dst = cipher.open_file(tmp, None)
        else:
            src = cipher.open_file(db_path, key, readonly=True, timeout=30)
            tables = _table_count(src)
            dst = cipher.open_file(tmp, key, check=False)
            # All pages in one step, inside one read transaction: in WAL mode writers go on
            # meanwhile, and the copy is the snapshot of that moment. (Copying in steps would
            # restart at every write of a busy counter and might never finish.)
            src.backup(dst)
        try:
            pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
            # one self-contained file: no -wal/-shm left beside the copy once it is renamed
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        verify_copy(tmp, tables, db_path, key=None if plain else key)
    except cipher.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {db_path}: {exc}") from exc
    except BackupError:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if src is not None:
            src.close()
    for end in ("-wal", "-shm"):
        tmp.with_name(tmp.name + end).unlink(missing_ok=True)
    tmp.replace(out)  # never a half-written backup under the final name
    return pages


def office_key(db_path: Path, *, create: bool = True) -> str | None:
    """This database's office backup key (made on first use, kept in the credential store)."""
    key = get_secret(db_path, OFFICE_KEY)
    if key is None and create:
        key = secrets.token_urlsafe(24)
        set_secret(db_path, OFFICE_KEY, key)
    return key


def _scratch(db_path: Path) -> Path:
    """A plain temporary copy's place: inside the (private) data folder, never on the target."""
    return Path(db_path).parent / f".backup-{os.getpid()}-{threading.get_ident()}.tmp"


def backup_encrypted(db_path: str | Path, out: Path, secret: str) -> int:
    """A consistent copy of `db_path`, encrypted with `secret`, at `out` (pages returned)."""
    db_path = Path(db_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    plain = _scratch(db_path)
    try:
        pages = backup_sqlite(db_path, plain, plain=True)
        encrypt_file(plain, out, secret)
    finally:
        plain.unlink(missing_ok=True)
    return pages


def _table_count(conn: cipher.Connection) -> int:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return int(row[0])


def verify_copy(copy: Path, tables: int, source: str | Path, *, key: str | None = None) -> None:
    """Open the copy as a new reader would: as many tables as the source, integrity ok.

    A backup is only reported written once it is known to be usable (a wrong path once gave
    "success" and an empty file, and every daily copy would have been empty too).
    """
    conn = cipher.open_file(copy, key, readonly=True)
    try:
        found = _table_count(conn)
        verdict = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
    if found == 0 or found != tables:
        raise BackupError(
            f"the copy of {source} has {found} tables instead of {tables}; no backup was written"
        )
    if verdict != "ok":
        raise BackupError(f"the copy of {source} is damaged ({verdict}); no backup was written")


def sqlite_path(engine: Engine) -> Path | None:
    """The database file of a SQLite engine; None for PostgreSQL or an in-memory database."""
    if not is_sqlite(engine) or engine.url.database in (None, "", ":memory:"):
        return None
    return Path(str(engine.url.database))


# -- daily backups --------------------------------------------------------------------------------


def daily_name(day: date) -> str:
    return f"{DAILY_PREFIX}{day.isoformat()}{DAILY_SUFFIX}"


def daily_backups(folder: Path) -> list[Path]:
    """The daily copies in `folder`, oldest first (the ISO date in the name sorts)."""
    found = [
        p
        for p in folder.glob(f"{DAILY_PREFIX}*{DAILY_SUFFIX}")
        if _day_of(p) is not None and p.is_file()
    ]
    return sorted(found, key=lambda p: p.name)


def _day_of(path: Path) -> date | None:
    stem = path.name[len(DAILY_PREFIX) : -len(DAILY_SUFFIX)]
    try:
        return date.fromisoformat(stem)
    except ValueError:
        return None


def daily_backup(
    db_path: Path, home: Path, *, keep: int = KEEP_DAILY, today: date | None = None
) -> Path | None:
    """Today's copy in `<home>/backups` unless it exists; older copies beyond `keep` removed.

    Returns the new file, or None when today's copy was already there (or there is no database
    yet). Only files named like daily copies are ever removed.
    """
    if not db_path.is_file():
        return None
    folder = ensure_private_dir(home / BACKUP_DIR)
    day = today or date.today()
    target = folder / daily_name(day)
    made: Path | None = None
    if not target.exists():
        key = office_key(db_path)
        assert key is not None
        backup_encrypted(db_path, target, key)
        made = target
        log.info("daily backup written: %s", target.name)
    for stale in folder.glob("*.part"):  # left by a copy cut off at shutdown
        stale.unlink(missing_ok=True)
    copies = daily_backups(folder)
    for old in copies[: max(0, len(copies) - max(1, keep))]:
        old.unlink(missing_ok=True)
        log.info("old backup removed: %s", old.name)
    return made


def daily_housekeeping(
    engine: Engine,
    home: Path,
    *,
    keep: int = KEEP_DAILY,
    today: date | None = None,
    at: datetime | None = None,
) -> bool:
    """Today's backup, then (only once it is there) the retention purge of the day.

    An erasure is thus always preceded by an encrypted copy (kept KEEP_DAILY days, then
    rotated away). Returns whether today's backup is there; never raises (the app goes on).
    """
    db_path = sqlite_path(engine)
    if db_path is None:  # PostgreSQL (the server's archive) or in memory: nothing to do
        return False
    day = today or date.today()
    try:
        daily_backup(db_path, home, keep=keep, today=day)
    except Exception:  # noqa: BLE001 - a failed backup must never stop the app
        log.exception("daily backup failed")
        return False
    if not (home / BACKUP_DIR / daily_name(day)).is_file():
        return False
    try:
        from kiosk.privacy.retention import daily_purge  # the models, only when needed

        daily_purge(engine, day, at=at)
    except Exception:  # noqa: BLE001 - tried again at the next hourly check
        log.exception("retention purge failed")
    return True


def start_daily_backups(
    engine: Engine, home: Path, *, keep: int = KEEP_DAILY, every_s: float = CHECK_EVERY_S
) -> threading.Thread | None:
    """Today's copy and purge now, re-checked hourly, on a daemon thread (the GUI never waits).

    Returns the thread, or None when the database is not a local SQLite file.
    """
    db_path = sqlite_path(engine)
    if db_path is None:
        return None

    def loop() -> None:
        while True:
            daily_housekeeping(engine, home, keep=keep)
            time.sleep(every_s)

    thread = threading.Thread(target=loop, name="kiosk-daily-backup", daemon=True)
    thread.start()
    return thread


# -- restore --------------------------------------------------------------------------------------


def check_backup_file(path: Path) -> str:
    """The schema revision of a kiosk backup; BackupError when the file is not one of ours."""
    try:
        with path.open("rb") as f:
            magic = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if magic != SQLITE_MAGIC:
        raise BackupError(f"{path} is not a kiosk backup (it is not a SQLite database)")
    try:
        conn = cipher.open_file(path, None, readonly=True)
    except cipher.Error as exc:
        raise BackupError(f"{path} is not a usable kiosk backup: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables or "dossier" not in tables:
            raise BackupError(f"{path} is not a kiosk backup (it has none of our tables)")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        problem = conn.execute("PRAGMA quick_check").fetchone()[0]
    except cipher.Error as exc:
        raise BackupError(f"{path} is not a usable kiosk backup: {exc}") from exc
    finally:
        conn.close()
    if problem != "ok":
        raise BackupError(f"{path} is damaged ({problem}); choose another backup")
    revision = str(row[0]) if row else ""
    if revision not in known_revisions()[0]:
        raise BackupError(
            f"{path} was written by a newer version of the kiosk app (schema {revision or '?'}); "
            "install that version to restore it"
        )
    return revision


def enrolled_server(path: Path) -> str | None:
    """The sync server a database (or backup) is enrolled with, if any."""
    try:
        conn = cipher.open_file(path, None, readonly=True)
    except cipher.Error:
        return None
    try:
        rows = dict(
            conn.execute(
                "SELECT key, value FROM setting WHERE key IN ('sync_server', 'sync_secret')"
            ).fetchall()
        )
    except cipher.Error:
        return None
    finally:
        conn.close()
    return str(rows.get("sync_server") or "?") if rows.get("sync_secret") else None


def restore_sqlite(
    source: Path, db_path: Path, *, enrolled_ok: bool = False, secret: str | None = None
) -> Path | None:
    """Replace the database at `db_path` with the backup `source`; returns the `.bak` kept.

    The backup is checked first (a file that is not ours changes nothing); the current database
    is copied to `<db>.bak` (replacing an older .bak) before it is overwritten. A backup from an
    older version is upgraded when the app next opens the database.

    A backup of a PC enrolled with a server is refused unless `enrolled_ok`: the PC would send
    its new work under sync numbers the server has already acknowledged, and the server would
    skip it as already received. Such a PC is set up anew and enrolled again instead.
    """
    source, db_path = Path(source), Path(db_path)
    if not is_encrypted(source) and cipher.file_kind(source) == "encrypted":
        return _restore_keyed(source, db_path, enrolled_ok=enrolled_ok)
    if not is_encrypted(source):
        return _restore_plain(source, db_path, enrolled_ok=enrolled_ok)
    key = secret or office_key(db_path, create=False)
    if not key:
        raise BackupError(
            f"{source} is encrypted: give its passphrase or key (--passphrase-stdin, --key-file)"
        )
    plain = _scratch(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        decrypt_file(source, plain, key)
        return _restore_plain(plain, db_path, enrolled_ok=enrolled_ok, shown=source)
    finally:
        plain.unlink(missing_ok=True)


def _restore_keyed(source: Path, db_path: Path, *, enrolled_ok: bool) -> Path | None:
    """A copy encrypted with this PC's database key (the `.bak` a restore keeps)."""
    key = cipher.stored_key(db_path)
    plain = _scratch(db_path)
    try:
        try:
            src = cipher.open_file(source, key, readonly=False) if key else None
        except cipher.Error:
            src = None
        if src is None:
            raise BackupError(
                f"{source} is not a kiosk backup (it is not a SQLite database, or one encrypted "
                "with another PC's key)"
            )
        try:
            cipher.export(src, plain, None)
        finally:
            src.close()
        return _restore_plain(plain, db_path, enrolled_ok=enrolled_ok, shown=source)
    finally:
        plain.unlink(missing_ok=True)


def _restore_plain(
    source: Path, db_path: Path, *, enrolled_ok: bool, shown: Path | None = None
) -> Path | None:
    check_backup_file(source)
    server = enrolled_server(source)
    if server and not enrolled_ok:
        raise BackupError(
            f"{shown or source} is from a PC enrolled with the server {server}; restoring it "
            "would make the server skip this PC's new work as already received. Set the PC up "
            "with a new database and enroll it again (docs/install.md), or add --force if the "
            "server's database was restored to the same moment"
        )
    if source.resolve() == db_path.resolve():
        raise BackupError("the backup to restore is the database itself")
    kept: Path | None = None
    kind = cipher.file_kind(db_path)
    if kind != "new":
        kept = db_path.with_name(db_path.name + ".bak")
        backup_sqlite(db_path, kept)  # as it is: encrypted with this PC's key, or plain
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # the backup's content, encrypted with this PC's key for the database
    key = cipher.key_of(db_path) if kind == "encrypted" else None
    if key is None:
        key = cipher.stored_key(db_path) or cipher.new_key()
        cipher.keep_key(db_path, key)
    staged = db_path.with_name(db_path.name + ".restoring")
    try:
        src = cipher.open_file(source, None, readonly=False)
        try:
            expected = cipher.export(src, staged, key)
        finally:
            src.close()
        copy = cipher.open_file(staged, key, isolation_level=None)
        try:
            if cipher.counts(copy) != expected or cipher.integrity(copy) != "ok":
                raise BackupError(
                    f"the copy of {shown or source} did not match it; nothing changed"
                )
            if kind == "encrypted":
                # into the live file with the backup API (same key): the app's other
                # connections and its WAL stay coherent
                dst = cipher.open_file(db_path, key, timeout=30)
                try:
                    dst.execute("PRAGMA journal_mode=WAL")
                    copy.backup(dst)
                    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    dst.close()
            else:
                copy.execute("PRAGMA journal_mode=WAL")
        finally:
            copy.close()
        if kind != "encrypted":  # a plain database (or none) is replaced by the encrypted file
            cipher.replace_file(db_path, staged)
    except cipher.Error as exc:
        raise BackupError(f"cannot restore into {db_path}: {exc}") from exc
    finally:
        for end in ("", "-wal", "-shm", "-journal"):
            Path(str(staged) + end).unlink(missing_ok=True)
    log.info("database restored from %s (previous kept as %s)", source.name, kept)
    return kept


def stamp() -> str:
    """A file-name-safe moment, for backups made by hand: 2026-02-09T0930."""
    return datetime.now().strftime("%Y-%m-%dT%H%M")


def encrypt_database(
    db_path: Path, home: Path, *, backup: bool = True
) -> tuple[dict[str, int], Path | None]:
    """Convert a plain database into an encrypted one, after an encrypted backup of it.

    Returns (rows per table, the backup made). The backup (office key, `backups/`) is the way
    back should anything go wrong; `cipher.encrypt_in_place` itself leaves the plain file as it
    was on any failure.
    """
    need = db_path.stat().st_size * (2 if backup else 1) + (64 << 20)
    if shutil.disk_usage(db_path.parent).free < need:
        raise cipher.ConvertError(
            f"not enough free disk space to encrypt {db_path} (it needs {need >> 20} MB for the "
            "backup and the encrypted copy); free some space and try again",
            f"Không đủ dung lượng đĩa trống để mã hoá cơ sở dữ liệu (cần {need >> 20} MB)",
        )
    made: Path | None = None
    if backup:
        key = office_key(db_path)
        assert key is not None
        folder = ensure_private_dir(home / BACKUP_DIR)
        made = folder / f"kiosk-before-encryption-{stamp()}{DAILY_SUFFIX}"
        backup_encrypted(db_path, made, key)
    rows = cipher.encrypt_in_place(db_path)
    return rows, made


def encrypt_on_start(db_url: str, home: Path) -> Path | None:
    """`kiosk run`: a plain database left by an older version is encrypted before it is opened,
    after an encrypted backup (returned). A database another window has open stays as it is
    until the next start (logged); nothing is lost either way."""
    path = cipher.sqlite_file(db_url)
    if path is None or cipher.file_kind(path) != "plain":
        return None
    try:
        _rows, made = encrypt_database(path, home)
    except cipher.ConvertError:
        log.warning("the database stays unencrypted until a later start (in use, or no room)")
        return None
    log.info("the database was encrypted at start; a backup of it as it was: %s", made)
    return made
