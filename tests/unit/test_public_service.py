"""The citizens' service: public-safe lookup, second factor, slowed guessing, ratings, catalog,
ticket hours and the display's calls."""

from __future__ import annotations

from dataclasses import astuple
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.errors import KioskError, NotFound
from kiosk.services import public as pub
from kiosk.services import public_queue as pq
from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    receive_dossier,
    request_supplement,
    return_result,
)
from kiosk.store.db import Store
from kiosk.store.models import Outbox, Rating, Ticket

AT = datetime(2026, 2, 9, 9, 0)  # a Monday
NAME, PHONE, CCCD = "Nguyễn Thị Hồng Nhung", "0912345678", "001190012345"


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)
    return store


@pytest.fixture
def code(office: Store) -> str:
    with office.begin() as s:
        d = receive_dossier(
            s,
            Intake("1.001193", Applicant(NAME, CCCD, PHONE, "Số 1 Lê Lợi")),
            Actor("canbo1", 3),
            at=AT,
        )
        return d.code


def token_of(store: Store, code: str) -> str:
    with store.begin() as s:
        from kiosk.services.dossiers import get_dossier

        return str(get_dossier(s, code).lookup_token)


def test_payload_formats(code: str) -> None:
    assert pub.parse_lookup_payload(code) == (code, None)
    assert pub.parse_lookup_payload(f" {code.lower()}#A1B2C3D4 ") == (code, "a1b2c3d4")
    assert pub.parse_lookup_payload(f"{code}|a1b2c3d4") == (code, "a1b2c3d4")
    assert pub.receipt_qr_payload(code, "a1b2c3d4") == f"{code}#a1b2c3d4"
    for bad in ("", "A012", code[:-2], f"{code}#", f"{code}#not hex!", f"{CCCD}||{NAME}|01011990"):
        with pytest.raises(pub.PublicInputError) as err:
            pub.parse_lookup_payload(bad)
        assert "không phải mã hồ sơ" in err.value.message_vi


def test_summary_is_masked_and_says_what_to_do(office: Store, code: str) -> None:
    with office.begin() as s:
        d = pub.find_public(s, code, at=AT + timedelta(hours=1))
    # issue 16: without the second factor, status and dates only (no name, no procedure)
    assert d.masked_name == "" and d.procedure_name == "" and d.field_name == ""
    assert d.status == Status.RECEIVED and d.status_text.startswith("Đã tiếp nhận")
    assert d.timing == "in_time" and not d.late and d.can_verify and not d.verified
    assert d.timeline == () and d.handled_by == ""
    shown = " ".join(str(v) for v in astuple(d))
    for secret in (NAME, PHONE, CCCD, "5678", "Lê Lợi", "canbo1"):
        assert secret not in shown


def test_late_supplement_and_ready_texts(office: Store, code: str) -> None:
    with office.begin() as s:
        late = pub.find_public(s, code, at=AT + timedelta(days=30))
    assert late.late and late.timing_text == "Quá hạn giải quyết"
    assert "xin lỗi" in late.next_step
    with office.begin() as s:
        request_supplement(s, code, [{"name": "Giấy chứng sinh"}], "Thiếu giấy chứng sinh",
                           Actor("canbo1", 3), at=AT + timedelta(hours=2))  # fmt: skip
        d = pub.find_public(s, code, at=AT + timedelta(days=30))
    assert d.timing == "paused" and not d.late and "quầy số 3" in d.next_step
    assert "Giấy chứng sinh" not in d.next_step  # the checklist hints at the procedure
    with office.begin() as s:
        full = pub.verify_public(
            s, code, "5678", limiter=pub.AttemptLimiter(), at=AT + timedelta(days=30)
        )
    assert "Giấy tờ cần bổ sung: Giấy chứng sinh." in full.next_step
    assert full.masked_name == "N. T. H. Nhung"
    with office.begin() as s:
        advance_dossier(s, code, Status.IN_PROCESS, Actor("cv"), at=AT + timedelta(hours=3))
        advance_dossier(s, code, Status.READY, Actor("cv"), at=AT + timedelta(hours=4))
        d = pub.find_public(s, code, at=AT + timedelta(days=1))
    assert d.status == Status.READY and "nhận kết quả" in d.next_step
    assert d.timing in ("early", "on_time")


def test_unknown_code_reveals_nothing(office: Store, code: str) -> None:
    other = code[:-4] + "9999"
    with office.begin() as s, pytest.raises(NotFound) as err:
        pub.find_public(s, other)
    assert err.value.message_vi == pub.NOT_FOUND_VI


def test_second_factor_phone_or_token(office: Store, code: str) -> None:
    lim = pub.AttemptLimiter(clock=Clock())
    with office.begin() as s:
        with pytest.raises(pub.WrongAnswer):
            pub.verify_public(s, code, "1111", limiter=lim, at=AT)
        d = pub.verify_public(s, code, "5678", limiter=lim, at=AT)
    assert d.verified and d.timeline and "quầy số 3" in d.timeline[0].text
    assert d.handled_by  # the department or agency in charge
    shown = " ".join(str(v) for v in astuple(d))
    assert NAME not in shown and PHONE not in shown and CCCD not in shown
    token = token_of(office, code)
    with office.begin() as s:
        scanned = pub.open_payload(s, f"{code}#{token}", limiter=lim, at=AT)
        plain = pub.open_payload(s, code, limiter=lim, at=AT)
        with pytest.raises(pub.WrongAnswer):
            pub.open_payload(s, f"{code}#{'0' * 8}", limiter=lim, at=AT)
    assert scanned.verified and not plain.verified


def test_returned_shows_handover_and_collector_not_named(office: Store, code: str) -> None:
    with office.begin() as s:
        advance_dossier(s, code, Status.IN_PROCESS, Actor("cv"), at=AT + timedelta(hours=1))
        advance_dossier(s, code, Status.READY, Actor("cv"), at=AT + timedelta(hours=2))
        return_result(s, code, Actor("canbo2", 1), to_name="Trần Văn Bình",
                      at=AT + timedelta(hours=3))  # fmt: skip
        d = pub.verify_public(s, code, "5678", limiter=pub.AttemptLimiter(), at=AT)
    assert d.status == Status.RETURNED
    assert "Trần Văn Bình" not in " ".join(st.text for st in d.timeline)


def test_guessing_is_slowed_per_code_and_per_kiosk(office: Store, code: str) -> None:
    clock = Clock()
    lim = pub.AttemptLimiter(clock=clock)
    with office.begin() as s:
        for guess in ("0000", "1111", "2222"):
            with pytest.raises(pub.WrongAnswer):
                pub.verify_public(s, code, guess, limiter=lim)
        with pytest.raises(pub.WrongAnswer):  # the 4th miss is checked, then sets a wait
            pub.verify_public(s, code, "3333", limiter=lim)
        with pytest.raises(pub.TooManyAttempts) as err:  # even the right answer must wait
            pub.verify_public(s, code, "5678", limiter=lim)
        assert err.value.retry_after == 5 and "5 giây" in err.value.message_vi
        clock.t += 5
        with pytest.raises(pub.WrongAnswer):
            pub.verify_public(s, code, "4444", limiter=lim)
        with pytest.raises(pub.TooManyAttempts) as err:
            pub.verify_public(s, code, "5678", limiter=lim)
        assert err.value.retry_after == 10  # doubles
        clock.t += 10
        assert pub.verify_public(s, code, "5678", limiter=lim).verified
        with pytest.raises(pub.WrongAnswer):  # success forgave the earlier misses
            pub.verify_public(s, code, "0000", limiter=lim)
    kiosk = pub.AttemptLimiter(kiosk_free=5, clock=clock)
    for i in range(5):
        kiosk.failed(f"X{i}")  # one miss on each of five codes
    with pytest.raises(pub.TooManyAttempts):
        kiosk.check("another")
    clock.t += 601
    kiosk.check("another")


def test_ratings_are_stored_with_counter_clerk_dossier_time(office: Store, code: str) -> None:
    with office.begin() as s:
        pub.record_rating(s, 4, counter_number=2, clerk="canbo2", at=AT)
        pub.rate_dossier(s, code, 5, at=AT + timedelta(minutes=5))
        with pytest.raises(pub.PublicInputError) as again:
            pub.rate_dossier(s, code, 1, at=AT + timedelta(minutes=6))  # once per counter step
        assert "đã được đánh giá" in again.value.message_vi
        for bad in (0, 6):
            with pytest.raises(pub.PublicInputError):
                pub.record_rating(s, bad)
    with office.begin() as s:
        rows = list(s.scalars(select(Rating).order_by(Rating.id)))
        ids = list(
            s.scalars(
                select(Outbox.mutation_id).where(Outbox.kind == "rating.add").order_by(Outbox.seq)
            )
        )
    assert [(r.level, r.counter_number, r.clerk, r.dossier_code, r.at) for r in rows] == [
        (4, 2, "canbo2", None, AT),
        (5, 3, "canbo1", code, AT + timedelta(minutes=5)),
    ]
    # Each keeps the id of its outbox mutation: its copy pulled back is not stored twice.
    assert len(ids) == 2 and [r.mutation_id for r in rows] == ids
    assert [(r.agency_code, r.device_id) for r in rows] == [(None, None)] * 2


def test_procedure_list_by_field_and_search(office: Store) -> None:
    with office.begin() as s:
        fields = dict(pub.list_fields(s))
        found = pub.search_procedures(s, "dang ky KHAI SINH")
        in_field = pub.search_procedures(s, field="Chứng thực")
        detail = pub.procedure_detail(s, "1.001193")
        with pytest.raises(NotFound):
            pub.procedure_detail(s, "nope")
    assert fields["Hộ tịch"] >= 5
    assert any(p.code == "1.001193" for p in found)
    assert in_field and all(p.field == "Chứng thực" for p in in_field)
    assert detail.documents and detail.fee_text and detail.time_text
    assert "Bộ phận Một cửa" in detail.apply_at and detail.result_places


def test_ticket_hours_and_daily_limit(office: Store) -> None:
    with office.begin() as s:
        assert pq.dispenser_state(s, AT).open
        early = pq.dispenser_state(s, AT.replace(hour=6, minute=30))
        assert not early.open and "07:00" in early.message
        evening = pq.dispenser_state(s, AT.replace(hour=16, minute=50))
        assert not evening.open and "10/02/2026" in evening.message
        sunday = pq.dispenser_state(s, datetime(2026, 2, 8, 9))
        assert not sunday.open
        with pytest.raises(pub.PublicInputError):
            pq.issue_public_ticket(s, "HT", at=AT.replace(hour=18))
        assert s.scalar(select(Ticket).limit(1)) is None
        svc = q.get_service(s, "HT")
        svc.daily_limit = 2
        pq.issue_public_ticket(s, "HT", at=AT)
        pq.issue_public_ticket(s, "HT", at=AT)
        state = {x.code: x for x in pq.dispenser_state(s, AT).services}
        assert state["HT"].sold_out and state["HT"].waiting == 2 and not state["DD"].sold_out
        with pytest.raises(KioskError):
            pq.issue_public_ticket(s, "HT", at=AT)


def test_calls_for_the_display(office: Store) -> None:
    with office.begin() as s:
        for i in range(3):
            q.issue_ticket(s, "HT", at=AT + timedelta(minutes=i))
        q.call_next(s, 1, Actor("canbo1", 1), at=AT + timedelta(minutes=5))
        q.call_next(s, 1, Actor("canbo1", 1), at=AT + timedelta(minutes=6))
        calls = pq.calls_since(s, AT.date(), None)
        later = pq.calls_since(s, AT.date(), AT + timedelta(minutes=6))
        assert pq.counter_numbers(s) == [1, 2, 3, 4]
    assert [(c.label, c.counter) for c in calls] == [("A001", 1), ("A002", 1)]
    assert [c.label for c in later] == ["A002"]


def test_verified_view_names_the_department_in_charge(office: Store, code: str) -> None:
    from kiosk.store.models import Agency, Department, Field

    with office.begin() as s:
        agency = s.scalar(select(Agency).limit(1))
        assert agency is not None
        dept = Department(agency_id=agency.id, code="TP", name="Phòng Tư pháp")
        s.add(dept)
        s.flush()
        field = s.scalar(select(Field).where(Field.name == "Hộ tịch"))
        assert field is not None
        field.department_id = dept.id
    with office.begin() as s:
        d = pub.verify_public(s, code, "5678", limiter=pub.AttemptLimiter(), at=AT)
    assert d.handled_by == "Phòng Tư pháp"
