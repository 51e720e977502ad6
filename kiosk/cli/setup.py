"""The kiosk PIN, procedure fees and `kiosk setup` from the command line (docs/admin.md)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.admin import _office_opt, _sub, _submit, read_secret, show
from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.errors import KioskError
from kiosk.services import admin_office
from kiosk.services import admin_sync as sync


def register(sub: Any, parents: Parents) -> None:
    pin = _sub(sub, "kiosk-pin", "the PIN that closes the public kiosks")
    p = add_command(pin, parents, "set", "set the PIN (asked twice, or one line on stdin)")
    p.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    _office_opt(p)
    p.set_defaults(handler=cmd_kiosk_pin_set)

    pro = _sub(sub, "procedure", "a procedure's settings in this office")
    fee = pro.add_parser("fee", help="fee and charge").add_subparsers(
        dest="fee_command", metavar="ACTION", required=True
    )
    p = add_command(fee, parents, "set", "the procedure's fee and charge (VND) and legal basis")
    p.add_argument("code", help="the procedure's code")
    p.add_argument("--fee", help="phí, in VND (empty: none)")
    p.add_argument("--charge", help="lệ phí, in VND (empty: none)")
    p.add_argument("--basis", default="", help="the legal basis, e.g. Nghị quyết 12/2025/NQ-HĐND")
    _office_opt(p)
    p.set_defaults(handler=cmd_fee_set)
    p = add_command(fee, parents, "show", "the procedure's fee and charge")
    p.add_argument("code")
    _office_opt(p)
    p.set_defaults(handler=cmd_fee_show)

    p = add_command(
        sub,
        parents,
        "setup",
        "set up a new office: the set-up wizard, or --non-interactive --from FILE.toml",
    )
    p.add_argument("--non-interactive", action="store_true", help="no wizard: read --from")
    p.add_argument("--from", dest="source", metavar="FILE.toml", help="the office to set up")
    p.set_defaults(handler=cmd_setup)


def cmd_kiosk_pin_set(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.setup import hash_password

    pin = admin_office.check_pin(read_secret(args.pin_stdin, "PIN"))
    with ctx.store.begin() as s:
        payload = {"pin_hash": hash_password(pin)}
        out = _submit(s, sync.KIOSK_PIN_SET, payload, args.office)
    return show(ctx, out, {}, "Kiosk PIN set (stored hashed)")


def cmd_fee_set(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"procedure": args.code, "fee_vnd": args.fee, "charge_vnd": args.charge,
               "basis": args.basis}  # fmt: skip
    with ctx.store.begin() as s:
        out = _submit(s, sync.FEE_SET, payload, args.office)
    return show(ctx, out, out.result, f"Fee of {args.code} set")


def cmd_fee_show(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.dossiers import get_procedure
    from kiosk.services.fees import fee_of, vnd

    with ctx.store.begin() as s:
        fee = fee_of(s, get_procedure(s, args.code), args.office).as_dict()
    total = fee["total_vnd"]
    ctx.out(
        {"procedure": args.code, **fee},
        f"{args.code}: {vnd(total) if total is not None else fee['text'] or 'no fee'}"
        + (f" ({fee['basis']})" if fee["basis"] else ""),
    )
    return 0


# -- setup --------------------------------------------------------------------------------------

WIZARD_GROUP = "kiosk.setup"  # the set-up wizard registers an entry point `wizard` here


def cmd_setup(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.non_interactive:
        if not args.source:
            raise UsageError("--non-interactive needs --from FILE.toml")
        from kiosk.services.setup_file import apply_setup_file

        summary = apply_setup_file(ctx.store, args.source)
        ctx.out(summary, "Office set up: " + ", ".join(f"{v} {k}" for k, v in summary.items()))
        return 0
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=WIZARD_GROUP) if ep.name == "wizard"]
    if not found:
        raise KioskError(
            "the set-up wizard is not installed in this version; use "
            "'kiosk setup --non-interactive --from FILE.toml' or the commands in docs/admin.md"
        )
    return int(found[0].load()(ctx, args) or 0)
