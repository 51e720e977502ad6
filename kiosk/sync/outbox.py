"""The PC's side of the outbox: what is pending, what the server acknowledged or refused.

Once the server has acknowledged a dossier change, the outbox keeps no personal data of it
(Decree 13/2023: no copy longer than needed): the row keeps its number, id and kind, and its
payload is cut to what finds the dossier and the event again (`STRIPPED`). Should the server
ask for the PC's changes again (its database restored from a backup), `read_batch` rebuilds
those payloads from the dossier and event tables, which are the record on the PC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select, text, update
from sqlalchemy.orm import Session

from kiosk.domain.codes import normalize_code
from kiosk.store.models import Outbox
from kiosk.sync.client import SyncError
from kiosk.wire.push import MAX_BODY_BYTES
from kiosk.wire.shared import KINDS as SHARED_KINDS
from kiosk.wire.shared import encoded_size

BATCH = 500
MAX_BATCH_BYTES = MAX_BODY_BYTES - 1024 * 1024  # room for the batch's other, small changes
RESEND = "sync_resend_from"  # setting: the server lost changes from this sequence on (restore)
# Acknowledged changes are kept at least this long: a server restored from a backup of this
# age gets them again (kiosk.server.restore). Whoever prunes the outbox keeps this window.
ACK_RETENTION = timedelta(days=35)


@dataclass(frozen=True)
class RejectedMutation:
    """A local change the server refused: shown in the app until someone deals with it."""

    seq: int
    kind: str
    subject: str  # the dossier code or the ticket number it was about
    error: str
    created_at: datetime


def pending_count(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Outbox).where(Outbox.acked.is_(False))) or 0
    )


def acked_high(session: Session) -> int:
    """The highest sequence the server acknowledged, as this PC recorded it."""
    return int(session.scalar(select(func.max(Outbox.seq)).where(Outbox.acked)) or 0)


def prunable(session: Session, at: datetime) -> Select[Any]:
    """Outbox rows that may be deleted: acknowledged, and older than ACK_RETENTION."""
    return select(Outbox.seq).where(Outbox.acked, Outbox.created_at < at - ACK_RETENTION)


def next_seq(session: Session) -> int:
    """The sequence the next outbox row will get (SQLite AUTOINCREMENT never reuses one)."""
    highest = session.scalar(select(func.max(Outbox.seq))) or 0
    if session.get_bind().dialect.name == "sqlite":
        used = session.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        ).scalar()
        highest = max(highest, int(used or 0))
    return int(highest) + 1


def read_batch(session: Session, from_seq: int | None, limit: int = BATCH) -> list[dict[str, Any]]:
    """The next mutations to push: the unacknowledged ones, or all from `from_seq` on."""
    q = select(Outbox).order_by(Outbox.seq).limit(limit)
    if from_seq is None:
        q = q.where(Outbox.acked.is_(False))
    else:
        q = q.where(Outbox.seq >= from_seq)
    rows = list(session.scalars(q))
    if from_seq is not None and rows and rows[0].seq != from_seq:
        raise SyncError(
            f"the server needs this PC's changes from number {from_seq} again, "
            "but they are no longer kept here"
        )
    batch: list[dict[str, Any]] = []
    size = 0
    for r in rows:
        payload = _full(session, r)
        # A catalog is megabytes: a batch stays under the server's body limit (one such change
        # is at most MAX_CATALOG_BYTES, kiosk.wire.shared), the next batch carries the rest.
        weight = encoded_size(payload) + 200 if r.kind in SHARED_KINDS else 0
        if batch and weight and size + weight > MAX_BATCH_BYTES:
            break
        size += weight
        batch.append({"seq": r.seq, "id": r.mutation_id, "kind": r.kind, "payload": payload})
    return batch


STRIPPED = "stripped"


def _stub(payload: dict[str, Any]) -> dict[str, Any]:
    """What finds a dossier event again without any personal data."""
    dossier, event = payload.get("dossier") or {}, payload.get("event") or {}
    return {
        STRIPPED: True,
        "dossier": {"code": dossier.get("code")},
        "event": {k: event.get(k) for k in ("at", "kind", "from_status", "to_status")},
    }


def _full(session: Session, row: Outbox) -> dict[str, Any]:
    payload = row.payload
    if not (isinstance(payload, dict) and payload.get(STRIPPED)):
        return payload
    from kiosk.services.dossiers import dossier_payload, event_payload
    from kiosk.store.models import Dossier, DossierEvent

    dossier = session.scalar(select(Dossier).where(Dossier.code == payload["dossier"]["code"]))
    if dossier is None:
        raise SyncError(f"dossier {payload['dossier']['code']} is no longer on this PC")
    ev = payload["event"]
    event = session.scalar(
        select(DossierEvent)
        .where(
            DossierEvent.dossier_id == dossier.id,
            DossierEvent.at == datetime.fromisoformat(str(ev["at"])),
            DossierEvent.kind == ev["kind"],
            DossierEvent.to_status == ev["to_status"],
        )
        .order_by(DossierEvent.id)
        .limit(1)
    )
    if event is None:
        raise SyncError(f"an event of dossier {dossier.code} is no longer on this PC")
    return {"dossier": dossier_payload(dossier), "event": event_payload(event)}


def strip_acknowledged(session: Session, up_to: int | None = None) -> int:
    """Cut the personal data out of acknowledged dossier changes (all, or up to `up_to`)."""
    q = select(Outbox).where(Outbox.kind == "dossier.event")
    q = q.where(Outbox.acked.is_(True)) if up_to is None else q.where(Outbox.seq <= up_to)
    n = 0
    for row in session.scalars(q):
        if isinstance(row.payload, dict) and not row.payload.get(STRIPPED):
            row.payload = _stub(row.payload)
            n += 1
    return n


def record_ack(session: Session, acked: int, rejected: list[dict[str, Any]]) -> int:
    """Mark everything up to `acked` as acknowledged, and the refusals with their reason."""
    for item in rejected:
        session.execute(
            update(Outbox)
            .where(Outbox.seq == int(item["seq"]))
            .values(rejected=str(item.get("error") or "refused by the server"))
        )
    for row in session.scalars(
        select(Outbox).where(
            Outbox.acked.is_(False), Outbox.seq <= acked, Outbox.kind == "dossier.event"
        )
    ):
        if isinstance(row.payload, dict) and not row.payload.get(STRIPPED):
            row.payload = _stub(row.payload)
    session.flush()
    result = session.execute(
        update(Outbox).where(Outbox.acked.is_(False), Outbox.seq <= acked).values(acked=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def subject_of(kind: str, payload: dict[str, Any]) -> str:
    if not isinstance(payload, dict):
        return ""
    if kind == "dossier.event":
        return str(payload.get("dossier", {}).get("code", ""))
    if kind == "roster.set":
        return f"{payload.get('day', '')} #{payload.get('counter_number', '')}"
    if kind == "rating.add":
        if payload.get("dossier_code"):
            return str(payload["dossier_code"])
        counter = payload.get("counter_number")
        return f"{str(payload.get('at', ''))[:16]}{f' #{counter}' if counter else ''}"
    return f"{payload.get('label', '')} {payload.get('day', '')}".strip()


def rejected_mutations(session: Session, limit: int = 100) -> list[RejectedMutation]:
    rows = session.scalars(
        select(Outbox).where(Outbox.rejected.is_not(None)).order_by(Outbox.seq.desc()).limit(limit)
    )
    return [
        RejectedMutation(
            r.seq, r.kind, subject_of(r.kind, r.payload), r.rejected or "", r.created_at
        )
        for r in rows
    ]


def rejected_count(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Outbox).where(Outbox.rejected.is_not(None)))
        or 0
    )


def pending_keys(session: Session, agency: str) -> tuple[set[str], set[str]]:
    """Dossier codes and ticket keys with local changes the server has not acknowledged yet.

    A pulled entry for one of them is skipped: the push will make the server stamp it again
    (applied or refused), and the next pull brings the result — the local change is never
    overwritten by an older server state in between.
    """
    codes: set[str] = set()
    tickets: set[str] = set()
    for kind, payload in session.execute(
        select(Outbox.kind, Outbox.payload).where(Outbox.acked.is_(False))
    ):
        if kind == "dossier.event":
            codes.add(normalize_code(str(payload["dossier"]["code"])))
        elif kind.startswith("ticket."):
            tickets.add(f"{agency}/{payload['service']}/{payload['day']}/{payload['number']}")
    return codes, tickets


def pending_roster_days(session: Session) -> set[str]:
    """Days (ISO) of the duty roster with local changes the server has not acknowledged yet."""
    rows = session.scalars(
        select(Outbox.payload).where(Outbox.acked.is_(False), Outbox.kind == "roster.set")
    )
    return {str(p.get("day")) for p in rows if isinstance(p, dict)}
