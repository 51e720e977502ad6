"""Commands that print: `ticket ...` (a ticket is only issued once it printed) and `print ...`.

Registered through the `kiosk.commands` entry point (kiosk/ itself never imports printing).
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliContext, Parents, add_command, parse_date
from kiosk.cli.queue import ticket_call
from kiosk.services import queue as q
from kiosk.services.context import device_id
from kiosk.services.queue_signal import announce_queue_change
from printing import FORMS

# printing.jobs pulls in reportlab and Pillow (~0.5 s): imported by the handlers that print, so
# that every other `kiosk` command starts quickly.


def register(sub: Any, parents: Parents) -> None:
    register_ticket(sub, parents)
    register_print(sub, parents)


def register_ticket(sub: Any, parents: Parents) -> None:
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
    from printing.jobs import ticket_printer

    printer = ticket_printer(args.printer) if args.printer else None
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
    announce_queue_change(ctx.home)  # the counters of this PC see the new ticket at once
    note = "" if printer else " - not printed (no --printer given): tell the citizen the number"
    ctx.out(out, f"Ticket {t.label} ({issued.ahead} ahead){note}")
    return 0


def register_print(sub: Any, parents: Parents) -> None:
    pr = sub.add_parser(
        "print", help="print forms, the tracking book, thermal receipts"
    ).add_subparsers(dest="print_command", metavar="WHAT", required=True)
    issued = (
        "issued and recorded the first time; a reprint of that record (marked 'Bản in lại') after"
    )
    p = add_command(
        pr, parents, "receipt", f"the receipt-and-appointment form (Mẫu 01) as PDF: {issued}"
    )
    p.add_argument("code")
    p.add_argument("--out", required=True)
    p.add_argument("--page", choices=["A4", "A5"], default="A4")
    p.add_argument("--actor", help="who issues it (user name; default: who recorded the fact)")
    p.set_defaults(handler=cmd_print_receipt)

    p = add_command(pr, parents, "form", f"another statutory form of a dossier as PDF: {issued}")
    p.add_argument("name", choices=[f for f in FORMS if f != "receipt"] + ["receipt"])
    p.add_argument("code")
    p.add_argument("--out", required=True)
    p.add_argument("--page", choices=["A4", "A5"], default="A4")
    p.add_argument("--actor", help="who issues it (user name; default: who recorded the fact)")
    p.set_defaults(handler=cmd_print_form)

    p = add_command(pr, parents, "book", "the tracking book (Sổ theo dõi hồ sơ) for a period")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_print_book)

    p = add_command(pr, parents, "ticket-receipt", "a short thermal receipt with a QR code")
    p.add_argument("code")
    p.add_argument("--printer", required=True)
    p.add_argument("--width", type=int, choices=[384, 576], default=576, help="dots (58/80 mm)")
    p.set_defaults(handler=cmd_print_slip)

    p = add_command(pr, parents, "test", "a printer test page (Vietnamese text, QR, cut)")
    p.add_argument("--printer", required=True)
    p.add_argument("--width", type=int, choices=[384, 576], default=576)
    p.set_defaults(handler=cmd_print_test)

    from printing.posting_command import register_posting

    register_posting(pr, parents)


def _form(ctx: CliContext, args: argparse.Namespace, name: str) -> int:
    from kiosk.cli.dossiers import _actor
    from kiosk.services.dossiers import get_dossier
    from printing.jobs import write_pdf
    from printing.records import issue

    with ctx.store.begin() as s:
        actor = _actor(ctx, args, s)  # --actor: an active account, else the command line
        done = issue(s, name, get_dossier(s, args.code), issuer=args.actor, actor=actor,
                     page=args.page)  # fmt: skip
        data, doc = done.pdf, done.document
        info = {"kind": doc.kind, "number": doc.number, "issued_at": doc.issued_at,
                "reprint": done.reprint, "sha256": doc.sha256}  # fmt: skip
    path = write_pdf(data, args.out)
    what = "Reprinted" if done.reprint else "Issued"
    ctx.out({"out": str(path), "bytes": len(data), **info}, f"{what} {path}")
    return 0


def cmd_print_receipt(ctx: CliContext, args: argparse.Namespace) -> int:
    return _form(ctx, args, "receipt")


def cmd_print_form(ctx: CliContext, args: argparse.Namespace) -> int:
    return _form(ctx, args, args.name)


def cmd_print_book(ctx: CliContext, args: argparse.Namespace) -> int:
    from printing.jobs import render_book, write_pdf

    d_from, d_to = parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to")
    with ctx.store.begin() as s:
        data = render_book(s, d_from, d_to)
    path = write_pdf(data, args.out)
    ctx.out({"out": str(path), "bytes": len(data)}, f"Wrote {path}")
    return 0


def cmd_print_slip(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.dossiers import get_dossier
    from printing.records import issue_slip
    from printing.thermal import print_job

    def send(data: bytes) -> None:
        print_job(args.printer, data)

    with ctx.store.begin() as s:  # recorded only if it printed (the transaction rolls back)
        done = issue_slip(s, get_dossier(s, args.code), send, width_dots=args.width)
        data = done.pdf
        reprint = done.reprint
    out = {"printer": args.printer, "bytes": len(data), "reprint": reprint}
    ctx.out(out, f"{'Reprinted' if reprint else 'Printed'} on {args.printer}")
    return 0


def cmd_print_test(ctx: CliContext, args: argparse.Namespace) -> int:
    from printing.thermal import print_job, render_test_page

    data = render_test_page(args.width)
    print_job(args.printer, data)
    ctx.out({"printer": args.printer, "bytes": len(data)}, f"Test page sent to {args.printer}")
    return 0
