"""Read-only questions about dossiers: lookup, search, due-soon and overdue lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from kiosk.domain.codes import normalize_code
from kiosk.domain.people import fold
from kiosk.domain.status import RUNNING, STATUS_NAMES_VI, Status
from kiosk.services.context import now
from kiosk.services.dossiers import get_dossier
from kiosk.store.models import Dossier, DossierEvent, Field, Procedure


def is_overdue(d: Dossier, at: datetime | None = None) -> bool:
    """Past the due date in force while the clock runs (a supplement pauses it)."""
    return _overdue(d.status, d.due_at, at)


def _overdue(status: int, due_at: datetime | None, at: datetime | None = None) -> bool:
    return due_at is not None and status in RUNNING and (at or now()) > due_at


def lookup(session: Session, code: str, at: datetime | None = None) -> dict[str, Any]:
    """A dossier as staff see it (the JSON of `kiosk lookup`).

    Two plain (Core) queries, no ORM objects: on a busy counter PC the ORM's bookkeeping for a
    dossier, its procedure and its events costs several times the queries themselves.
    """
    row = session.execute(
        select(
            Dossier.id,
            Dossier.code,
            Dossier.status,
            Procedure.code,
            Procedure.name,
            Dossier.applicant_name,
            Dossier.received_at,
            Dossier.due_at,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.code == normalize_code(code))
    ).first()
    if row is None:
        get_dossier(session, code)  # raises the one clear "not found" message
        raise AssertionError("unreachable")
    dossier_id, code_, status, proc_code, proc_name, applicant, received, due = row
    events = session.execute(
        select(
            DossierEvent.at,
            DossierEvent.to_status,
            DossierEvent.actor,
            DossierEvent.note,
            DossierEvent.kind,
        )
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.id)
    ).all()

    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "code": code_,
        "status": status,
        "status_name": STATUS_NAMES_VI[status],
        "procedure": proc_code,
        "procedure_name": proc_name,
        "applicant_name": applicant,
        "received_at": iso(received),
        "due_at": iso(due),
        "overdue": _overdue(status, due, at),
        "events": [
            {"at": e_at.isoformat(), "status": to, "actor": actor, "note": note, "kind": kind}
            for e_at, to, actor, note, kind in events
        ],
    }


@dataclass
class DossierFilter:
    text: str | None = None  # code, name (accent-insensitive) or phone
    status: int | None = None
    field: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    limit: int = 200


def search(session: Session, f: DossierFilter) -> list[Dossier]:
    q: Select[Any] = select(Dossier).options(selectinload(Dossier.procedure))
    if f.text and f.text.strip():
        t = f.text.strip()
        digits = "".join(ch for ch in t if ch.isdigit())
        conds = [Dossier.code == normalize_code(t), Dossier.applicant_name_key.startswith(fold(t))]
        if len(digits) >= 6 and len(digits) == len(t.replace(" ", "")):
            conds.append(Dossier.applicant_phone == digits)
            conds.append(Dossier.applicant_id_number == digits)
        q = q.where(or_(*conds))
    if f.status is not None:
        q = q.where(Dossier.status == f.status)
    if f.field:
        q = q.join(Procedure).join(Field).where(Field.name == f.field)
    if f.received_from:
        q = q.where(Dossier.received_at >= datetime.combine(f.received_from, datetime.min.time()))
    if f.received_to:
        end = datetime.combine(f.received_to + timedelta(days=1), datetime.min.time())
        q = q.where(Dossier.received_at < end)
    q = q.order_by(Dossier.id.desc()).limit(f.limit)
    return list(session.scalars(q))


def due_soon(session: Session, until: datetime, limit: int = 500) -> list[Dossier]:
    """Dossiers whose clock runs and whose due date falls before `until` (not yet overdue)."""
    at = now()
    q = (
        select(Dossier)
        .where(Dossier.status.in_([int(s) for s in RUNNING]))
        .where(Dossier.due_at >= at, Dossier.due_at <= until)
        .order_by(Dossier.due_at)
        .limit(limit)
    )
    return list(session.scalars(q))


def overdue(session: Session, at: datetime | None = None, limit: int = 500) -> list[Dossier]:
    at = at or now()
    q = (
        select(Dossier)
        .where(Dossier.status.in_([int(s) for s in RUNNING]), Dossier.due_at < at)
        .order_by(Dossier.due_at)
        .limit(limit)
    )
    return list(session.scalars(q))


def count_overdue(session: Session, at: datetime | None = None) -> int:
    at = at or now()
    return int(
        session.scalar(
            select(func.count())
            .select_from(Dossier)
            .where(Dossier.status.in_([int(s) for s in RUNNING]), Dossier.due_at < at)
        )
        or 0
    )


def ready_for_return(session: Session, limit: int = 500) -> list[Dossier]:
    q = select(Dossier).where(Dossier.status == Status.READY).order_by(Dossier.finished_at)
    return list(session.scalars(q.limit(limit)))
