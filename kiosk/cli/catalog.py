"""`kiosk catalog ...`: import (with what changes), list, export (website, open data), bulletin."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kiosk.cli.common import CliContext, Parents, UsageError, add_command, parse_date
from kiosk.domain.people import fold
from kiosk.errors import KioskError
from kiosk.store.models import Field, Procedure


def register(sub: Any, parents: Parents) -> None:
    cat = sub.add_parser("catalog", help="the procedure catalog").add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True
    )
    p = add_command(
        cat, parents, "import", "load a procedure catalog file (resources/catalog/FORMAT.md)"
    )
    p.add_argument("file")
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be added, changed, withdrawn"
    )
    p.add_argument(
        "--withdraw-missing",
        action="store_true",
        help="withdraw the procedures the file does not list (a decision replacing the list)",
    )
    admin_opts(p)
    p.set_defaults(handler=cmd_catalog_import)

    p = add_command(cat, parents, "list", "list the procedures")
    p.add_argument("--search", help="accent-insensitive words of the name or the code")
    p.set_defaults(handler=cmd_catalog_list)

    p = add_command(
        cat, parents, "export", "the public list as a static website (--html) or open data"
    )
    p.add_argument("--html", metavar="DIR", help="write the website into this folder")
    p.add_argument("--csv", metavar="FILE", help="write the list as CSV (UTF-8, for Excel)")
    p.add_argument("--json-file", dest="json_file", metavar="FILE", help="write it as JSON")
    p.add_argument("--field", help="only the procedures of this field")
    p.set_defaults(handler=cmd_catalog_export)

    p = add_command(
        cat, parents, "bulletin", "the radio bulletin of changes since a date (.txt or .wav)"
    )
    p.add_argument("--since", required=True, help="changes recorded from this date, YYYY-MM-DD")
    p.add_argument("--out", required=True, help="FILE.txt (the script) or FILE.wav (read aloud)")
    p.set_defaults(handler=cmd_catalog_bulletin)


def admin_opts(p: argparse.ArgumentParser) -> None:
    """On an enrolled PC: who asks the server (kiosk.services.admin_sync.check_shared_scope)."""
    p.add_argument(
        "--as", dest="as_admin", metavar="USER",
        help="on an enrolled PC: the admin account (of all offices, on a server of several) "
        "the server applies it for; its password is asked, or read with --password-stdin",
    )  # fmt: skip
    p.add_argument(
        "--password-stdin", action="store_true", help="read --as's password from standard input"
    )


def signed_admin(session: Any, args: argparse.Namespace) -> dict[str, str]:
    """`{"by": USER}` once USER's password proved right here and USER is an admin; {}."""
    from kiosk.services.setup import authenticate

    secret = admin_password(args)
    if secret is None:
        return {}
    staff = authenticate(session, args.as_admin, secret)
    if staff.role != "admin":
        raise KioskError(f"{staff.username} is not an admin account")
    return {"by": staff.username}


def admin_password(args: argparse.Namespace) -> str | None:
    """--as USER's password (asked, or read with --password-stdin); None without --as."""
    import getpass
    import sys

    if not args.as_admin:
        if args.password_stdin:
            raise UsageError("--password-stdin goes with --as USER")
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass(f"Password of {args.as_admin}: ")
    raise KioskError("there is no terminal to ask the password; use --password-stdin")


def submit_shared_cli(
    ctx: CliContext, args: argparse.Namespace, kind: str, read_payload: Callable[[], Any]
) -> Any:
    """On an enrolled PC: recorded for the server (a server of one office), or applied by the
    server now with --as USER signed in to it (a server of several: kiosk.sync.shared_admin),
    the network used with no transaction open here. None on a PC standing alone."""
    from kiosk.services.admin_sync import enrolled
    from kiosk.sync.shared_admin import ToServer, needs_proof, prepare_shared, send_shared

    with ctx.store.begin() as s:
        if not enrolled(s):
            return None
        payload = read_payload()
        if not needs_proof(s):
            return prepare_shared(s, kind, {**payload, **signed_admin(s, args)})
        password = admin_password(args)
        step = prepare_shared(s, kind, payload, args.as_admin, password)
    assert password is not None and isinstance(step, ToServer)
    return send_shared(step, args.as_admin, password, store=ctx.store)  # and pull at once


def said_shared(ctx: CliContext, outcome: Any, data: dict[str, Any], what: str) -> None:
    if outcome.done:
        ctx.out(
            {**data, "applied": True, "pending": False},
            f"Applied by the server for every office ({what}): this PC and the others get it "
            "at their next sync",
        )
    else:
        ctx.out(
            {**data, "applied": False, "pending": True},
            f"Recorded for the server ({what}): it applies once this PC has synced "
            "(kiosk sync --status shows a refusal)",
        )


def cmd_catalog_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.admin_sync import CATALOG_IMPORT
    from kiosk.services.catalog_store import (
        diff_catalog,
        import_catalog,
        read_catalog_file,
        read_catalog_payload,
    )

    catalog = read_catalog_file(args.file)
    if args.dry_run:
        with ctx.store.read() as s:
            diff = diff_catalog(s, catalog, withdraw_missing=args.withdraw_missing)
        ctx.out(
            {"procedures": len(catalog.procedures), "applied": False, **diff.as_dict()},
            f"Not applied (dry run): {diff.text()}",
        )
        return 0
    n = len(catalog.procedures)
    # on an enrolled PC the server imports it for all its PCs (kiosk.services.admin_sync)
    outcome = submit_shared_cli(
        ctx, args, CATALOG_IMPORT,
        lambda: read_catalog_payload(args.file, withdraw_missing=args.withdraw_missing),
    )  # fmt: skip
    if outcome is not None:
        diff = outcome.result
        said_shared(ctx, outcome, {"procedures": n, **diff.as_dict()}, diff.text())
        return 0
    with ctx.store.begin() as s:
        diff = import_catalog(s, catalog, withdraw_missing=args.withdraw_missing)
    ctx.out(
        {"procedures": n, "applied": True, **diff.as_dict()},
        f"Imported {n} procedures from {args.file}: {diff.text()}",
    )
    return 0


def cmd_catalog_list(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        q = (
            select(Procedure, Field.name)
            .join(Field)
            .where(Procedure.active)
            .order_by(Procedure.code)
        )
        if args.search:
            q = q.where(Procedure.search_key.contains(fold(args.search)))
        rows = [
            {
                "code": p.code,
                "name": p.name,
                "field": f,
                "time_limit": p.time_limit,
                "unit": p.time_unit,
                "fee": p.fee_vnd,
                "sample": p.sample,
                "inter_agency": p.inter_agency,
                "approval": p.approval_decision,
            }
            for p, f in s.execute(q)
        ]
    text = "\n".join(
        f"{r['code']:<16} {r['time_limit']:g} {r['unit']:<6} {r['name']}" for r in rows
    )
    ctx.out({"procedures": rows}, text or "No procedures.")
    return 0


def cmd_catalog_export(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.publish.content import publication
    from kiosk.publish.html import export_html, open_data, open_data_csv

    if not (args.html or args.csv or args.json_file):
        raise UsageError("say what to export: --html DIR, --csv FILE and/or --json-file FILE")
    with ctx.store.read() as s:
        pub = publication(s, field_name=args.field)
    result: dict[str, Any] = {"procedures": len(pub.sheets)}
    said = []
    if args.html:
        files = export_html(pub, args.html)
        result["html"] = str(Path(args.html) / "index.html")
        result["files"] = len(files)
        said.append(f"website in {args.html} ({len(files)} files)")
    if args.csv:
        _write_text(args.csv, "\ufeff" + open_data_csv(pub))
        result["csv"] = args.csv
        said.append(f"CSV {args.csv}")
    if args.json_file:
        _write_text(args.json_file, json.dumps(open_data(pub), ensure_ascii=False, indent=1))
        result["json_file"] = args.json_file
        said.append(f"JSON {args.json_file}")
    ctx.out(result, f"Exported {len(pub.sheets)} procedures: " + ", ".join(said))
    return 0


def _write_text(path: str, text: str) -> None:
    target = Path(path)
    if not target.parent.is_dir():
        raise KioskError(f"the folder {target.parent} does not exist")
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(target)


def cmd_catalog_bulletin(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.publish.bulletin import bulletin_text

    since = parse_date(args.since, "--since")
    out = Path(args.out)
    if out.suffix.lower() not in (".txt", ".wav"):
        raise UsageError("--out must end in .txt (the script) or .wav (read aloud)")
    if not out.parent.is_dir():
        raise KioskError(f"the folder {out.parent} does not exist")
    with ctx.store.read() as s:
        text = bulletin_text(s, since)
    if out.suffix.lower() == ".txt":
        _write_text(str(out), text)
        ctx.out({"out": str(out), "chars": len(text)}, f"Wrote the bulletin script to {out}")
        return 0
    from kiosk.publish.voice import VoiceError, speak_to_wav

    try:
        seconds = speak_to_wav(text, out)
    except (VoiceError, OSError) as exc:
        raise KioskError(f"the bulletin could not be read aloud: {exc}") from exc
    ctx.out(
        {"out": str(out), "seconds": round(seconds, 1)},
        f"Wrote the bulletin read aloud to {out} ({seconds:.0f} s)",
    )
    return 0
