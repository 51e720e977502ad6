"""Operations: backup, restore and doctor (docs/install.md has the procedures)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from kiosk.backup import (
    BACKUP_DIR,
    backup_sqlite,
    daily_backups,
    restore_sqlite,
    stamp,
)
from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.doctor import run_doctor
from kiosk.errors import KioskError
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
    p.set_defaults(handler=cmd_backup)

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
    p.set_defaults(handler=cmd_doctor)


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
        out = out / f"kiosk-{stamp()}.sqlite3"
    if not out.parent.is_dir():  # a typo in a path should not become a tree of new folders
        raise KioskError(f"there is no folder {out.parent}; create it first or give another --out")
    pages = backup_sqlite(db, out)
    ctx.out({"out": str(out), "pages": pages}, f"Backup written to {out}")
    return 0


def cmd_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    db = local_db_path(ctx)
    source = Path(args.source).expanduser()
    if not source.is_file():
        raise KioskError(f"there is no backup file at {source}")
    kept = restore_sqlite(source, db, enrolled_ok=args.force)
    ctx.out(
        {"db": str(db), "from": str(source), "kept": str(kept) if kept else None},
        f"Database {db} restored from {source}"
        + (f"\nThe previous database is kept as {kept}" if kept else ""),
    )
    return 0


def cmd_doctor(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    checks = run_doctor(ctx.home, ctx.db_url, server=args.server, timeout=args.timeout)
    ok = all(c.ok for c in checks)
    lines = []
    for c in checks:
        lines.append(f"[{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
        if not c.ok and c.fix:
            lines.append(f"       fix: {c.fix}")
    backups = daily_backups(ctx.home / BACKUP_DIR)
    if backups and not args.server:
        lines.append(f"latest daily backup: {backups[-1]}")
    lines.append("All checks passed." if ok else "Something is wrong: see the FAIL lines above.")
    ctx.out({"ok": ok, "checks": [c.as_dict() for c in checks]}, "\n".join(lines))
    return 0 if ok else 1
