"""Applying one pushed mutation on the server: counters append events, the server decides.

A new dossier (an event with no `from_status`) is inserted as the counter made it — its code
and due date are already printed on the citizen's receipt. Any later event is replayed through
the same service functions the counter used (kiosk.services.dossiers), against the server's
current state: the status machine decides whether it still applies. A counter that was offline
may thus withdraw a dossier a department has meanwhile taken (4 -> 7 is legal), but cannot
return one that is no longer ready. Nothing here compares PC clocks; event times are kept as
the counter recorded them and order comes from the order of application.

Tickets: an issue is inserted unless the number is taken; call/finish/no-show/transfer apply
only if the ticket is still where the counter saw it, so a ticket is never called twice.

The duty roster (`roster.set`, kiosk.server.roster) and citizens' ratings (`rating.add`,
kiosk.server.ratings) are stored per office. A kind this server does not know (a PC newer than
the server) is refused on its own, with the reason, like any other refusal: the rest of the
push goes on and the PC marks that one change refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.codes import CodeError, SlotRange, normalize_code, parse_code
from kiosk.domain.people import fold
from kiosk.domain.status import Status, check_transition
from kiosk.errors import KioskError
from kiosk.server.auth import office_of
from kiosk.server.bulk import NewDossiers
from kiosk.server.changes import Changes, ticket_key
from kiosk.server.config import refresh_office, refresh_shared
from kiosk.server.documents import KIND as DOCUMENT_ISSUE
from kiosk.server.documents import DocumentRefused, apply_document_issue
from kiosk.server.ratings import KIND as RATING_ADD
from kiosk.server.ratings import RatingRefused, apply_rating_add, stored_ratings
from kiosk.server.roster import KIND as ROSTER_SET
from kiosk.server.roster import RosterRefused, apply_roster_set, office_counters, touch_roster
from kiosk.services import context
from kiosk.services import dossiers as svc
from kiosk.services.admin_sync import KINDS as ADMIN_KINDS
from kiosk.services.admin_sync import SHARED_KINDS, apply_admin
from kiosk.services.context import Actor
from kiosk.services.fees import FEE_COLUMNS
from kiosk.services.queue import CALLED, DONE, NO_SHOW, PRIORITY_KINDS, WAITING
from kiosk.store.models import Dossier, DossierEvent, Outbox, Procedure, Service, Ticket
from kiosk.store.server_models import Device, EventRef
from kiosk.wire.push import TICKET_KINDS, Mutation

_IN_CLAUSE = 500
_COPIED = ("applicant_id_number", "applicant_phone", "applicant_address", "applicant_email",
           "documents", "sets", "channel", "result_place", "counter_number", "received_by",
           "lookup_token")  # fmt: skip
KNOWN = (
    "dossier.event, ticket.*, roster.set, rating.add, document.issue, admin changes"  # sentence
)
_TIMES = ("received_at", "due_at", "original_due_at", "paused_at", "finished_at", "returned_at")


class Rejected(Exception):
    """The server refuses this mutation; the message is recorded and sent back to the PC."""


def parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    t = datetime.fromisoformat(value)
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def _req_time(value: str) -> datetime:
    t = parse_time(value)
    assert t is not None
    return t


def drop_service_outbox(session: Session) -> None:
    """Core services record into the outbox; on the server the change log does that job.

    Rows still pending are just forgotten (callers keep autoflush off around a service that
    queries after recording); one already flushed and still referenced is deleted. Server
    sessions never load outbox rows otherwise, so each one there was made by this transaction.
    """
    for obj in list(session.new):
        if isinstance(obj, Outbox):
            session.expunge(obj)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Outbox) and obj not in session.deleted:
            session.delete(obj)


def ref_new_events(session: Session, dossier: Dossier, ref: str | None = None) -> None:
    """Give the events just made for this dossier their global reference (the last gets `ref`)."""
    ids = session.scalars(
        select(DossierEvent.id)
        .outerjoin(EventRef, EventRef.event_id == DossierEvent.id)
        .where(DossierEvent.dossier_id == dossier.id, EventRef.event_id.is_(None))
        .order_by(DossierEvent.id)
    ).all()
    for i, event_id in enumerate(ids):
        last = i == len(ids) - 1
        session.add(EventRef(event_id=event_id, ref=ref if last and ref else str(uuid.uuid4())))


class Applier:
    """Applies the mutations of one push, in order, inside the push's transaction."""

    def __init__(self, session: Session, device: Device) -> None:
        self.session = session
        self.device = device
        self.agency = device.agency_code
        self.changes = Changes()
        self._dossiers: dict[str, Dossier | None] = {}
        self.new = NewDossiers()
        self._procedures: dict[str, Procedure] = {}
        self._services: dict[str, Service] | None = None
        self._counters: set[int] | None = None
        self._ratings: set[str] = set()  # mutation ids of ratings known to be stored
        session.info[svc.BOOK_FROM_PUSH] = True  # book numbers come from the counters

    # -- bookkeeping ----------------------------------------------------------------------------

    def prefetch(self, mutations: Iterable[Mutation]) -> None:
        """Load and lock every dossier the batch touches, in code order (no deadlocks); find
        the batch's ratings the server already has."""
        mutations = list(mutations)
        ratings = [m.id for m in mutations if m.kind == RATING_ADD and m.id not in self._ratings]
        if ratings:
            self._ratings |= stored_ratings(self.session, ratings)
        codes = sorted(
            {normalize_code(m.payload["dossier"]["code"]) for m in mutations if _is_dossier(m)}
            - set(self._dossiers)
        )
        for start in range(0, len(codes), _IN_CLAUSE):
            chunk = codes[start : start + _IN_CLAUSE]
            self._dossiers.update(dict.fromkeys(chunk))
            for d in self.session.scalars(
                select(Dossier)
                .where(Dossier.code.in_(chunk))
                .order_by(Dossier.code)
                .with_for_update()
            ):
                self._dossiers[d.code] = d

    def touch(self, m: Mutation) -> None:
        """Have the PCs pull this thing again (after a duplicate or a refusal)."""
        if _is_dossier(m):
            code = normalize_code(m.payload["dossier"]["code"])
            if code.startswith(self.agency + "-"):  # never another office's dossier
                self.changes.dossier(code, self.agency)
        elif m.kind == ROSTER_SET:
            touch_roster(m.payload, self.agency, self.changes)
        elif m.kind in TICKET_KINDS:
            p = m.payload
            self.changes.ticket(
                ticket_key(self.agency, p["service"], p["day"], p["number"]), self.agency
            )

    def forget(self, m: Mutation) -> None:
        """A savepoint was rolled back: what the cache knows of this dossier may be gone."""
        if _is_dossier(m):
            self._dossiers.pop(normalize_code(m.payload["dossier"]["code"]), None)
        elif m.kind == RATING_ADD:
            self._ratings.discard(m.id)

    def apply(self, m: Mutation) -> None:
        try:
            if _is_dossier(m):
                self._dossier_event(m)
            elif m.kind == ROSTER_SET:
                self._roster(m)
            elif m.kind == RATING_ADD:
                apply_rating_add(
                    self.session, self.device, m.id, m.payload, self._ratings, self.changes
                )
            elif m.kind in TICKET_KINDS:
                self._ticket(m)
            elif m.kind in ADMIN_KINDS:
                self._admin(m)
            elif m.kind == DOCUMENT_ISSUE:
                self.new.flush(self.session)  # a dossier received earlier in this batch
                with self.session.begin_nested():
                    apply_document_issue(self.session, self.agency, m.payload, self.changes)
            else:
                raise Rejected(unknown_kind(m.kind))
        except Rejected:
            raise
        except (RosterRefused, RatingRefused, DocumentRefused) as exc:
            raise Rejected(str(exc)) from exc
        except (KioskError, ValueError, KeyError, TypeError) as exc:
            raise Rejected(str(exc) or type(exc).__name__) from exc

    # -- dossiers -------------------------------------------------------------------------------

    def _dossier_event(self, m: Mutation) -> None:
        row, ev = m.payload["dossier"], m.payload["event"]
        code = normalize_code(row["code"])
        try:
            agency, _day, _n = parse_code(code)
        except CodeError as exc:
            raise Rejected(str(exc)) from exc
        if agency != self.agency:
            raise Rejected(
                f"dossier {code} belongs to agency {agency}, not to this device's office "
                f"({self.agency})"
            )
        if ev["from_status"] is None:  # a new dossier: its number must be of this PC's slot
            slot = SlotRange(self.device.code_slot, self.device.code_slots)
            if not slot.first <= _n <= slot.last:
                raise Rejected(
                    f"dossier number {_n} of {code} is not in this device's numbers "
                    f"({slot.first} to {slot.last}); each PC of an office has its own"
                )
        if code not in self._dossiers:
            self.prefetch([m])
        if ev["from_status"] is None:
            self._new_dossier(m, code, row, ev)
        else:
            if code in self.new:  # received earlier in this batch: write it, then load it
                self.new.flush(self.session)
                self._dossiers.pop(code, None)
                self.prefetch([m])
            dossier = self._dossiers.get(code)
            if dossier is None:
                raise Rejected(f"dossier {code} is not on the server (its reception never arrived)")
            with self.session.begin_nested():
                if dossier.book_line is None and row.get("book_line") is not None:
                    dossier.book_no, dossier.book_line = row.get("book_no"), row["book_line"]
                self._replay(dossier, ev)
                drop_service_outbox(self.session)
                if ev["kind"] == "status" and dossier.status != ev["to_status"]:
                    raise Rejected(
                        f"dossier {code} would be in status {dossier.status} on the server, "
                        f"not {ev['to_status']} as on the counter"
                    )
                ref_new_events(self.session, dossier, m.id)
            self.changes.dossier(code, self.agency)

    def _procedure(self, code: str) -> Procedure:
        if code not in self._procedures:
            proc = self.session.scalar(select(Procedure).where(Procedure.code == code))
            if proc is None:
                raise Rejected(f"procedure {code} is not in the server's catalog")
            self._procedures[code] = proc
        return self._procedures[code]

    def _new_dossier(self, m: Mutation, code: str, row: dict[str, Any], ev: dict[str, Any]) -> None:
        if self._dossiers.get(code) is not None or code in self.new:
            raise Rejected(f"dossier code {code} is already used on the server")
        if ev["kind"] != "status":
            raise Rejected(f"a new dossier cannot start with a '{ev['kind']}' event")
        to = ev["to_status"]
        check_transition(None, to)
        if row["channel"] not in svc.CHANNELS or not 1 <= row["sets"] <= 99:
            raise Rejected(f"dossier {code} has an impossible channel or number of sets")
        stamp = context.clock()  # when the server learned of it
        dossier = {
            "code": code,
            "procedure_id": self._procedure(row["procedure"]).id,
            "agency_code": self.agency,
            "applicant_name": row["applicant_name"],
            "applicant_name_key": fold(row["applicant_name"]),
            **{k: row[k] for k in _COPIED},
            **{k: row.get(k) for k in FEE_COLUMNS},  # PCs older than the fees send none
            **{k: parse_time(row[k]) for k in _TIMES},
            "created_at": _req_time(row["created_at"]),
            "status": to,
            "device_id": self.device.id,
            "recorded_at": stamp,
            "changed_at": stamp,
            "book_no": row.get("book_no"),  # the counter's book (kiosk.services.register)
            "book_line": row.get("book_line"),
        }
        event = {
            "at": _req_time(ev["at"]),
            "recorded_at": stamp,
            "actor": ev["actor"],
            "kind": "status",
            "from_status": None,
            "to_status": to,
            "note": ev["note"],
            "agency_code": self.agency,
            "counter_number": ev["counter_number"],
            "device_id": self.device.id,
            "data": ev["data"],
        }
        self.new.add(dossier, event, m.id)
        self.changes.dossier(code, self.agency)

    def _replay(self, dossier: Dossier, ev: dict[str, Any]) -> None:
        """The counter's event, done again by the core service on the server's state."""
        s, code, note = self.session, dossier.code, ev["note"]
        actor = Actor(ev["actor"], ev["counter_number"], self.device.id)
        at = _req_time(ev["at"])
        data: dict[str, Any] = ev["data"] or {}
        kind, to = ev["kind"], ev["to_status"]
        approved = data.get("approved_by")
        approved_by = str(approved) if approved else None
        # The supervisor rules were checked on the PC that made the event (trusted).
        if kind == "apology":
            new_due = _req_time(str(data["new_due_at"]))
            svc.apologise(
                s, code, new_due, note or "", actor, at, approved_by=approved_by, trusted=True
            )
        elif kind == "handover":
            svc.hand_over(
                s, code, str(data["to_agency"]), actor, at, note,
                from_agency=data.get("from_agency"), from_person=data.get("from_person"),
                to_person=data.get("to_person"),
            )  # fmt: skip
        elif kind != "status":
            raise Rejected(f"'{kind}' is not a kind of dossier event")
        elif to == Status.RETURNED:
            collected = data.get("collected_by")
            svc.return_result(s, code, actor, to_name=collected, at=at, note=note)
        elif to == Status.SUPPLEMENT:
            missing = data.get("missing") or []
            svc.request_supplement(
                s, code, list(missing), note or "", actor, at, approved_by=approved_by, trusted=True
            )
        else:
            svc.advance_dossier(s, code, to, actor, at, note)

    # -- administration (kiosk.services.admin_sync) ---------------------------------------------

    def _admin(self, m: Mutation) -> None:
        """An admin change made on a PC, for that PC's office only; the office's entries of
        the change log whose content changed come down to its PCs."""
        office = office_of(self.session, self.agency)
        with self.session.begin_nested():  # a refusal half-way keeps nothing of it
            apply_admin(self.session, m.kind, m.payload, office.id)
            self.session.flush()
        self._services, self._counters = None, None
        self.changes.update(refresh_office(self.session, self.agency))  # fees of the catalog
        if m.kind in SHARED_KINDS:  # the catalog or the calendar: every office's PCs
            self._procedures.clear()
            self.changes.update(refresh_shared(self.session))

    # -- the duty roster ------------------------------------------------------------------------

    def _roster(self, m: Mutation) -> None:
        if self._counters is None:
            self._counters = office_counters(self.session, self.agency)
        apply_roster_set(self.session, self.device, m.payload, self.changes, self._counters)

    # -- tickets --------------------------------------------------------------------------------

    def _service(self, code: str) -> Service:
        if self._services is None:
            office = office_of(self.session, self.agency)
            self._services = {
                s.code: s
                for s in self.session.scalars(select(Service).where(Service.office_id == office.id))
            }
        service = self._services.get(code)
        if service is None:
            raise Rejected(f"queue service {code} is not set up for office {self.agency}")
        return service

    def _ticket(self, m: Mutation) -> None:
        p = m.payload
        service = self._service(p["service"])
        day, number, label = date.fromisoformat(p["day"]), p["number"], p["label"]
        ticket = self.session.scalar(
            select(Ticket)
            .where(Ticket.service_id == service.id, Ticket.day == day, Ticket.number == number)
            .with_for_update()
        )
        if m.kind == "ticket.issue":
            self._issue(p, service, day, ticket)
        elif ticket is None:
            raise Rejected(f"ticket {label} of {day} is not on the server")
        else:
            self._move(m.kind, p, ticket)
            if p.get("dossier_code") and ticket.dossier_code is None:
                ticket.dossier_code = p["dossier_code"]  # linked at the counter while served
        self.changes.ticket(ticket_key(self.agency, service.code, day, number), self.agency)

    def _issue(self, p: dict[str, Any], service: Service, day: date, found: Ticket | None) -> None:
        if found is not None:
            raise Rejected(
                f"ticket {p['label']} of {day} was already issued by another device; "
                "give each dispenser its own services or prefixes"
            )
        if p["priority"] is not None and p["priority"] not in PRIORITY_KINDS:
            raise Rejected(f"'{p['priority']}' is not a priority kind")
        queue = self._service(p.get("queue_service") or service.code)
        self.session.add(
            Ticket(
                service_id=service.id,
                queue_service_id=queue.id,
                day=day,
                number=p["number"],
                label=p["label"],
                priority=p["priority"],
                status=WAITING,
                arrived_at=_req_time(p["arrived_at"]),
                issued_at=_req_time(p["issued_at"]),
                call_count=0,
                device_id=self.device.id,
            )
        )

    def _move(self, kind: str, p: dict[str, Any], t: Ticket) -> None:
        counter = p["counter_number"]
        if kind == "ticket.call":
            if not (t.status == WAITING or (t.status == CALLED and t.counter_number == counter)):
                raise Rejected(f"ticket {t.label} was already {_where(t)}")
            t.status, t.counter_number, t.clerk = CALLED, counter, p["clerk"]
            t.called_at = parse_time(p["called_at"])
            t.call_count = p.get("call_count") or t.call_count + 1
        elif kind in ("ticket.finish", "ticket.no_show"):
            target = DONE if kind == "ticket.finish" else NO_SHOW
            if t.status == target and t.counter_number == counter:
                return
            if t.status != CALLED or t.counter_number != counter:
                raise Rejected(f"ticket {t.label} was {_where(t)}, not at counter {counter}")
            t.status, t.finished_at = target, parse_time(p["finished_at"])
            if target == DONE:
                t.served_at = parse_time(p.get("served_at")) or t.served_at or t.called_at
        elif kind == "ticket.undo_no_show":  # kiosk/services/queue_undo.py
            if t.status == CALLED and t.counter_number == counter:
                return
            if t.status != NO_SHOW or t.counter_number != counter:
                raise Rejected(f"ticket {t.label} was {_where(t)}, not absent at counter {counter}")
            t.status, t.finished_at, t.clerk = CALLED, None, p["clerk"]
            t.called_at = parse_time(p["called_at"])
            t.call_count = p.get("call_count") or t.call_count + 1
        else:  # transfer: the core payload does not say which counter sent it
            if t.status not in (CALLED, WAITING):
                raise Rejected(f"ticket {t.label} was already {_where(t)}")
            if p.get("queue_service"):
                queue = self._service(p["queue_service"])
                if queue.id != t.queue_service_id:
                    t.transferred_from, t.queue_service_id = t.queue_service_id, queue.id
            if "target_counter" in p:
                t.target_counter = p["target_counter"]
            t.status, t.counter_number = WAITING, None


def _where(t: Ticket) -> str:
    if t.status == CALLED:
        return f"called by counter {t.counter_number}"
    return {DONE: "served", NO_SHOW: "marked as a no-show", WAITING: "waiting"}.get(
        t.status, t.status
    )


def unknown_kind(kind: str) -> str:
    return (
        f"this server does not know the kind of change {kind[:40]!r} (it knows {KNOWN}); is the "
        "PC newer than the server? Upgrade the server. This change was not applied"
    )


def _is_dossier(m: Mutation) -> bool:
    return m.kind == "dossier.event"
