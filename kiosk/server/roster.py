"""The duty roster on the server: `roster.set` pushed by a PC, and a day of it pulled by the rest.

A PC records every change of its office's roster (kiosk.services.roster) as a `roster.set`
mutation `{"day", "counter_number", "username"}` (a null username takes the duty away). The
server keeps each office's roster in `office_roster`, keyed by the device's agency, so a server
hosting several offices keeps them apart. Applying is an upsert (or a delete), so a replay gives
the same state; the push's receipts already skip a mutation seen before.

The roster comes down the way the office's queue set-up does (docs/server.md): each changed
day is one change-log entry (kind `roster`, key `<agency>/<day>`, scope the agency) carrying
the whole day `{"day", "duty": {"<counter>": "<username>"}}`, and the PC replaces its day with
it. Shapes are checked here, at apply time, not when the push is parsed: a bad roster change
is refused on its own and the rest of the push goes on.

What is checked: the day is an ISO date, the counter a counter of that office on the server,
the username text of at most 80 characters. Clerk accounts live on the PCs (the server has no
copy of them), so the username is not looked up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.server.auth import office_of
from kiosk.server.changes import Changes
from kiosk.services.context import now
from kiosk.store.models import Counter
from kiosk.store.server_models import Device, OfficeRoster

KIND = "roster.set"
CHANGE = "roster"


class RosterRefused(Exception):
    """This roster change cannot be applied; the message says why (sent back to the PC)."""


def roster_key(agency: str, day: date | str) -> str:
    return f"{agency}/{day if isinstance(day, str) else day.isoformat()}"


def parse_roster_set(payload: Any) -> tuple[date, int, str | None]:
    """(day, counter, username) of a `roster.set` payload, or RosterRefused with the reason."""
    if not isinstance(payload, dict):
        raise RosterRefused("a roster change must be an object with day, counter_number, username")
    day, counter, user = payload.get("day"), payload.get("counter_number"), payload.get("username")
    try:
        parsed = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise RosterRefused(f"the roster change's day must be an ISO date, not {_show(day)}")
    if not isinstance(counter, int) or isinstance(counter, bool) or not 1 <= counter < 10_000:
        raise RosterRefused(
            f"the roster change's counter_number must be a counter number, not {_show(counter)}"
        )
    if user is not None:
        if not isinstance(user, str) or not user.strip() or len(user.strip()) > 80:
            raise RosterRefused(
                "the roster change's username must be a user name (1 to 80 characters) or "
                f"null, not {_show(user)}"
            )
        user = user.strip()
    return parsed, counter, user


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value[:40])
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return type(value).__name__


def apply_roster_set(
    session: Session, device: Device, payload: Any, changes: Changes, counters: set[int]
) -> None:
    """Store one duty of the device's office; `counters` are that office's counter numbers."""
    day, counter, user = parse_roster_set(payload)
    agency = device.agency_code
    if counter not in counters:
        raise RosterRefused(
            f"counter {counter} is not set up for office {agency} on the server; "
            "add the counter on the server, then set the duty again"
        )
    row = session.get(OfficeRoster, (agency, day, counter), with_for_update=True)
    if user is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            OfficeRoster(
                agency_code=agency,
                day=day,
                counter_number=counter,
                username=user,
                device_id=device.id,
                updated_at=now(),
            )
        )
    elif row.username != user:
        row.username, row.device_id, row.updated_at = user, device.id, now()
    session.flush()  # a later change of the same duty in this push finds this one
    changes.keys[(CHANGE, roster_key(agency, day))] = agency


def office_counters(session: Session, agency: str) -> set[int]:
    office = office_of(session, agency)
    return set(session.scalars(select(Counter.number).where(Counter.office_id == office.id)))


def touch_roster(payload: Any, agency: str, changes: Changes) -> None:
    """Have the PCs pull this day again (after a refusal or a duplicate), if it names one."""
    try:
        day, _counter, _user = parse_roster_set(payload)
    except RosterRefused:
        return
    changes.keys[(CHANGE, roster_key(agency, day))] = agency


def roster_entries(session: Session, agency: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The whole current day for each key `<agency>/<day>` of this agency (empty duty: none)."""
    days: dict[date, str] = {}
    for key in keys:
        owner, _, day = key.rpartition("/")
        if owner == agency:
            days[date.fromisoformat(day)] = key
    if not days:
        return {}
    duty: dict[date, dict[str, str]] = {d: {} for d in days}
    for row in session.scalars(
        select(OfficeRoster).where(
            OfficeRoster.agency_code == agency, OfficeRoster.day.in_(list(days))
        )
    ):
        duty[row.day][str(row.counter_number)] = row.username
    return {
        key: {"roster": {"day": d.isoformat(), "duty": dict(sorted(duty[d].items(), key=_num))}}
        for d, key in days.items()
    }


def _num(item: tuple[str, str]) -> int:
    return int(item[0])
