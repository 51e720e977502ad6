"""Commands that print: `ticket ...` (a ticket is only issued once it printed) and `print ...`.

Registered through the `kiosk.commands` entry point (kiosk/ itself never imports printing).
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliContext, Parents, add_command
from kiosk.cli.queue import ticket_call
from kiosk.services import queue as q
from kiosk.services.context import device_id


def register(sub: Any, parents: Parents) -> None:
    tk = sub.add_parser("ticket", help="queue tickets").add_subparsers(
        dest="ticket_command", metavar="ACTION", required=True
    )
    p = add_command(
        tk, parents, "issue", "issue (and print) a ticket; not issued if printing fails"
    )
    p.add_argument("--service", required=True)
    p.add_argument(
        "--priority",
        nargs="?",
        const="elderly",
        choices=sorted(q.PRIORITY_KINDS),
        help="a priority ticket (default kind: elderly)",
    )
    p.add_argument("--printer", help="printer URL, e.g. tcp://10.0.0.5:9100 or sim://")
    p.set_defaults(handler=cmd_ticket_issue)

    p = add_command(tk, parents, "call", "call the next ticket for a counter")
    p.add_argument("--counter", type=int, required=True)
    p.add_argument("--actor", default="cli")
    p.set_defaults(handler=ticket_call)


def cmd_ticket_issue(ctx: CliContext, args: argparse.Namespace) -> int:
    printer = None
    if args.printer:
        from printing.jobs import ticket_printer

        printer = ticket_printer(args.printer)
    with ctx.store.begin() as s:
        issued = q.issue_ticket(
            s, args.service, priority=args.priority, device_id=device_id(s), print_ticket=printer
        )
        t = issued.ticket
        out = {
            "number": t.label,
            "service": t.service.code,
            "issued_at": t.issued_at,
            "ahead": issued.ahead,
            "priority": t.priority,
        }
    ctx.out(out, f"Ticket {t.label} ({issued.ahead} ahead)")
    return 0
