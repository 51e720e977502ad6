"""What staff and PCs do directly on the server: department actions, lookups, call next.

Department actions reuse kiosk.services.dossiers, so the status machine, the paused clock and
the events are exactly the counter's. The dossier row is locked first, so a department action
and a counter's pushed event on the same dossier take turns; the change is stamped in the same
transaction and reaches every PC of the office by pull.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from kiosk.domain.codes import CodeError, normalize_code, parse_code
from kiosk.domain.status import Status
from kiosk.errors import KioskError, NotFound
from kiosk.server.apply import drop_service_outbox, ref_new_events
from kiosk.server.auth import office_of
from kiosk.server.changes import Changes, stamp, ticket_key
from kiosk.server.pull import ticket_row
from kiosk.services import dossiers as svc
from kiosk.services import queue as q
from kiosk.services.admin_staff import scope_of
from kiosk.services.context import Actor, now
from kiosk.services.queries import lookup, lookup_answer, lookup_rows, text_kind
from kiosk.store.models import (
    Agency,
    Counter,
    Department,
    Dossier,
    Field,
    Office,
    Procedure,
    Service,
    Staff,
    Ticket,
)

ACTIONS = ("take", "supplement", "payment", "stop", "ready", "handover")


@dataclass(frozen=True)
class Caller:
    """Who calls: a device (scoped to its agency) or a staff member (scoped by office and, for a
    department officer, by department: kiosk.services.admin_staff.scope_of)."""

    name: str
    agencies: frozenset[str] | None  # None: every agency on the server
    device_id: str | None = None
    counter_number: int | None = None
    department_id: int | None = None  # only dossiers of this department's fields

    def may_see(self, agency: str) -> bool:
        return self.agencies is None or agency in self.agencies


def staff_caller(session: Session, staff: Staff) -> Caller:
    """The account's scope: its office (or every office, when it belongs explicitly to all),
    plus the office of its department; an account with neither sees nothing."""
    scope = scope_of(staff)
    if scope.office_ids is None:
        return Caller(staff.username, None, department_id=scope.department_id)
    codes = set(
        session.scalars(
            select(Agency.code)
            .join(Office, Office.agency_id == Agency.id)
            .where(Office.id.in_(scope.office_ids))
        )
    )
    if staff.department_id is not None:
        code = session.scalar(
            select(Agency.code)
            .join(Department, Department.agency_id == Agency.id)
            .where(Department.id == staff.department_id)
        )
        if code:
            codes.add(code)
    return Caller(staff.username, frozenset(codes), department_id=scope.department_id)


def _in_department(session: Session, caller: Caller, dossier: Dossier) -> bool:
    if caller.department_id is None:
        return True
    department = session.scalar(
        select(Field.department_id)
        .join(Procedure, Procedure.field_id == Field.id)
        .where(Procedure.id == dossier.procedure_id)
    )
    return department == caller.department_id


def _locked_dossier(session: Session, caller: Caller, code: str) -> Dossier:
    dossier = session.scalar(
        select(Dossier).where(Dossier.code == normalize_code(code)).with_for_update()
    )
    # Another office's (or department's) dossier is "not found", not "forbidden": its existence
    # is not told.
    if (
        dossier is None
        or not caller.may_see(dossier.agency_code)
        or not _in_department(session, caller, dossier)
    ):
        raise NotFound(f"there is no dossier with code '{code}'")
    return dossier


def dossier_lookup(session: Session, caller: Caller, code: str) -> dict[str, Any]:
    """The dossier as staff see it; the code itself names its agency (Circular 01/2018)."""
    try:
        agency, _day, _n = parse_code(code)
    except CodeError:
        agency = ""
    if not caller.may_see(agency):
        raise NotFound(f"there is no dossier with code '{code}'")
    if caller.department_id is not None:
        dossier = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if dossier is None or not _in_department(session, caller, dossier):
            raise NotFound(f"there is no dossier with code '{code}'")
    return lookup(session, code)


def quick_lookup(conn: Connection, caller: Caller, code: str) -> dict[str, Any] | None:
    """dossier_lookup of a whole code by a caller of no department, as two reads on a plain
    connection (the server's cached callers, outside a transaction); None: not such a case,
    ask dossier_lookup."""
    if caller.department_id is not None or text_kind(code)[0] != "code":
        return None
    try:
        agency, _day, _n = parse_code(code)
    except CodeError:
        agency = ""
    found = lookup_rows(conn, normalize_code(code)) if caller.may_see(agency) else None
    if found is None:
        raise NotFound(
            f"there is no dossier with code '{code}'", f"Không tìm thấy hồ sơ mã «{code}»."
        )
    return lookup_answer(*found)


def department_action(
    session: Session, caller: Caller, code: str, action: str, body: dict[str, Any]
) -> Dossier:
    """take / supplement / payment / stop / ready / handover, by a department officer."""
    if action not in ACTIONS:
        raise KioskError(f"'{action}' is not a department action ({', '.join(ACTIONS)})")
    dossier = _locked_dossier(session, caller, code)
    note = _opt_text(body, "note")
    actor = Actor(caller.name, caller.counter_number, caller.device_id)
    at = now()
    session.info[svc.BOOK_FROM_PUSH] = True  # book lines are the counters' (services.register)
    steps: dict[str, Callable[[], Dossier]] = {
        "take": lambda: svc.advance_dossier(
            session, dossier.code, Status.IN_PROCESS, actor, at, note
        ),
        "payment": lambda: svc.advance_dossier(
            session, dossier.code, Status.AWAITING_PAYMENT, actor, at, note
        ),
        "stop": lambda: svc.advance_dossier(session, dossier.code, Status.STOPPED, actor, at, note),
        "ready": lambda: svc.advance_dossier(session, dossier.code, Status.READY, actor, at, note),
        "supplement": lambda: svc.request_supplement(
            session, dossier.code, _missing(body), note or "", actor, at
        ),
        "handover": lambda: svc.hand_over(
            session, dossier.code, _opt_text(body, "to_agency") or "", actor, at, note
        ),
    }
    steps[action]()
    drop_service_outbox(session)
    ref_new_events(session, dossier)
    changes = Changes()
    changes.dossier(dossier.code, dossier.agency_code)
    stamp(session, changes)
    return dossier


def _opt_text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise KioskError(f"'{key}' must be text")
    return value


def _missing(body: dict[str, Any]) -> list[dict[str, Any]]:
    items = body.get("missing", [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise KioskError("'missing' must be a list of document names")
    return [{"name": name, "originals": 1, "copies": 0} for name in items]


def call_next(
    session: Session, agency: str, counter_number: int, actor: str, device_id: str | None = None
) -> dict[str, Any]:
    """The server arbitrates: SKIP LOCKED plus a guarded claim (kiosk.services.queue), within
    the device's office (counter numbers and service codes repeat from office to office). The
    clerk's name is the one the PC signed in locally (as in its pushed ticket changes); the
    device that vouches for it is recorded with it."""
    office = office_of(session, agency)
    counter = session.scalar(
        select(Counter).where(Counter.office_id == office.id, Counter.number == counter_number)
    )
    if counter is None:
        raise NotFound(f"there is no counter {counter_number} in office {agency}")
    today = now().date()
    before = q.current_ticket(session, counter_number, today, office.id)
    who = Actor(actor, counter_number, device_id)
    with session.no_autoflush:  # its outbox rows stay pending, so they can be dropped
        ticket = q.call_next(session, counter_number, who, now(), office_id=office.id)
        drop_service_outbox(session)
    services = {
        s.id: s.code for s in session.scalars(select(Service).where(Service.office_id == office.id))
    }
    changes = Changes()
    for t in (before, ticket):
        if t is not None:
            changes.ticket(_key(agency, services, t), agency)
    stamp(session, changes)
    return {
        "ticket": ticket_row(ticket, services) if ticket else None,
        "finished": ticket_row(before, services) if before else None,
    }


def _key(agency: str, services: dict[int, str], t: Ticket) -> str:
    return ticket_key(agency, services[t.service_id], t.day, t.number)
