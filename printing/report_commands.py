"""`kiosk report ...`: results (II.06a), queue, satisfaction and the overdue watch.

Registered through the `kiosk.commands` entry point (`reports`), because the results report
can be a PDF and `kiosk/` never imports `printing`. JSON and CSV come straight from
`kiosk.services.reports*`; the PDF from `printing.forms.report`.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from kiosk import text_table
from kiosk.cli.common import CliContext, Parents, UsageError, add_command, parse_date, parse_time
from kiosk.privacy.files import write_private
from kiosk.services.reports import COLUMNS, GROUPINGS, results_csv, results_report
from kiosk.services.reports_close import close_period
from kiosk.services.reports_queue import (
    DEFAULT_TARGET_S,
    QUEUE_DIMENSIONS,
    RATING_DIMENSIONS,
    queue_report,
    rows_csv,
    satisfaction_report,
    service_index,
)
from kiosk.services.reports_watch import overdue_watch
from printing.forms.report import render_results_report
from printing.jobs import agency_header, write_pdf

FORMATS = ("text", "json", "csv", "pdf")


def results_pdf(
    session: Session,
    start: date,
    end: date,
    *,
    by: str = "field",
    at: datetime | None = None,
    maker: str | None = None,
    agency: str | None = None,
) -> bytes:
    """The II.06a PDF for a period, with the office's heading (for the CLI and the app)."""
    report = results_report(session, start, end, by=by, at=at, agency=agency)
    made_on = (at or datetime.now()).date()
    return render_results_report(report, agency_header(session), made_on=made_on, maker=maker)


def register(sub: Any, parents: Parents) -> None:
    rep = sub.add_parser("report", help="reports and statistics").add_subparsers(
        dest="report_command", metavar="REPORT", required=True
    )

    def period(p: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
        p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
        p.add_argument("--format", choices=formats, default=None, help="output format")
        p.add_argument("--out", help="write to this file instead of stdout")

    p = add_command(rep, parents, "results", "the results report by field (form II.06a)")
    period(p, FORMATS)
    p.add_argument("--by", choices=GROUPINGS, default="field", help="one row per ...")
    p.add_argument("--agency", help="only this agency's dossiers (district server)")
    p.add_argument("--at", help="measure 'pending' at this time (default: now)")
    p.add_argument(
        "--as-of",
        dest="as_of",
        metavar="TIME",
        help="the report as the database knew it at this time (facts recorded later left out)",
    )
    p.set_defaults(handler=cmd_results)

    p = add_command(rep, parents, "close", "close a period (chốt số liệu): its II.06a is stored")
    p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--agency", help="only this agency's dossiers (district server)")
    p.add_argument("--actor", default="cli", help="who closes it (user name)")
    p.set_defaults(handler=cmd_close)

    p = add_command(rep, parents, "queue", "queue figures per service and counter")
    period(p, FORMATS[:3])
    p.add_argument("--by", default="service,counter", help=f"of {', '.join(QUEUE_DIMENSIONS)}")
    p.add_argument("--target-min", type=float, default=DEFAULT_TARGET_S / 60, help="waiting target")
    p.set_defaults(handler=cmd_queue)

    p = add_command(rep, parents, "satisfaction", "citizens' ratings per counter and clerk")
    period(p, FORMATS[:3])
    p.add_argument("--by", default="counter,clerk", help=f"of {', '.join(RATING_DIMENSIONS)}")
    p.add_argument("--agency", help="only this agency's office (district server)")
    p.set_defaults(handler=cmd_satisfaction)

    p = add_command(rep, parents, "fees", "the day's fees per counter and clerk (cash handed over)")
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--format", choices=FORMATS, default=None, help="output format")
    p.add_argument("--out", help="write to this file instead of stdout")
    p.set_defaults(handler=cmd_fees)

    p = add_command(rep, parents, "overdue", "dossiers overdue, due today, due within 2 days")
    p.add_argument("--at", help="as at this time (default: now)")
    p.add_argument(
        "--as-of", dest="as_of", metavar="TIME", help="as the database knew it at this time"
    )
    p.add_argument("--limit", type=int, default=500)
    p.set_defaults(handler=cmd_overdue)


def _format(ctx: CliContext, args: argparse.Namespace) -> str:
    fmt = args.format or ("json" if ctx.json else "text")
    if fmt == "pdf" and not args.out:
        raise UsageError("--format pdf needs --out FILE")
    return str(fmt)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    return parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to")


def _dims(text: str) -> list[str]:
    return [d.strip() for d in text.split(",") if d.strip()]


def _emit(
    ctx: CliContext, args: argparse.Namespace, fmt: str, obj: dict[str, Any], csv: str, text: str
) -> int:
    """One output: the file (then a short JSON/text note), or stdout."""
    if fmt == "json":
        payload = json.dumps(obj, ensure_ascii=False, indent=None) + "\n"
        if args.out:
            write_pdf(payload.encode("utf-8"), args.out)
            ctx.out({**obj, "out": args.out}, f"Wrote {args.out}")
        else:
            ctx.json = True
            ctx.out(obj)
        return 0
    if fmt == "csv":
        if args.out:
            # A BOM lets Excel open the UTF-8 file with its Vietnamese letters intact.
            write_pdf(("\ufeff" + csv).encode("utf-8"), args.out)
            ctx.out({**obj, "out": args.out}, f"Wrote {args.out}")
        else:
            print(csv, end="")
        return 0
    if args.out:
        write_private(args.out, (text + "\n").encode("utf-8"))
        ctx.out({**obj, "out": args.out}, f"Wrote {args.out}")
    else:
        ctx.out(obj, text)
    return 0


# the columns of form II.06a in the text output: key -> heading (with the form's number)
RESULT_COLUMNS = {
    "received_total": "received(3)",
    "received_online": "online(4)",
    "received_direct": "direct(5)",
    "received_carried_over": "carried(6)",
    "resolved_total": "resolved(7)",
    "resolved_early": "early(8)",
    "resolved_on_time": "on-time(9)",
    "resolved_late": "late(10)",
    "pending_total": "pending(11)",
    "pending_in_time": "in-time(12)",
    "pending_overdue": "overdue(13)",
}


def cmd_results(ctx: CliContext, args: argparse.Namespace) -> int:
    fmt = _format(ctx, args)
    start, end = _period(args)
    at = parse_time(args.at)
    as_of = parse_time(args.as_of, "--as-of")
    with ctx.store.begin() as s:
        report = results_report(s, start, end, by=args.by, at=at, agency=args.agency, as_of=as_of)
        header = agency_header(s) if fmt == "pdf" else None
    obj = report.as_dict()
    if fmt == "pdf":
        assert header is not None
        data = render_results_report(report, header, made_on=(at or datetime.now()).date())
        write_pdf(data, args.out)
        ctx.out({**obj, "out": args.out}, f"Wrote {args.out}")
        return 0
    lines = [f"Results {start:%d/%m/%Y} – {end:%d/%m/%Y} by {args.by}"]
    keys = list(RESULT_COLUMNS)
    lines += text_table.render(
        [args.by, *RESULT_COLUMNS.values()],
        [[r["field"], *(r[k] for k in keys)] for r in obj["rows"]],
        right=[False, *([True] * len(keys))],
        total=[obj["total"]["field"], *(obj["total"][k] for k in keys)],
    )
    if report.closed:
        lines.append(f"closed on {report.closed['at']} by {report.closed['by']}")
    for a in obj["adjustments"]:
        changes = ", ".join(f"{c} {a[c]:+d}" for c in COLUMNS if a[c])
        lines.append(f"adjustment after closing, {a['field']}: {changes}")
    return _emit(ctx, args, fmt, obj, results_csv(report), "\n".join(lines))


def cmd_close(ctx: CliContext, args: argparse.Namespace) -> int:
    start, end = _period(args)
    with ctx.store.begin() as s:
        done = close_period(s, start, end, args.actor, agency=args.agency)
        obj = {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "agency": args.agency,
            "closed_at": done.closed_at.isoformat(),
            "closed_by": done.closed_by,
            "total": done.figures["total"],
        }
    ctx.out(obj, f"Closed {start:%d/%m/%Y} – {end:%d/%m/%Y}: its figures are stored")
    return 0


def cmd_queue(ctx: CliContext, args: argparse.Namespace) -> int:
    fmt = _format(ctx, args)
    start, end = _period(args)
    if args.target_min < 0:
        raise UsageError("--target-min must be 0 or more")
    with ctx.store.begin() as s:
        report = queue_report(
            s, start, end, by=_dims(args.by), target_s=round(args.target_min * 60)
        )
    obj = report.as_dict()
    lines = [
        " ".join(f"{r.get(d) if r.get(d) is not None else '-'}" for d in report.by)
        + f": issued {r['issued']}, served {r['served']}, no-show {r['no_show']}, "
        f"wait avg {r['avg_wait_s']} s max {r['max_wait_s']} s, service avg {r['avg_service_s']} s"
        for r in [*obj["rows"]]
    ]
    lines.append(f"total: issued {obj['total']['issued']}, served {obj['total']['served']}")
    return _emit(ctx, args, fmt, obj, rows_csv(report.rows + [report.total]), "\n".join(lines))


def cmd_satisfaction(ctx: CliContext, args: argparse.Namespace) -> int:
    fmt = _format(ctx, args)
    start, end = _period(args)
    with ctx.store.begin() as s:
        report = satisfaction_report(s, start, end, by=_dims(args.by), agency=args.agency)
        index = service_index(s, start, end, agency=args.agency)
    obj = {**report.as_dict(), "index": index}
    lines = [
        " ".join(f"{r.get(d) if r.get(d) is not None else '-'}" for d in report.by)
        + f": {r['ratings']} ratings, satisfied {r['satisfied_share']}, "
        f"complaints {r['complaints']}"
        for r in [*obj["rows"], obj["total"]]
    ]
    lines.append(
        f"service index: on time {index['on_time_share']}, "
        f"satisfaction {index['satisfaction_index']} %"
    )
    return _emit(ctx, args, fmt, obj, rows_csv(report.rows + [report.total]), "\n".join(lines))


def cmd_overdue(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        watch = overdue_watch(
            s, parse_time(args.at), limit=args.limit, as_of=parse_time(args.as_of, "--as-of")
        )
    obj = watch.as_dict()

    def line(g: dict[str, Any]) -> str:
        # "due soon" as the counter counts it (kiosk.services.due): today + next 2 working days
        return (
            f"overdue {g['overdue']}, due soon {g['due_today'] + g['due_soon']}"
            f" (due today {g['due_today']}, next 2 working days {g['due_soon']})"
        )

    lines = [f"{g['field']}: {line(g)}" for g in watch.groups]
    lines.append(f"total: {line(watch.total)}")
    ctx.out(obj, "\n".join(lines))
    return 0


def cmd_fees(ctx: CliContext, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from kiosk.services.fees import fee_report, vnd
    from kiosk.store.models import Staff
    from printing.forms.fee_report import render_fee_report

    fmt = _format(ctx, args)
    day = parse_date(args.date, "--date")
    with ctx.store.begin() as s:
        rows = fee_report(s, day)
        names = dict(s.execute(select(Staff.username, Staff.full_name)).all())
        header = agency_header(s) if fmt == "pdf" else None
    items = [r.as_dict() for r in rows]
    total = sum(r.paid_vnd for r in rows)
    obj = {"date": day.isoformat(), "rows": items, "total_paid_vnd": total}
    if fmt == "pdf":
        assert header is not None
        write_pdf(render_fee_report(rows, day, header, names=names), args.out)
        ctx.out({**obj, "out": args.out}, f"Wrote {args.out}")
        return 0
    lines = [
        f"counter {r.counter or '-'} {r.clerk or '-'}: {r.dossiers} dossiers, paid {r.paid} "
        f"({vnd(r.paid_vnd)}), online {r.online}, exempt {r.exempt}, none {r.none}, "
        f"not recorded {r.not_recorded}"
        for r in rows
    ]
    lines.append(f"cash to hand over: {vnd(total)}")
    return _emit(ctx, args, fmt, obj, rows_csv(items), "\n".join(lines))
