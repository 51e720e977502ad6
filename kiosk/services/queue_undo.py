"""Putting a ticket right at the counter: back to the queue (a clerk leaves with a citizen not
served), and undoing a "Vắng mặt" (no-show) pressed by mistake or for a citizen who was there.

Both are recorded like every other move of a ticket (an outbox mutation the server applies):
the put-back is a `ticket.transfer` to the ticket's own service (it keeps its arrival time, so
it is called next), the undo a `ticket.undo_no_show`, accepted within UNDO_MINUTES of the
no-show, by the counter that marked it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.context import Actor, now, record
from kiosk.services.queue import (
    CALLED,
    NO_SHOW,
    WAITING,
    _ticket_payload,
    counter_office,
    current_ticket,
)
from kiosk.store.models import Service, Ticket

UNDO_MINUTES = 10


def put_back(
    session: Session, counter_number: int, at: datetime | None = None, office_id: int | None = None
) -> Ticket | None:
    """The counter's current ticket goes back to its queue, first in line (its arrival time is
    kept, no counter is targeted); None when the counter serves nobody."""
    at = at or now()
    t = current_ticket(session, counter_number, at.date(), office_id)
    if t is None:
        return None
    t.status = WAITING
    t.counter_number = None
    t.target_counter = None
    record(session, "ticket.transfer", _ticket_payload(t))
    return t


def undo_no_show(
    session: Session,
    counter_number: int,
    label: str,
    actor: Actor,
    at: datetime | None = None,
    office_id: int | None = None,
) -> Ticket:
    """The ticket this counter marked absent is served here again (called anew)."""
    at = at or now()
    office = counter_office(session, counter_number, office_id)
    query = select(Ticket).where(
        Ticket.day == at.date(),
        Ticket.label == label.strip().upper(),
        Ticket.status == NO_SHOW,
        Ticket.counter_number == counter_number,
    )
    if office is not None:
        query = query.where(
            Ticket.queue_service_id.in_(select(Service.id).where(Service.office_id == office))
        )
    t = session.scalar(query.order_by(Ticket.finished_at.desc()))
    if t is None:
        raise KioskError(
            f"counter {counter_number} marked no ticket {label} absent today",
            f"Quầy không có số {label} vắng mặt hôm nay.",
        )
    if t.finished_at is not None and at - t.finished_at > timedelta(minutes=UNDO_MINUTES):
        raise KioskError(
            f"ticket {t.label} was marked absent more than {UNDO_MINUTES} minutes ago;"
            " the citizen takes a new number",
            f"Số {t.label} đã vắng mặt quá {UNDO_MINUTES} phút; công dân lấy số mới.",
        )
    current = current_ticket(session, counter_number, at.date(), office_id)
    if current is not None:
        raise KioskError(
            f"counter {counter_number} is serving {current.label}; finish it first",
            f"Quầy đang phục vụ số {current.label}; hãy xong số đó trước.",
        )
    t.status = CALLED
    t.finished_at = None
    t.called_at = at
    t.call_count += 1
    t.clerk = actor.username
    record(session, "ticket.undo_no_show", _ticket_payload(t))
    return t
