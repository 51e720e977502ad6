"""`kiosk purge` (retention on a PC) and `kiosk subject-report` (what is held about a citizen)."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from kiosk.cli.common import CliContext, Parents, UsageError, add_command, parse_time
from kiosk.domain.people import clean_citizen_id
from kiosk.errors import KioskError
from kiosk.privacy.retention import DEFAULT_MONTHS, SETTING, purge
from kiosk.store.models import Dossier, DossierEvent, Staff

SUPERVISORS = ("supervisor", "admin")


def register(sub: Any, parents: Parents) -> None:
    p = add_command(
        sub,
        parents,
        "purge",
        "erase the personal fields of dossiers closed longer ago than the retention period "
        f"(setting {SETTING}, default {DEFAULT_MONTHS} months); codes and statistics stay, "
        "the server keeps the record",
    )
    p.add_argument("--dry-run", action="store_true", help="only say what would be erased")
    p.add_argument("--months", type=int, help=f"this time instead of the {SETTING} setting")
    p.add_argument("--at", help="count the period back from this moment instead of now")
    p.set_defaults(handler=cmd_purge)

    p = add_command(
        sub,
        parents,
        "subject-report",
        "what this PC holds about a citizen ID number (a citizen's request under Decree "
        "13/2023/NĐ-CP), for a supervisor",
    )
    p.add_argument("id_number", metavar="ID_NUMBER", help="the CCCD (12 digits) or CMND number")
    p.add_argument("--actor", required=True, help="the user name of an active supervisor or admin")
    p.set_defaults(handler=cmd_subject_report)


def cmd_purge(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.months is not None and args.months < 1:
        raise UsageError("--months must be at least 1")
    with ctx.store.begin() as s:
        report = purge(s, months=args.months, dry_run=args.dry_run, at=parse_time(args.at))
    r = report.as_dict()
    verb = "would be erased" if args.dry_run else "erased"
    ctx.out(
        r,
        f"Retention: {report.months} months (closed before {report.cutoff:%d/%m/%Y})\n"
        f"Dossiers whose personal fields {verb}: {report.dossiers}\n"
        f"Event notes {verb}: {report.events}\n"
        f"Outbox entries cut to their codes: {report.outbox}\n"
        f"Acknowledged outbox entries deleted: {report.outbox_deleted}",
    )
    return 0


def cmd_subject_report(ctx: CliContext, args: argparse.Namespace) -> int:
    number = clean_citizen_id(args.id_number)
    if not number:
        raise UsageError("give the citizen ID number")
    with ctx.store.read() as s:
        staff = s.scalar(select(Staff).where(Staff.username == args.actor))
        if staff is None or not staff.active or staff.role not in SUPERVISORS:
            raise KioskError(
                f"'{args.actor}' is not an active supervisor or admin here; a subject report "
                "is for them"
            )
        rows = list(
            s.scalars(
                select(Dossier).where(Dossier.applicant_id_number == number).order_by(Dossier.id)
            )
        )
        dossiers: list[dict[str, object]] = []
        for d in rows:
            events = s.scalars(
                select(DossierEvent)
                .where(DossierEvent.dossier_id == d.id)
                .order_by(DossierEvent.id)
            )
            dossiers.append(
                {
                    "code": d.code,
                    "procedure": d.procedure.code,
                    "status": d.status,
                    "received_at": d.received_at,
                    "returned_at": d.returned_at,
                    "name": d.applicant_name,
                    "id_number": d.applicant_id_number,
                    "phone": d.applicant_phone,
                    "address": d.applicant_address,
                    "email": d.applicant_email,
                    "events": [
                        {"at": e.at, "status": e.to_status, "actor": e.actor, "note": e.note}
                        for e in events
                    ],
                }
            )
    held = {
        "id_number": number,
        "dossiers": dossiers,
        "where": "this PC's database (the sync server keeps the agency's record)",
        "retention": f"personal fields erased {SETTING} after the dossier is closed (kiosk purge)",
    }
    lines = [f"Held on this PC about {number}: {len(dossiers)} dossier(s)"]
    for item in dossiers:
        lines.append(
            f"  {item['code']}  {item['procedure']}  status {item['status']}  {item['name']}  "
            f"phone {item['phone'] or '—'}  address {item['address'] or '—'}  "
            f"{len(item['events'])} event(s)"  # type: ignore[arg-type]
        )
    ctx.out(held, "\n".join(lines))
    return 0
