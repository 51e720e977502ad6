"""The queue: numbering, priority, call next, recall, no-show, transfer, failed prints."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from kiosk.errors import KioskError
from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.store.db import Store, open_store
from kiosk.store.models import Outbox, Ticket

AT = datetime(2026, 2, 9, 8, 0)


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)
    return store


def t(minute: int) -> datetime:
    return AT.replace(minute=minute)


def test_numbers_per_service_and_day(office: Store) -> None:
    with office.begin() as s:
        a1 = q.issue_ticket(s, "HT", at=t(1))
        a2 = q.issue_ticket(s, "HT", at=t(2))
        b1 = q.issue_ticket(s, "DD", at=t(3))
        tomorrow = q.issue_ticket(s, "HT", at=datetime(2026, 2, 10, 8))
    assert [a1.ticket.label, a2.ticket.label, b1.ticket.label] == ["A001", "A002", "B001"]
    assert (a1.ahead, a2.ahead, b1.ahead) == (0, 1, 0)
    assert tomorrow.ticket.label == "A001"


def test_call_next_priority_first_then_arrival(office: Store) -> None:
    with office.begin() as s:
        q.issue_ticket(s, "HT", at=t(1))
        q.issue_ticket(s, "HT", at=t(2))
        q.issue_ticket(s, "HT", priority="elderly", at=t(3))
        clerk = Actor("canbo1", 1)
        calls = [q.call_next(s, 1, clerk, at=t(10 + i)) for i in range(4)]
    assert [c.label if c else None for c in calls] == ["A003", "A001", "A002", None]


def test_counter_only_calls_its_services(office: Store) -> None:
    with office.begin() as s:
        q.issue_ticket(s, "DD", at=t(1))
        assert q.call_next(s, 1, Actor("canbo1", 1), at=t(2)) is None  # counter 1 serves HT
        c = q.call_next(s, 2, Actor("canbo2", 2), at=t(3))
        assert c is not None and c.label == "B001" and c.counter_number == 2


def test_recall_no_show_finish_and_timestamps(office: Store) -> None:
    with office.begin() as s:
        q.issue_ticket(s, "HT", at=t(1))
        q.issue_ticket(s, "HT", at=t(2))
        first = q.call_next(s, 1, Actor("canbo1", 1), at=t(5))
        assert first is not None
        assert q.recall(s, 1, at=t(6)).call_count == 2
        assert q.no_show(s, 1, at=t(8)).status == q.NO_SHOW
        second = q.call_next(s, 1, Actor("canbo1", 1), at=t(9))
        assert second is not None and second.label == "A002"
        done = q.finish(s, 1, at=t(20))
        assert done is not None and done.status == q.DONE and done.finished_at == t(20)
        with pytest.raises(KioskError, match="no called ticket"):
            q.recall(s, 1, at=t(21))


def test_transfer_keeps_arrival_time(office: Store) -> None:
    with office.begin() as s:
        q.issue_ticket(s, "DD", at=t(1))  # B001 arrives first
        q.issue_ticket(s, "HT", at=t(0))  # A001 earlier still
        a = q.call_next(s, 1, Actor("canbo1", 1), at=t(5))
        assert a is not None and a.label == "A001"
        moved = q.transfer(s, 1, to_service="DD", at=t(6))
        assert moved.status == q.WAITING and moved.arrived_at == t(0)
        nxt = q.call_next(s, 2, Actor("canbo2", 2), at=t(7))
        assert nxt is not None and nxt.label == "A001"  # arrived before B001


def test_transfer_to_a_counter(office: Store) -> None:
    with office.begin() as s:
        q.issue_ticket(s, "HT", at=t(1))
        q.call_next(s, 1, Actor("canbo1", 1), at=t(2))
        q.transfer(s, 1, to_counter=3, at=t(3))
        c = q.call_next(s, 3, Actor("canbo3", 3), at=t(4))  # counter 3 does not serve HT
        assert c is not None and c.label == "A001"


def test_failed_print_is_not_counted(office: Store) -> None:
    def broken_printer(ticket: Ticket, ahead: int) -> None:
        raise KioskError("the ticket printer is out of paper")

    with pytest.raises(KioskError), office.begin() as s:
        q.issue_ticket(s, "HT", at=t(1), print_ticket=broken_printer)
    with office.begin() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
        assert q.issue_ticket(s, "HT", at=t(2)).ticket.label == "A001"  # the number is reused


def test_daily_limit(office: Store) -> None:
    with office.begin() as s:
        q.get_service(s, "HT").daily_limit = 2
        q.issue_ticket(s, "HT", at=t(1))
        q.issue_ticket(s, "HT", at=t(2))
        with pytest.raises(KioskError, match="issued its 2 tickets"):
            q.issue_ticket(s, "HT", at=t(3))


def test_unknown_service_and_priority(office: Store) -> None:
    with pytest.raises(KioskError, match="no queue service 'ZZ'"), office.begin() as s:
        q.issue_ticket(s, "ZZ")
    with pytest.raises(KioskError, match="not a priority kind"), office.begin() as s:
        q.issue_ticket(s, "HT", priority="vip")


def test_two_processes_never_share_a_number_or_a_call(office: Store) -> None:
    """Dispenser and counters as separate connections on one SQLite file, hammering at once."""
    url = office.engine.url
    errors: list[BaseException] = []
    called: list[str] = []

    def dispenser() -> None:
        st = open_store(url)
        try:
            for i in range(30):
                with st.begin() as s:
                    q.issue_ticket(s, "HT", at=AT.replace(second=i % 60))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            st.close()

    def counter(n: int) -> None:
        st = open_store(url)
        try:
            for _ in range(40):
                with st.begin() as s:
                    c = q.call_next(s, n, Actor(f"c{n}", n), at=AT.replace(minute=30))
                    if c is not None:
                        called.append(c.label)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            st.close()

    threads = [threading.Thread(target=dispenser) for _ in range(2)]
    threads += [threading.Thread(target=counter, args=(n,)) for n in (1, 4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    with office.begin() as s:
        labels = list(s.scalars(select(Ticket.label)))
    assert len(labels) == 60 and len(set(labels)) == 60
    assert len(called) == len(set(called))
