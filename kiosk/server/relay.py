"""Changes written to the server database by other means than this server's API.

An admin may run `kiosk advance CODE --to 9 --db postgresql://...` against the server database,
or a department PC may use it directly. Those core services record into the server's outbox;
this relay turns the rows into change-log stamps (and gives the new events their global
references), so the change still reaches every PC of the office.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.codes import normalize_code
from kiosk.server.apply import ref_new_events
from kiosk.server.changes import Changes, stamp, ticket_key
from kiosk.store.db import Store
from kiosk.store.models import Agency, Dossier, Office, Outbox, Service, Ticket

BATCH = 1000


def relay_outbox(store: Store) -> int:
    """Stamp what the server's outbox holds; returns how many rows were relayed."""
    with store.begin() as session:
        rows = list(
            session.scalars(
                select(Outbox)
                .where(Outbox.acked.is_(False))
                .order_by(Outbox.seq)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        if not rows:
            return 0
        changes = Changes()
        for row in rows:
            _relay(session, row, changes)
            row.acked = True
        stamp(session, changes)
        return len(rows)


def _relay(session: Session, row: Outbox, changes: Changes) -> None:
    payload = row.payload
    if row.kind == "dossier.event":
        code = normalize_code(str(payload.get("dossier", {}).get("code", "")))
        dossier = session.scalar(select(Dossier).where(Dossier.code == code))
        if dossier is not None:
            ref_new_events(session, dossier)
            changes.dossier(dossier.code, dossier.agency_code)
        return
    day, number = payload.get("day"), payload.get("number")
    if not day or not isinstance(number, int):
        return
    try:
        when = date.fromisoformat(str(day))
    except ValueError:
        return
    # Service codes repeat from office to office: the ticket itself says which office it is of
    # (a code and number found in several offices stamps each; a pull applies twice harmlessly).
    for service, agency in session.execute(
        select(Service.code, Agency.code)
        .join(Ticket, Ticket.service_id == Service.id)
        .join(Office, Office.id == Service.office_id)
        .join(Agency, Agency.id == Office.agency_id)
        .where(Service.code == payload.get("service"), Ticket.day == when, Ticket.number == number)
    ):
        changes.ticket(ticket_key(agency, service, day, number), agency)
