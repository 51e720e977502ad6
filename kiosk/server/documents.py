"""Issued documents on the server: `document.issue` pushed by a PC (kiosk.services.documents).

A PC records each form it issues (Mẫu 01–06, the thermal receipt) with the exact data printed;
the mutation carries that record `{"uid", "dossier", "kind", "number", "issued_at", "event_at",
"issuer", "issuer_name", "data", "sha256", "reconstructed", "recorded_at", "device_id"}`. The
server stores it once by its uid under the dossier (which must be on the server, of the pushing
device's office) and marks the dossier changed, so the office's other PCs get it with the
dossier (`issued` in the dossier's pull entry) and reprint the same paper. Shapes are checked
here, when applied: a bad one is refused on its own, with its reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.codes import normalize_code
from kiosk.server.changes import Changes
from kiosk.services.documents import KINDS, store_pulled
from kiosk.store.models import Dossier, IssuedDocument

KIND = "document.issue"
_TEXT = {"uid": 36, "dossier": 60, "kind": 20, "issuer": 80, "issuer_name": 200}
_OPTIONAL_TEXT = {"number": 40, "sha256": 64, "device_id": 64}
_TIMES = ("issued_at", "recorded_at")


class DocumentRefused(Exception):
    """This document cannot be stored; the message says why (sent back to the PC)."""


def _check(p: Any) -> dict[str, Any]:
    if not isinstance(p, dict):
        raise DocumentRefused("an issued document must be an object")
    for name, limit in _TEXT.items():
        if not isinstance(p.get(name), str) or not 0 < len(p[name]) <= limit:
            raise DocumentRefused(f"the document's {name} must be text of 1 to {limit} characters")
    for name, limit in _OPTIONAL_TEXT.items():
        value = p.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise DocumentRefused(
                f"the document's {name} must be text of at most {limit} characters"
            )
    if p["kind"] not in KINDS:
        raise DocumentRefused(f"'{p['kind'][:20]}' is not a kind of document")
    if not isinstance(p.get("data"), dict):
        raise DocumentRefused("the document's data must be an object")
    for name in (*_TIMES, "event_at"):
        value = p.get(name)
        if value is None and name == "event_at":
            continue
        try:
            datetime.fromisoformat(str(value))
        except ValueError:
            raise DocumentRefused(f"the document's {name} must be an ISO time") from None
    return p


def apply_document_issue(session: Session, agency: str, payload: Any, changes: Changes) -> None:
    p = _check(payload)
    code = normalize_code(p["dossier"])
    if not code.startswith(agency + "-"):
        raise DocumentRefused(f"dossier {code} is not of this device's office ({agency})")
    dossier_id = session.scalar(select(Dossier.id).where(Dossier.code == code))
    if dossier_id is None:
        raise DocumentRefused(f"dossier {code} is not on the server (its reception never arrived)")
    store_pulled(session, dossier_id, [p])
    changes.dossier(code, agency)


def issued_entries(session: Session, dossier_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The documents of these dossiers, as `document.issue` carries them (for the pull)."""
    out: dict[int, list[dict[str, Any]]] = {}
    if not dossier_ids:
        return out
    for doc in session.scalars(
        select(IssuedDocument)
        .where(IssuedDocument.dossier_id.in_(dossier_ids))
        .order_by(IssuedDocument.id)
    ):
        out.setdefault(doc.dossier_id, []).append(
            {
                "uid": doc.uid,
                "kind": doc.kind,
                "number": doc.number,
                "issued_at": doc.issued_at.isoformat(),
                "event_at": doc.event_at.isoformat() if doc.event_at else None,
                "issuer": doc.issuer,
                "issuer_name": doc.issuer_name,
                "data": doc.data,
                "sha256": doc.sha256,
                "reconstructed": doc.reconstructed,
                "recorded_at": doc.recorded_at.isoformat(),
                "device_id": doc.device_id,
            }
        )
    return out
