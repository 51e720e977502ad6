"""What the counter screens read, as plain data made inside one worker transaction.

ORM objects never reach the GUI thread (their lazy attributes would touch the database there);
each function here runs on `ctx.tasks` and returns frozen dataclasses. Every count uses the
(status, due_at) index, so the main screen's figures stay instant with a million dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from kiosk.domain.status import RUNNING, Status
from kiosk.services import queries
from kiosk.services import queue as q
from kiosk.services.context import now
from kiosk.services.dossiers import get_dossier
from kiosk.services.due import due_soon_conditions, due_window, overdue_conditions
from kiosk.store.models import Counter, Dossier, Field, Procedure, Service, Staff
from ui.counter.search import search

RUNNING_CODES = sorted(int(s) for s in RUNNING)


# -- procedures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentItem:
    name: str
    originals: int
    copies: int
    required: bool
    note: str | None


@dataclass(frozen=True)
class ProcedureItem:
    code: str
    name: str
    field: str
    search_key: str
    time_text: str
    time_limit: float
    time_unit: str
    fee_text: str
    result_places: tuple[str, ...]
    documents: tuple[DocumentItem, ...]
    route: tuple[str, ...]

    def matches(self, words: list[str]) -> bool:
        return all(w in self.search_key for w in words)

    def rank(self, phrase: str) -> tuple[int, int, int]:
        """Sort key for a match: the code itself, then the typed phrase as typed and earliest
        in the name ("dang ky khai sinh" puts "Thủ tục đăng ký khai sinh" first), then brevity."""
        if phrase == self.code.lower():
            return (0, 0, 0)
        name_key = self.search_key[len(self.code) + 1 :]
        at = name_key.find(phrase)
        return (1 if at >= 0 else 2, at if at >= 0 else 0, len(name_key))


def load_procedures(session: Session) -> list[ProcedureItem]:
    procs = session.scalars(
        select(Procedure)
        .where(Procedure.active)
        .options(
            selectinload(Procedure.documents),
            selectinload(Procedure.route),
            selectinload(Procedure.field),
        )
        .order_by(Procedure.name)
    )
    return [
        ProcedureItem(
            code=p.code,
            name=p.name,
            field=p.field.name,
            search_key=p.search_key,
            time_text=p.time_text,
            time_limit=p.time_limit,
            time_unit=p.time_unit,
            fee_text=p.fee_text,
            result_places=tuple(str(x) for x in p.result_places or ()),
            documents=tuple(
                DocumentItem(d.name, d.originals, d.copies, d.required, d.note) for d in p.documents
            ),
            route=tuple(r.agency for r in p.route),
        )
        for p in procs
    ]


def field_names(session: Session) -> list[str]:
    return list(session.scalars(select(Field.name).order_by(Field.name)))


# -- queue ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: str
    prefix: str
    waiting: int
    mine: bool  # served by this counter


@dataclass(frozen=True)
class TicketItem:
    label: str
    service: str
    priority: str | None
    called_at: datetime | None
    call_count: int
    clerk: str | None = None  # who called it


@dataclass(frozen=True)
class QueueState:
    counter: int
    counter_name: str | None  # None: this counter is not configured
    current: TicketItem | None
    services: tuple[ServiceItem, ...]
    counters: tuple[int, ...]

    @property
    def waiting_here(self) -> int:
        return sum(s.waiting for s in self.services if s.mine)


def _ticket_item(t: q.Ticket | None) -> TicketItem | None:
    if t is None:
        return None
    return TicketItem(t.label, t.service.name, t.priority, t.called_at, t.call_count, t.clerk)


def counter_ticket(session: Session, counter: int) -> TicketItem | None:
    """The ticket being served at the counter now (read afresh, not from the panel's state)."""
    return _ticket_item(q.current_ticket(session, counter, now().date()))


def queue_state(session: Session, counter: int) -> QueueState:
    today = now().date()
    row = session.scalar(
        select(Counter).where(Counter.number == counter).options(selectinload(Counter.services))
    )
    mine = {s.id for s in row.services} if row is not None else set()
    services = tuple(
        ServiceItem(s.code, s.name, s.prefix, q.waiting_count(session, s, today), s.id in mine)
        for s in session.scalars(select(Service).where(Service.active).order_by(Service.prefix))
    )
    counters = tuple(session.scalars(select(Counter.number).order_by(Counter.number)))
    current = q.current_ticket(session, counter, today)
    return QueueState(counter, row.name if row else None, _ticket_item(current), services, counters)


# -- dossiers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    overdue: int
    due_soon: int
    ready: int


def counts(session: Session, at: datetime | None = None) -> Counts:
    """The counter's figures; "due soon" is kiosk.services.due's (the supervisor's watch and
    `kiosk report overdue` count the same: due today + due in the next 2 working days)."""
    w = due_window(session, at)

    def count(*conds: ColumnElement[bool]) -> int:
        return int(session.scalar(select(func.count()).select_from(Dossier).where(*conds)) or 0)

    return Counts(
        overdue=count(*overdue_conditions(w)),
        due_soon=count(*due_soon_conditions(w)),
        ready=count(Dossier.status == int(Status.READY)),
    )


@dataclass(frozen=True)
class DossierRow:
    code: str
    applicant_name: str
    applicant_phone: str | None
    procedure_name: str
    field: str
    received_at: datetime | None
    due_at: datetime | None
    status: int
    overdue: bool
    new_due_at: datetime | None = None  # the new appointment of an apology (Mẫu 04)

    @property
    def appointment(self) -> datetime | None:
        """The appointment the citizen holds now: the apology's, else the original."""
        return self.new_due_at or self.due_at


def _row(d: Dossier, at: datetime) -> DossierRow:
    return DossierRow(
        code=d.code,
        applicant_name=d.applicant_name,
        applicant_phone=d.applicant_phone,
        procedure_name=d.procedure.name,
        field=d.procedure.field.name,
        received_at=d.received_at,
        due_at=d.due_at,
        status=d.status,
        overdue=queries.is_overdue(d, at),
        new_due_at=d.new_due_at,
    )


QUICK = ("overdue", "due_soon", "ready")


def find_dossiers(
    session: Session,
    flt: queries.DossierFilter,
    quick: str | None = None,
    at: datetime | None = None,
) -> list[DossierRow]:
    at = at or now()
    if quick == "overdue":
        found = queries.overdue(session, at, limit=flt.limit)
    elif quick == "due_soon":
        found = queries.due_soon(session, due_window(session, at), limit=flt.limit)
    elif quick == "ready":
        found = queries.ready_for_return(session, limit=flt.limit)
    else:
        found = search(session, flt)
    return [_row(d, at) for d in found]


WAITING_FOR_DEPARTMENT = (2, 4, 5, 6)


def waiting_for_department(
    session: Session, text: str = "", limit: int = 300, department_id: int | None = None
) -> list[DossierRow]:
    """Statuses 2, 4, 5, 6: what the department still has to do, the most urgent first.

    An officer attached to a department sees the fields that department handles; one without
    (a small office, the demo) sees them all.
    """
    at = now()
    text = text.strip()
    if text:
        flt = queries.DossierFilter(text=text, limit=limit)
        found = [d for d in search(session, flt) if d.status in WAITING_FOR_DEPARTMENT]
    else:
        stmt = (
            select(Dossier)
            .where(Dossier.status.in_(WAITING_FOR_DEPARTMENT))
            .options(selectinload(Dossier.procedure).selectinload(Procedure.field))
            .order_by(Dossier.due_at)
            .limit(limit)
        )
        if department_id is not None:
            stmt = (
                stmt.join(Procedure, Procedure.id == Dossier.procedure_id)
                .join(Field, Field.id == Procedure.field_id)
                .where(Field.department_id == department_id)
            )
        found = list(session.scalars(stmt))
    if department_id is not None and text:
        found = [d for d in found if d.procedure.field.department_id == department_id]
    return [_row(d, at) for d in found]


@dataclass(frozen=True)
class EventRow:
    at: datetime
    actor: str  # full name
    username: str
    kind: str
    from_status: int | None
    to_status: int
    note: str | None
    counter: int | None
    detail: str


@dataclass(frozen=True)
class DossierDetail:
    row: DossierRow
    id_number: str | None
    address: str | None
    email: str | None
    documents: tuple[tuple[str, int, int], ...]
    sets: int
    channel: str
    result_place: str
    original_due_at: datetime | None
    received_by: str | None
    counter: int | None
    route: tuple[str, ...]
    events: tuple[EventRow, ...]
    ticket: str | None = None  # the queue number it was received on (A012)


def _event_detail(data: dict[str, object] | None) -> str:
    if not data:
        return ""
    parts = []
    if data.get("collected_by"):
        parts.append(f"→ {data['collected_by']}")
    if data.get("new_due_at"):
        try:
            parts.append(
                "→ " + datetime.fromisoformat(str(data["new_due_at"])).strftime("%d/%m/%Y")
            )
        except ValueError:
            pass
    if data.get("to_agency"):
        parts.append(f"→ {data['to_agency']}")
    missing = data.get("missing")
    if isinstance(missing, list) and missing:
        parts.append(
            "; ".join(str(m.get("name", m)) if isinstance(m, dict) else str(m) for m in missing)
        )
    return " ".join(parts)


def dossier_detail(session: Session, code: str) -> DossierDetail:
    d = get_dossier(session, code)
    names = {u: n for u, n in session.execute(select(Staff.username, Staff.full_name))}
    ticket = q.ticket_for_dossier(session, d.code, d.created_at.date())

    def who(username: str | None) -> str:
        if not username:
            return ""
        full = names.get(username)
        return f"{full} ({username})" if full else username

    return DossierDetail(
        row=_row(d, now()),
        id_number=d.applicant_id_number,
        address=d.applicant_address,
        email=d.applicant_email,
        documents=tuple(
            (str(x.get("name", "")), int(x.get("originals", 0)), int(x.get("copies", 0)))
            for x in d.documents or []
        ),
        sets=d.sets,
        channel=d.channel,
        result_place=d.result_place,
        original_due_at=d.original_due_at,
        received_by=who(d.received_by),
        counter=d.counter_number,
        route=tuple(r.agency for r in d.procedure.route),
        events=tuple(
            EventRow(
                e.at,
                names.get(e.actor) or e.actor,
                e.actor,
                e.kind,
                e.from_status,
                e.to_status,
                e.note,
                e.counter_number,
                _event_detail(e.data),
            )
            for e in d.events
        ),
        ticket=ticket.label if ticket is not None else None,
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or now().date()
    return today.replace(day=1), today
