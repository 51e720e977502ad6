"""The rules of issue 13 item 5 (docs/rules.md), through the services the windows and the CLI use:
a second supplement request and a second apology need a supervisor; an apology names a later
appointment and does not make a late dossier on time; awaiting payment pauses the clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.domain.people import InputError
from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    apologise,
    receive_dossier,
    request_supplement,
    resume_dossier,
    return_result,
)
from kiosk.services.queries import lookup
from kiosk.services.rules import NeedsSupervisor
from kiosk.services.setup import add_staff
from kiosk.store.db import Store

CLERK = Actor("canbo1", 1, "pc-1")
DEPT = Actor("chuyenvien")
BOSS = Actor("giamsat")
FIVE_DAYS = "1.001570"  # 1 working day, see test_dossiers


def _proc(store: Store, limit: float) -> str:
    from sqlalchemy import select

    from kiosk.store.models import Procedure

    with store.begin() as s:
        code = s.scalar(
            select(Procedure.code).where(
                Procedure.time_unit == "days", Procedure.time_limit == limit
            )
        )
    assert code is not None
    return code


@pytest.fixture
def staffed(store: Store) -> Store:
    with store.begin() as s:
        add_staff(s, "giamsat", "Lê Thị Thu Hà", "supervisor", "motcua123")
        add_staff(s, "canbo1", "Nguyễn Văn Một", "clerk", "motcua123")
    return store


def _receive(store: Store, at: datetime, limit: float = 5) -> str:
    with store.begin() as s:
        intake = Intake(_proc(store, limit), Applicant("Nguyễn Thị Hồng Nhung"))
        return receive_dossier(s, intake, CLERK, at=at).code


def test_second_supplement_needs_a_supervisor_and_is_marked(staffed: Store) -> None:
    code = _receive(staffed, datetime(2026, 3, 2, 9))
    with staffed.begin() as s:
        request_supplement(s, code, [], "Thiếu giấy khai sinh", DEPT, datetime(2026, 3, 3, 9))
        resume_dossier(s, code, CLERK, datetime(2026, 3, 4, 9))
    with pytest.raises(NeedsSupervisor, match="second supplement request .* supervisor"):
        with staffed.begin() as s:
            request_supplement(s, code, [], "Thiếu thêm", DEPT, datetime(2026, 3, 5, 9))
    with pytest.raises(NeedsSupervisor, match="'canbo1' is not an active supervisor"):
        with staffed.begin() as s:
            request_supplement(
                s, code, [], "Thiếu thêm", DEPT, datetime(2026, 3, 5, 9), approved_by="canbo1"
            )
    with pytest.raises(NeedsSupervisor) as err, staffed.begin() as s:  # the same via advance
        advance_dossier(s, code, Status.SUPPLEMENT, DEPT, datetime(2026, 3, 5, 9), "Thiếu")
    assert "giám sát" in err.value.message_vi
    with pytest.raises(InputError), staffed.begin() as s:  # the reason is still required
        request_supplement(s, code, [], "  ", DEPT, datetime(2026, 3, 5, 9), approved_by="giamsat")
    with staffed.begin() as s:
        d = request_supplement(
            s, code, [], "Thiếu bản sao CCCD", DEPT, datetime(2026, 3, 5, 9), approved_by="giamsat"
        )
        ev = d.events[-1]
        assert ev.data and ev.data["repeat"] == 2 and ev.data["approved_by"] == "giamsat"
        resume_dossier(s, code, CLERK, datetime(2026, 3, 6, 9))
        # a supervisor acting herself needs nobody else
        d = request_supplement(s, code, [], "Thiếu nữa", BOSS, datetime(2026, 3, 9, 9))
        assert d.events[-1].data["repeat"] == 3  # type: ignore[index]


def test_apology_needs_a_later_date_and_a_supervisor_the_second_time(staffed: Store) -> None:
    code = _receive(staffed, datetime(2026, 3, 2, 9))  # due 9/3 09:00
    with staffed.begin() as s:
        with pytest.raises(InputError, match="later than the current one"):
            apologise(s, code, datetime(2026, 3, 9, 9), "Chậm", DEPT, datetime(2026, 3, 6))
        d = apologise(s, code, datetime(2026, 3, 16, 9), "Chậm", DEPT, datetime(2026, 3, 6))
        assert d.due_at == datetime(2026, 3, 9, 9) and d.new_due_at == datetime(2026, 3, 16, 9)
    with staffed.begin() as s:  # after the current (new) appointment, not the first one
        with pytest.raises(InputError, match="16/03/2026"):
            apologise(s, code, datetime(2026, 3, 12, 9), "Chậm nữa", BOSS, datetime(2026, 3, 10))
    with pytest.raises(NeedsSupervisor, match="second apology"), staffed.begin() as s:
        apologise(s, code, datetime(2026, 3, 20, 9), "Chậm nữa", DEPT, datetime(2026, 3, 10))
    with staffed.begin() as s:
        d = apologise(
            s, code, datetime(2026, 3, 20, 9), "Chậm nữa", DEPT, datetime(2026, 3, 10),
            approved_by="giamsat",
        )  # fmt: skip
        assert d.events[-1].data["approved_by"] == "giamsat"  # type: ignore[index]
        info = lookup(s, code, at=datetime(2026, 3, 11))
        assert info["due_at"] == info["original_due_at"] == "2026-03-09T09:00:00"
        assert info["new_due_at"] == "2026-03-20T09:00:00"
        assert info["overdue"] is True  # late stays late, apology or not
        advance_dossier(s, code, Status.READY, DEPT, datetime(2026, 3, 18, 9))
        _, result = return_result(s, code, CLERK, at=datetime(2026, 3, 19, 9))
        assert result == "late"  # judged against Mẫu 01's appointment


def test_awaiting_payment_pauses_the_clock(staffed: Store) -> None:
    code = _receive(staffed, datetime(2026, 3, 2, 9))  # 5 working days: due 9/3 09:00
    with staffed.begin() as s:
        advance_dossier(s, code, Status.IN_PROCESS, DEPT, datetime(2026, 3, 3, 9))
        d = advance_dossier(s, code, Status.AWAITING_PAYMENT, DEPT, datetime(2026, 3, 4, 9))
        assert d.paused_at == datetime(2026, 3, 4, 9)
        # paused: not overdue while the citizen has not paid, even after the due date
        assert lookup(s, code, at=datetime(2026, 3, 12))["overdue"] is False
        # paid on 12/3 09:00: the 3 working days left (4/3 09:00 -> 9/3 09:00) run again
        d = advance_dossier(s, code, Status.IN_PROCESS, DEPT, datetime(2026, 3, 12, 9))
        assert d.paused_at is None and d.due_at == datetime(2026, 3, 17, 9)
        assert d.original_due_at == datetime(2026, 3, 9, 9)
        assert d.events[-1].data == {"due_at": "2026-03-17T09:00:00"}
        advance_dossier(s, code, Status.AWAITING_PAYMENT, DEPT, datetime(2026, 3, 13, 9))
        d = advance_dossier(s, code, Status.READY, DEPT, datetime(2026, 3, 20, 9))
        # paused 13/3 09:00 with 2 working days left, moved on 20/3 09:00: due 24/3 09:00
        assert d.due_at == datetime(2026, 3, 24, 9)
        _, result = return_result(s, code, CLERK, at=datetime(2026, 3, 20, 10))
        assert result == "early"  # without the pauses it would be late (due 9/3)
