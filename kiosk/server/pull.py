"""`GET /v1/devices/{id}/changes`: a page of the change log, built from the current rows.

A page lists things in change order, each with its whole current state: a dossier with its
row and every event (with the events' global references), a ticket, a day of the office's duty
roster, a citizen's rating made in the office, or a piece of configuration. Applying an entry
twice does no harm, so a page may be re-read at will.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.privacy.roles import public_entry
from kiosk.server import admin_config
from kiosk.server.bulk import DOSSIER as DOSSIER_T
from kiosk.server.bulk import EVENT, REF
from kiosk.server.changes import CONFIG, DOSSIER, SCOPE_ALL, TICKET, head, read_keys
from kiosk.server.config import config_entry
from kiosk.server.documents import issued_entries
from kiosk.server.ratings import CHANGE as RATING
from kiosk.server.ratings import rating_entries
from kiosk.server.roster import CHANGE as ROSTER
from kiosk.server.roster import roster_entries
from kiosk.store.models import Agency, Office, Procedure, Service, Ticket

MAX_PAGE = 1000


class CursorReset(Exception):
    """The cursor does not come from this server's history: pull again from 0."""


@dataclass
class Page:
    cursor: int
    more: bool
    changes: list[dict[str, Any]]
    acked: int | None = None

    def to_json(self, epoch: str) -> dict[str, Any]:
        out = {"epoch": epoch, "cursor": self.cursor, "more": self.more, "changes": self.changes}
        if self.acked is not None:
            out["acked"] = self.acked  # the pulling device's highest acknowledged sequence
        return out


def read_page(
    session: Session,
    agency: str,
    since: int,
    limit: int,
    seen_head: int = 0,
    *,
    public: bool = False,
) -> Page:
    """`seen_head`: a change number known to exist; a cursor at or below it needs no check.
    `public`: the device is public-only (kiosk/privacy/roles.py): dossiers minimised."""
    keys = read_keys(session, (agency, SCOPE_ALL), since, limit + 1)
    if not keys and since > seen_head and since > head(session):
        raise CursorReset(f"cursor {since} is ahead of this server's change log")
    more = len(keys) > limit
    keys = keys[:limit]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key, _seq in keys:
        by_kind[kind].append(key)
    built: dict[tuple[str, str], dict[str, Any]] = {}
    for code, entry in dossier_entries(session, by_kind[DOSSIER]).items():
        built[(DOSSIER, code)] = public_entry(entry) if public else entry
    for key, entry in ticket_entries(session, agency, by_kind[TICKET]).items():
        built[(TICKET, key)] = entry
    for key, entry in roster_entries(session, agency, by_kind[ROSTER]).items():
        built[(ROSTER, key)] = entry
    for key, entry in rating_entries(session, agency, by_kind[RATING]).items():
        built[(RATING, key)] = entry
    for kind in admin_config.KINDS:
        for key in by_kind[kind]:
            if key == agency:  # an office's staff: only its own PCs (the scope says so too)
                data = admin_config.entry(session, kind, key)
                if data is not None:
                    built[(kind, key)] = {"data": data}
    for key in by_kind[CONFIG]:
        data = config_entry(session, key)
        if data is not None:
            built[(CONFIG, key)] = {"data": data}
    changes = [
        {"kind": kind, "key": key, "seq": seq, **built[(kind, key)]}
        for kind, key, seq in keys
        if (kind, key) in built
    ]
    return Page(cursor=keys[-1][2] if keys else since, more=more, changes=changes)


_ROW = ("code", "agency_code", "applicant_name", "applicant_id_number", "applicant_phone",
        "applicant_address", "applicant_email", "documents", "sets", "channel", "result_place",
        "status", "counter_number", "received_by", "lookup_token", "device_id", "fee_mode",
        "fee_paid_vnd", "fee_note", "fee_receipt", "book_no", "book_line")  # fmt: skip
_ROW_TIMES = ("created_at", "received_at", "due_at", "original_due_at", "new_due_at",
              "paused_at", "finished_at", "returned_at")  # fmt: skip
_EVENT = ("actor", "kind", "from_status", "to_status", "note", "agency_code", "counter_number",
          "device_id", "data")  # fmt: skip


def dossier_entries(session: Session, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Rows as `kiosk.services.dossiers.dossier_payload` has them, plus the events and refs."""
    if not codes:
        return {}
    d, e = DOSSIER_T, EVENT
    rows = session.execute(
        select(d.c.id, Procedure.code.label("procedure"), *(d.c[n] for n in _ROW + _ROW_TIMES))
        .join(Procedure, Procedure.id == d.c.procedure_id)
        .where(d.c.code.in_(codes))
    ).all()
    events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ev in session.execute(
        select(e.c.dossier_id, e.c.at, REF.c.ref, *(e.c[n] for n in _EVENT))
        .outerjoin(REF, REF.c.event_id == e.c.id)
        .where(e.c.dossier_id.in_([r.id for r in rows]))
        .order_by(e.c.id)
    ):
        item = {n: getattr(ev, n) for n in _EVENT}
        item["ref"], item["at"] = ev.ref, ev.at.isoformat()
        events[ev.dossier_id].append(item)
    issued = issued_entries(session, [r.id for r in rows])
    out = {}
    for r in rows:
        row = {n: getattr(r, n) for n in _ROW}
        row.update({n: _iso(getattr(r, n)) for n in _ROW_TIMES})
        row["procedure"] = r.procedure
        out[r.code] = {"dossier": row, "events": events[r.id]}
        if r.id in issued:  # the documents issued for it (kiosk.server.documents)
            out[r.code]["issued"] = issued[r.id]
    return out


def _iso(v: datetime | None) -> str | None:
    return v.isoformat() if v else None


def ticket_entries(session: Session, agency: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    if not keys:
        return {}
    office = session.scalar(
        select(Office).join(Agency).where(Agency.code == agency).order_by(Office.id)
    )
    if office is None:
        return {}
    services = {
        s.id: s.code for s in session.scalars(select(Service).where(Service.office_id == office.id))
    }
    wanted = set(keys)
    days = sorted({k.split("/")[2] for k in keys})
    out: dict[str, dict[str, Any]] = {}
    for t in session.scalars(
        select(Ticket).where(
            Ticket.service_id.in_(list(services)),
            Ticket.day.in_([datetime.fromisoformat(d).date() for d in days]),
        )
    ):
        key = f"{agency}/{services[t.service_id]}/{t.day.isoformat()}/{t.number}"
        if key in wanted:
            out[key] = {"ticket": ticket_row(t, services)}
    return out


def ticket_row(t: Ticket, services: dict[int, str]) -> dict[str, Any]:
    return {
        "service": services[t.service_id],
        "queue_service": services.get(t.queue_service_id),
        "transferred_from": services.get(t.transferred_from) if t.transferred_from else None,
        "day": t.day.isoformat(),
        "number": t.number,
        "label": t.label,
        "priority": t.priority,
        "status": t.status,
        "arrived_at": _iso(t.arrived_at),
        "issued_at": _iso(t.issued_at),
        "called_at": _iso(t.called_at),
        "served_at": _iso(t.served_at),
        "finished_at": _iso(t.finished_at),
        "call_count": t.call_count,
        "counter_number": t.counter_number,
        "target_counter": t.target_counter,
        "clerk": t.clerk,
        "dossier_code": t.dossier_code,
        "device_id": t.device_id,
    }
