"""`kiosk setup --non-interactive --from FILE.toml`: a whole office from one file, at once.

The file (docs/admin.md has an example) holds `[office]` (the keys of `kiosk office set`),
`[[departments]]`, `[[services]]`, `[[counters]]` and `[[staff]]` tables. Staff passwords
are given as hashes (`password_hash`, made by kiosk.services.setup.hash_password), never in
plain text. Everything is applied in one transaction: a bad entry changes nothing, and the
message names the table, its position and the field.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services import admin_office, admin_queue, admin_staff
from kiosk.services.admin_sync import HASHES, enrolled
from kiosk.services.setup import init_database
from kiosk.store.db import Store

TABLES = ("office", "departments", "services", "counters", "staff")


def _read(path: str | Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise KioskError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KioskError(f"{path} is not a valid TOML file ({exc})") from None
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise KioskError(f"{path}: unknown table [{unknown[0]}] (known: {', '.join(TABLES)})")
    return data


def apply_setup_file(store: Store, path: str | Path) -> dict[str, int]:
    data = _read(path)
    where = [""]
    try:
        with store.begin() as s:
            if enrolled(s):
                raise KioskError(
                    "this PC is enrolled with a server: set the office up on the server"
                )
            for p in data.get("staff", []):
                if "password" in p:
                    raise KioskError(
                        "passwords are not kept in files; give password_hash, or add the "
                        "account with 'kiosk staff add' (asked at the prompt)"
                    )
            apply_setup(s, data, where)
    except KioskError as exc:
        field = f" ({exc.field})" if exc.field else ""
        raise KioskError(f"{path} {where[0]}{field}: {exc}", exc.message_vi) from None
    return {key: len(data.get(key, [])) for key in TABLES[1:]}


def apply_setup(session: Session, data: dict[str, Any], where: list[str] | None = None) -> None:
    """Set an office up from `data` (the tables of a set-up file; the set-up wizard adds
    `catalog`: a Catalog to import first, and `pin_hash`: the kiosks' PIN as a hash).
    `where[0]` says which table and entry was being applied when a refusal came."""
    where = where if where is not None else [""]
    s = session
    init_database(s)
    if data.get("catalog") is not None:
        where[0] = "[catalog]"
        from kiosk.services.catalog_store import import_catalog

        import_catalog(s, data["catalog"])
    if "office" in data:
        where[0] = "[office]"
        admin_office.set_office(s, dict(data["office"]))
    for i, d in enumerate(data.get("departments", []), 1):
        where[0] = f"[[departments]] {i}"
        admin_office.add_department(s, d.get("code", ""), d.get("name", ""), d.get("fields"))
    for i, v in enumerate(data.get("services", []), 1):
        where[0] = f"[[services]] {i}"
        admin_queue.add_service(
            s,
            v.get("code", ""),
            v.get("name", ""),
            v.get("prefix", ""),
            v.get("fields"),
            procedures=v.get("procedures"),
            daily_limit=v.get("daily_limit"),
            priority_kinds=v.get("priority_kinds"),
            priority_first=v.get("priority_first", True),
        )
    for i, c in enumerate(data.get("counters", []), 1):
        where[0] = f"[[counters]] {i}"
        admin_queue.add_counter(
            s,
            c.get("number"),
            c.get("name"),
            c.get("services"),
            printer=c.get("printer"),
            scanner=c.get("scanner"),
        )
    for i, p in enumerate(data.get("staff", []), 1):
        where[0] = f"[[staff]] {i}"
        admin_staff.add_staff(
            s,
            p.get("username", ""),
            p.get("full_name", ""),
            p.get("role", ""),
            password_hash=_hash(p.get("password_hash")),
            department=p.get("department"),
            counter=p.get("counter"),
            all_offices=bool(p.get("all_offices")),
        )
    if data.get("pin_hash"):
        where[0] = "[pin]"
        admin_office.resolve_office(s).kiosk_pin_hash = _hash(data["pin_hash"])
    s.flush()


def _hash(value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(HASHES):
        raise KioskError("password_hash must be a hash made by kiosk ($argon2id$...)")
    return value
