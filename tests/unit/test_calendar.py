"""Working-day calendar and due-date rules (DESIGN.md §6; shared/reference/holidays.md)."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import paths
from kiosk.domain.calendar import CalendarError, OfficeHours, WorkCalendar

BUNDLED = paths.resource("calendar", "vn-2025-2026.json")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.bundled()


def dt(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi)


# ---- working days -----------------------------------------------------------------------------


def test_tet_2026_worked_example(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2026, 2, 9, 9), 5) == dt(2026, 2, 23, 9)
    for d in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, d))
        assert cal.name_of(date(2026, 2, d)) == "Tết Nguyên đán Bính Ngọ"
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_tet_2025(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2025, 1, 24, 10), 1) == dt(2025, 2, 3, 10)


def test_makeup_saturdays(cal: WorkCalendar) -> None:
    assert cal.is_working_day(date(2026, 1, 10))
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2026, 1, 17))  # an ordinary Saturday
    assert not cal.is_working_day(date(2025, 4, 27))  # an ordinary Sunday
    assert cal.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)
    assert cal.due_at(dt(2026, 1, 9, 9), 1) == dt(2026, 1, 10, 9)
    # Reception on a make-up Saturday counts that day.
    assert cal.effective_reception(dt(2026, 1, 10, 8)) == dt(2026, 1, 10, 8)


def test_days_off_2025_and_2026(cal: WorkCalendar) -> None:
    for d in [date(2025, 4, 7), date(2025, 5, 2), date(2025, 9, 1), date(2026, 4, 27)]:
        assert not cal.is_working_day(d), d
    assert {date(2026, 9, 1), date(2026, 9, 2)} <= cal.days_off
    assert any("2026 National Day" in n and "not confirmed" in n for n in cal.notes)


def test_add_working_days(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 12), 0) == date(2026, 2, 12)
    assert cal.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_days(date(2026, 2, 12), -1)


# ---- reception: cut-off, days off, clamping --------------------------------------------------


def test_cutoff(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2026, 2, 9, 14, 59), 1) == dt(2026, 2, 10, 14, 59)
    assert cal.due_at(dt(2026, 2, 9, 15, 1), 1) == dt(2026, 2, 11, 15, 1)
    assert cal.effective_reception(dt(2026, 2, 9, 15, 0)) == dt(2026, 2, 9, 15, 0)
    # After the cut-off on the last day before Tết: the clock starts after Tết.
    assert cal.effective_reception(dt(2026, 2, 13, 16)) == dt(2026, 2, 23, 16)


def test_reception_on_a_day_off(cal: WorkCalendar) -> None:
    assert cal.effective_reception(dt(2026, 4, 30, 10)) == dt(2026, 5, 4, 10)
    assert cal.due_at(dt(2026, 4, 30, 10), 1) == dt(2026, 5, 5, 10)
    assert cal.effective_reception(dt(2026, 2, 7, 8)) == dt(2026, 2, 9, 8)  # Saturday


@pytest.mark.parametrize(
    ("received", "effective"),
    [
        (dt(2026, 3, 2, 6, 15), dt(2026, 3, 2, 7, 30)),
        (dt(2026, 3, 2, 12, 0), dt(2026, 3, 2, 13, 30)),
        (dt(2026, 3, 2, 11, 30), dt(2026, 3, 2, 11, 30)),
        (dt(2026, 3, 2, 18, 0), dt(2026, 3, 3, 17, 0)),
        (dt(2026, 3, 1, 6, 0), dt(2026, 3, 2, 7, 30)),  # Sunday, early
    ],
)
def test_time_of_day_clamped(cal: WorkCalendar, received: datetime, effective: datetime) -> None:
    assert cal.effective_reception(received) == effective
    assert cal.due_at(received, 1) == effective.replace(day=effective.day + 1)


def test_same_day_limit(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2026, 3, 2, 9), 0) == dt(2026, 3, 2, 17)
    assert cal.due_at(dt(2026, 3, 2, 15, 1), 0) == dt(2026, 3, 3, 17)
    assert cal.due_at(dt(2026, 2, 13, 16), 0) == dt(2026, 2, 23, 17)
    assert cal.due_at(dt(2026, 5, 2, 9), 0) == dt(2026, 5, 4, 17)


def test_fractional_days(cal: WorkCalendar) -> None:
    # Half an office day is 3 h 45 min of office time.
    assert cal.due_at(dt(2026, 2, 9, 9), 0.5) == dt(2026, 2, 9, 14, 45)
    assert cal.due_at(dt(2026, 2, 9, 9), 1.5) == dt(2026, 2, 10, 14, 45)
    assert cal.due_at(dt(2026, 2, 12, 15, 30), 0.5) == dt(2026, 2, 23, 9, 45)


def test_year_boundaries(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2025, 12, 31, 9), 1) == dt(2026, 1, 5, 9)
    assert cal.due_at(dt(2025, 12, 31, 9), 5) == dt(2026, 1, 9, 9)
    assert cal.due_at(dt(2025, 12, 31, 9), 6) == dt(2026, 1, 10, 9)  # make-up Saturday
    assert cal.due_at(dt(2024, 12, 31, 9), 1) == dt(2025, 1, 2, 9)
    assert cal.due_at(dt(2025, 12, 31, 16), 0) == dt(2026, 1, 5, 17)


# ---- working hours ----------------------------------------------------------------------------


def test_hours_across_lunch(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2026, 3, 2, 10), 4, "hours") == dt(2026, 3, 2, 16)
    assert cal.due_at(dt(2026, 3, 2, 7, 30), 4, "hours") == dt(2026, 3, 2, 11, 30)
    assert cal.due_at(dt(2026, 3, 2, 12), 1, "hours") == dt(2026, 3, 2, 14, 30)


def test_hours_overnight_and_cutoff_ignored(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2026, 3, 2, 16), 2, "hours") == dt(2026, 3, 3, 8, 30)
    assert cal.due_at(dt(2026, 3, 2, 7, 30), 8, "hours") == dt(2026, 3, 3, 8)
    assert cal.due_at(dt(2026, 3, 2, 19), 0.5, "hours") == dt(2026, 3, 3, 8)


def test_hours_across_holiday(cal: WorkCalendar) -> None:
    assert cal.due_at(dt(2026, 2, 13, 16), 3, "hours") == dt(2026, 2, 23, 9, 30)
    assert cal.due_at(dt(2026, 1, 9, 16), 2, "hours") == dt(2026, 1, 10, 8, 30)


def test_working_seconds_between(cal: WorkCalendar) -> None:
    assert cal.working_seconds_between(dt(2026, 3, 2, 10), dt(2026, 3, 2, 16)) == 4 * 3600
    assert cal.working_seconds_between(dt(2026, 2, 13, 7, 30), dt(2026, 2, 23, 17)) == 2 * 27000
    assert cal.working_seconds_between(dt(2026, 3, 2, 16), dt(2026, 3, 2, 10)) == -4 * 3600
    assert cal.working_seconds_between(dt(2026, 3, 2, 12), dt(2026, 3, 2, 13)) == 0


# ---- supplement pause -------------------------------------------------------------------------


def test_resume_days(cal: WorkCalendar) -> None:
    due = cal.due_at(dt(2026, 2, 9, 9), 5)  # Mon 23 Feb 09:00
    # Paused Wed 11 Feb: 12, 13 and 23 Feb left; resumed Mon 2 Mar -> Thu 5 Mar.
    assert cal.resume_due(due, dt(2026, 2, 11, 10), dt(2026, 3, 2, 8)) == dt(2026, 3, 5, 8)
    # Resumed after the cut-off: the clock restarts the next working day.
    assert cal.resume_due(due, dt(2026, 2, 11, 10), dt(2026, 3, 2, 16)) == dt(2026, 3, 6, 16)
    # Paused on the due date before the due time: nothing left but that working day.
    assert cal.resume_due(due, dt(2026, 2, 23, 8), dt(2026, 3, 2, 10)) == dt(2026, 3, 2, 17)


def test_resume_hours(cal: WorkCalendar) -> None:
    due = cal.due_at(dt(2026, 2, 9, 8), 8, "hours")
    assert due == dt(2026, 2, 10, 8, 30)
    # 6 h left at the pause, resumed Wed 14:00 -> 3 h that day, 3 h on Thu.
    assert cal.resume_due(due, dt(2026, 2, 9, 10), dt(2026, 2, 11, 14), "hours") == dt(
        2026, 2, 12, 10, 30
    )


def test_resume_errors_and_late(cal: WorkCalendar) -> None:
    due = dt(2026, 3, 5, 9)
    assert cal.resume_due(due, dt(2026, 3, 6, 9), dt(2026, 3, 9, 9)) == due
    with pytest.raises(ValueError, match="before the pause"):
        cal.resume_due(due, dt(2026, 3, 4, 9), dt(2026, 3, 3, 9))
    with pytest.raises(ValueError, match="unit"):
        cal.resume_due(due, dt(2026, 3, 4, 9), dt(2026, 3, 4, 10), "weeks")


# ---- argument errors --------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [-1, -0.5, float("nan"), float("inf")])
def test_bad_limit(cal: WorkCalendar, limit: float) -> None:
    with pytest.raises(ValueError, match="limit"):
        cal.due_at(dt(2026, 3, 2), limit)


def test_unknown_unit_and_aware(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="unit 'minutes'"):
        cal.due_at(dt(2026, 3, 2), 1, "minutes")
    aware = datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=7)))
    with pytest.raises(ValueError, match="naive"):
        cal.due_at(aware, 1)
    with pytest.raises(ValueError, match="naive"):
        cal.working_seconds_between(dt(2026, 3, 2), aware)
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_seconds(dt(2026, 3, 2), -1)


# ---- file format ------------------------------------------------------------------------------


def test_bundled_file_round_trip(cal: WorkCalendar) -> None:
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert cal.to_dict() == raw
    again = WorkCalendar.from_dict(cal.to_dict())
    assert again.to_dict() == raw
    assert again.days_off == cal.days_off and again.makeup_days == cal.makeup_days


def test_bundled_names_are_nfc_vietnamese(cal: WorkCalendar) -> None:
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"))
    entries = raw["days_off"] + raw["makeup_working_days"]
    assert entries and all(e.get("name") for e in entries)
    for e in entries:
        assert unicodedata.is_normalized("NFC", e["name"]), e
    assert cal.name_of(date(2026, 1, 10)) == "Làm bù Tết Dương lịch (ngày nghỉ 2/1/2026)"


def test_names_normalized_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Tết Dương lịch")
    c = WorkCalendar.from_dict(
        {"format": "kiosk-calendar/1", "days_off": [{"date": "2030-01-01", "name": nfd}]}
    )
    assert c.name_of(date(2030, 1, 1)) == unicodedata.normalize("NFC", nfd) != nfd


def test_custom_hours_round_trip() -> None:
    hours = OfficeHours(((time(8), time(12)), (time(13), time(16, 30))), cutoff=time(16))
    names = {date(2030, 1, 1): "", date(2030, 1, 2): "unlisted"}
    c = WorkCalendar([date(2030, 1, 1)], hours=hours, names=names)
    d = c.to_dict()
    assert d["office_hours"] == [["08:00", "12:00"], ["13:00", "16:30"]]
    assert d["days_off"] == [{"date": "2030-01-01"}]
    assert WorkCalendar.from_dict(d).hours == hours


def _base() -> dict[str, Any]:
    return copy.deepcopy(json.loads(BUNDLED.read_text(encoding="utf-8")))


def _mutate(**changes: Any) -> dict[str, Any]:
    d = _base()
    d.update(changes)
    return d


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_mutate(format="kiosk-calendar/2"), "unknown calendar format 'kiosk-calendar/2'"),
        ({"days_off": []}, 'has no "format" key'),
        (_mutate(makeup_days=[]), "unknown calendar key 'makeup_days'"),
        (
            _mutate(days_off=[{"date": "2026-02-30"}]),
            r"days_off entry 1: '2026-02-30' is not a valid",
        ),
        (_mutate(days_off=[{"date": "16/02/2026"}]), "not a date in YYYY-MM-DD form"),
        (
            _mutate(days_off=[{"date": "2026-02-16"}, {"date": "2026-02-16"}]),
            "days_off entry 2: 2026-02-16 is listed twice",
        ),
        (
            _mutate(days_off=[{"date": "2026-01-10"}]),
            "2026-01-10 is both a day off and a make-up working day",
        ),
        (
            _mutate(makeup_working_days=[{"date": "2026-01-07"}]),
            "2026-01-07 is a Wednesday, but a make-up working day must be a Saturday or Sunday",
        ),
        (
            _mutate(office_hours=[["07:30", "11:30"], ["11:00", "17:00"]]),
            "period 2 .* overlaps or comes before period 1",
        ),
        (
            _mutate(office_hours=[["13:30", "17:00"], ["07:30", "11:30"]]),
            "overlaps or comes before",
        ),
        (_mutate(office_hours=[["11:30", "07:30"]]), "must end after it starts"),
        (_mutate(office_hours=[]), "at least one period"),
        (_mutate(office_hours=[["7h30", "11:30"]]), "'7h30' is not a time"),
        (_mutate(cutoff="12:00"), "cutoff 12:00 is outside office hours"),
        (_mutate(cutoff="18:00"), "cutoff 18:00 is outside office hours"),
        (_mutate(days_off=[{"date": "2026-02-16", "nom": "x"}]), "days_off entry 1 must be"),
        (_mutate(notes="x"), "notes must be a list"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_validation_errors(data: Any, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        WorkCalendar.from_dict(data)


def test_from_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "cal.json"
    bad.write_text('{"format": "kiosk-calendar/1", ', encoding="utf-8")
    with pytest.raises(CalendarError, match="is not valid JSON"):
        WorkCalendar.from_file(bad)
    bad.write_bytes(b"\xff\xfe{}")
    with pytest.raises(CalendarError, match="not UTF-8 text.*save it as UTF-8"):
        WorkCalendar.from_file(bad)
    bad.write_text(json.dumps(_mutate(days_off=[{"date": "2026-02-30"}])), encoding="utf-8")
    with pytest.raises(CalendarError, match=r"cal\.json: days_off entry 1: '2026-02-30'"):
        WorkCalendar.from_file(bad)
    with pytest.raises(CalendarError, match="cannot be read"):
        WorkCalendar.from_file(tmp_path / "missing.json")
    assert issubclass(CalendarError, ValueError)


# ---- properties -------------------------------------------------------------------------------

BUNDLED_CAL = WorkCalendar.bundled()
receptions = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2026, 12, 31))


def _in_office(c: WorkCalendar, at: datetime) -> bool:
    return c.is_working_day(at.date()) and any(a <= at.time() <= b for a, b in c.hours.periods)


@settings(max_examples=200, deadline=None)
@given(received=receptions, n=st.integers(0, 40))
def test_due_is_working_office_time_and_monotonic(received: datetime, n: int) -> None:
    c = BUNDLED_CAL
    due, later = c.due_at(received, n), c.due_at(received, n + 1)
    assert _in_office(c, due) and _in_office(c, later)
    assert received <= due < later
    if n:  # whole days are exactly n office days after the effective reception
        start = c.effective_reception(received)
        assert c.working_seconds_between(start, due) == n * c.hours.day_seconds


@settings(max_examples=200, deadline=None)
@given(received=receptions, a=st.floats(0.01, 30), b=st.floats(0.01, 30))
def test_fractional_due_monotonic(received: datetime, a: float, b: float) -> None:
    c = BUNDLED_CAL
    lo, hi = sorted((a, b))
    assert c.due_at(received, lo) <= c.due_at(received, hi)
    assert _in_office(c, c.due_at(received, lo))


@settings(max_examples=200, deadline=None)
@given(start=receptions, seconds=st.integers(0, 40 * 27000))
def test_add_and_count_seconds_agree(start: datetime, seconds: int) -> None:
    c = BUNDLED_CAL
    end = c.add_working_seconds(start, seconds)
    assert _in_office(c, end) and end >= start
    assert c.working_seconds_between(start, end) == seconds
