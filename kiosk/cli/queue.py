"""Queue commands that need no printer (`ticket issue` with printing lives in printing.commands)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliContext, Parents, add_command
from kiosk.services import queue as q
from kiosk.services.context import Actor, now
from kiosk.services.queue_signal import announce_queue_change


def register(sub: Any, parents: Parents) -> None:
    qs = sub.add_parser("queue", help="queue services").add_subparsers(
        dest="queue_command", metavar="ACTION", required=True
    )
    p = add_command(qs, parents, "services", "the services tickets are issued for")
    p.set_defaults(handler=cmd_services)


def cmd_services(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        today = now().date()
        rows = [
            {
                "code": svc.code,
                "name": svc.name,
                "prefix": svc.prefix,
                "waiting": q.waiting_count(s, svc, today),
            }
            for svc in q.list_services(s)
        ]
    text = "\n".join(
        f"{r['prefix']}  {r['code']:<6} {r['name']}  ({r['waiting']} waiting)" for r in rows
    )
    ctx.out({"services": rows}, text or "No services configured.")
    return 0


def ticket_call(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        t = q.call_next(s, args.counter, Actor(args.actor, args.counter))
        out = {"number": t.label if t else None, "counter": args.counter}
    announce_queue_change(ctx.home)  # the display of this PC shows it at once
    ctx.out(out, f"Counter {args.counter}: {out['number']}" if t else "Nobody is waiting.")
    return 0
