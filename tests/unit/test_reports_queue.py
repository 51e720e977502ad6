"""Queue figures, satisfaction and the overdue watch, on hand-built data worked out here."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    receive_dossier,
    request_supplement,
)
from kiosk.services.reports_queue import queue_report, satisfaction_report
from kiosk.services.reports_watch import overdue_watch, watch_window
from kiosk.store.db import Store
from kiosk.store.models import Rating

DAY = date(2026, 3, 2)  # a Monday
HT = "1.004884"  # Hộ tịch, 5 working days
CT = "1.003197"  # Đăng ký, quản lý cư trú, 5 working days


def t(hour: int, minute: int) -> datetime:
    return datetime(2026, 3, 2, hour, minute)


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)  # services HT/A, DD/B, KD/C, XH/D; counters 1-4
    return store


def build_queue(s: Session) -> None:
    one, two, three = Actor("canbo1", 1), Actor("canbo2", 2), Actor("canbo2", 3)
    q.issue_ticket(s, "HT", at=t(8, 0))  # A001
    q.issue_ticket(s, "HT", at=t(8, 5))  # A002
    q.issue_ticket(s, "DD", at=t(8, 0))  # B001
    q.issue_ticket(s, "KD", at=t(7, 58))  # C001
    assert q.call_next(s, 3, three, at=t(8, 5)).label == "C001"  # type: ignore[union-attr]
    q.transfer(s, 3, to_service="HT", at=t(8, 6))  # C001 now waits for HT, arrival kept
    q.issue_ticket(s, "HT", at=t(8, 30))  # A003: never called
    assert q.call_next(s, 1, one, at=t(8, 10)).label == "C001"  # type: ignore[union-attr]
    # ^ C001 arrived first (07:58): waited 12 min, served by counter 1 ...
    assert q.call_next(s, 1, one, at=t(8, 20)).label == "A001"  # type: ignore[union-attr]
    # ^ ... for 10 min; A001 waited 20 min
    q.finish(s, 1, at=t(8, 50))  # A001 served 30 min
    assert q.call_next(s, 1, one, at=t(8, 55)).label == "A002"  # type: ignore[union-attr]
    q.no_show(s, 1, at=t(8, 57))  # A002 waited 50 min and did not come
    assert q.call_next(s, 2, two, at=t(8, 45)).label == "B001"  # type: ignore[union-attr]
    q.finish(s, 2, at=t(9, 0))  # B001 waited 45 min, served 15
    q.issue_ticket(s, "HT", at=datetime(2026, 3, 3, 8, 0))  # the next day: outside the period


def test_queue_per_service_and_counter(office: Store) -> None:
    with office.begin() as s:
        build_queue(s)
        data = queue_report(s, DAY, DAY).as_dict()
    rows = {(r["service"], r["counter"]): r for r in data["rows"]}
    assert list(rows) == [("DD", 2), ("HT", 1), ("HT", None), ("KD", 1)]
    b = rows[("DD", 2)]
    assert (b["issued"], b["served"], b["no_show"]) == (1, 1, 0)
    assert (b["avg_wait_s"], b["max_wait_s"], b["avg_service_s"]) == (2700, 2700, 900)
    assert (b["over_target"], b["over_target_share"]) == (1, 1.0)  # 45 min > 30 min
    a = rows[("HT", 1)]  # A001 (20 min wait, 30 min service) and A002 (50 min, no-show)
    assert (a["issued"], a["served"], a["no_show"]) == (2, 1, 1)
    assert (a["avg_wait_s"], a["max_wait_s"], a["avg_service_s"]) == (2100, 3000, 1800)
    assert (a["over_target"], a["over_target_share"]) == (1, 0.5)
    waiting = rows[("HT", None)]  # A003, never called
    assert (waiting["issued"], waiting["served"], waiting["avg_wait_s"]) == (1, 0, None)
    c = rows[("KD", 1)]  # C001: issued for KD, transferred, served at counter 1
    assert (c["issued"], c["served"], c["avg_wait_s"], c["avg_service_s"]) == (1, 1, 720, 600)
    total = data["total"]
    assert (total["issued"], total["served"], total["no_show"]) == (5, 3, 1)
    # waits 720, 1200, 3000, 2700 over the 4 called; services 600, 1800, 900 over the 3 served
    assert (total["avg_wait_s"], total["max_wait_s"], total["avg_service_s"]) == (
        1905,
        3000,
        1100,
    )
    assert (total["over_target"], total["over_target_share"]) == (2, 0.5)


def test_queue_per_clerk_and_a_stricter_target(office: Store) -> None:
    with office.begin() as s:
        build_queue(s)
        data = queue_report(s, DAY, DAY, by=["clerk"], target_s=15 * 60).as_dict()
        with pytest.raises(KioskError, match="group by"):
            queue_report(s, DAY, DAY, by=["weather"])
    rows = {r["clerk"]: r for r in data["rows"]}
    assert list(rows) == ["canbo1", "canbo2", None]
    assert (rows["canbo1"]["issued"], rows["canbo1"]["served"], rows["canbo1"]["no_show"]) == (
        3,
        2,
        1,
    )
    assert rows["canbo1"]["avg_wait_s"] == 1640  # (720 + 1200 + 3000) / 3
    assert rows["canbo1"]["over_target"] == 2  # 20 and 50 minutes > 15
    assert data["total"]["over_target"] == 3


def test_satisfaction_per_counter_and_clerk(store: Store) -> None:
    with store.begin() as s:
        for level in (5, 5, 4, 3, 1):
            s.add(Rating(at=t(10, 0), level=level, counter_number=1, clerk="canbo1"))
        for level in (4, 2):
            s.add(Rating(at=t(11, 0), level=level, counter_number=2, clerk="canbo2"))
        s.add(Rating(at=datetime(2026, 3, 3), level=1, counter_number=2, clerk="canbo2"))
        s.flush()
        data = satisfaction_report(s, DAY, DAY).as_dict()
    one, two = data["rows"]
    assert (one["counter"], one["clerk"], one["ratings"]) == (1, "canbo1", 5)
    assert (one["very_satisfied"], one["satisfied"], one["neutral"]) == (2, 1, 1)
    assert (one["dissatisfied"], one["very_dissatisfied"], one["complaints"]) == (0, 1, 1)
    assert one["satisfied_share"] == 0.6
    assert (two["ratings"], two["satisfied_share"], two["complaints"]) == (2, 0.5, 1)
    total = data["total"]
    assert (total["ratings"], total["complaints"], total["satisfied_share"]) == (7, 2, 0.5714)
    assert data["levels"]["5"] == "Rất hài lòng"


def test_overdue_watch(store: Store) -> None:
    clerk, dept = Actor("canbo1", 1), Actor("chuyenvien")
    with store.begin() as s:

        def rcv(proc: str, when: datetime) -> str:
            return receive_dossier(s, Intake(proc, Applicant("Ngô Thị Hà")), clerk, at=when).code

        def d(day: int, hour: int = 9) -> datetime:
            return datetime(2026, 3, day, hour)

        rcv(HT, d(2))  # due Mon 9/3 09:00: overdue
        rcv(HT, d(4))  # due Wed 11/3 09:00: overdue by 10:00
        rcv(HT, d(4, 11))  # due today 11:00
        rcv(HT, d(5))  # due Thu 12/3: soon
        rcv(HT, d(6))  # due Fri 13/3: soon
        rcv(HT, d(9))  # due Mon 16/3: not yet watched
        paused = rcv(HT, d(2))
        request_supplement(s, paused, [], "Thiếu giấy tờ", dept, at=d(3))  # paused: not watched
        advance_dossier(s, rcv(HT, d(2)), Status.READY, dept, at=d(6))  # ready: not watched
        rcv(CT, d(3))  # Cư trú, due Tue 10/3: overdue
        watch = overdue_watch(s, at=d(11, 10))
        friday = watch_window(s, d(13, 10))
    assert watch.total == {"overdue": 3, "due_today": 1, "due_soon": 2}
    assert [(g["field"], g["overdue"], g["due_today"], g["due_soon"]) for g in watch.groups] == [
        ("Hộ tịch", 2, 1, 2),
        ("Đăng ký, quản lý cư trú", 1, 0, 0),
    ]
    assert [x["bucket"] for x in watch.dossiers] == [
        "overdue",
        "overdue",
        "overdue",
        "due_today",
        "due_soon",
        "due_soon",
    ]
    assert watch.soon_until == datetime(2026, 3, 14)  # Thu 12 and Fri 13
    assert friday[1] == datetime(2026, 3, 18)  # from Friday: Mon 16 and Tue 17
