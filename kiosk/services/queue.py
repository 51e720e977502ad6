"""The queue (DESIGN.md §7): issue, call next, recall, no-show, transfer, finish.

Invariants: a number is never issued twice for one service and day (the next number is taken
under the write lock, and a unique constraint backs it); a ticket is never called by two
counters (the waiting row is claimed with an UPDATE that checks it is still waiting); a ticket
whose printing failed is not counted (printing runs inside the transaction, which rolls back).

Offices: services and counters belong to an office, and a ticket to its service's office. A
PC's database holds one office; the district server's holds several, each with its counters
1..n and services such as "HT". The functions that find things by code or number take
`office_id`: given, everything they find
(service, counter, the ticket at a counter, the tickets sent to a counter) is that office's.
None means "the only office", as on a PC: nothing is filtered while the database holds one
office; with several, a counter number or service code that exists in one office only names
that office, and one that exists in more is refused (the server always says which office).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, case, func, select, update
from sqlalchemy.orm import Session, object_session

from kiosk.errors import KioskError, NotFound
from kiosk.services.context import Actor, now, record
from kiosk.store.models import Counter, CounterService, Office, Service, Ticket

PRIORITY_KINDS = {
    "elderly": "Người cao tuổi",
    "disabled": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "child": "Người đi cùng trẻ nhỏ",
    "merit": "Người có công với cách mạng",
}

WAITING = "waiting"
CALLED = "called"
DONE = "done"
NO_SHOW = "no_show"


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    ahead: int


def get_service(session: Session, code: str, office_id: int | None = None) -> Service:
    wanted = code.strip().upper()
    query = select(Service).where(Service.code == wanted)
    if office_id is not None:
        query = query.where(Service.office_id == office_id)
    found = list(session.scalars(query.limit(2)))
    if len(found) > 1:
        raise KioskError(
            f"queue service '{wanted}' exists in several offices of this database; "
            "say which office",
            f"Dịch vụ «{code}» có ở nhiều bộ phận một cửa; cần chọn bộ phận.",
        )
    svc = found[0] if found else None
    if svc is None or not svc.active:
        raise NotFound(f"there is no queue service '{code}'", f"Không có dịch vụ «{code}».")
    return svc


def list_services(session: Session, office_id: int | None = None) -> list[Service]:
    """The active services of the office (None: every service in the database, on a PC the
    office's own)."""
    query = select(Service).where(Service.active)
    if office_id is not None:
        query = query.where(Service.office_id == office_id)
    return list(session.scalars(query.order_by(Service.prefix)))


def get_counter(session: Session, number: int, office_id: int | None = None) -> Counter:
    query = select(Counter).where(Counter.number == number)
    if office_id is not None:
        query = query.where(Counter.office_id == office_id)
    found = list(session.scalars(query.limit(2)))
    if len(found) > 1:
        raise KioskError(
            f"counter number {number} exists in several offices of this database; say which office",
            f"Quầy số {number} có ở nhiều bộ phận một cửa; cần chọn bộ phận.",
        )
    if not found:
        raise NotFound(f"there is no counter {number}", f"Không có quầy số {number}.")
    if not found[0].active:
        raise KioskError(
            f"counter {number} is retired; bring it back with 'kiosk counter set {number} "
            "--active yes'",
            f"Quầy số {number} đã ngừng sử dụng.",
        )
    return found[0]


def counter_office(
    session: Session, counter_number: int, office_id: int | None = None
) -> int | None:
    """The office a counter number means: `office_id` if given; None (no filter needed) when
    the database holds one office; else the office of the one counter with that number."""
    if office_id is not None:
        return office_id
    if len(session.scalars(select(Office.id).limit(2)).all()) < 2:
        return None
    return get_counter(session, counter_number).office_id


def _office_services(office_id: int) -> Select[int]:
    """The ids of the office's services, as a subquery (a ticket's office is its service's)."""
    return select(Service.id).where(Service.office_id == office_id)


def waiting_count(session: Session, service: Service, day: date, priority: bool = False) -> int:
    """How many of the service's waiting tickets will be called before a new one: all of them
    for an ordinary ticket; for a priority ticket only those :func:`call_next` takes before it
    (other priority tickets, and tickets sent to a given counter), not the ordinary ones."""
    query = (
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.queue_service_id == service.id, Ticket.day == day, Ticket.status == WAITING)
    )
    if priority:
        query = query.where(Ticket.priority.is_not(None) | Ticket.target_counter.is_not(None))
    return int(session.scalar(query) or 0)


def issue_ticket(
    session: Session,
    service_code: str,
    *,
    priority: str | None = None,
    at: datetime | None = None,
    device_id: str | None = None,
    print_ticket: Callable[[Ticket, int], None] | None = None,
    office_id: int | None = None,
) -> IssuedTicket:
    """Issue the next number; `print_ticket` runs before commit, and its failure un-issues it."""
    at = at or now()
    svc = get_service(session, service_code, office_id)
    if priority is not None and priority not in PRIORITY_KINDS:
        raise KioskError(
            f"'{priority}' is not a priority kind ({', '.join(PRIORITY_KINDS)})",
            "Loại ưu tiên không hợp lệ.",
        )
    if (
        priority is not None
        and svc.priority_kinds is not None
        and priority not in svc.priority_kinds
    ):
        raise KioskError(
            f"service {svc.code} gives no priority to '{priority}'",
            f"Dịch vụ «{svc.name}» không có ưu tiên cho đối tượng này.",
        )
    day = at.date()
    last = session.scalar(
        select(func.max(Ticket.number)).where(Ticket.service_id == svc.id, Ticket.day == day)
    )
    number = (last or 0) + 1
    if svc.daily_limit is not None and number > svc.daily_limit:
        raise KioskError(
            f"service {svc.code} has issued its {svc.daily_limit} tickets for today",
            f"Dịch vụ «{svc.name}» đã hết số trong ngày hôm nay.",
        )
    if number > 999:
        raise KioskError(
            f"service {svc.code} has used all 999 numbers for today",
            "Đã hết số thứ tự trong ngày.",
        )
    ahead = waiting_count(session, svc, day, priority=priority is not None)
    ticket = Ticket(
        service_id=svc.id,
        queue_service_id=svc.id,
        service=svc,
        day=day,
        number=number,
        label=f"{svc.prefix}{number:03d}",
        priority=priority,
        status=WAITING,
        arrived_at=at,
        issued_at=at,
        device_id=device_id,
    )
    session.add(ticket)
    session.flush()
    if print_ticket is not None:
        print_ticket(
            ticket, ahead
        )  # raises on a printer fault: the caller's transaction rolls back
    record(session, "ticket.issue", _ticket_payload(ticket))
    return IssuedTicket(ticket, ahead)


def _counter_services(session: Session, counter: Counter) -> list[int]:
    return list(
        session.scalars(
            select(CounterService.service_id).where(CounterService.counter_id == counter.id)
        )
    )


def current_ticket(
    session: Session, counter_number: int, day: date, office_id: int | None = None
) -> Ticket | None:
    office = counter_office(session, counter_number, office_id)
    query = select(Ticket).where(
        Ticket.counter_number == counter_number, Ticket.day == day, Ticket.status == CALLED
    )
    if office is not None:  # a called ticket waited in a service of the counter's office
        query = query.where(Ticket.queue_service_id.in_(_office_services(office)))
    return session.scalar(query.order_by(Ticket.called_at.desc()))


def call_next(
    session: Session,
    counter_number: int,
    actor: Actor,
    at: datetime | None = None,
    office_id: int | None = None,
) -> Ticket | None:
    """Finish the counter's current ticket and call the next: priority first, then arrival."""
    at = at or now()
    counter = get_counter(session, counter_number, office_id)
    office = counter.office_id
    day = at.date()
    current = current_ticket(session, counter_number, day, office)
    if current is not None:
        _finish(session, current, at)
    services = _counter_services(session, counter)
    # Priority tickets go first in the services whose rules say so (all, unless an admin
    # set a service's priority order to arrival).
    arrival_only = list(
        session.scalars(
            select(Service.id).where(Service.id.in_(services), Service.priority_first.is_(False))
        )
    )
    priority_first: ColumnElement[bool] = Ticket.priority.is_not(None)
    if arrival_only:
        priority_first = priority_first & Ticket.queue_service_id.not_in(arrival_only)
    # Sent to this counter: the counter number is the office's, so is the service it waits in.
    sent_here = (Ticket.target_counter == counter_number) & Ticket.queue_service_id.in_(
        _office_services(office)
    )
    for _attempt in range(5):
        candidate = session.scalar(
            select(Ticket)
            .where(Ticket.day == day, Ticket.status == WAITING)
            .where(
                sent_here
                | (Ticket.target_counter.is_(None) & Ticket.queue_service_id.in_(services))
            )
            .order_by(
                case((Ticket.target_counter == counter_number, 0), else_=1),
                case((priority_first, 0), else_=1),
                Ticket.arrived_at,
                Ticket.id,
            )
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if candidate is None:
            return None
        # The claim only succeeds if nobody else called it in between (another server process).
        claimed = session.execute(  # type: ignore[attr-defined]
            update(Ticket)
            .where(Ticket.id == candidate.id, Ticket.status == WAITING)
            .values(
                status=CALLED,
                counter_number=counter_number,
                called_at=at,
                call_count=Ticket.call_count + 1,
                clerk=actor.username,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed == 1:
            session.refresh(candidate)
            record(session, "ticket.call", _ticket_payload(candidate))
            return candidate
    return None


def link_dossier(
    session: Session,
    counter_number: int | None,
    code: str,
    at: datetime | None = None,
    office_id: int | None = None,
) -> Ticket | None:
    """The ticket being served at the counter gets the dossier just received (or refused, or
    sent back for a supplement) for it, in the caller's transaction: the queue report and the
    rating can then connect the two. A ticket keeps its first dossier (a citizen with two
    dossiers on one number); no ticket at the counter, nothing to link."""
    if counter_number is None:
        return None
    t = current_ticket(session, counter_number, (at or now()).date(), office_id)
    if t is None:
        return None
    if t.dossier_code is None:
        t.dossier_code = code
    return t


def ticket_for_dossier(
    session: Session, code: str, day: date, office_id: int | None = None
) -> Ticket | None:
    """The ticket a dossier was received on (`day`: the day the dossier was made).

    Asked through the (service, day, number) unique index, one service at a time, so it stays
    a few index lookups however many tickets the years have left behind.
    """
    query = select(Service.id) if office_id is None else _office_services(office_id)
    services = list(session.scalars(query))
    return session.scalar(
        select(Ticket)
        .where(Ticket.service_id.in_(services), Ticket.day == day, Ticket.dossier_code == code)
        .order_by(Ticket.id)
        .limit(1)
    )


def _ticket(session: Session, label: str, day: date, office_id: int | None = None) -> Ticket:
    query = select(Ticket).where(Ticket.label == label.strip().upper(), Ticket.day == day)
    if office_id is not None:
        query = query.where(Ticket.service_id.in_(_office_services(office_id)))
    t = session.scalar(query)
    if t is None:
        raise NotFound(f"there is no ticket {label} today", f"Không có số {label} trong hôm nay.")
    return t


def recall(
    session: Session, counter_number: int, at: datetime | None = None, office_id: int | None = None
) -> Ticket:
    at = at or now()
    t = current_ticket(session, counter_number, at.date(), office_id)
    if t is None:
        raise KioskError(
            f"counter {counter_number} has no called ticket to recall",
            "Quầy chưa gọi số nào để gọi lại.",
        )
    t.call_count += 1
    t.called_at = at
    record(session, "ticket.call", _ticket_payload(t))
    return t


def no_show(
    session: Session, counter_number: int, at: datetime | None = None, office_id: int | None = None
) -> Ticket:
    at = at or now()
    t = current_ticket(session, counter_number, at.date(), office_id)
    if t is None:
        raise KioskError(f"counter {counter_number} has no called ticket", "Quầy chưa gọi số nào.")
    t.status = NO_SHOW
    t.finished_at = at
    record(session, "ticket.no_show", _ticket_payload(t))
    return t


def finish(
    session: Session, counter_number: int, at: datetime | None = None, office_id: int | None = None
) -> Ticket | None:
    at = at or now()
    t = current_ticket(session, counter_number, at.date(), office_id)
    if t is not None:
        _finish(session, t, at)
    return t


def _finish(session: Session, t: Ticket, at: datetime) -> None:
    t.status = DONE
    t.served_at = t.served_at or t.called_at
    t.finished_at = at
    record(session, "ticket.finish", _ticket_payload(t))


def transfer(
    session: Session,
    counter_number: int,
    *,
    to_service: str | None = None,
    to_counter: int | None = None,
    at: datetime | None = None,
    office_id: int | None = None,
    label: str | None = None,
) -> Ticket:
    """Send the current ticket to another service or counter of its office; it keeps its
    arrival time. `label`: the ticket the clerk saw in the dialog; refused if it is no longer
    the one served (the dialog acts on what it showed)."""
    at = at or now()
    t = current_ticket(session, counter_number, at.date(), office_id)
    if t is None:
        raise KioskError(f"counter {counter_number} has no called ticket", "Quầy chưa gọi số nào.")
    if label is not None and t.label != label:
        raise KioskError(
            f"counter {counter_number} now serves {t.label}, not {label}; nothing was transferred",
            f"Quầy đang phục vụ số {t.label}, không phải số {label}; chưa chuyển.",
        )
    if to_service is None and to_counter is None:
        raise KioskError("say where to transfer the ticket", "Chưa chọn nơi chuyển.")
    office = t.service.office_id  # the ticket's office, whatever the caller said
    if to_service is not None:
        svc = get_service(session, to_service, office)
        t.transferred_from = t.queue_service_id
        t.queue_service_id = svc.id
    if to_counter is not None:
        get_counter(session, to_counter, office)
    t.target_counter = to_counter
    t.status = WAITING
    t.counter_number = None
    record(session, "ticket.transfer", _ticket_payload(t))
    return t


def _ticket_payload(t: Ticket) -> dict[str, object]:
    """What the server keeps of a ticket; the pull sends the same back (kiosk/sync/local.py)."""

    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    session = object_session(t)
    assert session is not None

    def code(service_id: int | None) -> str | None:
        svc = session.get(Service, service_id) if service_id is not None else None
        return svc.code if svc is not None else None

    return {
        "service": t.service.code if t.service else None,
        # where it waits now and where it came from: a transfer must reach the other counters
        "queue_service": code(t.queue_service_id),
        "transferred_from": code(t.transferred_from),
        "target_counter": t.target_counter,
        "call_count": t.call_count,
        "served_at": iso(t.served_at),
        "day": t.day.isoformat(),
        "number": t.number,
        "label": t.label,
        "priority": t.priority,
        "status": t.status,
        "arrived_at": iso(t.arrived_at),
        "issued_at": iso(t.issued_at),
        "called_at": iso(t.called_at),
        "finished_at": iso(t.finished_at),
        "counter_number": t.counter_number,
        "clerk": t.clerk,
        "dossier_code": t.dossier_code,
    }
