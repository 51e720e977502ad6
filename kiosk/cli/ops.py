"""Operations: backup and doctor."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from kiosk.cli.common import CliContext, Parents, add_command
from kiosk.errors import KioskError
from kiosk.paths import font_path
from kiosk.store.db import is_sqlite, schema_state


def register(sub: Any, parents: Parents) -> None:
    p = add_command(
        sub, parents, "backup", "a consistent copy of the local database (safe while the app runs)"
    )
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_backup)
    p = add_command(sub, parents, "doctor", "check database, migrations, fonts, devices, server")
    p.set_defaults(handler=cmd_doctor)


def backup_sqlite(db_path: str, out: Path) -> int:
    """SQLite's online backup API: a consistent snapshot even while other processes write."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(out)  # never leave a half-written backup under the final name
    return pages


def cmd_backup(ctx: CliContext, args: argparse.Namespace) -> int:
    engine = ctx.store.engine
    if not is_sqlite(engine):
        raise KioskError("backup copies the local SQLite database; back up PostgreSQL with pg_dump")
    out = Path(args.out)
    pages = backup_sqlite(str(engine.url.database), out)
    ctx.out({"out": str(out), "pages": pages}, f"Backup written to {out}")
    return 0


def cmd_doctor(ctx: CliContext, args: argparse.Namespace) -> int:
    checks: list[dict[str, Any]] = []

    def check(name: str, ok: bool, detail: str) -> None:
        checks.append({"name": name, "ok": ok, "detail": detail})

    try:
        store = ctx.store
        with store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        check("database", True, store.engine.url.render_as_string(hide_password=True))
        current, head = schema_state(store.engine)
        check("migrations", current == head, f"schema {current} (this version: {head})")
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        check("database", False, str(exc))
    for name in ("NotoSans-Regular.ttf", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"):
        path = font_path(name)
        check(f"font {name}", path.is_file(), str(path) if path.is_file() else f"missing: {path}")
    ok = all(c["ok"] for c in checks)
    text_out = "\n".join(
        f"[{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}" for c in checks
    )
    ctx.out({"ok": ok, "checks": checks}, text_out)
    return 0 if ok else 1
