"""The overdue watch: dossiers to act on before (or now that) they are late.

Only dossiers whose clock runs (statuses 2, 4 and 6) are watched: one waiting for a supplement
is paused and cannot become late. At the moment ``at``:

* ``overdue``: the due date in force has passed;
* ``due_today``: due later today;
* ``due_soon``: due on one of the next 2 working days (by the office calendar).

``due_today`` + ``due_soon`` is what the counter calls "Sắp đến hạn" (kiosk.services.due).

Counts come from one GROUP BY per field and department (and one per agency for a district
server, :func:`watch_by_agency`); the list for a supervisor to act on is the most urgent first,
limited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kiosk.services.context import now
from kiosk.services.due import SOON_WORKING_DAYS, due_window, watched_conditions
from kiosk.store.models import Department, Dossier, Field, Procedure

BUCKETS = ("overdue", "due_today", "due_soon")
BUCKET_NAMES_VI = {"overdue": "Quá hạn", "due_today": "Đến hạn hôm nay", "due_soon": "Sắp đến hạn"}
__all__ = ["BUCKETS", "SOON_WORKING_DAYS", "Watch", "overdue_watch", "watch_by_agency"]


@dataclass
class Watch:
    at: datetime
    soon_until: datetime  # first moment after the "due soon" window
    groups: list[dict[str, Any]]  # field, department, overdue, due_today, due_soon
    total: dict[str, int]
    dossiers: list[dict[str, Any]]  # the most urgent first

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "soon_until": self.soon_until.isoformat(),
            "groups": self.groups,
            "total": self.total,
            "dossiers": self.dossiers,
        }


def watch_window(session: Session, at: datetime) -> tuple[datetime, datetime]:
    """(end of today, end of the 2nd working day after today): see kiosk.services.due."""
    w = due_window(session, at)
    return w.today_end, w.soon_end


def _watched(session: Session, at: datetime, agency: str | None) -> tuple[Any, list[Any], datetime]:
    """(bucket expression 0/1/2, the conditions of a watched dossier, end of the window)."""
    w = due_window(session, at)
    d = Dossier
    bucket = case(
        (d.due_at < at, 0),
        (d.due_at < w.today_end, 1),
        else_=2,
    )
    conds = watched_conditions(w)
    if agency:
        conds.append(d.agency_code == agency)
    return bucket, conds, w.soon_end


def watch_by_agency(
    session: Session, at: datetime | None = None, *, agency: str | None = None
) -> dict[str, dict[str, int]]:
    """agency code -> the three counts, by one GROUP BY (agencies with nothing watched: none)."""
    bucket, conds, _soon_end = _watched(session, at or now(), agency)
    q = (
        select(Dossier.agency_code, bucket, func.count())
        .where(*conds)
        .group_by(Dossier.agency_code, bucket)
    )
    out: dict[str, dict[str, int]] = {}
    for code, b, n in session.execute(q):
        out.setdefault(str(code), dict.fromkeys(BUCKETS, 0))[BUCKETS[b]] += int(n)
    return out


def overdue_watch(
    session: Session,
    at: datetime | None = None,
    *,
    limit: int = 500,
    agency: str | None = None,
    as_of: datetime | None = None,
) -> Watch:
    """The watch at `at` (default now). A moment in the past, or `as_of` (what the database
    knew then), is answered from the events (kiosk.services.reports_watch_asof)."""
    today = now()
    at = at or (as_of if as_of is not None and as_of < today else today)
    if at < today or (as_of is not None and as_of < today):
        from kiosk.services.reports_watch_asof import past_watch

        today_end, soon_end = watch_window(session, at)
        known_by = min(as_of, today) if as_of is not None else today
        groups_, total_, dossiers_ = past_watch(
            session, at, known_by, today_end, soon_end, BUCKETS, limit=limit, agency=agency
        )
        return Watch(at, soon_end, groups_, total_, dossiers_)
    bucket, conds, soon_end = _watched(session, at, agency)
    d = Dossier
    q = (
        select(Field.name, Department.name, bucket, func.count())
        .select_from(d)
        .join(Procedure, Procedure.id == d.procedure_id)
        .join(Field, Field.id == Procedure.field_id)
        .outerjoin(Department, Department.id == Field.department_id)
        .where(*conds)
        .group_by(Field.name, Department.name, bucket)
    )
    groups: dict[tuple[str, str | None], dict[str, Any]] = {}
    total = dict.fromkeys(BUCKETS, 0)
    for fname, dept, b, n in session.execute(q):
        g = groups.setdefault(
            (fname, dept), {"field": fname, "department": dept, **dict.fromkeys(BUCKETS, 0)}
        )
        g[BUCKETS[b]] += int(n)
        total[BUCKETS[b]] += int(n)
    listing = (
        select(
            d.code,
            d.agency_code,
            d.applicant_name,
            d.due_at,
            d.status,
            d.received_by,
            Procedure.name,
            Field.name,
            bucket,
            d.new_due_at,
        )
        .join(Procedure, Procedure.id == d.procedure_id)
        .join(Field, Field.id == Procedure.field_id)
        .where(*conds)
        .order_by(d.due_at, d.id)
        .limit(limit)
    )
    dossiers = [
        {
            "code": code,
            "agency": agency_code,
            "applicant_name": name,
            "due_at": due.isoformat(),
            "status": status,
            "received_by": clerk,
            "procedure_name": proc,
            "field": fname,
            "bucket": BUCKETS[b],
            "new_due_at": new_due.isoformat() if new_due else None,  # an apology's appointment
        }
        for code, agency_code, name, due, status, clerk, proc, fname, b, new_due in session.execute(
            listing
        )
    ]
    ordered = sorted(groups.values(), key=lambda g: (-g["overdue"], -g["due_today"], g["field"]))
    return Watch(at, soon_end, ordered, total, dossiers)
