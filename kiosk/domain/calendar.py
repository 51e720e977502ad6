"""Working-day calendar and due-date rules (DESIGN.md §6). Pure: no Qt, no database.

Working days are Monday–Friday, minus official days off, plus official make-up working days (a
Saturday can be one). All datetimes are naive, in office local time; aware ones are refused.

The calendar is data an admin can update without a release. File format (JSON, UTF-8)::

    {
      "format": "kiosk-calendar/1",                     # required, exactly this
      "name": "...", "source": "...",                   # free text, optional
      "office_hours": [["07:30", "11:30"], ["13:30", "17:00"]],   # ordered, not overlapping
      "cutoff": "15:00",                                # inside office hours
      "days_off": [{"date": "2026-02-16", "name": "Tết Nguyên đán"}],
      "makeup_working_days": [{"date": "2026-01-10", "name": "Làm bù Tết Dương lịch"}],
      "notes": ["..."]
    }

Dates are ``YYYY-MM-DD``, times ``HH:MM`` (or ``HH:MM:SS``); names are stored in Unicode NFC. A date
may not be listed twice, nor be both a day off and a make-up day; a make-up day must fall on a
Saturday or Sunday. Any violation raises :class:`CalendarError` with one English sentence.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.textfiles import NotUtf8Error, read_text

FORMAT = "kiosk-calendar/1"
UNITS = ("days", "hours")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")
_KEYS = {"format", "name", "source", "office_hours", "cutoff", "days_off", "makeup_working_days"}
_KEYS |= {"notes"}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarError(ValueError):
    """An invalid calendar (file, dict or arguments); the message is one English sentence."""


def _fmt(t: time) -> str:
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")


def _span(periods: Sequence[tuple[time, time]]) -> str:
    return ", ".join(f"{_fmt(a)}–{_fmt(b)}" for a, b in periods)


@dataclass(frozen=True)
class OfficeHours:
    """Office periods of a working day (ordered, not overlapping) and the reception cut-off."""

    periods: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )
    cutoff: time = time(15, 0)

    def __post_init__(self) -> None:
        if not self.periods:
            raise CalendarError("office_hours must list at least one period.")
        for i, (start, end) in enumerate(self.periods, 1):
            if start >= end:
                raise CalendarError(
                    f"office_hours period {i} starts at {_fmt(start)} but ends at {_fmt(end)}; "
                    "a period must end after it starts."
                )
            if i > 1 and start < self.periods[i - 2][1]:
                raise CalendarError(
                    f"office_hours period {i} ({_span([(start, end)])}) overlaps or comes before "
                    f"period {i - 1}; periods must be in order without overlap."
                )
        if not any(a <= self.cutoff <= b for a, b in self.periods):
            raise CalendarError(
                f"cutoff {_fmt(self.cutoff)} is outside office hours ({_span(self.periods)})."
            )

    @property
    def day_seconds(self) -> int:
        """Office seconds in one working day (27 000 by default: 7.5 hours)."""
        return sum(_secs(b) - _secs(a) for a, b in self.periods)

    @property
    def day_end(self) -> time:
        return self.periods[-1][1]

    def clamp(self, t: time) -> time:
        """Early -> opening, in a gap -> start of the next period, late -> closing time."""
        for start, end in self.periods:
            if t <= end:
                return max(t, start)
        return self.day_end


def _secs(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


DEFAULT_HOURS = OfficeHours()


def _naive(*values: datetime) -> None:
    for v in values:
        if v.tzinfo is not None:
            raise ValueError(
                f"{v.isoformat()} is timezone-aware, but the calendar works with naive datetimes "
                "in office local time."
            )


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"Unknown time-limit unit {unit!r}; expected 'days' or 'hours'.")


class WorkCalendar:
    """Working days, office hours and the due-date rules of DESIGN.md §6."""

    def __init__(
        self,
        days_off: Iterable[date] = (),
        makeup_days: Iterable[date] = (),
        hours: OfficeHours = DEFAULT_HOURS,
        names: Mapping[date, str] | None = None,
        *,
        name: str = "",
        source: str = "",
        notes: Sequence[str] = (),
    ) -> None:
        self.days_off = frozenset(days_off)
        self.makeup_days = frozenset(makeup_days)
        self.hours = hours
        self.name, self.source, self.notes = name, source, tuple(notes)
        clash = sorted(self.days_off & self.makeup_days)
        if clash:
            raise CalendarError(
                f"{clash[0].isoformat()} is both a day off and a make-up working day."
            )
        for d in sorted(self.makeup_days):
            if d.weekday() < 5:
                raise CalendarError(
                    f"make-up working day {d.isoformat()} is a {_WEEKDAYS[d.weekday()]}, but a "
                    "make-up working day must be a Saturday or Sunday."
                )
        listed = self.days_off | self.makeup_days
        # Names only describe listed dates ("" = unnamed); NFC keeps comparison/printing stable.
        self.names = {
            d: unicodedata.normalize("NFC", n)
            for d, n in (names or {}).items()
            if d in listed and n
        }

    # ---- loading and saving -------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkCalendar:
        if not isinstance(data, Mapping):
            raise CalendarError("a calendar must be a JSON object.")
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise CalendarError(f"unknown calendar key {unknown[0]!r}.")
        if "format" not in data:
            raise CalendarError(f'the calendar has no "format" key; expected {FORMAT!r}.')
        if data["format"] != FORMAT:
            raise CalendarError(f"unknown calendar format {data['format']!r}; expected {FORMAT!r}.")
        names: dict[date, str] = {}
        off = _parse_entries(data.get("days_off", []), "days_off", names)
        makeup = _parse_entries(data.get("makeup_working_days", []), "makeup_working_days", names)
        raw = data.get("office_hours", [[_fmt(a), _fmt(b)] for a, b in DEFAULT_HOURS.periods])
        if not isinstance(raw, list) or not all(isinstance(p, list) and len(p) == 2 for p in raw):
            raise CalendarError('office_hours must be a list of ["HH:MM", "HH:MM"] pairs.')
        ws = [f"office_hours period {i}" for i in range(1, len(raw) + 1)]
        periods = tuple(
            (_parse_time(a, w), _parse_time(b, w)) for (a, b), w in zip(raw, ws, strict=True)
        )
        cutoff = _parse_time(data.get("cutoff", _fmt(DEFAULT_HOURS.cutoff)), "cutoff")
        notes = data.get("notes", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise CalendarError("notes must be a list of strings.")
        for key in ("name", "source"):
            if not isinstance(data.get(key, ""), str):
                raise CalendarError(f"{key} must be a string.")
        hours = OfficeHours(periods, cutoff)
        name, source = data.get("name", ""), data.get("source", "")
        return cls(off, makeup, hours, names, name=name, source=source, notes=notes)

    @classmethod
    def from_file(cls, path: str | Path) -> WorkCalendar:
        try:
            data = json.loads(read_text(path, "calendar file", "Tệp lịch"))
        except OSError as e:
            raise CalendarError(f"calendar file {path} cannot be read ({e.strerror}).") from e
        except NotUtf8Error as e:  # a BOM is fine; cp1258 is not
            raise CalendarError(e.message_en) from e
        except json.JSONDecodeError as e:
            where = f"line {e.lineno}, column {e.colno}"
            raise CalendarError(
                f"calendar file {path} is not valid JSON ({where}: {e.msg})."
            ) from e
        try:
            return cls.from_dict(data)
        except CalendarError as e:
            raise CalendarError(f"calendar file {path}: {e}") from e

    @classmethod
    def bundled(cls) -> WorkCalendar:
        return cls.from_file(paths.resource("calendar", "vn-2025-2026.json"))

    def to_dict(self) -> dict[str, Any]:
        def entries(days: frozenset[date]) -> list[dict[str, str]]:
            named = {d: {"name": n} for d, n in self.names.items()}
            return [{"date": d.isoformat(), **named.get(d, {})} for d in sorted(days)]

        return {
            "format": FORMAT,
            "name": self.name,
            "source": self.source,
            "office_hours": [[_fmt(a), _fmt(b)] for a, b in self.hours.periods],
            "cutoff": _fmt(self.hours.cutoff),
            "days_off": entries(self.days_off),
            "makeup_working_days": entries(self.makeup_days),
            "notes": list(self.notes),
        }

    def name_of(self, d: date) -> str | None:
        """The official name of a listed day off or make-up day, if any."""
        return self.names.get(d)

    # ---- working days -------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        if d in self.makeup_days:
            return True
        return d.weekday() < 5 and d not in self.days_off

    def next_working_day(self, d: date) -> date:
        d += timedelta(days=1)
        while not self.is_working_day(d):  # ends: days off are finite, weekdays are not
            d += timedelta(days=1)
        return d

    def add_working_days(self, d: date, n: int) -> date:
        if n < 0:
            raise ValueError(f"Cannot add a negative number of working days ({n}).")
        if n == 0:
            return d if self.is_working_day(d) else self.next_working_day(d)
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    # ---- due dates ----------------------------------------------------------------------------

    def effective_reception(self, at: datetime) -> datetime:
        """When the clock starts: after the cut-off (strictly later than 15:00:00) or on a day off,
        the next working day; the time of day is kept, clamped into office hours."""
        _naive(at)
        day = at.date()
        if not self.is_working_day(day) or at.time() > self.hours.cutoff:
            day = self.next_working_day(day)
        return datetime.combine(day, self.hours.clamp(at.time()))

    def due_at(self, received_at: datetime, limit: float, unit: str = "days") -> datetime:
        """Due date for a limit in working days (the reception day not counted) or office hours.

        0 days ("trong ngày") is the end of office hours on the effective reception day. A
        fractional day limit is that share of an office day, counted in office time from the
        effective reception (whole numbers use the day rule above). An hour limit ignores the
        cut-off: it runs from reception, or from the next office period if outside one.
        """
        _naive(received_at)
        _check_unit(unit)
        if not isinstance(limit, int | float) or not math.isfinite(limit) or limit < 0:
            raise ValueError(f"A time limit must be a finite number >= 0, not {limit!r}.")
        if unit == "hours":
            return self.add_working_seconds(received_at, round(limit * 3600))
        start = self.effective_reception(received_at)
        if limit == 0:
            return datetime.combine(start.date(), self.hours.day_end)
        if float(limit).is_integer():
            return datetime.combine(self.add_working_days(start.date(), int(limit)), start.time())
        return self.add_working_seconds(start, round(limit * self.hours.day_seconds))

    def _office_periods(self, first: date) -> Iterable[tuple[datetime, datetime]]:
        """Office periods as datetimes, from the first working day on or after `first`, forever."""
        d = self.add_working_days(first, 0)
        while True:
            for a, b in self.hours.periods:
                yield datetime.combine(d, a), datetime.combine(d, b)
            d = self.next_working_day(d)

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        """Office seconds from start to end (negative if end is before start)."""
        _naive(start, end)
        if end < start:
            return -self.working_seconds_between(end, start)
        total = timedelta()
        for a, b in self._office_periods(start.date()):
            if a >= end:
                break
            lo, hi = max(a, start), min(b, end)
            if hi > lo:
                total += hi - lo
        return int(total.total_seconds())

    def add_working_seconds(self, start: datetime, seconds: int) -> datetime:
        """The instant `seconds` of office time after start. Landing exactly on the end of a period
        gives that end (07:30 + 4 h is 11:30, not 13:30); 0 s moves start into office time."""
        _naive(start)
        if seconds < 0:
            raise ValueError(f"Cannot add a negative number of working seconds ({seconds}).")
        remaining = timedelta(seconds=seconds)
        for a, b in self._office_periods(start.date()):
            lo = max(a, start)
            if lo > b:
                continue
            if remaining <= b - lo:
                return lo + remaining
            remaining -= b - lo
        raise AssertionError("unreachable: office periods never run out")

    def resume_due(
        self, due_at: datetime, paused_at: datetime, resumed_at: datetime, unit: str = "days"
    ) -> datetime:
        """New due date after a supplement pause (DESIGN.md §6).

        Days: the working days left after the pause date up to the due date run again as a new
        reception at resumed_at (cut-off rule included; 0 left -> end of that working day).
        Hours: the office seconds left at the pause run from resumed_at. A pause at or after the
        due date leaves it unchanged: a late dossier stays late.
        """
        _naive(due_at, paused_at, resumed_at)
        _check_unit(unit)
        if resumed_at < paused_at:
            raise ValueError(
                f"Resumption {resumed_at.isoformat()} is before the pause {paused_at.isoformat()}."
            )
        if paused_at >= due_at:
            return due_at
        if unit == "hours":
            left = self.working_seconds_between(paused_at, due_at)
            return self.add_working_seconds(resumed_at, left)
        d, left = paused_at.date(), 0
        while (d := self.next_working_day(d)) <= due_at.date():
            left += 1
        return self.due_at(resumed_at, left, "days")


def _parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise CalendarError(f"{where}: {value!r} is not a date in YYYY-MM-DD form.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CalendarError(f"{where}: {value!r} is not a valid date.") from None


def _parse_time(value: Any, where: str) -> time:
    m = _TIME_RE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise CalendarError(f"{where}: {value!r} is not a time in HH:MM form.")
    return time(int(m[1]), int(m[2]), int(m[3] or 0))


def _parse_entries(raw: Any, key: str, names: dict[date, str]) -> list[date]:
    if not isinstance(raw, list):
        raise CalendarError(f"{key} must be a list of entries.")
    seen: list[date] = []
    for i, entry in enumerate(raw, 1):
        where = f"{key} entry {i}"
        if not isinstance(entry, Mapping) or not set(entry) <= {"date", "name"}:
            raise CalendarError(f'{where} must be an object with "date" and optional "name".')
        d = _parse_date(entry.get("date"), where)
        if d in seen:
            raise CalendarError(f"{where}: {d.isoformat()} is listed twice.")
        if "name" in entry:
            if not isinstance(entry["name"], str):
                raise CalendarError(f"{where}: the name must be a string.")
            names[d] = entry["name"]
        seen.append(d)
    return seen
