"""Set-up and data commands: init, demo-data, calendar (catalog: kiosk/cli/catalog.py, staff:
kiosk/cli/staff.py)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.catalog import admin_opts, said_shared, submit_shared_cli
from kiosk.cli.common import CliContext, Parents, add_command, parse_time
from kiosk.domain.people import nfc
from kiosk.errors import KioskError
from kiosk.services.admin_office import place_name, set_office
from kiosk.services.calendar_store import due_at, import_calendar_file, load_calendar
from kiosk.services.demo import bulk_dossiers, seed_demo
from kiosk.services.setup import init_database
from kiosk.store.db import describe_url


def register(sub: Any, parents: Parents) -> None:
    p = add_command(
        sub, parents, "init", "create or upgrade the database and load the bundled data"
    )
    p.add_argument("--agency-code", help="the agency's electronic identifier, e.g. 000.17.22.H56")
    p.add_argument("--agency-name")
    p.add_argument("--demo", action="store_true", help="add sample staff, counters and dossiers")
    p.add_argument(
        "--place",
        help="the office's place name, printed '<place>, ngày ... tháng ... năm ...' on the forms",
    )
    p.set_defaults(handler=cmd_init)

    p = add_command(sub, parents, "demo-data", "add synthetic dossiers in bulk")
    p.add_argument("--dossiers", type=int, required=True)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_demo_data)

    cal = sub.add_parser("calendar", help="the office's working-day calendar").add_subparsers(
        dest="calendar_command", metavar="ACTION", required=True
    )
    p = add_command(cal, parents, "due", "the due moment for a time limit")
    p.add_argument("--received", required=True, help="reception time, e.g. 2026-02-09T09:00:00")
    p.add_argument("--limit", type=float, required=True)
    p.add_argument("--unit", choices=["days", "hours", "calendar_days"], default="days")
    p.set_defaults(handler=cmd_calendar_due)
    p = add_command(cal, parents, "import", "replace the calendar by a calendar file")
    p.add_argument("file")
    admin_opts(p)
    p.set_defaults(handler=cmd_calendar_import)


def cmd_init(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        result = init_database(s, args.agency_code, args.agency_name)
        if args.place is not None:
            given = " ".join(nfc(args.place).split())
            if not given:
                raise KioskError("--place must name a place", "Chưa nhập địa danh.")
            set_office(s, {"place_name": given})
        place = place_name(s)
        if args.demo:
            seed_demo(s)
    ctx.out(
        {
            "db": ctx.store.engine.url.render_as_string(hide_password=True),
            "agency_code": result.agency_code,
            "procedures": result.procedures,
            "place": place,
        },
        f"Database ready: {describe_url(ctx.store.engine.url)}\n"
        f"Agency {result.agency_code}, {result.procedures} procedures"
        + (" (with demo data)" if args.demo else ""),
    )
    return 0


def cmd_demo_data(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        n = bulk_dossiers(s, args.dossiers, args.days, args.seed)
    ctx.out({"dossiers": n}, f"Added {n} synthetic dossiers")
    return 0


def cmd_calendar_due(ctx: CliContext, args: argparse.Namespace) -> int:
    received = parse_time(args.received, "--received")
    assert received is not None
    if args.limit < 0:
        raise KioskError("--limit must be 0 or more")
    with ctx.store.begin() as s:
        due = due_at(load_calendar(s), received, args.limit, args.unit)
    ctx.out({"due_at": due.isoformat()}, due.isoformat())
    return 0


def cmd_calendar_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.services.admin_sync import CALENDAR_IMPORT
    from kiosk.services.calendar_store import read_calendar_payload

    # on an enrolled PC the server replaces it for all its PCs (kiosk.services.admin_sync)
    outcome = submit_shared_cli(
        ctx, args, CALENDAR_IMPORT, lambda: read_calendar_payload(args.file)
    )
    if outcome is not None:
        n = outcome.result["days"]
        said_shared(ctx, outcome, {"days": n}, f"calendar of {n} days")
        return 0
    with ctx.store.begin() as s:
        n = import_calendar_file(s, args.file)
    ctx.out({"days": n}, f"Calendar replaced: {n} days off and make-up working days")
    return 0
