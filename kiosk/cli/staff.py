"""Staff accounts from the command line: add, list, set, passwd, disable (docs/admin.md).

Passwords are asked twice at the terminal (getpass) or read as one line of standard input
with --password-stdin; never taken from the command line, where other users and the shell's
history would see them (`--password` is still accepted, with a warning, for old scripts).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli.admin import _office_id, read_secret, show
from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.services import admin_staff
from kiosk.services import admin_sync as sync
from kiosk.services.admin_sync import Outcome

ROLES = list(admin_staff.ROLES)


def register(sub: Any, parents: Parents) -> None:
    staff = sub.add_parser("staff", help="staff accounts").add_subparsers(
        dest="staff_command", metavar="ACTION", required=True
    )
    p = add_command(staff, parents, "add", "add a staff account (the password is asked twice)")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name")
    p.add_argument("--role", required=True, choices=ROLES)
    _password_opts(p)
    _place_opts(p)
    p.set_defaults(handler=cmd_add)

    p = add_command(staff, parents, "set", "change an account (name, role, office, ...)")
    p.add_argument("username")
    p.add_argument("--name", help="full name")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--active", choices=["yes", "no"], help="enable or disable")
    _place_opts(p)
    p.add_argument("--no-department", action="store_true", help="take the department away")
    p.add_argument("--no-counter", action="store_true", help="no usual counter")
    p.add_argument(
        "--one-office", action="store_true", help="no longer of all offices (with --office)"
    )
    p.set_defaults(handler=cmd_set)

    p = add_command(staff, parents, "passwd", "set a new password for an account")
    p.add_argument("username")
    _password_opts(p)
    p.set_defaults(handler=cmd_passwd)

    p = add_command(staff, parents, "disable", "disable an account (it can no longer sign in)")
    p.add_argument("username")
    p.set_defaults(handler=cmd_disable)

    p = add_command(
        staff, parents, "logout", "end every server session of this account (its tokens)"
    )
    p.add_argument("username")
    p.set_defaults(handler=cmd_logout)

    p = add_command(staff, parents, "list", "the staff accounts")
    p.add_argument("--office", metavar="AGENCY_CODE", help="one office's accounts only")
    p.add_argument("--active-only", action="store_true", help="leave out disabled accounts")
    p.set_defaults(handler=cmd_list)


def _password_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.add_argument("--password", help=argparse.SUPPRESS)  # old scripts; warned about


def _place_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--office", metavar="AGENCY_CODE", help="the office it belongs to")
    p.add_argument(
        "--all-offices",
        action="store_true",
        help="a supervisor or admin of every office of the server",
    )
    p.add_argument("--department", metavar="CODE", help="a department officer's department")
    p.add_argument("--counter", type=int, help="the counter the clerk usually sits at")


def password(args: argparse.Namespace) -> str:
    if args.password is not None:
        if args.password_stdin:
            raise UsageError("give the password once: --password-stdin or the prompt")
        sys.stderr.write(
            "kiosk: warning: a password on the command line can be seen by others; "
            "use the prompt or --password-stdin.\n"
        )
        return str(args.password)
    return read_secret(args.password_stdin, "password")


def _apply(ctx: CliContext, kind: str, payload: dict[str, Any]) -> Outcome:
    with ctx.store.begin() as s:
        return sync.submit(s, kind, payload)


def cmd_add(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.setup import hash_password

    secret = admin_staff.check_password(password(args))
    payload = {
        "action": "add",
        "username": args.username,
        "full_name": args.name,
        "role": args.role,
        "password_hash": hash_password(secret),
        "office": args.office,
        "department": args.department,
        "counter": args.counter,
        "all_offices": args.all_offices,
    }
    out = _apply(ctx, sync.STAFF_SET, payload)
    row = out.result
    return show(ctx, out, row, f"Added {row['role']} {row['username']}")


def cmd_set(ctx: CliContext, args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for attr, key in (("name", "full_name"), ("role", "role"), ("office", "office"),
                      ("department", "department"), ("counter", "counter")):  # fmt: skip
        if getattr(args, attr) is not None:
            changes[key] = getattr(args, attr)
    if args.active is not None:
        changes["active"] = args.active == "yes"
    if args.all_offices or args.one_office:
        if args.all_offices and args.one_office:
            raise UsageError("--all-offices or --one-office, not both")
        changes["all_offices"] = bool(args.all_offices)
    if args.no_department:
        changes["department"] = None
    if args.no_counter:
        changes["counter"] = None
    if not changes:
        raise UsageError("say what to change (--name, --role, --office, --department, ...)")
    out = _apply(ctx, sync.STAFF_SET, {"action": "set", "username": args.username,
                                       "changes": changes})  # fmt: skip
    return show(ctx, out, out.result, f"Account {out.result['username']} changed")


def cmd_passwd(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.setup import hash_password

    secret = admin_staff.check_password(password(args))
    payload = {"username": args.username.strip().lower(), "password_hash": hash_password(secret)}
    out = _apply(ctx, sync.STAFF_PASSWD, payload)
    return show(ctx, out, {"username": payload["username"]}, f"Password of {args.username} set")


def cmd_disable(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"action": "set", "username": args.username, "changes": {"active": False}}
    out = _apply(ctx, sync.STAFF_SET, payload)
    return show(ctx, out, out.result, f"Account {out.result['username']} disabled")


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        office = _office_id(s, args.office) if args.office else None
        rows = admin_staff.list_staff(s, office, disabled=not args.active_only)
        pending = sync.pending_changes(s, (sync.STAFF_SET, sync.STAFF_PASSWD))
    lines = []
    for r in rows:
        where = "all offices" if r["all_offices"] else (r["office"] or "—")
        extra = [f"department {r['department']}"] if r["department"] else []
        extra += [f"counter {r['counter']}"] if r["counter"] else []
        extra += [] if r["active"] else ["DISABLED"]
        lines.append(
            f"{r['username']:<14} {r['role']:<11} {r['full_name']:<26} {where}"
            + (f" ({', '.join(extra)})" if extra else "")
        )
    lines += [f"pending: {p.get('action', 'passwd')} {p.get('username')}" for p in pending]
    ctx.out({"staff": rows, "pending": pending}, "\n".join(lines) or "No staff accounts.")
    return 0


def cmd_logout(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.server.logins import logout

    with ctx.store.begin() as s:
        n = logout(s, args.username)
    ctx.out(
        {"username": args.username, "sessions_ended": n},
        f"Ended {n} server session(s) of {args.username}",
    )
    return 0
