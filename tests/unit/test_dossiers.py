"""Reception and the dossier lifecycle, against a real SQLite store with the bundled catalog."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from kiosk.domain.codes import CodeError, parse_code
from kiosk.domain.people import InputError
from kiosk.domain.status import Status, TransitionError
from kiosk.errors import NotFound
from kiosk.services.context import Actor, set_setting
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    apologise,
    refuse_dossier,
    request_supplement,
    resume_dossier,
    return_result,
)
from kiosk.services.dossiers import receive_dossier as receive
from kiosk.services.queries import DossierFilter, is_overdue, lookup, search
from kiosk.store.db import Store, open_store
from kiosk.store.models import DossierEvent, Outbox

CLERK = Actor("canbo1", 2, "pc-1")
DEPT = Actor("chuyenvien")
BIRTH = "1.001570"  # tạm ngừng kinh doanh hộ kinh doanh: 1 working day
MON_9_FEB = datetime(2026, 2, 9, 9, 0)


def intake(name: str = "Nguyễn Thị Hồng Nhung", proc: str = BIRTH, **kw: str) -> Intake:
    return Intake(
        proc,
        Applicant(
            name, kw.get("id_number", "001190012345"), kw.get("phone", "0912345678"), "Số 5 Lê Lợi"
        ),
    )


def five_day_code(store: Store) -> str:
    with store.begin() as s:
        from kiosk.store.models import Procedure

        proc = s.scalar(
            select(Procedure).where(Procedure.time_unit == "days", Procedure.time_limit == 5)
        )
        assert proc is not None, "the bundled catalog has a 5-working-day procedure"
        return proc.code


def test_receive_assigns_code_due_date_event_and_outbox(store: Store) -> None:
    with store.begin() as s:
        d = receive(s, intake(), CLERK, at=MON_9_FEB)
        code = d.code
        assert d.status == Status.RECEIVED
        # 1 working day after Monday 9 Feb 2026, same time of day
        assert d.due_at == datetime(2026, 2, 10, 9, 0)
        assert d.documents, "the checklist's required documents are recorded as received"
    agency, day, seq = parse_code(code)
    assert (agency, day.isoformat(), seq) == ("000.17.22.H56", "2026-02-09", 1)
    with store.begin() as s:
        info = lookup(s, code, at=MON_9_FEB)
        assert info["status"] == 2 and info["status_name"] == "Được tiếp nhận"
        assert info["events"][0]["actor"] == "canbo1"
        assert s.scalar(select(Outbox.kind)) == "dossier.event"


def test_codes_count_up_per_day(store: Store) -> None:
    with store.begin() as s:
        a = receive(s, intake(), CLERK, at=MON_9_FEB).code
        b = receive(s, intake(), CLERK, at=MON_9_FEB).code
        c = receive(s, intake(), CLERK, at=datetime(2026, 2, 10, 8, 0)).code
    assert a.endswith("260209-0001") and b.endswith("260209-0002") and c.endswith("260210-0001")


def test_the_10000th_dossier_of_a_day_is_refused(store: Store) -> None:
    with store.begin() as s:
        s.execute(
            text("INSERT INTO dossier_sequence VALUES ('000.17.22.H56', '2026-02-09', 0, 9998)")
        )
    with store.begin() as s:
        assert receive(s, intake(), CLERK, at=MON_9_FEB).code.endswith("-9999")
    with pytest.raises(CodeError, match="no dossier numbers are left"), store.begin() as s:
        receive(s, intake(), CLERK, at=MON_9_FEB)
    with store.begin() as s:  # nothing half-written
        assert len(search(s, DossierFilter())) == 1


def test_slots_split_the_day_between_offline_devices(store: Store) -> None:
    with store.begin() as s:
        set_setting(s, "code_slots", "4")
        set_setting(s, "code_slot", "2")
        code = receive(s, intake(), CLERK, at=MON_9_FEB).code
    assert parse_code(code)[2] == 2 * (9999 // 4) + 1


def test_bad_input_changes_nothing(store: Store) -> None:
    with store.begin() as s:
        n = s.scalar(select(text("count(*)")).select_from(DossierEvent))
    with pytest.raises(InputError) as e1, store.begin() as s:
        receive(s, intake(id_number="12345"), CLERK)
    assert e1.value.field == "id_number" and "12 chữ số" in e1.value.message_vi
    with pytest.raises(NotFound, match="no procedure with code '9.999999'"), store.begin() as s:
        receive(s, intake(proc="9.999999"), CLERK)
    with pytest.raises(InputError), store.begin() as s:
        receive(s, intake(name="   "), CLERK)
    with pytest.raises(InputError), store.begin() as s:
        receive(s, intake(phone="12ab"), CLERK)
    with store.begin() as s:
        assert s.scalar(select(text("count(*)")).select_from(DossierEvent)) == n
        assert s.scalar(select(text("count(*)")).select_from(Outbox)) == 0


def test_illegal_transition_refused_with_clear_message(store: Store) -> None:
    with store.begin() as s:
        code = receive(s, intake(), CLERK, at=MON_9_FEB).code
    with pytest.raises(TransitionError, match=r"from status 2 \(received\) to status 10"):
        with store.begin() as s:
            advance_dossier(s, code, Status.RETURNED, CLERK)
    with pytest.raises(TransitionError), store.begin() as s:
        advance_dossier(s, code, 42, CLERK)


def test_full_lifecycle_on_time(store: Store) -> None:
    with store.begin() as s:
        code = receive(s, intake(), CLERK, at=MON_9_FEB).code
        advance_dossier(s, code, Status.IN_PROCESS, DEPT, at=datetime(2026, 2, 9, 10))
        advance_dossier(s, code, Status.READY, DEPT, at=datetime(2026, 2, 10, 8))
        d, result = return_result(
            s, code, CLERK, to_name="Trần Văn An", at=datetime(2026, 2, 11, 9)
        )
    assert d.status == Status.RETURNED
    assert result == "on_time"  # ready on the due day, before the due hour
    with store.begin() as s:
        info = lookup(s, code)
    assert [e["status"] for e in info["events"]] == [2, 4, 9, 10]
    assert "Trần Văn An" in info["events"][-1]["note"]


def test_late_and_early(store: Store) -> None:
    five = five_day_code(store)
    with store.begin() as s:
        late = receive(s, intake(proc=five), CLERK, at=MON_9_FEB).code
        early = receive(s, intake(proc=five), CLERK, at=MON_9_FEB).code
        for c, ready in ((late, datetime(2026, 2, 24, 9)), (early, datetime(2026, 2, 11, 9))):
            advance_dossier(s, c, Status.IN_PROCESS, DEPT, at=datetime(2026, 2, 9, 10))
            advance_dossier(s, c, Status.READY, DEPT, at=ready)
        assert return_result(s, late, CLERK, at=datetime(2026, 2, 24, 10))[1] == "late"
        assert return_result(s, early, CLERK, at=datetime(2026, 2, 24, 10))[1] == "early"


def test_overdue_flag(store: Store) -> None:
    with store.begin() as s:
        code = receive(s, intake(), CLERK, at=MON_9_FEB).code
        d = s.scalar(select(__import__("kiosk.store.models", fromlist=["Dossier"]).Dossier))
        assert d is not None
        assert not is_overdue(d, datetime(2026, 2, 10, 8, 59))
        assert is_overdue(d, datetime(2026, 2, 10, 9, 1))
        assert lookup(s, code, at=datetime(2026, 2, 12))["overdue"] is True


def test_supplement_pauses_the_clock_and_resume_restores_the_rest(store: Store) -> None:
    five = five_day_code(store)
    with store.begin() as s:
        code = receive(s, intake(proc=five), CLERK, at=datetime(2026, 3, 2, 9)).code  # Mon
        d0 = lookup(s, code)["due_at"]
        assert d0 == "2026-03-09T09:00:00"  # Mon 9 Mar
        advance_dossier(s, code, Status.IN_PROCESS, DEPT, at=datetime(2026, 3, 3, 9))
        # paused on Wed 4 Mar: 3 working days remain (Thu 5, Fri 6, Mon 9)
        request_supplement(
            s,
            code,
            [{"name": "Bản sao sổ hộ khẩu", "originals": 0, "copies": 1}],
            "Thiếu giấy tờ chứng minh nơi cư trú",
            DEPT,
            at=datetime(2026, 3, 4, 9),
        )
        assert lookup(s, code, at=datetime(2026, 3, 20))["overdue"] is False  # clock paused
        d = resume_dossier(s, code, CLERK, at=datetime(2026, 3, 16, 9))  # Mon 16 Mar
        assert d.status == Status.IN_PROCESS  # back where it was
        assert d.due_at == datetime(2026, 3, 19, 9)  # Tue 17, Wed 18, Thu 19


def test_supplement_at_the_counter_starts_the_clock_on_completion(store: Store) -> None:
    with store.begin() as s:
        d = request_supplement(s, intake(), [], "Thiếu tờ khai", CLERK, at=MON_9_FEB)
        assert d.status == Status.SUPPLEMENT and d.received_at is None and d.due_at is None
        d = resume_dossier(s, d.code, CLERK, at=datetime(2026, 2, 10, 9))
        assert d.status == Status.RECEIVED and d.due_at == datetime(2026, 2, 11, 9)


def test_refusal_needs_a_reason_and_is_final(store: Store) -> None:
    with pytest.raises(InputError), store.begin() as s:
        refuse_dossier(s, intake(), "  ", CLERK)
    with store.begin() as s:
        code = refuse_dossier(s, intake(), "Không thuộc thẩm quyền", CLERK).code
    with pytest.raises(TransitionError), store.begin() as s:
        advance_dossier(s, code, Status.IN_PROCESS, DEPT)


def test_apology_gives_a_new_appointment_and_keeps_the_judged_one(store: Store) -> None:
    with store.begin() as s:
        code = receive(s, intake(), CLERK, at=MON_9_FEB).code
        new_due = datetime(2026, 2, 24, 9)
        d = apologise(s, code, new_due, "Cần xác minh thêm", DEPT, at=datetime(2026, 2, 10, 8))
        # due_at stays the appointment of Mẫu 01 (docs/rules.md): a late dossier stays late
        assert d.due_at == d.original_due_at == datetime(2026, 2, 10, 9)
        assert d.new_due_at == new_due
        ev = d.events[-1]
        assert ev.kind == "apology" and ev.data and ev.data["old_due_at"] == "2026-02-10T09:00:00"
        with pytest.raises(InputError):
            apologise(s, code, datetime(2026, 2, 1), "x", DEPT)


def test_events_are_append_only_in_the_database(store: Store) -> None:
    with store.begin() as s:
        receive(s, intake(), CLERK, at=MON_9_FEB)
    with pytest.raises(DBAPIError, match="append-only"), store.begin() as s:
        s.execute(text("UPDATE dossier_event SET actor = 'someone else'"))
    with pytest.raises(DBAPIError, match="append-only"), store.begin() as s:
        s.execute(text("DELETE FROM dossier_event"))


def test_search_accent_insensitive_by_name_phone_code(store: Store) -> None:
    with store.begin() as s:
        code = receive(s, intake("Đặng Thị Ánh", phone="0987654321"), CLERK, at=MON_9_FEB).code
        receive(s, intake("Lê Văn Bình"), CLERK, at=MON_9_FEB)
        assert [d.code for d in search(s, DossierFilter(text="dang thi"))] == [code]
        assert [d.code for d in search(s, DossierFilter(text="0987654321"))] == [code]
        assert [d.code for d in search(s, DossierFilter(text=code.lower()))] == [code]
        assert len(search(s, DossierFilter(status=2))) == 2


def test_bulk_demo_rows_read_back_like_real_ones(store: Store) -> None:
    from kiosk.services.demo import bulk_dossiers

    with store.begin() as s:
        assert bulk_dossiers(s, 400, days=30) == 400
    with store.begin() as s:
        rows = search(s, DossierFilter(limit=1000))
        assert len(rows) == 400
        assert all(r.received_at and r.due_at and r.due_at > r.received_at for r in rows)
        # stored in SQLAlchemy's own text format: date range filters compare correctly
        first = min(r.received_at for r in rows if r.received_at)
        same_day = search(s, DossierFilter(received_from=first.date(), received_to=first.date()))
        assert same_day and all(
            r.received_at and r.received_at.date() == first.date() for r in same_day
        )
        info = lookup(s, rows[0].code)
        assert info["events"][0]["status"] == 2
        # a real reception afterwards continues the day's numbering: no duplicate code
        code = receive(s, intake(), CLERK).code
        assert code not in {r.code for r in rows}


def test_a_big_bulk_load_rebuilds_every_index(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above BULK_REBUILD_AT the secondary indexes are dropped, then built once at the end."""
    from sqlalchemy import inspect

    import kiosk.services.demo as demo

    def names() -> set[str]:
        insp = inspect(store.engine)
        return {i["name"] for t in ("dossier", "dossier_event") for i in insp.get_indexes(t)}

    before = names()
    assert {"ix_dossier_applicant_name_key", "ix_dossier_event_dossier_id"} <= before
    monkeypatch.setattr(demo, "BULK_REBUILD_AT", 100)
    with store.begin() as s:
        assert demo.bulk_dossiers(s, 300, days=20) == 300
    assert names() == before
    with store.read() as s:
        plan = " ".join(
            str(r[-1])
            for r in s.execute(
                text("EXPLAIN QUERY PLAN SELECT id FROM dossier WHERE applicant_name_key >= 'ng'")
            )
        )
        assert "ix_dossier_applicant_name_key" in plan

    def disk_full(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(demo, "_flush", disk_full)
    with pytest.raises(OSError):  # a load that fails half-way leaves the indexes as they were
        with store.begin() as s:
            demo.bulk_dossiers(s, 300, days=20)
    assert names() == before


def test_a_reader_does_not_wait_for_a_writer(store: Store) -> None:
    with store.begin() as s:
        code = receive(s, intake(), CLERK, at=MON_9_FEB).code
    with store.begin() as writer:  # holds the write lock (BEGIN IMMEDIATE)
        writer.execute(text("UPDATE setting SET value = value WHERE key = 'agency_code'"))
        other = open_store(store.engine.url)
        try:
            with other.read() as r:
                assert lookup(r, code)["code"] == code
        finally:
            other.close()
