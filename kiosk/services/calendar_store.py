"""The office calendar kept in the database (updatable by an admin without a new release)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

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
    rows = list(session.scalars(select(CalendarDay)))
    hours_json = get_setting(session, "office_hours")
    hours = OfficeHours()
    if hours_json:
        data = json.loads(hours_json)
        hours = OfficeHours(
            periods=tuple((_hhmm(a), _hhmm(b)) for a, b in data["periods"]),
            cutoff=_hhmm(data["cutoff"]),
        )
    return WorkCalendar(
        days_off=[r.day for r in rows if r.kind == "off"],
        makeup_days=[r.day for r in rows if r.kind == "work"],
        hours=hours,
        names={r.day: r.name for r in rows},
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


def import_calendar_file(session: Session, path: str | Path) -> int:
    try:
        cal = WorkCalendar.from_file(path)
    except CalendarError as exc:
        raise KioskError(str(exc), f"Tệp lịch làm việc không hợp lệ: {exc}") from exc
    return store_calendar(session, cal)


def due_at(cal: WorkCalendar, received: datetime, limit: float, unit: str) -> datetime:
    """The due moment for a procedure's time limit; calendar days end on a working day."""
    if unit == "calendar_days":
        start = cal.effective_reception(received)
        day = start.date() + timedelta(days=int(limit))
        while not cal.is_working_day(day):
            day += timedelta(days=1)
        return datetime.combine(day, start.time())
    return cal.due_at(received, limit, unit)
