"""The queue scoped to an office: two offices in one database, as on the district server.

Office A has services HT and DD and counters 1, 2, 3; office B has its own HT and counters 1
and 2. Every counter number and the code HT exist in both: each call, recall, transfer or
issue must stay in the office it is given, and without an office (the PC's way) a number or
code found in both offices is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.errors import KioskError, NotFound
from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.setup import add_counter, add_service
from kiosk.store.db import Store
from kiosk.store.models import Agency, Counter, CounterService, Office, Service, Ticket

AT = datetime(2026, 2, 9, 8, 0)


def t(minute: int) -> datetime:
    return AT.replace(minute=minute)


@dataclass(frozen=True)
class Offices:
    store: Store
    a: int
    b: int


@pytest.fixture
def offices(store: Store) -> Offices:
    with store.begin() as s:
        ht = add_service(s, "HT", "Hộ tịch", "A", ["Hộ tịch"])
        dd = add_service(s, "DD", "Đất đai", "B", ["Đất đai"])
        add_counter(s, 1, [ht])
        add_counter(s, 2, [ht, dd])
        add_counter(s, 3, [dd])
        a = s.scalar(select(Office.id).order_by(Office.id))
        agency = Agency(code="000.17.22.H57", name="UBND phường Tân Lập")
        s.add(agency)
        s.flush()
        office_b = Office(agency_id=agency.id, name="Bộ phận Một cửa – UBND phường Tân Lập")
        s.add(office_b)
        s.flush()
        ht_b = Service(
            office_id=office_b.id, code="HT", name="Hộ tịch", prefix="A", fields=["Hộ tịch"]
        )
        s.add(ht_b)
        s.flush()
        for number in (1, 2):
            c = Counter(office_id=office_b.id, number=number, name=f"Quầy số {number}")
            s.add(c)
            s.flush()
            s.add(CounterService(counter_id=c.id, service_id=ht_b.id))
        assert a is not None
        return Offices(store, a, office_b.id)


def office_of_ticket(ticket: Ticket) -> int:
    return ticket.service.office_id


def test_each_office_numbers_and_calls_its_own_tickets(offices: Offices) -> None:
    a, b = offices.a, offices.b
    with offices.store.begin() as s:
        a1 = q.issue_ticket(s, "HT", at=t(1), office_id=a).ticket
        b1 = q.issue_ticket(s, "HT", at=t(0), office_id=b).ticket  # earlier, in office B
        b2 = q.issue_ticket(s, "HT", at=t(2), office_id=b)
        assert (a1.label, b1.label, b2.ticket.label) == ("A001", "A001", "A002")
        assert b2.ahead == 1  # office A's waiting ticket is not ahead of it
        assert office_of_ticket(a1) == a and office_of_ticket(b1) == b
        assert q.waiting_count(s, q.get_service(s, "HT", a), AT.date()) == 1

        got_a = q.call_next(s, 1, Actor("canbo1", 1), at=t(5), office_id=a)
        got_b = q.call_next(s, 1, Actor("canbo9", 1), at=t(5), office_id=b)
        assert got_a is a1 and got_b is b1  # B001 arrived first but belongs to office B
        assert q.current_ticket(s, 1, AT.date(), a) is a1
        assert q.current_ticket(s, 1, AT.date(), b) is b1
        assert q.call_next(s, 1, Actor("canbo1", 1), at=t(6), office_id=a) is None
        assert a1.status == q.DONE and b1.status == q.CALLED  # only office A's counter 1 moved


def test_recall_no_show_finish_and_link_stay_in_the_office(offices: Offices) -> None:
    a, b = offices.a, offices.b
    with offices.store.begin() as s:
        q.issue_ticket(s, "HT", at=t(1), office_id=a)
        q.issue_ticket(s, "HT", at=t(2), office_id=b)
        ta = q.call_next(s, 1, Actor("canbo1", 1), at=t(3), office_id=a)
        with pytest.raises(KioskError, match="no called ticket to recall"):
            q.recall(s, 1, at=t(4), office_id=b)  # office B's counter 1 has called nothing
        assert q.finish(s, 1, at=t(4), office_id=b) is None
        assert q.link_dossier(s, 1, "X-1", at=t(4), office_id=b) is None
        tb = q.call_next(s, 1, Actor("canbo9", 1), at=t(5), office_id=b)
        assert ta is not None and tb is not None
        assert q.recall(s, 1, at=t(6), office_id=b) is tb and tb.call_count == 2
        assert ta.call_count == 1
        assert q.link_dossier(s, 1, "000.17.22.H57-260209-0001", at=t(6), office_id=b) is tb
        assert ta.dossier_code is None
        assert q.ticket_for_dossier(s, "000.17.22.H57-260209-0001", AT.date(), b) is tb
        assert q.ticket_for_dossier(s, "000.17.22.H57-260209-0001", AT.date(), a) is None
        assert q.no_show(s, 1, at=t(7), office_id=a) is ta
        assert ta.status == q.NO_SHOW and tb.status == q.CALLED
        assert q.finish(s, 1, at=t(8), office_id=b) is tb and tb.status == q.DONE


def test_a_transfer_stays_in_the_ticket_office(offices: Offices) -> None:
    a, b = offices.a, offices.b
    with offices.store.begin() as s:
        q.issue_ticket(s, "HT", at=t(1), office_id=b)
        q.issue_ticket(s, "HT", at=t(2), office_id=a)
        q.call_next(s, 1, Actor("canbo9", 1), at=t(3), office_id=b)
        with pytest.raises(NotFound, match="no queue service 'DD'"):  # DD is office A's only
            q.transfer(s, 1, to_service="DD", at=t(4), office_id=b)
        with pytest.raises(NotFound, match="no counter 3"):  # so is counter 3
            q.transfer(s, 1, to_counter=3, at=t(4), office_id=b)
        moved = q.transfer(s, 1, to_counter=2, at=t(4), office_id=b)
        # Office A's counter 2 does not get office B's ticket sent to "counter 2"
        got_a = q.call_next(s, 2, Actor("canbo2", 2), at=t(5), office_id=a)
        assert got_a is not None and office_of_ticket(got_a) == a
        assert q.call_next(s, 2, Actor("canbo2", 2), at=t(6), office_id=a) is None
        got_b = q.call_next(s, 2, Actor("canbo8", 2), at=t(7), office_id=b)
        assert got_b is moved and moved.target_counter == 2


def test_services_are_listed_per_office(offices: Offices) -> None:
    with offices.store.begin() as s:
        assert [v.code for v in q.list_services(s, offices.a)] == ["HT", "DD"]
        assert [v.code for v in q.list_services(s, offices.b)] == ["HT"]
        assert len(q.list_services(s)) == 3  # no office: every service of the database
        assert q.get_counter(s, 2, offices.b).office_id == offices.b


def test_without_an_office_a_repeated_number_or_code_is_refused(offices: Offices) -> None:
    with offices.store.begin() as s:
        with pytest.raises(KioskError, match="counter number 1 exists in several offices"):
            q.call_next(s, 1, Actor("canbo1", 1), at=t(1))
        with pytest.raises(KioskError, match="counter number 2 exists in several offices"):
            q.recall(s, 2, at=t(1))
        with pytest.raises(KioskError, match="'HT' exists in several offices"):
            q.issue_ticket(s, "HT", at=t(1))
        # a number or code found in one office only names that office
        dd = q.issue_ticket(s, "DD", at=t(2)).ticket
        assert office_of_ticket(dd) == offices.a
        assert q.call_next(s, 3, Actor("canbo3", 3), at=t(3)) is dd
        assert q.current_ticket(s, 3, AT.date()) is dd
        with pytest.raises(NotFound, match="no counter 7"):
            q.current_ticket(s, 7, AT.date())
