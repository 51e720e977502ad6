"""The ticket being served is linked to the dossier received (refused, sent for a supplement)
on it: in the same transaction, carried to the server, kept by a pull that does not know it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    receive_dossier,
    refuse_dossier,
    request_supplement,
)
from kiosk.store.db import Store
from kiosk.store.models import Outbox, Service, Ticket
from kiosk.sync.local import PageApplier
from kiosk.wire.push import parse_push

AT = datetime(2026, 2, 9, 9, 0)
CLERK = Actor("canbo1", 1, "pc-1")


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)  # counter 1 serves HT (A…)
    return store


def _intake(name: str = "Nguyễn Văn An") -> Intake:
    return Intake("1.001570", Applicant(name, "001088012345", "0912345678"))


def _serve(store: Store, n: int = 1) -> list[str]:
    with store.begin() as s:
        for i in range(n):
            q.issue_ticket(s, "HT", at=AT.replace(minute=i))
        called = q.call_next(s, 1, CLERK, at=AT.replace(minute=30))
        assert called is not None
        return [called.label]


def test_receiving_links_the_ticket_being_served(office: Store) -> None:
    _serve(office, 2)
    with office.begin() as s:
        d = receive_dossier(s, _intake(), CLERK, at=AT.replace(minute=40))
        t = q.link_dossier(s, CLERK.counter_number, d.code, at=AT.replace(minute=40))
        code = d.code
    assert t is not None and t.label == "A001"
    with office.begin() as s:
        assert q.ticket_for_dossier(s, code, AT.date()).label == "A001"  # type: ignore[union-attr]
        # finishing the ticket (the next call) carries the link to the server
        q.call_next(s, 1, CLERK, at=AT.replace(minute=50))
        finish = s.scalars(
            select(Outbox).where(Outbox.kind == "ticket.finish").order_by(Outbox.seq.desc())
        ).first()
        assert finish is not None and finish.payload["dossier_code"] == code
        push = [
            {"seq": 1, "id": finish.mutation_id, "kind": finish.kind, "payload": finish.payload}
        ]
        assert parse_push({"mutations": push})[0].payload["dossier_code"] == code  # accepted


def test_refusal_and_supplement_link_too_and_the_first_dossier_stays(office: Store) -> None:
    _serve(office)
    with office.begin() as s:
        refused = refuse_dossier(s, _intake(), "Không thuộc thẩm quyền", CLERK, at=AT)
        q.link_dossier(s, 1, refused.code, at=AT)
        missing = [{"name": "Bản sao giấy khai sinh", "originals": 0, "copies": 1}]
        later = request_supplement(s, _intake("Lê Thị Hoa"), missing, "Thiếu giấy tờ", CLERK, at=AT)
        t = q.link_dossier(s, 1, later.code, at=AT)
        assert t is not None and t.dossier_code == refused.code  # one number, first dossier
        assert q.ticket_for_dossier(s, later.code, AT.date()) is None


def test_no_ticket_no_link(office: Store) -> None:
    with office.begin() as s:
        d = receive_dossier(s, _intake(), CLERK, at=AT)
        assert q.link_dossier(s, 1, d.code, at=AT) is None  # nobody called at counter 1
        assert q.link_dossier(s, None, d.code, at=AT) is None  # the CLI: no counter
        assert s.scalar(select(Ticket.id).where(Ticket.dossier_code.is_not(None))) is None


def test_the_lookup_is_an_index_search(office: Store) -> None:
    with office.begin() as s:
        ids = list(s.scalars(select(Service.id)))
        stmt = select(Ticket.id).where(
            Ticket.service_id.in_(ids), Ticket.day == AT.date(), Ticket.dossier_code == "X"
        )
        sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
        plan = str(s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all())
    assert "SEARCH ticket USING INDEX" in plan and "SCAN ticket" not in plan, plan


def test_a_pull_without_the_link_keeps_it(office: Store) -> None:
    [label] = _serve(office)
    with office.begin() as s:
        d = receive_dossier(s, _intake(), CLERK, at=AT)
        q.link_dossier(s, 1, d.code, at=AT)
        t = s.scalar(select(Ticket).where(Ticket.label == label))
        assert t is not None
        server_copy = {
            "service": "HT",
            "day": t.day.isoformat(),
            "number": t.number,
            "label": t.label,
            "priority": None,
            "status": "called",
            "arrived_at": t.arrived_at.isoformat(),
            "issued_at": t.issued_at.isoformat(),
            "called_at": AT.replace(minute=30).isoformat(),
            "served_at": None,
            "finished_at": None,
            "call_count": 1,
            "counter_number": 1,
            "target_counter": None,
            "clerk": "canbo1",
            "device_id": None,
            "dossier_code": None,  # the server has not heard of the link yet
        }
        s.execute(Outbox.__table__.update().values(acked=True))  # everything pushed
        PageApplier(s).apply([{"kind": "ticket", "key": "k", "ticket": server_copy}])
        s.flush()
        assert t.dossier_code == d.code
