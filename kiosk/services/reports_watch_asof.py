"""The overdue watch at a past moment, from the events (kiosk.services.reports_asof).

`kiosk report overdue --at 2026-03-31T17:00` asks which dossiers were overdue then. Their rows
say how they are *now* (returned since, paused since…), so the dossiers that were received by
then and not closed by then (as far as the database knew at `known_by`, by default now) are
rebuilt from their events in effect at that moment. A dossier that was late stays late: an
apology never moves the due date the watch reads (docs/rules.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.domain.status import RUNNING
from kiosk.services.reports_asof import State, replay
from kiosk.services.reports_sql import raw
from kiosk.store.models import Department, Dossier, Field, Procedure


def past_watch(
    session: Session,
    at: datetime,
    known_by: datetime,
    today_end: datetime,
    soon_end: datetime,
    buckets: tuple[str, ...],
    *,
    limit: int,
    agency: str | None,
) -> tuple[list[dict[str, Any]], dict[str, int], list[dict[str, Any]]]:
    """(groups, total, the most urgent dossiers) as `overdue_watch` gives them."""
    d = Dossier
    # Only columns of the covering index ix_dossier_report, read raw (no other index): a scan
    # of the index, not of the table with every dossier's names and documents.
    received, finished, changed = raw(d.received_at), raw(d.finished_at), raw(d.changed_at)
    recorded = raw(d.recorded_at)
    conds = [
        received.is_not(None),
        received <= at,
        or_(recorded.is_(None), recorded <= known_by),
        or_(finished.is_(None), finished > at, changed > known_by),
    ]
    if agency:
        conds.append(d.agency_code == agency)
    q = select(
        d.id, d.channel, changed, d.status, received, finished, raw(d.due_at), raw(d.paused_at)
    ).where(*conds)
    settled = min(at, known_by)
    replayed: list[int] = []
    states: list[State] = []
    for did, channel, changed_at, status, rec_at, fin_at, due_at, paused_at in session.execute(q):
        if changed_at is None or changed_at <= settled:
            # nothing recorded since that moment: the row is how the dossier stood
            states.append(State(did, did, channel, status, rec_at, fin_at, due_at, paused_at))
        else:
            replayed.append(did)
    rows: list[tuple[int, Any, str, datetime | None, str]] = []
    for i in range(0, len(replayed), 500):
        rows.extend(
            (r[0], r[0], r[1], r[2], r[3])
            for r in session.execute(
                select(d.id, d.channel, d.original_due_at, Procedure.time_unit)
                .join(Procedure, Procedure.id == d.procedure_id)
                .where(d.id.in_(replayed[i : i + 500]))
            )
        )
    states += replay(session, rows, known_by, effective_by=at)
    watched = {
        st.id: st
        for st in states
        if st.status in RUNNING and st.due_at is not None and st.due_at < soon_end
    }
    total = dict.fromkeys(buckets, 0)
    if not watched:
        return [], total, []
    info: dict[int, tuple[Any, ...]] = {}
    ids = sorted(watched)
    for i in range(0, len(ids), 500):
        for found in session.execute(
            select(
                d.id,
                d.code,
                d.agency_code,
                d.applicant_name,
                d.received_by,
                d.new_due_at,
                Procedure.name,
                Field.name,
                Department.name,
            )
            .join(Procedure, Procedure.id == d.procedure_id)
            .join(Field, Field.id == Procedure.field_id)
            .outerjoin(Department, Department.id == Field.department_id)
            .where(d.id.in_(ids[i : i + 500]))
        ):
            info[found[0]] = tuple(found[1:])
    groups: dict[tuple[str, str | None], dict[str, Any]] = {}
    listing: list[tuple[datetime, int, dict[str, Any]]] = []
    for did, st in watched.items():
        assert st.due_at is not None
        b = 0 if st.due_at < at else 1 if st.due_at < today_end else 2
        code, agency_code, name, clerk, new_due, proc, fname, dept = info[did]
        g = groups.setdefault(
            (fname, dept), {"field": fname, "department": dept, **dict.fromkeys(buckets, 0)}
        )
        g[buckets[b]] += 1
        total[buckets[b]] += 1
        listing.append(
            (
                st.due_at,
                did,
                {
                    "code": code,
                    "agency": agency_code,
                    "applicant_name": name,
                    "due_at": st.due_at.isoformat(),
                    "status": st.status,
                    "received_by": clerk,
                    "procedure_name": proc,
                    "field": fname,
                    "bucket": buckets[b],
                    "new_due_at": new_due.isoformat() if new_due and new_due <= known_by else None,
                },
            )
        )
    listing.sort(key=lambda x: (x[0], x[1]))
    ordered = sorted(groups.values(), key=lambda g: (-g["overdue"], -g["due_today"], g["field"]))
    return ordered, total, [x[2] for x in listing[:limit]]
