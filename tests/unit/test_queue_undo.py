"""Issue 17 item 4 (core): a ticket put back in the queue is called next; a no-show can be
undone within UNDO_MINUTES by the counter that marked it; both are recorded for the server."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.errors import KioskError
from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.services.queue_undo import UNDO_MINUTES, put_back, undo_no_show
from kiosk.store.db import Store
from kiosk.store.models import Outbox

AT = datetime(2026, 12, 4, 9, 0)
CLERK = Actor("canbo1", 1)


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)
    return store


def _kinds(s: object) -> list[str]:
    return list(s.scalars(select(Outbox.kind).order_by(Outbox.seq)))  # type: ignore[attr-defined]


def test_put_back_keeps_the_place(office: Store) -> None:
    with office.begin() as s:
        a, b = (q.issue_ticket(s, "HT", at=AT + timedelta(minutes=i)).ticket.label for i in (0, 1))
        assert q.call_next(s, 1, CLERK, at=AT + timedelta(minutes=5)).label == a
        assert put_back(s, 1, at=AT + timedelta(minutes=6)).label == a
        assert q.current_ticket(s, 1, AT.date()) is None
        assert _kinds(s)[-1] == "ticket.transfer"
        # the next call, at any counter serving HT, takes it again before b
        assert q.call_next(s, 1, Actor("canbo2", 1), at=AT + timedelta(minutes=7)).label == a
        assert put_back(s, 2, at=AT + timedelta(minutes=8)) is None  # counter 2 serves nobody
        assert b


def test_undo_a_no_show(office: Store) -> None:
    with office.begin() as s:
        a = q.issue_ticket(s, "HT", at=AT).ticket.label
        q.call_next(s, 1, CLERK, at=AT + timedelta(minutes=1))
        q.no_show(s, 1, at=AT + timedelta(minutes=2))
        with pytest.raises(KioskError, match="marked no ticket"):
            undo_no_show(s, 2, a, CLERK, at=AT + timedelta(minutes=3))  # not this counter's
        t = undo_no_show(s, 1, a.lower(), CLERK, at=AT + timedelta(minutes=3))
        assert t.status == q.CALLED and t.finished_at is None and t.call_count == 2
        assert q.current_ticket(s, 1, AT.date()) is t
        assert _kinds(s)[-2:] == ["ticket.no_show", "ticket.undo_no_show"]
        q.no_show(s, 1, at=AT + timedelta(minutes=4))
        late = AT + timedelta(minutes=5 + UNDO_MINUTES)
        with pytest.raises(KioskError, match="more than"):
            undo_no_show(s, 1, a, CLERK, at=late)


def test_a_transfer_acts_only_on_the_ticket_its_dialog_showed(office: Store) -> None:
    with office.begin() as s:
        a, b = (q.issue_ticket(s, "HT", at=AT + timedelta(minutes=i)).ticket.label for i in (0, 1))
        q.call_next(s, 1, CLERK, at=AT + timedelta(minutes=2))  # a is served
        with pytest.raises(KioskError, match="nothing was transferred"):
            q.transfer(s, 1, to_counter=2, label=b, at=AT + timedelta(minutes=3))
        assert q.current_ticket(s, 1, AT.date()).label == a  # type: ignore[union-attr]
        assert q.transfer(s, 1, to_counter=2, label=a, at=AT + timedelta(minutes=3)).label == a
