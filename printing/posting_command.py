"""`kiosk print posting`: notice-board sheets of the procedures (a cover, one per procedure)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliContext, Parents, add_command


def register_posting(pr: Any, parents: Parents) -> None:
    p = add_command(
        pr, parents, "posting", "notice-board sheets of the procedures (A4 PDF, cover first)"
    )
    p.add_argument("--field", help="only the procedures of this field (lĩnh vực)")
    p.add_argument(
        "--procedure", action="append", metavar="CODE", help="only this procedure (repeatable)"
    )
    p.add_argument("--no-cover", action="store_true", help="leave out the cover sheet")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.set_defaults(handler=cmd_print_posting)


def cmd_print_posting(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.publish.content import publication
    from printing.forms.posting import render_posting
    from printing.jobs import write_pdf

    with ctx.store.read() as s:
        pub = publication(s, field_name=args.field, codes=args.procedure)
    data = render_posting(pub, cover=not args.no_cover)
    path = write_pdf(data, args.out)
    n = len(pub.sheets)
    ctx.out(
        {"out": str(path), "procedures": n, "bytes": len(data)},
        f"Wrote {path}: {n} procedure{'s' if n != 1 else ''}",
    )
    return 0
