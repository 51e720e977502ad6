"""Issued documents are records (issue 13): what was handed over is kept as it was printed.

A form or a thermal receipt is recorded the first time it is issued for a fact of the dossier
(the reception, a supplement request, an apology, a stop, a hand-over): its kind, its own number
where the form has one, the date of that fact, who issued it, the exact data printed (JSON) and
the hash of the PDF. Printing it again is a reprint of that record (printing.records), never a
new rendering of today's state; a new fact is a new document. Rows are append-only (triggers of
migration 0005) and travel to the server and the office's other PCs (`document.issue`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.context import CLI_ACTOR, Actor, now, record
from kiosk.store.models import Dossier, DossierEvent, IssuedDocument, Staff

MUTATION = "document.issue"
# kind -> the statutory form (Circular 03/2025/TT-VPCP, Appendix I) it is
KINDS: dict[str, str] = {
    "receipt": "Mẫu 01",
    "supplement": "Mẫu 02",
    "refusal": "Mẫu 03",
    "apology": "Mẫu 04",
    "stop": "Mẫu 05",
    "control-sheet": "Mẫu 06",
    "ticket-receipt": "Biên nhận nhiệt",
}


@dataclass(frozen=True)
class Issuer:
    username: str
    full_name: str


def issuer_of(session: Session, username: str | None) -> Issuer:
    """Who issues a document: a staff account, or the command line acting as itself."""
    name = username or CLI_ACTOR
    if name == CLI_ACTOR:
        return Issuer(name, "(dòng lệnh, không ghi tên cán bộ)")
    full = session.scalar(select(Staff.full_name).where(Staff.username == name))
    return Issuer(name, full or name)


def find_document(
    session: Session, dossier: Dossier, kind: str, event_id: int | None
) -> IssuedDocument | None:
    """The document of this kind already issued for that event (the latest, if several)."""
    q = select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id, IssuedDocument.kind == kind
    )
    if event_id is not None:
        q = q.where(IssuedDocument.event_id == event_id)
    return session.scalar(q.order_by(IssuedDocument.id.desc()).limit(1))


def documents_of(session: Session, dossier: Dossier) -> list[IssuedDocument]:
    return list(
        session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.dossier_id == dossier.id)
            .order_by(IssuedDocument.id)
        )
    )


def record_document(
    session: Session,
    dossier: Dossier,
    kind: str,
    event: DossierEvent | None,
    data: dict[str, Any],
    sha256: str | None,
    issuer: Issuer,
    actor: Actor | None = None,
    number: str | None = None,
) -> IssuedDocument:
    """Keep a document as issued, in the caller's transaction, and queue it for sync."""
    if kind not in KINDS:
        raise KioskError(f"'{kind}' is not a kind of document ({', '.join(KINDS)})")
    at = event.at if event is not None else (dossier.received_at or dossier.created_at)
    doc = IssuedDocument(
        uid=str(uuid.uuid4()),
        dossier_id=dossier.id,
        kind=kind,
        number=number,
        issued_at=at,
        event_id=event.id if event is not None else None,
        event_at=event.at if event is not None else None,
        issuer=issuer.username,
        issuer_name=issuer.full_name,
        data=data,
        sha256=sha256,
        reconstructed=False,
        recorded_at=now(),
        device_id=actor.device_id if actor else None,
    )
    session.add(doc)
    session.flush()
    record(session, MUTATION, document_payload(doc, dossier.code))
    return doc


def document_payload(doc: IssuedDocument, code: str) -> dict[str, Any]:
    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "uid": doc.uid,
        "dossier": code,
        "kind": doc.kind,
        "number": doc.number,
        "issued_at": iso(doc.issued_at),
        "event_at": iso(doc.event_at),
        "issuer": doc.issuer,
        "issuer_name": doc.issuer_name,
        "data": doc.data,
        "sha256": doc.sha256,
        "reconstructed": doc.reconstructed,
        "recorded_at": iso(doc.recorded_at),
        "device_id": doc.device_id,
    }


def store_pulled(session: Session, dossier_id: int, items: list[dict[str, Any]]) -> int:
    """Documents pulled from the server (made on another PC): added once, by uid."""
    if not items:
        return 0
    uids = [str(i["uid"]) for i in items]
    have = set(session.scalars(select(IssuedDocument.uid).where(IssuedDocument.uid.in_(uids))))
    added = 0
    for i in items:
        if i["uid"] in have:
            continue
        have.add(i["uid"])
        event_at = _time(i.get("event_at"))
        event_id = None
        if event_at is not None:
            event_id = session.scalar(
                select(DossierEvent.id)
                .where(DossierEvent.dossier_id == dossier_id, DossierEvent.at == event_at)
                .order_by(DossierEvent.id)
                .limit(1)
            )
        session.add(
            IssuedDocument(
                uid=i["uid"],
                dossier_id=dossier_id,
                kind=i["kind"],
                number=i.get("number"),
                issued_at=_time(i["issued_at"]),
                event_id=event_id,
                event_at=event_at,
                issuer=i["issuer"],
                issuer_name=i["issuer_name"],
                data=i["data"],
                sha256=i.get("sha256"),
                reconstructed=bool(i.get("reconstructed")),
                recorded_at=_time(i["recorded_at"]),
                device_id=i.get("device_id"),
            )
        )
        added += 1
    return added


def _time(value: Any) -> Any:
    return datetime.fromisoformat(value) if value else None
