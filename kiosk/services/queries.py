"""Read-only questions about dossiers: lookup, search, due-soon and overdue lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, selectinload

from kiosk.domain.codes import DOSSIER_CODE_RE, normalize_code
from kiosk.domain.people import fold
from kiosk.domain.status import RUNNING, STATUS_NAMES_VI, Status
from kiosk.services.context import now
from kiosk.services.dossiers import get_dossier
from kiosk.services.due import DueWindow, due_soon_conditions, running
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
    text: str | None = None  # code, citizen ID, phone or the start of a name (accents optional)
    status: int | None = None
    field: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    limit: int = 200


def text_kind(text: str) -> tuple[str, list[str]]:
    """What the clerk typed, read before asking the database: (kind, values).

    ``code`` a dossier code; ``id`` 12 digits (a citizen ID); ``phone`` 9–11 digits starting
    with 0, or +84 and the rest (spaces, dots, dashes and brackets ignored; both spellings are
    asked, as a phone may be stored either way); ``name`` anything else, folded (accents and
    case ignored) for a prefix search.
    """
    t = text.strip()
    code = normalize_code(t)
    if DOSSIER_CODE_RE.match(code):
        return "code", [code]
    compact = "".join(ch for ch in t if not ch.isspace() and ch not in ".-()")
    if compact.isdigit() and len(compact) == 12:
        return "id", [compact]
    if compact.isdigit() and compact.startswith("0") and 9 <= len(compact) <= 11:
        return "phone", [compact, "+84" + compact[1:]]
    if compact.startswith("+84") and compact[3:].isdigit() and 8 <= len(compact) - 3 <= 10:
        return "phone", [compact, "0" + compact[3:]]
    return "name", [fold(t)]


def text_condition(text: str) -> ColumnElement[bool]:
    """One condition that one index answers (code, citizen ID, phone or folded name)."""
    kind, values = text_kind(text)
    if kind == "code":
        return Dossier.code == values[0]
    if kind == "id":
        return Dossier.applicant_id_number == values[0]
    if kind == "phone":
        return Dossier.applicant_phone.in_(values)
    return name_prefix(values[0])


def name_prefix(key: str) -> ColumnElement[bool]:
    """Folded names starting with `key`, as an index range.

    LIKE 'key%' is not served by an index on SQLite (LIKE ignores case, the index does not) nor
    on PostgreSQL outside the C collation; ``key <= name < next(key)`` is, on both. `next(key)`
    is the key with its last character moved up by one (not key + U+10FFFF: a linguistic
    collation may ignore that character). The LIKE stays as a filter on the rows of the range,
    so a collation that orders differently can only find fewer, never wrong, names.
    """
    col = Dossier.applicant_name_key
    like = col.startswith(key, autoescape=True)
    if not key or ord(key[-1]) >= 0x10FFFF:
        return like
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    return (col >= key) & (col < upper) & like


def search(session: Session, f: DossierFilter) -> list[Dossier]:
    """Dossiers matching the filter, newest first, at most `f.limit`.

    The text is classified first (:func:`text_kind`) and only that kind is asked: an OR of
    every reading (code = t OR name LIKE t% OR phone = t ...) cannot use one index per kind and
    reads the whole table, seconds at a million dossiers.
    """
    return list(session.scalars(search_statement(f)))


def search_statement(f: DossierFilter) -> Select[Any]:
    q: Select[Any] = select(Dossier).options(
        selectinload(Dossier.procedure).selectinload(Procedure.field)
    )
    if f.text and f.text.strip():
        q = q.where(text_condition(f.text))
    if f.status is not None:
        q = q.where(Dossier.status == f.status)
    if f.field:
        q = q.join(Procedure, Procedure.id == Dossier.procedure_id).join(
            Field, Field.id == Procedure.field_id
        )
        q = q.where(Field.name == f.field)
    if f.received_from:
        q = q.where(Dossier.received_at >= datetime.combine(f.received_from, datetime.min.time()))
    if f.received_to:
        end = datetime.combine(f.received_to + timedelta(days=1), datetime.min.time())
        q = q.where(Dossier.received_at < end)
    return q.order_by(Dossier.id.desc()).limit(f.limit)


def due_soon(session: Session, window: DueWindow, limit: int = 500) -> list[Dossier]:
    """Dossiers due soon (kiosk.services.due: not overdue, due before the window's end)."""
    q = (
        select(Dossier)
        .where(*due_soon_conditions(window))
        .order_by(Dossier.due_at)
        .limit(limit)
    )
    return list(session.scalars(q))


def overdue(session: Session, at: datetime | None = None, limit: int = 500) -> list[Dossier]:
    at = at or now()
    q = (
        select(Dossier)
        .where(running(), Dossier.due_at < at)
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
            .where(running(), Dossier.due_at < at)
        )
        or 0
    )


def ready_for_return(session: Session, limit: int = 500) -> list[Dossier]:
    q = select(Dossier).where(Dossier.status == Status.READY).order_by(Dossier.finished_at)
    return list(session.scalars(q.limit(limit)))
