"""The queue as the public sees it: the ticket dispenser and the waiting-room display. Qt-free.

The dispenser issues tickets only within the ticket hours of a working day (office hours from
the calendar, opened a little earlier and closed a little before the office closes) and within
each service's daily limit (`issue_ticket` refuses the number after the limit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import get_setting, now
from kiosk.services.public import PublicInputError
from kiosk.services.queue import WAITING, IssuedTicket, issue_ticket
from kiosk.store.models import Counter, Service, Ticket


@dataclass(frozen=True)
class DispenserService:
    code: str
    name: str
    prefix: str
    waiting: int
    sold_out: bool


@dataclass(frozen=True)
class DispenserState:
    open: bool
    message: str  # why it is closed, and when it opens (Vietnamese)
    services: tuple[DispenserService, ...]


def ticket_hours(session: Session, day: date) -> tuple[datetime, datetime] | None:
    """When tickets are issued on `day`: from a little before opening to a little before closing
    (settings `ticket_open_before_minutes`, default 30, `ticket_close_before_minutes`, 15)."""
    cal = load_calendar(session)
    if not cal.is_working_day(day):
        return None
    early = int(get_setting(session, "ticket_open_before_minutes", "30") or 30)
    late = int(get_setting(session, "ticket_close_before_minutes", "15") or 15)
    first, last = cal.hours.periods[0][0], cal.hours.periods[-1][1]
    start = datetime.combine(day, first) - timedelta(minutes=early)
    return start, datetime.combine(day, last) - timedelta(minutes=late)


def _closed_message(session: Session, at: datetime) -> str | None:
    hours = ticket_hours(session, at.date())
    if hours is not None and hours[0] <= at <= hours[1]:
        return None
    if hours is not None and at < hours[0]:
        return f"Chưa đến giờ cấp số. Mời quay lại lúc {hours[0]:%H:%M}."
    nxt = load_calendar(session).next_working_day(at.date())
    opens = ticket_hours(session, nxt)
    when = f"{opens[0]:%H:%M} ngày {nxt:%d/%m/%Y}" if opens else f"ngày {nxt:%d/%m/%Y}"
    return f"Ngoài giờ cấp số thứ tự. Mời quay lại lúc {when}."


def dispenser_state(session: Session, at: datetime | None = None) -> DispenserState:
    at = at or now()
    services = list(session.scalars(select(Service).where(Service.active).order_by(Service.prefix)))
    day = at.date()
    waiting = dict(
        session.execute(
            select(Ticket.queue_service_id, func.count())
            .where(Ticket.day == day, Ticket.status == WAITING)
            .group_by(Ticket.queue_service_id)
        ).all()
    )
    issued = dict(
        session.execute(
            select(Ticket.service_id, func.max(Ticket.number))
            .where(Ticket.day == day)
            .group_by(Ticket.service_id)
        ).all()
    )
    rows = tuple(
        DispenserService(
            s.code,
            s.name,
            s.prefix,
            int(waiting.get(s.id, 0)),
            s.daily_limit is not None and int(issued.get(s.id, 0) or 0) >= s.daily_limit,
        )
        for s in services
    )
    closed = _closed_message(session, at)
    return DispenserState(closed is None, closed or "", rows)


def issue_public_ticket(
    session: Session,
    service_code: str,
    *,
    priority: str | None = None,
    at: datetime | None = None,
    device_id: str | None = None,
    print_ticket: Callable[[Ticket, int], None] | None = None,
) -> IssuedTicket:
    """A ticket from the dispenser: refused outside the ticket hours, then `issue_ticket`."""
    at = at or now()
    closed = _closed_message(session, at)
    if closed:
        raise PublicInputError("tickets are not issued at this time", closed)
    return issue_ticket(
        session, service_code, priority=priority, at=at, device_id=device_id,
        print_ticket=print_ticket,
    )  # fmt: skip


# -- the waiting-room display ------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    ticket_id: int
    label: str
    counter: int
    called_at: datetime
    call_count: int


def calls_since(session: Session, day: date, since: datetime | None, limit: int = 50) -> list[Call]:
    """Tickets called (or recalled) on `day` at or after `since`, oldest first."""
    q = select(Ticket).where(Ticket.day == day, Ticket.called_at.is_not(None))
    q = q.where(Ticket.counter_number.is_not(None))
    if since is not None:
        q = q.where(Ticket.called_at >= since)
    rows = session.scalars(q.order_by(Ticket.called_at.desc(), Ticket.id.desc()).limit(limit))
    out = [
        Call(t.id, t.label, int(t.counter_number or 0), t.called_at or datetime.min, t.call_count)
        for t in rows
    ]
    return out[::-1]


def counter_numbers(session: Session) -> list[int]:
    return [int(n) for n in session.scalars(select(Counter.number).order_by(Counter.number))]


def serving_now(session: Session, day: date) -> dict[int, str]:
    """Counter number -> the ticket it serves now (called, not yet finished, absent or moved):
    what the display shows, so a no-show, a finish or a transfer clears the counter's row."""
    rows = session.execute(
        select(Ticket.counter_number, Ticket.label)
        .where(Ticket.day == day, Ticket.status == "called", Ticket.counter_number.is_not(None))
        .order_by(Ticket.called_at, Ticket.id)
    ).all()
    return {int(c or 0): str(label) for c, label in rows}  # the latest call wins
