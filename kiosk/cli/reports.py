"""`kiosk roster ...`: the duty roster (lịch trực) from the command line.

(The `kiosk report ...` group can write PDF, so it lives in `printing.report_commands`.)
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from kiosk.cli.common import CliContext, Parents, UsageError, add_command, parse_date
from kiosk.services.context import now
from kiosk.services.roster import (
    LOOKAHEAD_DAYS,
    fill_roster,
    load_roster,
    roster_check,
    set_duty,
    upcoming_gaps,
)


def register(sub: Any, parents: Parents) -> None:
    ro = sub.add_parser("roster", help="the duty roster (lịch trực)").add_subparsers(
        dest="roster_command", metavar="ACTION", required=True
    )
    p = add_command(ro, parents, "show", "who staffs which counter, with gaps and clashes")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.set_defaults(handler=cmd_show)

    p = add_command(ro, parents, "set", "put a clerk on duty at a counter on a day")
    p.add_argument("--day", required=True)
    p.add_argument("--counter", type=int, required=True)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", help="the clerk's user name")
    who.add_argument("--clear", action="store_true", help="nobody (take the duty away)")
    p.set_defaults(handler=cmd_set)

    p = add_command(ro, parents, "fill", "the same counters and clerks on every working day")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument(
        "--assign", action="append", required=True, metavar="COUNTER=USER", help="repeatable"
    )
    p.add_argument("--overwrite", action="store_true", help="replace duties already set")
    p.set_defaults(handler=cmd_fill)

    p = add_command(ro, parents, "gaps", "counters with nobody on duty in the coming days")
    p.add_argument("--days", type=int, default=LOOKAHEAD_DAYS)
    p.set_defaults(handler=cmd_gaps)

    p = add_command(ro, parents, "check", "is this clerk on duty here? (exit 1 if not)")
    p.add_argument("--user", required=True)
    p.add_argument("--counter", type=int, required=True)
    p.add_argument("--day", help="default: today")
    p.set_defaults(handler=cmd_check)


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    start, end = parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to")
    with ctx.store.begin() as s:
        roster = load_roster(s, start, end)
    lines = ["day        " + " ".join(f"{c:>10}" for c in roster.counters)]
    for d in roster.days:
        cells = (roster.duty.get((d, c)) or "-- GAP --" for c in roster.counters)
        lines.append(f"{d:%d/%m/%Y} " + " ".join(f"{x:>10}" for x in cells))
    for d, user, counters in roster.clashes:
        lines.append(f"clash: {user} on counters {counters} on {d:%d/%m/%Y}")
    for o in roster.off_roster:
        lines.append(
            f"off the roster: {o.username} signed in at counter {o.counter} on "
            f"{o.day:%d/%m/%Y} {o.first_at:%H:%M}"
            + (f" ({o.times} times)" if o.times > 1 else "")
            + f"; rostered there: {o.rostered or 'nobody'}"
        )
    lines.append(f"{len(roster.gaps)} gap(s)")
    ctx.out(roster.as_dict(), "\n".join(lines))
    return 0


def cmd_set(ctx: CliContext, args: argparse.Namespace) -> int:
    day = parse_date(args.day, "--day")
    with ctx.store.begin() as s:
        set_duty(s, day, args.counter, None if args.clear else args.user)
    user = None if args.clear else args.user
    ctx.out(
        {"day": day.isoformat(), "counter": args.counter, "username": user},
        f"Counter {args.counter} on {day:%d/%m/%Y}: {user or 'nobody'}",
    )
    return 0


def cmd_fill(ctx: CliContext, args: argparse.Namespace) -> int:
    start, end = parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to")
    assignment: dict[int, str] = {}
    for item in args.assign:
        counter, sep, user = item.partition("=")
        if not sep or not counter.strip().isdigit() or not user.strip():
            raise UsageError(f"--assign '{item}' is not COUNTER=USER (e.g. 1=canbo1)")
        assignment[int(counter)] = user.strip()
    with ctx.store.begin() as s:
        n = fill_roster(s, start, end, assignment, overwrite=args.overwrite)
        gaps = load_roster(s, start, end).gaps
    ctx.out({"set": n, "gaps": len(gaps)}, f"{n} duties set; {len(gaps)} gap(s) left")
    return 0


def cmd_gaps(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.days < 1:
        raise UsageError("--days must be 1 or more")
    today = now().date()
    with ctx.store.begin() as s:
        gaps = upcoming_gaps(s, today, args.days)
    until = today + timedelta(days=args.days - 1)
    ctx.out(
        {
            "from": today.isoformat(),
            "to": until.isoformat(),
            "gaps": [{"day": d.isoformat(), "counter": c} for d, c in gaps],
        },
        "\n".join(f"{d:%d/%m/%Y} counter {c}: nobody on duty" for d, c in gaps)
        or f"Every counter is staffed until {until:%d/%m/%Y}.",
    )
    return 0


def cmd_check(ctx: CliContext, args: argparse.Namespace) -> int:
    day = parse_date(args.day, "--day") if args.day else now().date()
    with ctx.store.begin() as s:
        check = roster_check(s, args.user, args.counter, day)
    ctx.out(
        {"ok": check.ok, "reason": check.reason, "rostered": check.rostered},
        check.message_en,
    )
    return 0 if check.ok else 1
