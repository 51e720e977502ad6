"""Operations: backup, restore and doctor (docs/install.md has the procedures)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.backup import (
    BACKUP_DIR,
    backup_encrypted,
    daily_backups,
    office_key,
    restore_sqlite,
    stamp,
)
from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.doctor import run_doctor
from kiosk.errors import KioskError
from kiosk.privacy.secrets import where
from kiosk.store.db import normalize_url

PG_BACKUP = (
    "the database is PostgreSQL: back it up with pg_dump -Fc (and restore with pg_restore), "
    "see docs/install.md"
)


def register(sub: Any, parents: Parents) -> None:
    p = add_command(
        sub, parents, "backup", "a consistent copy of the local database (safe while the app runs)"
    )
    p.add_argument("--out", required=True, help="the backup file, or a folder to put it in")
    _key_options(p)
    p.set_defaults(handler=cmd_backup)

    p = add_command(
        sub,
        parents,
        "backup-key",
        "show this PC's office backup key (the daily copies are encrypted with it): write it "
        "down and keep it apart from the backups; a backup cannot be restored without it",
    )
    p.set_defaults(handler=cmd_backup_key)

    p = add_command(
        sub,
        parents,
        "restore",
        "replace the local database with a backup (the current one is kept as .bak)",
    )
    p.add_argument("--from", dest="source", required=True, metavar="FILE", help="a kiosk backup")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore a backup of a PC enrolled with a server (see docs/install.md first)",
    )
    _key_options(p)
    p.set_defaults(handler=cmd_restore)

    p = add_command(
        sub,
        parents,
        "doctor",
        "check database, migrations, fonts, printers, scanners, server connection and system "
        "libraries; say what is wrong and how to fix it (exit 1 if something is)",
    )
    p.add_argument(
        "--server", action="store_true", help="a server installation: check the database only"
    )
    p.add_argument(
        "--timeout", type=float, default=5.0, help="seconds to wait for the server (default 5)"
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="a public PC (dispenser, self-check, display): check the OS kiosk lock-down too",
    )
    p.set_defaults(handler=cmd_doctor)


def _key_options(p: argparse.ArgumentParser) -> None:
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the backup's passphrase from the first line of standard input",
    )
    how.add_argument(
        "--key-file",
        metavar="FILE",
        help="a file holding the passphrase or the office key (see kiosk backup-key)",
    )


def _given_secret(args: argparse.Namespace, *, confirm: bool) -> str | None:
    """The passphrase from --passphrase-stdin, --key-file or a prompt; None: the office key."""
    if args.passphrase_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    elif args.key_file:
        try:
            value = Path(args.key_file).expanduser().read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise KioskError(f"cannot read the key file {args.key_file}: {exc.strerror}") from exc
    elif sys.stdin.isatty():
        value = getpass.getpass("Backup passphrase (empty: this PC's office key): ")
        if value and confirm and getpass.getpass("The passphrase again: ") != value:
            raise KioskError("the two passphrases differ; nothing was written")
        return value or None
    else:
        return None
    if not value:
        raise KioskError("the passphrase is empty; a backup needs one (or the office key)")
    return value


def local_db_path(ctx: CliContext) -> Path:
    """The SQLite file of this data folder / --db; KioskError for PostgreSQL."""
    url = normalize_url(ctx.db_url)  # StoreError: one sentence, exit 1
    if not url.drivername.startswith("sqlite"):
        raise KioskError(PG_BACKUP)
    if not url.database or url.database == ":memory:":
        raise KioskError("an in-memory database has nothing to back up")
    return Path(url.database)


def cmd_backup(ctx: CliContext, args: argparse.Namespace) -> int:
    db = local_db_path(ctx)
    if not db.is_file():
        raise KioskError(f"there is no database at {db} to back up")
    out = Path(args.out).expanduser()
    if out.is_dir() or args.out.endswith(("/", os.sep)):
        out = out / f"kiosk-{stamp()}.sqlite3.enc"
    if not out.parent.is_dir():  # a typo in a path should not become a tree of new folders
        raise KioskError(f"there is no folder {out.parent}; create it first or give another --out")
    secret = _given_secret(args, confirm=True)
    key = "passphrase" if secret else "office"
    secret = secret or office_key(db)
    assert secret is not None
    pages = backup_encrypted(db, out, secret)
    ctx.out(
        {"out": str(out), "pages": pages, "encrypted": True, "key": key},
        f"Backup written to {out} (encrypted with "
        + ("the passphrase" if key == "passphrase" else "this PC's office key: kiosk backup-key")
        + ")",
    )
    return 0


def cmd_backup_key(ctx: CliContext, args: argparse.Namespace) -> int:
    db = local_db_path(ctx)
    key = office_key(db)
    ctx.out(
        {"key": key, "kept_in": where()},
        f"Office backup key: {key}\nKept in {where()}. Write it down and keep it apart from the "
        "backups: restoring a daily backup on another PC needs it (kiosk restore --key-file).",
    )
    return 0


def cmd_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    db = local_db_path(ctx)
    source = Path(args.source).expanduser()
    if not source.is_file():
        raise KioskError(f"there is no backup file at {source}")
    kept = restore_sqlite(
        source, db, enrolled_ok=args.force, secret=_given_secret(args, confirm=False)
    )
    ctx.out(
        {"db": str(db), "from": str(source), "kept": str(kept) if kept else None},
        f"Database {db} restored from {source}"
        + (f"\nThe previous database is kept as {kept}" if kept else ""),
    )
    return 0


def cmd_doctor(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    checks = run_doctor(
        ctx.home, ctx.db_url, server=args.server, timeout=args.timeout, public=args.public
    )
    ok = all(c.ok for c in checks)
    lines = []
    for c in checks:
        mark = "FAIL" if not c.ok else "warn" if c.warning else "ok"
        lines.append(f"[{mark}] {c.name}: {c.detail}")
        if (not c.ok or c.warning) and c.fix:
            lines.append(f"       fix: {c.fix}")
    backups = daily_backups(ctx.home / BACKUP_DIR)
    if backups and not args.server:
        lines.append(f"latest daily backup: {backups[-1]}")
    lines.append("All checks passed." if ok else "Something is wrong: see the FAIL lines above.")
    ctx.out({"ok": ok, "checks": [c.as_dict() for c in checks]}, "\n".join(lines))
    return 0 if ok else 1
