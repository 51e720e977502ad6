"""Issue 17 item 2: one definition of "due soon" (kiosk.services.due), and the counter's count,
the supervisor's overdue watch and `kiosk report overdue` agree on a hand-built data set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import EntryPoint, EntryPoints
from typing import Any

import pytest

import kiosk.cli as cli
from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    receive_dossier,
    request_supplement,
)
from kiosk.services.due import due_window
from kiosk.services.reports_watch import overdue_watch
from kiosk.store.db import Store
from ui.counter.data import counts, find_dossiers

HT = "1.004884"  # Hộ tịch, 5 working days
AT = datetime(2026, 3, 11, 10)  # Wednesday 11/3/2026, 10:00


def d(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour)


@pytest.fixture
def data(store: Store) -> Store:
    clerk, dept = Actor("canbo1", 1), Actor("chuyenvien")
    with store.begin() as s:

        def rcv(when: datetime) -> str:
            return receive_dossier(s, Intake(HT, Applicant("Ngô Thị Hà")), clerk, at=when).code

        rcv(d(2))  # due Mon 9/3: overdue
        rcv(d(4))  # due Wed 11/3 09:00: overdue at 10:00
        rcv(d(4, 11))  # due today 11:00: due soon
        rcv(d(5))  # due Thu 12/3: due soon
        rcv(d(6))  # due Fri 13/3: due soon (2nd working day after today)
        rcv(d(9))  # due Mon 16/3: later
        paused = rcv(d(4, 11))
        request_supplement(s, paused, [], "Thiếu giấy tờ", dept, at=d(5))  # paused
        advance_dossier(s, rcv(d(5)), Status.READY, dept, at=d(6))  # finished
    return store


def test_the_window_is_two_working_days_after_today(store: Store) -> None:
    with store.begin() as s:
        w = due_window(s, AT)
        friday = due_window(s, d(13, 10))
    assert w.today_end == datetime(2026, 3, 12) and w.soon_end == datetime(2026, 3, 14)
    assert friday.soon_end == datetime(2026, 3, 18)  # over the weekend: Mon 16 and Tue 17
    assert [w.bucket(x) for x in (d(10), d(11, 11), d(13, 16), d(16))] == [
        "overdue",
        "due_today",
        "due_soon",
        None,
    ]


@pytest.fixture
def reports_cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = cli.entry_points
    reports = EntryPoint("report", "printing.report_commands:register", "kiosk.commands")

    def with_reports(**kw: Any) -> EntryPoints:
        found = real(**kw)
        if kw.get("group") == "kiosk.commands" and "report" not in found.names:
            return EntryPoints([*found, reports])
        return found

    monkeypatch.setattr(cli, "entry_points", with_reports)
    yield


def test_counter_watch_and_report_agree(
    data: Store, capsys: pytest.CaptureFixture[str], reports_cli: None
) -> None:
    with data.begin() as s:
        c = counts(s, AT)
        listed = find_dossiers(s, _no_filter(), "due_soon", AT)
        late = find_dossiers(s, _no_filter(), "overdue", AT)
        watch = overdue_watch(s, at=AT)
    assert (c.overdue, c.due_soon) == (2, 3)
    assert watch.total == {"overdue": 2, "due_today": 1, "due_soon": 2}
    assert watch.total["due_today"] + watch.total["due_soon"] == c.due_soon
    url = data.engine.url.render_as_string(hide_password=False)
    args = ["report", "overdue", "--db", url, "--at", AT.isoformat()]
    assert cli.main(args) == 0
    text = capsys.readouterr().out
    assert "total: overdue 2, due soon 3 (due today 1, next 2 working days 2)" in text
    assert cli.main([*args, "--json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    assert total["due_today"] + total["due_soon"] == c.due_soon
    # the counter's quick lists "Sắp đến hạn" and "Quá hạn" hold what the counts count
    assert (len(listed), len(late)) == (c.due_soon, c.overdue)
    assert {r.due_at for r in listed} == {d(11, 11), d(12, 9), d(13, 9)}


def _no_filter() -> Any:
    from kiosk.services.queries import DossierFilter

    return DossierFilter()
