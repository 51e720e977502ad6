"""Configuration the server hands down: the catalog, the holiday calendar, each office's queue.

Each is one change-log entry built from the current tables when pulled. The server notices an
edit (an admin's `kiosk catalog import --db <server>` or `kiosk calendar import`) by a
fingerprint of that content, checked on start and every minute; a changed fingerprint stamps
the entry, and every PC pulls the new version.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog import load_bundled_catalog
from kiosk.domain.calendar import WorkCalendar
from kiosk.server import admin_config
from kiosk.server.admin_config import counter_extras, office_extras
from kiosk.server.changes import CONFIG, SCOPE_ALL, Changes, stamp
from kiosk.server.ratings import log_ratings
from kiosk.services.calendar_store import load_calendar, store_calendar
from kiosk.services.catalog_store import stored_catalog_data
from kiosk.services.context import get_setting, set_setting
from kiosk.services.setup import import_catalog
from kiosk.store.db import Store
from kiosk.store.models import Agency, CalendarDay, Counter, CounterService, Office, Procedure
from kiosk.store.models import Service as QueueService

CATALOG = "catalog"
CALENDAR = "calendar"
OFFICE_PREFIX = "office:"


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def catalog_data(session: Session) -> dict[str, Any]:
    """The active procedures in the kiosk-catalog/1 format (validated again on the PC)."""
    return stored_catalog_data(
        session, "Danh mục thủ tục hành chính (máy chủ)", "server", "server"
    )


def office_data(session: Session, agency_code: str) -> dict[str, Any] | None:
    agency = session.scalar(select(Agency).where(Agency.code == agency_code))
    office = (
        session.scalar(select(Office).where(Office.agency_id == agency.id).order_by(Office.id))
        if agency is not None
        else None
    )
    if agency is None or office is None:
        return None
    services = list(
        session.scalars(
            select(QueueService)
            .where(QueueService.office_id == office.id)
            .order_by(QueueService.code)
        )
    )
    codes = {s.id: s.code for s in services}
    counters = []
    for c in session.scalars(
        select(Counter).where(Counter.office_id == office.id).order_by(Counter.number)
    ):
        served = session.scalars(
            select(CounterService.service_id).where(CounterService.counter_id == c.id)
        )
        counters.append(
            {
                "number": c.number,
                "name": c.name,
                "services": sorted(codes[i] for i in served),
                **counter_extras(c),
            }
        )
    return {
        "agency": {"code": agency.code, "name": agency.name},
        "office": {"name": office.name, "address": office.address},
        "services": [
            {
                "code": s.code,
                "name": s.name,
                "prefix": s.prefix,
                "fields": list(s.fields),
                "daily_limit": s.daily_limit,
                "active": s.active,
                "procedures": list(s.procedures or []),
                "priority_kinds": None if s.priority_kinds is None else list(s.priority_kinds),
                "priority_first": s.priority_first,
            }
            for s in services
        ],
        "counters": counters,
        **office_extras(session, agency, office),
    }


def config_entry(session: Session, key: str) -> dict[str, Any] | None:
    if key == CATALOG:
        return catalog_data(session)
    if key == CALENDAR:
        return load_calendar(session).to_dict()
    if key.startswith(OFFICE_PREFIX):
        return office_data(session, key[len(OFFICE_PREFIX) :])
    return None


def config_keys(session: Session) -> list[tuple[str, str]]:
    keys = [(CATALOG, SCOPE_ALL), (CALENDAR, SCOPE_ALL)]
    for code in session.scalars(select(Agency.code).join(Office).distinct().order_by(Agency.code)):
        keys.append((OFFICE_PREFIX + code, code))
    return keys


def _fingerprinted(session: Session, kind: str, key: str, data: Any) -> bool:
    """Whether `data` differs from what was last stamped for (kind, key); remembers it."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    fingerprint = hashlib.sha256(text.encode()).hexdigest()
    setting = f"sync_fp:{key}" if kind == CONFIG else f"sync_fp:{kind}:{key}"
    if get_setting(session, setting) == fingerprint:
        return False
    set_setting(session, setting, fingerprint)
    return True


def refresh_office(session: Session, agency_code: str) -> Changes:
    """Stamp one office's configuration and staff entries that changed (after an admin change
    a PC pushed; kiosk.server.apply)."""
    changes = Changes()
    key = OFFICE_PREFIX + agency_code
    if _fingerprinted(session, CONFIG, key, config_entry(session, key)):
        changes.config(key, agency_code)
    for kind in admin_config.KINDS:
        data = admin_config.entry(session, kind, agency_code)
        if _fingerprinted(session, kind, agency_code, data):
            changes.add(kind, agency_code, agency_code)
    return changes


def refresh_shared(session: Session) -> Changes:
    """Stamp the catalog and the calendar if their content changed (after a PC's
    `catalog.import`, `procedure.set` or `calendar.import`; kiosk.server.apply): every PC of
    every office pulls them."""
    changes = Changes()
    for key in (CATALOG, CALENDAR):
        if _fingerprinted(session, CONFIG, key, config_entry(session, key)):
            changes.config(key, SCOPE_ALL)
    return changes


def refresh_config(session: Session) -> Changes:
    """Stamp the configuration entries whose content changed since they were last stamped."""
    changes = Changes()
    for key, scope in config_keys(session):
        if _fingerprinted(session, CONFIG, key, config_entry(session, key)):
            changes.config(key, scope)
        if key.startswith(OFFICE_PREFIX):
            agency_code = key[len(OFFICE_PREFIX) :]
            for kind in admin_config.KINDS:
                data = admin_config.entry(session, kind, agency_code)
                if _fingerprinted(session, kind, agency_code, data):
                    changes.add(kind, agency_code, agency_code)
    return changes


def bootstrap(store: Store) -> str:
    """First start: bundled catalog and calendar if the server has none; returns the epoch.
    Every start: ratings stored without a change-log entry (by an older server) get one.

    The epoch names this server database's history: a PC whose cursor came from another one
    (a restored backup, a new server) sees a different epoch and re-syncs from the start.
    """
    with store.begin() as s:
        if s.scalar(select(Procedure.id).limit(1)) is None:
            import_catalog(s, load_bundled_catalog())
        if s.scalar(select(CalendarDay.day).limit(1)) is None:
            store_calendar(s, WorkCalendar.bundled())
        epoch = get_setting(s, "server_epoch")
        if epoch is None:
            epoch = uuid.uuid4().hex
            set_setting(s, "server_epoch", epoch)
        stamp(s, log_ratings(s))  # ratings an older server stored, never in the change log
    check_config(store)
    return epoch


def check_config(store: Store) -> bool:
    with store.begin() as s:
        return stamp(s, refresh_config(s)) is not None
