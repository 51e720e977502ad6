"""The duty roster (lịch trực): which clerk staffs which counter on each working day.

Every counter must be staffed on every working day (by the office calendar), so the roster
shows the *gaps* (a working day and counter with nobody) and the *clashes* (one clerk on two
counters the same day) ahead of time. The counter login asks :func:`roster_check` whether the
person logging in is the one on duty; the login decides whether to warn or to refuse.

A change is written to the outbox like every local change (kind ``roster.set``), so the
district server and the other PCs of the office get the same roster.

A clerk who signs in at a counter the roster gives to somebody else (or to nobody), or while
rostered at another counter, is asked to confirm (:func:`login_check`); the sign-in is then kept
(:func:`record_off_roster`) so the supervisor sees it beside the roster. These notes are small
rows of the `setting` table under ``roster.off:<day>:<counter>:<user>`` (no schema change; one
row per clerk, counter and day, however often they sign in; older than a year: dropped).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError, NotFound
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import now, record
from kiosk.store.models import Counter, RosterEntry, Setting, Staff

ROSTER_ROLES = ("clerk", "supervisor")
MAX_DAYS = 366
LOOKAHEAD_DAYS = 14
OFF_PREFIX = "roster.off:"
OFF_KEEP_DAYS = 400


@dataclass
class Roster:
    """The roster of a date range: working days × counters, with gaps and clashes."""

    start: date
    end: date
    days: list[date]  # working days only
    counters: list[int]
    duty: dict[tuple[date, int], str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # username -> full name
    off_roster: list[OffRoster] = field(default_factory=list)  # sign-ins off the roster

    @property
    def gaps(self) -> list[tuple[date, int]]:
        return [(d, c) for d in self.days for c in self.counters if (d, c) not in self.duty]

    @property
    def clashes(self) -> list[tuple[date, str, list[int]]]:
        """(day, username, counters) for a clerk rostered on more than one counter a day."""
        seen: dict[tuple[date, str], list[int]] = defaultdict(list)
        for (d, c), user in sorted(self.duty.items()):
            seen[(d, user)].append(c)
        return [(d, u, cs) for (d, u), cs in sorted(seen.items()) if len(cs) > 1]

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "counters": self.counters,
            "days": [
                {
                    "day": d.isoformat(),
                    "duty": {str(c): self.duty.get((d, c)) for c in self.counters},
                }
                for d in self.days
            ],
            "gaps": [{"day": d.isoformat(), "counter": c} for d, c in self.gaps],
            "clashes": [
                {"day": d.isoformat(), "username": u, "counters": cs} for d, u, cs in self.clashes
            ],
            "off_roster": [o.as_dict() for o in self.off_roster],
        }


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise KioskError("the roster range ends before it starts", "Khoảng ngày không hợp lệ.")
    if (end - start).days >= MAX_DAYS:
        raise KioskError(
            f"a roster covers at most {MAX_DAYS} days", f"Lịch trực tối đa {MAX_DAYS} ngày."
        )


def counter_numbers(session: Session) -> list[int]:
    return list(session.scalars(select(Counter.number).order_by(Counter.number)))


def load_roster(session: Session, start: date, end: date) -> Roster:
    _check_range(start, end)
    cal = load_calendar(session)
    days = [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if cal.is_working_day(start + timedelta(days=i))
    ]
    entries = list(
        session.scalars(select(RosterEntry).where(RosterEntry.day >= start, RosterEntry.day <= end))
    )
    counters = sorted(set(counter_numbers(session)) | {e.counter_number for e in entries})
    names = {u: n for u, n in session.execute(select(Staff.username, Staff.full_name))}
    duty = {(e.day, e.counter_number): e.username for e in entries}
    return Roster(start, end, days, counters, duty, names, off_roster(session, start, end))


def _check_staff(session: Session, username: str) -> None:
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        raise NotFound(f"there is no staff account '{username}'", f"Không có cán bộ «{username}».")
    if not staff.active or staff.role not in ROSTER_ROLES:
        raise KioskError(
            f"'{username}' cannot staff a counter (the account is inactive or not a clerk)",
            f"Cán bộ «{username}» không thể trực quầy.",
        )


def set_duty(session: Session, day: date, counter: int, username: str | None) -> None:
    """Put `username` on duty at `counter` on `day` (None takes the duty away)."""
    if counter not in counter_numbers(session):
        raise NotFound(f"there is no counter {counter}", f"Không có quầy số {counter}.")
    if username is not None:
        username = username.strip()
        _check_staff(session, username)
        if not load_calendar(session).is_working_day(day):
            raise KioskError(
                f"{day:%d/%m/%Y} is not a working day",
                f"Ngày {day:%d/%m/%Y} không phải ngày làm việc.",
            )
    entry = session.get(RosterEntry, (day, counter))
    if username is None:
        if entry is not None:
            session.delete(entry)
    elif entry is None:
        session.add(RosterEntry(day=day, counter_number=counter, username=username))
    else:
        entry.username = username
    session.flush()
    record(
        session,
        "roster.set",
        {"day": day.isoformat(), "counter_number": counter, "username": username},
    )


def fill_roster(
    session: Session,
    start: date,
    end: date,
    assignment: dict[int, str],
    *,
    overwrite: bool = False,
) -> int:
    """Apply a counter -> clerk pattern to every working day of the range; returns the number of
    duties set. Without `overwrite`, days and counters already rostered are kept."""
    roster = load_roster(session, start, end)
    for username in set(assignment.values()):
        _check_staff(session, username)
    count = 0
    for day in roster.days:
        for counter, username in sorted(assignment.items()):
            if not overwrite and (day, counter) in roster.duty:
                continue
            if roster.duty.get((day, counter)) != username:
                set_duty(session, day, counter, username)
                count += 1
    return count


def clear_roster(session: Session, start: date, end: date) -> int:
    _check_range(start, end)
    rows = list(
        session.scalars(select(RosterEntry).where(RosterEntry.day >= start, RosterEntry.day <= end))
    )
    for e in rows:
        record(
            session,
            "roster.set",
            {"day": e.day.isoformat(), "counter_number": e.counter_number, "username": None},
        )
    session.execute(delete(RosterEntry).where(RosterEntry.day >= start, RosterEntry.day <= end))
    return len(rows)


def upcoming_gaps(
    session: Session, today: date, days: int = LOOKAHEAD_DAYS
) -> list[tuple[date, int]]:
    """Working days and counters with nobody on duty, from today on (flagged ahead of time)."""
    return load_roster(session, today, today + timedelta(days=days - 1)).gaps


@dataclass(frozen=True)
class RosterCheck:
    """The answer to the counter login: `ok`, why, and who is rostered."""

    ok: bool
    reason: str  # on_duty | other_clerk | no_duty | not_working_day
    rostered: str | None
    message_en: str
    message_vi: str


def roster_check(session: Session, username: str, counter: int, day: date) -> RosterCheck:
    """Is `username` the clerk on duty at `counter` on `day`?"""
    entry = session.get(RosterEntry, (day, counter))
    when = f"{day:%d/%m/%Y}"
    if entry is not None and entry.username == username:
        return RosterCheck(
            True,
            "on_duty",
            username,
            f"{username} is on duty at counter {counter} on {when}",
            f"Cán bộ {username} trực quầy số {counter} ngày {when}.",
        )
    if not load_calendar(session).is_working_day(day):
        return RosterCheck(
            False,
            "not_working_day",
            None,
            f"{when} is not a working day",
            f"Ngày {when} không phải ngày làm việc.",
        )
    if entry is None:
        return RosterCheck(
            False,
            "no_duty",
            None,
            f"nobody is rostered at counter {counter} on {when}",
            f"Chưa có lịch trực quầy số {counter} ngày {when}.",
        )
    return RosterCheck(
        False,
        "other_clerk",
        entry.username,
        f"{entry.username}, not {username}, is on duty at counter {counter} on {when}",
        f"Theo lịch trực, quầy số {counter} ngày {when} do cán bộ {entry.username} trực.",
    )


# -- the counter log-in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginCheck:
    """What the counter log-in must tell a clerk who is not the one rostered here today.

    `reason`: ``other_clerk`` (somebody else is rostered at this counter) or ``no_duty`` (nobody
    is); `elsewhere`: the counters this clerk is rostered at that day (often the explanation).
    """

    username: str
    counter: int
    day: date
    reason: str
    rostered: str | None
    rostered_name: str | None
    elsewhere: tuple[int, ...]
    message_en: str
    message_vi: str


def login_check(session: Session, username: str, counter: int, day: date) -> LoginCheck | None:
    """None when there is nothing to say: the clerk is on duty here, or nobody made a roster for
    that day (an office without a roster is not bothered). Otherwise, who is rostered."""
    if session.scalar(select(RosterEntry.day).where(RosterEntry.day == day).limit(1)) is None:
        return None
    check = roster_check(session, username, counter, day)
    if check.ok:
        return None
    elsewhere = tuple(
        session.scalars(
            select(RosterEntry.counter_number)
            .where(RosterEntry.day == day, RosterEntry.username == username)
            .order_by(RosterEntry.counter_number)
        )
    )
    entry = session.get(RosterEntry, (day, counter))  # also on a day the calendar now calls off
    rostered = entry.username if entry is not None else None
    name = session.scalar(select(Staff.full_name).where(Staff.username == rostered))
    when = f"{day:%d/%m/%Y}"
    if rostered is not None:
        reason = "other_clerk"
        en = f"the roster of {when} puts {rostered} at counter {counter}, not {username}"
        vi = f"Theo lịch trực ngày {when}, quầy số {counter} do cán bộ {name or rostered} trực."
    else:
        reason = "no_duty"
        en = f"the roster of {when} puts nobody at counter {counter}"
        vi = f"Theo lịch trực ngày {when}, quầy số {counter} không có cán bộ trực."
    if elsewhere:
        listed = ", ".join(str(c) for c in elsewhere)
        en += f"; {username} is rostered at counter {listed}"
        vi += f" Cán bộ {username} được phân công trực quầy số {listed}."
    return LoginCheck(username, counter, day, reason, rostered, name or rostered, elsewhere, en, vi)


@dataclass(frozen=True)
class OffRoster:
    """A clerk signed in at a counter off the roster (after confirming it)."""

    day: date
    counter: int
    username: str
    rostered: str | None  # who the roster put there (None: nobody)
    first_at: datetime
    last_at: datetime
    times: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "counter": self.counter,
            "username": self.username,
            "rostered": self.rostered,
            "first_at": self.first_at.isoformat(),
            "last_at": self.last_at.isoformat(),
            "times": self.times,
        }


def _off_key(day: date, counter: int, username: str) -> str:
    key = f"{OFF_PREFIX}{day.isoformat()}:{counter}:{username}"
    if len(key) > 80:  # the setting key's length; a long user name is kept in the value
        key = key[:63] + "#" + hashlib.sha1(username.encode()).hexdigest()[:16]
    return key


def record_off_roster(session: Session, check: LoginCheck, at: datetime | None = None) -> OffRoster:
    """Keep the sign-in the clerk confirmed: the first and last time and how many times, per
    clerk, counter and day. Notes older than OFF_KEEP_DAYS are dropped on the way."""
    at = at or now()
    key = _off_key(check.day, check.counter, check.username)
    row = session.get(Setting, key)
    first, times = at, 1
    if row is not None:
        old = json.loads(row.value)
        first, times = datetime.fromisoformat(old["first_at"]), int(old.get("times", 1)) + 1
    note = OffRoster(check.day, check.counter, check.username, check.rostered, first, at, times)
    value = json.dumps(note.as_dict(), ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    cutoff = f"{OFF_PREFIX}{(check.day - timedelta(days=OFF_KEEP_DAYS)).isoformat()}"
    session.execute(delete(Setting).where(Setting.key >= OFF_PREFIX, Setting.key < cutoff))
    session.flush()
    return note


def off_roster(session: Session, start: date, end: date) -> list[OffRoster]:
    """The sign-ins off the roster from `start` to `end`, by day and counter."""
    rows = session.scalars(
        select(Setting.value)
        .where(
            Setting.key >= f"{OFF_PREFIX}{start.isoformat()}",
            Setting.key < f"{OFF_PREFIX}{(end + timedelta(days=1)).isoformat()}",
        )
        .order_by(Setting.key)
    )
    out = []
    for value in rows:
        try:
            v = json.loads(value)
            out.append(
                OffRoster(
                    date.fromisoformat(v["day"]),
                    int(v["counter"]),
                    str(v["username"]),
                    v.get("rostered"),
                    datetime.fromisoformat(v["first_at"]),
                    datetime.fromisoformat(v["last_at"]),
                    int(v.get("times", 1)),
                )
            )
        except (ValueError, KeyError, TypeError):
            continue  # a damaged note hides nothing else
    return sorted(out, key=lambda o: (o.day, o.counter, o.first_at))
