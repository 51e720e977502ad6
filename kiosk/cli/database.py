"""`kiosk db`: the local database's encryption at rest (SQLCipher, kiosk/store/cipher.py)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.errors import KioskError


def register(sub: Any, parents: Parents) -> None:
    p = add_command(
        sub,
        parents,
        "db",
        "the local database's encryption at rest: 'kiosk db status', 'kiosk db encrypt'",
    )
    p.set_defaults(handler=_no_action)
    actions = p.add_subparsers(dest="db_command", metavar="ACTION")
    a = add_command(
        actions, parents, "status", "whether the local database is encrypted, and where its key is"
    )
    a.set_defaults(handler=cmd_status)
    a = add_command(
        actions,
        parents,
        "encrypt",
        "convert a plain local database (made by an older version) into an encrypted one, in "
        "place, after an encrypted backup of it; the app's windows must be closed",
    )
    a.add_argument(
        "--no-backup", action="store_true", help="do not make the backup first (not advised)"
    )
    a.set_defaults(handler=cmd_encrypt)


def _no_action(ctx: CliContext, args: argparse.Namespace) -> int:
    raise UsageError("say what to do: kiosk db status, or kiosk db encrypt")


def cmd_status(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.cli.ops import local_db_path
    from kiosk.privacy.secrets import where
    from kiosk.store import cipher

    db = local_db_path(ctx)
    kind = cipher.file_kind(db)
    if kind == "new":
        raise KioskError(f"there is no database at {db} (kiosk init makes one)")
    encrypted = kind == "encrypted"
    has_key = cipher.stored_key(db) is not None
    ctx.out(
        {"db": str(db), "encrypted": encrypted, "key_found": has_key if encrypted else None,
         "kept_in": where() if encrypted else None},
        f"{db}: "
        + (
            f"encrypted (SQLCipher); its key is kept in {where()}"
            + ("" if has_key else " — but this PC has no key for it")
            if encrypted
            else "NOT encrypted: run 'kiosk db encrypt' (the app also does it when it starts)"
        ),
    )  # fmt: skip
    return 0


def cmd_encrypt(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.backup import encrypt_database
    from kiosk.cli.ops import local_db_path
    from kiosk.store import cipher

    db = local_db_path(ctx)
    kind = cipher.file_kind(db)
    if kind == "new":
        raise KioskError(f"there is no database at {db} to encrypt")
    if kind == "encrypted":
        cipher.key_of(db)  # no key here: the one-sentence error says so
        ctx.out(
            {"db": str(db), "encrypted": True, "converted": False, "rows": None, "backup": None},
            f"{db} is already encrypted; nothing to do",
        )
        return 0
    rows, made = encrypt_database(db, ctx.home, backup=not args.no_backup)
    ctx.out(
        {
            "db": str(db),
            "encrypted": True,
            "converted": True,
            "rows": sum(rows.values()),
            "backup": str(made) if made else None,
        },
        f"{db} is now encrypted ({sum(rows.values())} rows in {len(rows)} tables, all kept)"
        + (f"\nA backup of it as it was: {made} (office key: kiosk backup-key)" if made else ""),
    )
    return 0
