"""Applying a pulled page to the PC's database (the caller's transaction holds page and cursor).

Entries carry whole current states, so applying one twice is harmless. A dossier's events are
matched by their global reference (`event_ref`): events this PC made itself are recognised by
their outbox mutation id and linked, never copied twice; the others are appended. Nothing here
writes to the outbox: a change that came from the server does not go back to it.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.catalog import CatalogError, parse_catalog
from kiosk.domain.calendar import CalendarError, WorkCalendar
from kiosk.errors import KioskError
from kiosk.server.config import catalog_data
from kiosk.services.calendar_store import load_calendar, store_calendar
from kiosk.services.catalog_store import import_catalog
from kiosk.services.context import get_setting, set_setting
from kiosk.services.setup import office
from kiosk.store.models import (
    Agency,
    Counter,
    CounterService,
    Service,
    Ticket,
)
from kiosk.sync.local_dossiers import apply_dossiers
from kiosk.sync.local_office import (
    apply_counter_extras,
    apply_office_extras,
    apply_service_extras,
    apply_staff,
    apply_staff_secrets,
)
from kiosk.sync.local_ratings import apply_ratings
from kiosk.sync.local_roster import apply_roster
from kiosk.sync.outbox import pending_keys

log = logging.getLogger("kiosk.sync")

_TICKET_TIMES = ("arrived_at", "issued_at", "called_at", "served_at", "finished_at")
_TICKET_PLAIN = ("label", "priority", "status", "call_count", "counter_number", "target_counter",
                 "clerk", "dossier_code", "device_id")  # fmt: skip


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class PageApplier:
    """Applies the entries of pulled pages; `problems` lists what could not be applied."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.agency = get_setting(session, "agency_code") or ""
        self.pending_dossiers, self.pending_tickets = pending_keys(session, self.agency)
        self.problems: list[str] = []

    def apply(self, entries: list[dict[str, Any]]) -> int:
        """Configuration first (a new procedure before the dossiers that use it)."""
        config = [e for e in entries if e["kind"] == "config"]
        for e in config:
            self._config(e["key"], e["data"])
        for kind in ("staff", "staff_secret"):  # after the office (its departments)
            for e in entries:
                if e["kind"] == kind:
                    self._config(kind, e["data"])
        self._dossiers([e for e in entries if e["kind"] == "dossier"])
        self._tickets([e for e in entries if e["kind"] == "ticket"])
        apply_roster(self.session, [e for e in entries if e["kind"] == "roster"], self.problems)
        ratings = [e for e in entries if e["kind"] == "rating"]
        apply_ratings(self.session, ratings, self.agency, self.problems)
        return len(entries)

    # -- dossiers -------------------------------------------------------------------------------

    def _dossiers(self, entries: list[dict[str, Any]]) -> None:
        fresh = [e for e in entries if e["key"] not in self.pending_dossiers]
        apply_dossiers(self.session, fresh, self.problems)

    # -- tickets --------------------------------------------------------------------------------

    def _tickets(self, entries: list[dict[str, Any]]) -> None:
        entries = [e for e in entries if e["key"] not in self.pending_tickets]
        if not entries:
            return
        s = self.session
        services = {svc.code: svc for svc in s.scalars(select(Service))}
        for e in entries:
            t = e["ticket"]
            svc = services.get(t["service"])
            if svc is None:
                self.problems.append(f"ticket {t['label']}: service {t['service']} unknown here")
                continue
            day = date.fromisoformat(t["day"])
            ticket = s.scalar(
                select(Ticket).where(
                    Ticket.service_id == svc.id, Ticket.day == day, Ticket.number == t["number"]
                )
            )
            if ticket is None:
                ticket = Ticket(service_id=svc.id, day=day, number=t["number"])
                s.add(ticket)
            queue = services.get(t.get("queue_service") or t["service"], svc)
            ticket.queue_service_id = queue.id
            moved_from = services.get(t.get("transferred_from") or "")
            ticket.transferred_from = moved_from.id if moved_from else None
            linked = ticket.dossier_code  # set here while served; the server may not have it yet
            for name in _TICKET_PLAIN:
                setattr(ticket, name, t.get(name))
            ticket.dossier_code = ticket.dossier_code or linked
            for name in _TICKET_TIMES:
                setattr(ticket, name, _time(t.get(name)))

    # -- configuration --------------------------------------------------------------------------

    def _config(self, key: str, data: dict[str, Any]) -> None:
        try:
            with self.session.begin_nested():
                if key == "catalog":
                    if data != catalog_data(self.session):  # mostly unchanged: keep the rows
                        self._catalog(data)
                elif key == "calendar":
                    if data != load_calendar(self.session).to_dict():
                        store_calendar(self.session, WorkCalendar.from_dict(data))
                        here = office(self.session)
                        if here.hours:  # the office's own hours stand over the calendar's
                            set_setting(self.session, "office_hours", json.dumps(here.hours))
                elif key.startswith("office:"):
                    self._office(data)
                elif key == "staff":
                    apply_staff(self.session, office(self.session), data)
                elif key == "staff_secret":
                    apply_staff_secrets(self.session, data)
        except (CatalogError, CalendarError, KioskError, KeyError, TypeError) as exc:
            self.problems.append(f"{key} from the server could not be applied: {exc}")
            log.warning("config %s not applied: %s", key, exc)

    def _catalog(self, data: dict[str, Any]) -> None:
        import_catalog(self.session, parse_catalog(data), withdraw_missing=True)

    def _office(self, data: dict[str, Any]) -> None:
        s = self.session
        here = office(s)
        if data["agency"]["code"] != self.agency:
            raise KioskError(f"the office data is for agency {data['agency']['code']}")
        agency = s.get(Agency, here.agency_id)
        if agency is not None:
            agency.name = data["agency"]["name"]
        here.name, here.address = data["office"]["name"], data["office"]["address"]
        if agency is not None:
            apply_office_extras(s, here, agency, data)
        services = {svc.code: svc for svc in s.scalars(select(Service))}
        for item in data["services"]:
            svc = services.get(item["code"])
            if svc is None:
                svc = services[item["code"]] = Service(office_id=here.id, code=item["code"])
                s.add(svc)
            svc.name, svc.prefix, svc.fields = item["name"], item["prefix"], list(item["fields"])
            svc.daily_limit, svc.active = item["daily_limit"], bool(item["active"])
            apply_service_extras(svc, item)
        wanted = {item["code"] for item in data["services"]}
        for code, svc in services.items():
            if code not in wanted:
                svc.active = False
        s.flush()
        counters = {c.number: c for c in s.scalars(select(Counter))}
        for item in data["counters"]:
            c = counters.get(item["number"])
            if c is None:
                c = Counter(office_id=here.id, number=item["number"])
                s.add(c)
            c.name = item["name"]
            apply_counter_extras(c, item)
            s.flush()
            s.execute(delete(CounterService).where(CounterService.counter_id == c.id))
            for code in item["services"]:
                if code in services:
                    s.add(CounterService(counter_id=c.id, service_id=services[code].id))
