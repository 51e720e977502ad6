"""Dossier commands: receive, lookup, search, advance, return, refuse, supplement, apologise."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from kiosk.cli.common import CliContext, Parents, add_command, fmt_dt, parse_date, parse_time
from kiosk.domain.status import STATUS_NAMES_EN, STATUS_NAMES_VI
from kiosk.errors import KioskError
from kiosk.services.context import CLI_ACTOR, Actor, device_id
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    apologise,
    refuse_dossier,
    request_supplement,
    resume_dossier,
    return_result,
)
from kiosk.services.dossiers import receive_dossier as receive
from kiosk.services.handover import party, record_handover
from kiosk.services.queries import DossierFilter, is_overdue, lookup, search
from kiosk.store.models import Staff


def _applicant_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--procedure", required=True, help="the procedure's national code")
    p.add_argument("--name", required=True)
    p.add_argument("--id-number", help="12-digit citizen ID (CCCD)")
    p.add_argument("--phone")
    p.add_argument("--address")
    p.add_argument("--email")
    p.add_argument("--sets", type=int, default=1)
    p.add_argument("--channel", choices=["direct", "post", "online"], default="direct")
    p.add_argument("--at", help="time of reception (default: now)")
    p.add_argument(
        "--actor",
        help="who does it: the user name of an active staff account (default: the command line,"
        " recorded and printed as such, not as a person)",
    )
    p.add_argument("--counter", type=int)


def register(sub: Any, parents: Parents) -> None:
    p = add_command(sub, parents, "receive", "receive a complete dossier at the counter")
    _applicant_args(p)
    p.add_argument(
        "--fee-mode",
        choices=["paid", "exempt", "online", "none"],
        help="what was collected: paid (with --fee-amount, --fee-receipt), exempt (with "
        "--fee-note), online, none",
    )
    p.add_argument("--fee-amount", help="the amount collected, in VND")
    p.add_argument("--fee-receipt", help="the receipt (biên lai) number")
    p.add_argument("--fee-note", help="the reason of an exemption")
    p.set_defaults(handler=cmd_receive)

    p = add_command(sub, parents, "refuse", "refuse a dossier at the counter (Mẫu 03)")
    _applicant_args(p)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_refuse)

    p = add_command(sub, parents, "supplement", "ask for more documents (Mẫu 02); pauses the clock")
    p.add_argument("code")
    p.add_argument("--reason", required=True)
    p.add_argument("--missing", action="append", default=[], help="a missing document (repeat)")
    p.add_argument("--at")
    p.add_argument("--actor", help="the user name of an active staff account")
    p.add_argument(
        "--supervisor",
        metavar="USER",
        help="the supervisor who approves a second request (Decree 61/2018: one request)",
    )
    p.set_defaults(handler=cmd_supplement)

    p = add_command(sub, parents, "resume", "the missing documents arrived: the clock runs again")
    p.add_argument("code")
    p.add_argument("--at")
    p.add_argument("--actor", help="the user name of an active staff account")
    p.set_defaults(handler=cmd_resume)

    p = add_command(sub, parents, "lookup", "status of a dossier as staff see it")
    p.add_argument("code")
    p.set_defaults(handler=cmd_lookup)

    p = add_command(sub, parents, "search", "find dossiers by code, name, phone, status, date")
    p.add_argument("text", nargs="?")
    p.add_argument("--status", type=int)
    p.add_argument("--field")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_search)

    p = add_command(sub, parents, "advance", "move a dossier to another status")
    p.add_argument("code")
    p.add_argument("--to", type=int, required=True, dest="to_status")
    p.add_argument("--note")
    p.add_argument("--at")
    p.add_argument("--actor", help="the user name of an active staff account")
    p.add_argument(
        "--supervisor", metavar="USER", help="approves a second supplement request (--to 5)"
    )
    p.set_defaults(handler=cmd_advance)

    p = add_command(sub, parents, "return", "hand the result back (status 10)")
    p.add_argument("code")
    p.add_argument("--to", dest="to_name", help="who collected the result")
    p.add_argument("--at")
    p.add_argument("--actor", help="the user name of an active staff account")
    p.set_defaults(handler=cmd_return)

    p = add_command(sub, parents, "hand-over", "record a hand-over of a dossier (a row of Mẫu 06)")
    p.add_argument("code")
    p.add_argument("--from", dest="giver", required=True, help="a user name, or the giving unit")
    p.add_argument(
        "--to", dest="receiver", required=True, help="a user name, or the receiving unit"
    )
    p.add_argument("--from-person", help="the giving person, when --from names a unit")
    p.add_argument("--to-person", help="the receiving person, when --to names a unit")
    p.add_argument("--note")
    p.add_argument("--at")
    p.add_argument("--actor", help="the user name of an active staff account")
    p.set_defaults(handler=cmd_hand_over)

    p = add_command(sub, parents, "apologise", "apology with a new due date (Mẫu 04)")
    p.add_argument("code")
    p.add_argument("--new-due", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--at")
    p.add_argument("--actor", help="the user name of an active staff account")
    p.add_argument("--supervisor", metavar="USER", help="approves a second apology")
    p.set_defaults(handler=cmd_apologise)


def _intake(args: argparse.Namespace) -> Intake:
    return Intake(
        procedure_code=args.procedure,
        applicant=Applicant(args.name, args.id_number, args.phone, args.address, args.email),
        sets=args.sets,
        channel=args.channel,
    )


def _actor(ctx: CliContext, args: argparse.Namespace, session: Any) -> Actor:
    """--actor must name an active staff account; without it the command line acts as itself
    (CLI_ACTOR, which the forms print as "entered from the command line", never as a person)."""
    name = args.actor
    if name is None:
        return Actor(CLI_ACTOR, getattr(args, "counter", None), device_id(session))
    name = name.strip()
    active = session.scalar(select(Staff.active).where(Staff.username == name))
    if not active:
        raise KioskError(
            f"'{name}' is not an active staff account here; give --actor the user name of an"
            " active account (accounts are added with kiosk staff add)"
        )
    return Actor(name, getattr(args, "counter", None), device_id(session))


def cmd_receive(ctx: CliContext, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.services.fees import check_collected

    at = parse_time(args.at)
    intake = _intake(args)
    if args.fee_mode is not None:
        fee = check_collected(args.fee_mode, args.fee_amount, args.fee_note, args.fee_receipt)
        intake = replace(intake, fee=fee)
    with ctx.store.begin() as s:
        d = receive(s, intake, _actor(ctx, args, s), at)
        out = {"code": d.code, "status": d.status, "received_at": d.received_at, "due_at": d.due_at}
        if d.fee_mode is not None:
            out["fee"] = {"mode": d.fee_mode, "amount_vnd": d.fee_paid_vnd,
                          "receipt": d.fee_receipt, "note": d.fee_note}  # fmt: skip
    ctx.out(out, f"Received {out['code']}; result due {fmt_dt(d.due_at)}")
    return 0


def cmd_refuse(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        d = refuse_dossier(s, _intake(args), args.reason, _actor(ctx, args, s), parse_time(args.at))
        out = {"code": d.code, "status": d.status}
    ctx.out(out, f"Refused {out['code']}")
    return 0


def cmd_supplement(ctx: CliContext, args: argparse.Namespace) -> int:
    missing = [{"name": m, "originals": 1, "copies": 0} for m in args.missing]
    with ctx.store.begin() as s:
        d = request_supplement(
            s,
            args.code,
            missing,
            args.reason,
            _actor(ctx, args, s),
            parse_time(args.at),
            approved_by=args.supervisor,
        )
        out = {"code": d.code, "status": d.status}
    ctx.out(out, f"{out['code']}: supplement requested, clock paused")
    return 0


def cmd_resume(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        d = resume_dossier(s, args.code, _actor(ctx, args, s), parse_time(args.at))
        out = {"code": d.code, "status": d.status, "due_at": d.due_at}
    ctx.out(out, f"{out['code']}: documents received; due {fmt_dt(d.due_at)}")
    return 0


def cmd_lookup(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.read() as s:
        info = lookup(s, args.code)
    lines = [
        f"{info['code']}  {info['procedure']}  {info['procedure_name']}",
        f"Status {info['status']}: {info['status_name']}"
        + ("  (OVERDUE)" if info["overdue"] else ""),
        f"Received {info['received_at'] or '—'}  due {info['due_at'] or '—'}",
    ] + [f"  {e['at']}  -> {e['status']}  {e['actor']}  {e['note'] or ''}" for e in info["events"]]
    ctx.out(info, "\n".join(lines))
    return 0


def cmd_search(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.status is not None and args.status not in STATUS_NAMES_VI:
        raise KioskError(f"--status {args.status} is not a dossier status (1 to 10)")
    f = DossierFilter(
        text=args.text,
        status=args.status,
        field=args.field,
        limit=args.limit,
        received_from=parse_date(args.date_from, "--from") if args.date_from else None,
        received_to=parse_date(args.date_to, "--to") if args.date_to else None,
    )
    with ctx.store.begin() as s:
        rows = [
            {
                "code": d.code,
                "status": d.status,
                "status_name": STATUS_NAMES_VI[d.status],
                "procedure": d.procedure.code,
                "applicant_name": d.applicant_name,
                "received_at": d.received_at,
                "due_at": d.due_at,
                "overdue": is_overdue(d),
            }
            for d in search(s, f)
        ]
    text = "\n".join(
        f"{r['code']}  {r['status']:>2} {r['status_name']:<28} {r['applicant_name']}" for r in rows
    )
    ctx.out({"dossiers": rows}, text or "No dossiers found.")
    return 0


def cmd_advance(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        d = advance_dossier(
            s,
            args.code,
            args.to_status,
            _actor(ctx, args, s),
            parse_time(args.at),
            args.note,
            approved_by=args.supervisor,
        )
        out = {"code": d.code, "status": d.status}
    ctx.out(out, f"{d.code} is now {d.status} ({STATUS_NAMES_EN[d.status]})")
    return 0


def cmd_return(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        d, result = return_result(
            s, args.code, _actor(ctx, args, s), to_name=args.to_name, at=parse_time(args.at)
        )
        out = {"code": d.code, "status": d.status, "result": result}
    ctx.out(out, f"{out['code']} returned ({result.replace('_', ' ')})")
    return 0


def cmd_hand_over(ctx: CliContext, args: argparse.Namespace) -> int:
    at = parse_time(args.at)
    with ctx.store.begin() as s:
        giver = party(s, args.giver, args.from_person)
        receiver = party(s, args.receiver, args.to_person)
        d, e, result = record_handover(
            s, args.code, giver, receiver, _actor(ctx, args, s), at, args.note
        )
        out = {
            "code": d.code,
            "status": d.status,
            "at": e.at,
            "from": giver.label(),
            "to": receiver.label(),
            "result": result,
        }
    judged = f" ({result.replace('_', ' ')})" if result else ""
    ctx.out(out, f"{d.code}: handed over by {out['from']} to {out['to']}{judged}")
    return 0


def cmd_apologise(ctx: CliContext, args: argparse.Namespace) -> int:
    new_due = parse_time(args.new_due, "--new-due")
    assert new_due is not None
    with ctx.store.begin() as s:
        d = apologise(
            s,
            args.code,
            new_due,
            args.reason,
            _actor(ctx, args, s),
            parse_time(args.at),
            approved_by=args.supervisor,
        )
        # due_at: the appointment of Mẫu 01 the dossier is still judged against (docs/rules.md)
        out = {"code": d.code, "status": d.status, "due_at": d.due_at, "new_due_at": d.new_due_at}
    ctx.out(
        out,
        f"{out['code']}: new appointment {fmt_dt(d.new_due_at)} "
        f"(judged against the original {fmt_dt(d.due_at)})",
    )
    return 0
