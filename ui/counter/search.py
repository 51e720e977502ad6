"""Finding dossiers among a million: what the clerk typed decides which index answers.

`kiosk.services.queries.search` ORs every reading of the text (code = t OR name LIKE t% OR
phone = t ...): one condition SQLite cannot serve from an index makes it read the whole table
(seconds at a million dossiers). Here the text is read first — a dossier code, a phone or ID
number, or the start of a name — and only the matching, indexed condition is asked. The filters
and the result are the same as queries.search (newest first, at most `limit`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from kiosk.domain.codes import DOSSIER_CODE_RE, normalize_code
from kiosk.domain.people import fold
from kiosk.services.queries import DossierFilter
from kiosk.store.models import Dossier, Field, Procedure

# above every character a folded name can hold: key <= name < key + TOP is "starts with key"
TOP = "\U0010ffff"


def text_condition(text: str) -> Any:
    t = text.strip()
    code = normalize_code(t)
    if DOSSIER_CODE_RE.match(code):
        return Dossier.code == code
    compact = "".join(t.split()).replace(".", "").replace("-", "")
    if compact.isdigit() and len(compact) >= 6:
        if len(compact) == 12:  # a citizen ID (or, rarely, a long phone number)
            return or_(Dossier.applicant_id_number == compact, Dossier.applicant_phone == compact)
        return Dossier.applicant_phone == compact
    key = fold(t)
    return (Dossier.applicant_name_key >= key) & (Dossier.applicant_name_key < key + TOP)


def search(session: Session, f: DossierFilter) -> list[Dossier]:
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
    return list(session.scalars(q.order_by(Dossier.id.desc()).limit(f.limit)))
