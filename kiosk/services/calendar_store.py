"""The office calendar kept in the database (updatable by an admin without a new release)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.domain.calendar import CalendarError, OfficeHours, WorkCalendar
from kiosk.errors import KioskError
from kiosk.services.context import get_setting, set_setting
from kiosk.store.models import CalendarDay


def _hhmm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def load_calendar(session: Session) -> WorkCalendar:
    rows = tuple(session.execute(select(CalendarDay.day, CalendarDay.kind, CalendarDay.name)))
    return _calendar(tuple(tuple(r) for r in rows), get_setting(session, "office_hours"))


@lru_cache(maxsize=8)
def _calendar(rows: tuple[tuple[date, str, str], ...], hours_json: str | None) -> WorkCalendar:
    """Built once per distinct content (every reception needs it; it changes a few times a year)."""
    hours = OfficeHours()
    if hours_json:
        data = json.loads(hours_json)
        hours = OfficeHours(
            periods=tuple((_hhmm(a), _hhmm(b)) for a, b in data["periods"]),
            cutoff=_hhmm(data["cutoff"]),
        )
    return WorkCalendar(
        days_off=[day for day, kind, _ in rows if kind == "off"],
        makeup_days=[day for day, kind, _ in rows if kind == "work"],
        hours=hours,
        names={day: name for day, _, name in rows},
    )


def store_calendar(session: Session, cal: WorkCalendar) -> int:
    """Replace the stored calendar by `cal`; returns the number of exception days."""
    data = cal.to_dict()
    session.execute(delete(CalendarDay))
    count = 0
    for kind, key in (("off", "days_off"), ("work", "makeup_working_days")):
        for entry in data[key]:
            session.add(
                CalendarDay(
                    day=datetime.strptime(entry["date"], "%Y-%m-%d").date(),
                    kind=kind,
                    name=entry.get("name") or "",
                )
            )
            count += 1
    set_setting(
        session,
        "office_hours",
        json.dumps({"periods": data["office_hours"], "cutoff": data["cutoff"]}),
    )
    return count


def read_calendar_file(path: str | Path) -> WorkCalendar:
    try:
        return WorkCalendar.from_file(path)
    except CalendarError as exc:
        raise KioskError(str(exc), f"Tệp lịch làm việc không hợp lệ: {exc}") from exc


def read_calendar_payload(path: str | Path) -> dict[str, Any]:
    """A calendar file as the payload of a `calendar.import` change (kiosk.services.admin_sync)."""
    return {"calendar": read_calendar_file(path).to_dict()}


def import_calendar_file(session: Session, path: str | Path) -> int:
    return store_calendar(session, read_calendar_file(path))


def due_at(cal: WorkCalendar, received: datetime, limit: float, unit: str) -> datetime:
    """The due moment for a procedure's time limit; calendar days end on a working day."""
    if unit == "calendar_days":
        start = cal.effective_reception(received)
        day = start.date() + timedelta(days=int(limit))
        while not cal.is_working_day(day):
            day += timedelta(days=1)
        return datetime.combine(day, start.time())
    return cal.due_at(received, limit, unit)
