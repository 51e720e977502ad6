"""Applying pulled days of the office's duty roster (kiosk.server.roster) to the PC's roster.

An entry carries a whole day, `{"day", "duty": {"<counter>": "<username>"}}`: the PC's day
becomes exactly that (counters missing from it have nobody on duty). A day with local changes
not yet acknowledged is skipped, as a dossier is: the push makes the server stamp that day
again and the next pull brings its result. Nothing is written to the outbox.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.store.models import RosterEntry
from kiosk.sync.outbox import pending_roster_days


def apply_roster(session: Session, entries: list[dict[str, Any]], problems: list[str]) -> None:
    if not entries:
        return
    pending = pending_roster_days(session)
    for e in entries:
        try:
            item = e["roster"]
            day = date.fromisoformat(str(item["day"]))
            duty = {int(c): str(u) for c, u in dict(item["duty"]).items()}
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"roster {e.get('key')} from the server could not be applied: {exc}")
            continue
        if day.isoformat() in pending:
            continue
        rows = session.scalars(select(RosterEntry).where(RosterEntry.day == day))
        here = {r.counter_number: r for r in rows}
        gone = [c for c in here if c not in duty]
        if gone:
            session.execute(
                delete(RosterEntry).where(
                    RosterEntry.day == day, RosterEntry.counter_number.in_(gone)
                )
            )
        for counter, username in duty.items():
            row = here.get(counter)
            if row is None:
                session.add(RosterEntry(day=day, counter_number=counter, username=username))
            elif row.username != username:
                row.username = username
