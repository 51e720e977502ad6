"""The PC's database encrypted at rest (SQLCipher), and the one opener of its file.

Every connection to a PC's SQLite file goes through `connect()`: SQLAlchemy's engines
(kiosk/store/db.py hands it the connection through `do_connect`) and the raw connections of
backups, restores and the conversion below. It uses the `sqlcipher3` driver (the package
`sqlcipher3-wheels`: SQLite with SQLCipher's page encryption, AES-256 with an HMAC per page),
which reads a plain SQLite file as well when it is given no key.

- A new database is encrypted. Its key is 32 random bytes given raw (`PRAGMA key =
  "x'…'"`), so no slow key derivation runs at every open; it is kept in the OS credential
  store beside the device secret (kiosk/privacy/secrets.py: Windows Credential Manager,
  Secret Service; a 0600 file in `private/` where there is none), never in the database or a
  backup.
- A plain database made by an older version still opens; `kiosk db encrypt` (and `kiosk run`
  on start) converts it with `encrypt_in_place`.
- What kind a file is comes from its first 16 bytes: a plain SQLite file begins with
  "SQLite format 3", an encrypted one with its random salt.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import sqlcipher3.dbapi2 as dbapi

from kiosk.errors import KioskError
from kiosk.paths import sqlite_uri
from kiosk.privacy.files import restrict_files, restrict_to_owner
from kiosk.privacy.logsafe import mark_log_safe
from kiosk.privacy.secrets import get_secret, set_secret, where

log = logging.getLogger("kiosk.store.cipher")

KEY_NAME = "db-key"
SQLITE_MAGIC = b"SQLite format 3\x00"
_HEX_KEY = re.compile(r"[0-9a-f]{64}")
CACHE_KIB = 32 * 1024  # the page cache of an encrypted connection (see apply_key)

Kind = Literal["new", "plain", "encrypted"]
Connection = dbapi.Connection
Error = dbapi.Error


@mark_log_safe
class DatabaseKeyError(KioskError):
    """The database is encrypted and this PC has no key for it, or not the right one."""


def file_kind(path: str | os.PathLike[str]) -> Kind:
    """'new' (absent or empty), 'plain' (SQLite's header) or 'encrypted' (anything else)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "new"
    if not head:
        return "new"
    return "plain" if head == SQLITE_MAGIC else "encrypted"


def is_memory(path: str | os.PathLike[str] | None) -> bool:
    return path in (None, "", ":memory:")


def sqlite_file(db_url: str) -> Path | None:
    """The file of a `sqlite:///` URL; None for PostgreSQL, memory or a URL that is no URL."""
    from sqlalchemy.engine import make_url

    try:
        u = make_url(db_url)
    except Exception:  # noqa: BLE001 - a bad URL: whoever opens it says so
        return None
    if not u.drivername.startswith("sqlite") or is_memory(u.database):
        return None
    return Path(str(u.database))


def stored_key(db_file: str | os.PathLike[str]) -> str | None:
    key = get_secret(Path(db_file), KEY_NAME)
    return key if key and _HEX_KEY.fullmatch(key) else None


def new_key() -> str:
    return secrets.token_bytes(32).hex()


def keep_key(db_file: str | os.PathLike[str], key: str) -> None:
    if not _HEX_KEY.fullmatch(key):
        raise ValueError("a database key is 64 hexadecimal digits")
    set_secret(Path(db_file), KEY_NAME, key)


def key_for_new(db_file: str | os.PathLike[str]) -> str:
    """The key of a database about to be created: the stored one, else a new one kept first."""
    key = stored_key(db_file)
    if key is None:
        with _NEW_KEY:  # two databases made at once in one folder share its private key file
            key = stored_key(db_file)
            if key is None:
                key = new_key()
                keep_key(db_file, key)  # kept before the file exists: never a file without it
    return key


_NEW_KEY = threading.Lock()


def _missing_key(path: Path) -> DatabaseKeyError:
    return DatabaseKeyError(
        f"the database file {path} is encrypted and this PC has no key for it in "
        f"{where()}; restore a backup with 'kiosk restore' (an encrypted database opens only "
        "on the PC that made it)",
        f"Tệp cơ sở dữ liệu {path} đã được mã hoá nhưng máy này không có khoá của nó; hãy khôi "
        "phục từ bản sao lưu (cơ sở dữ liệu mã hoá chỉ mở được trên máy đã tạo ra nó)",
    )


def looks_encrypted(path: Path) -> bool:
    """An encrypted database is whole pages (512 bytes at least): anything else is no database."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= 512 and size % 512 == 0


def _not_a_database(path: Path) -> KioskError:
    return KioskError(
        f"the database file {path} is not a SQLite database (the file is damaged or something "
        "else)",
        f"Tệp {path} không phải là cơ sở dữ liệu (tệp bị hỏng hoặc là tệp khác)",
    )


def _wrong_key(path: Path) -> DatabaseKeyError:
    return DatabaseKeyError(
        f"the database file {path} cannot be opened with this PC's key (it was encrypted on "
        "another PC, or it is damaged or not a database); restore a backup with 'kiosk restore'",
        f"Không mở được tệp cơ sở dữ liệu {path} bằng khoá của máy này (tệp được mã hoá trên "
        "máy khác, bị hỏng hoặc không phải cơ sở dữ liệu); hãy khôi phục từ bản sao lưu",
    )


def apply_key(conn: Connection, key: str | None) -> None:
    """Quiet SQLCipher's own stderr log, then key the connection (before any other statement)."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        if not _HEX_KEY.fullmatch(key):
            raise ValueError("a database key is 64 hexadecimal digits")
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        # SQLCipher decrypts a page each time SQLite reads it into its page cache: SQLite's
        # default 2 MiB cache made a two-word name search on 1,000,000 dossiers twice as slow
        # as on a plain file; 32 MiB (used only as pages are read) makes it faster than plain
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def open_file(
    path: str | os.PathLike[str],
    key: str | None,
    *,
    readonly: bool = False,
    check: bool = True,
    **kwargs: Any,
) -> Connection:
    """A connection to `path` with exactly this key (None: a plain file); checked readable."""
    target = sqlite_uri(Path(path), mode="ro") if readonly else str(path)
    conn = dbapi.connect(target, uri=readonly, **kwargs)
    try:
        apply_key(conn, key)
        if check:  # the first read decrypts page 1: a wrong key fails here, not later
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def connect(
    path: str | os.PathLike[str], *, readonly: bool = False, create: bool = True, **kwargs: Any
) -> Connection:
    """The app's database file, opened with the key its kind needs (made for a new file).

    `create=False`: a missing file is an error instead of a new encrypted database.
    """
    if is_memory(path):
        conn = dbapi.connect(":memory:", **kwargs)
        apply_key(conn, None)
        return conn
    p = Path(path)
    kind = file_kind(p)
    key: str | None
    if kind == "plain":
        key = None
    elif kind == "encrypted":
        if not looks_encrypted(p):
            raise _not_a_database(p)
        key = stored_key(p)
        if key is None:
            raise _missing_key(p)
    else:
        if readonly or not create:
            raise KioskError(f"there is no database at {p}")
        key = key_for_new(p)
    try:
        conn = open_file(p, key, readonly=readonly, **kwargs)
    except dbapi.DatabaseError as exc:
        if kind == "encrypted" and "not a database" in str(exc):
            raise _wrong_key(p) from None
        raise
    if kind == "new":
        restrict_files([p])
    return conn


def key_of(path: str | os.PathLike[str]) -> str | None:
    """The key `connect` would use for an existing file: None for a plain (or empty) one."""
    kind = file_kind(path)
    if kind != "encrypted":
        return None
    if not looks_encrypted(Path(path)):
        raise _not_a_database(Path(path))
    key = stored_key(path)
    if key is None:
        raise _missing_key(Path(path))
    return key


# -- copies between plain and encrypted files ------------------------------------------------------


def export(
    source: Connection, target: Path, key: str | None, *, begin: str = "BEGIN"
) -> dict[str, int]:
    """Write everything `source` holds into the new file `target` (encrypted with `key`, or
    plain); returns the source's rows per table, counted in the same transaction.

    One transaction: in WAL mode the copy is the snapshot of one moment while others write.
    """
    if key is not None and not _HEX_KEY.fullmatch(key):
        raise ValueError("a database key is 64 hexadecimal digits")
    target.unlink(missing_ok=True)
    keyed = f"\"x'{key}'\"" if key is not None else "''"
    old = source.isolation_level
    source.isolation_level = None
    source.execute(f"ATTACH DATABASE ? AS kiosk_export KEY {keyed}", (str(target),))
    try:
        source.execute(begin)
        try:
            rows = counts(source)
            source.execute("SELECT sqlcipher_export('kiosk_export')").fetchall()
            source.execute("COMMIT")
        except BaseException:
            source.execute("ROLLBACK")
            raise
    finally:
        source.execute("DETACH DATABASE kiosk_export")
        source.isolation_level = old
    restrict_to_owner(target)
    return rows


def counts(conn: Connection) -> dict[str, int]:
    """Rows per table: what a copy must keep."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM main."{n}"').fetchone()[0]) for n in names}


def integrity(conn: Connection) -> str:
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def shred(path: Path) -> None:
    """Overwrite a file with zeros, then remove it.

    As far as a file system lets us: SSDs and journaling file systems may keep older copies of
    blocks elsewhere; that is what disk encryption (BitLocker, LUKS) is for.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    try:
        with path.open("r+b") as f:
            chunk = b"\0" * (1 << 20)
            left = size
            while left > 0:
                n = min(left, len(chunk))
                f.write(chunk[:n])
                left -= n
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        log.warning("could not overwrite an old database file before removing it")
    path.unlink(missing_ok=True)


@mark_log_safe
class ConvertError(KioskError):
    """The database could not be converted; it was left as it was."""


def encrypt_in_place(
    db_path: Path, *, before_replace: Callable[[], None] | None = None
) -> dict[str, int]:
    """Convert the plain database `db_path` into an encrypted one (rows per table returned).

    The plain file is switched out of WAL mode first: that needs every other connection to be
    closed, so a running app is never converted under its feet. Its content is exported into
    `<db>.encrypting` with a new key (kept in the credential store first), the copy is checked
    (integrity and every table's row count), and only then renamed over the database; the plain
    file is overwritten with zeros and removed. Any failure leaves the plain database as it was.
    """
    db_path = Path(db_path)
    if file_kind(db_path) != "plain":
        raise ConvertError(f"{db_path} is not a plain SQLite database")
    tmp = db_path.with_name(db_path.name + ".encrypting")
    _release(db_path)
    src = open_file(db_path, None, timeout=5, isolation_level=None)
    try:
        key = stored_key(db_path) or new_key()
        keep_key(db_path, key)
        # nobody writes during the copy: what it holds is what the plain file held
        before = export(src, tmp, key, begin="BEGIN EXCLUSIVE")
        copy = open_file(tmp, key)
        try:
            after = counts(copy)
            verdict = integrity(copy)
            copy.execute("PRAGMA journal_mode=WAL")
        finally:
            copy.close()
        if verdict != "ok" or after != before:
            raise ConvertError(
                f"the encrypted copy of {db_path} did not match it ({verdict}); nothing changed"
            )
    except BaseException:
        src.close()
        for end in ("", "-wal", "-shm", "-journal"):
            tmp.with_name(tmp.name + end).unlink(missing_ok=True)
        raise
    src.close()
    if before_replace is not None:
        before_replace()
    replace_file(db_path, tmp)
    log.info("the database was converted to an encrypted one")
    return after


def _release(db_path: Path) -> None:
    """Make sure nobody has the plain database open and it has no WAL: ConvertError if not."""
    try:
        conn = open_file(db_path, None, timeout=5, isolation_level=None)
        try:
            mode = str(conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
        finally:
            conn.close()
    except dbapi.Error:
        mode = ""
    if mode != "delete" or any(Path(str(db_path) + e).exists() for e in ("-wal", "-journal")):
        raise ConvertError(
            f"{db_path} is in use by another program (close the kiosk app's windows first)"
        )


def replace_file(db_path: Path, new: Path) -> None:
    """Put the database file `new` in the place of the plain database `db_path` (or of none).

    The plain file is renamed away, overwritten with zeros and removed: nothing of it stays
    under the database's name, and its -wal/-shm (none once out of WAL mode) cannot be applied
    to the new file.
    """
    db_path = Path(db_path)
    if file_kind(db_path) == "plain":
        _release(db_path)
    old = db_path.with_name(db_path.name + ".plain-old")
    if db_path.exists():
        os.replace(db_path, old)  # the plain file out of the way, then the new one in
    Path(str(db_path) + "-shm").unlink(missing_ok=True)
    os.replace(new, db_path)
    shred(old)
    restrict_files(Path(str(db_path) + end) for end in ("", "-wal", "-shm"))
