"""The admin services (kiosk.services.admin_office, admin_queue, admin_staff): every refusal
names its field and says one sentence; duplicates never reach the database's constraints."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.errors import KioskError
from kiosk.services import admin_office as ao
from kiosk.services import admin_queue as aq
from kiosk.services import admin_staff as ast
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import Actor, get_setting
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.queue import call_next, issue_ticket
from kiosk.services.setup import authenticate, verify_password
from kiosk.store.db import Store
from kiosk.store.models import Procedure


def refused(action: Callable[[], Any]) -> KioskError:
    with pytest.raises(KioskError) as info:
        action()
    exc = info.value
    assert "UNIQUE" not in str(exc) and "\n" not in str(exc)
    return exc


def test_office_details_are_set_checked_and_read_back(store: Store) -> None:
    with store.begin() as s:
        details = ao.set_office(
            s,
            {
                "agency_name": "UBND phường Quang Trung",
                "parent_name": "UBND quận Hà Đông",
                "place_name": "Hà Đông",
                "address": "Số 1 Quang Trung",
                "phone": "024 3382 1234",
                "hours": "07:00-11:00,13:00-16:30",
                "cutoff": "15:30",
            },
        )
        assert details["parent_name"] == "UBND quận Hà Đông"
        assert details["hours"] == [["07:00", "11:00"], ["13:00", "16:30"]]
        assert ao.place_name(s) == "Hà Đông"
        # one source: the calendar (due dates) reads the hours just set
        cal = load_calendar(s)
        assert cal.hours.cutoff.strftime("%H:%M") == "15:30"
        assert json.loads(get_setting(s, "office_hours") or "")["cutoff"] == "15:30"
    for changes, field in (
        ({"agency_code": "17.22.H56"}, "agency_code"),
        ({"hours": "7h-11h"}, "hours"),
        ({"cutoff": "18:00"}, "cutoff"),
        ({"phone": "call me"}, "phone"),
        ({"name": "  "}, "name"),
        ({"colour": "red"}, "colour"),
    ):
        with store.begin() as s:
            assert refused(lambda c=changes: ao.set_office(s, c)).field == field  # type: ignore[misc]


def test_agency_code_changes_only_before_the_first_dossier(store: Store) -> None:
    with store.begin() as s:
        ao.set_office(s, {"agency_code": "000.17.22.h57"})
        assert get_setting(s, "agency_code") == "000.17.22.H57"
        proc = s.scalar(select(Procedure.code).limit(1))
        assert proc is not None
        intake = Intake(proc, Applicant("Nguyễn Văn An"))
        receive_dossier(s, intake, Actor("canbo1", 1))
    with store.begin() as s:
        exc = refused(lambda: ao.set_office(s, {"agency_code": "000.17.22.H58"}))
        assert exc.field == "agency_code" and "dossiers already carry" in str(exc)


def test_services_and_counters(store: Store) -> None:
    with store.begin() as s:
        svc = aq.add_service(s, "ht", "Hộ tịch – Chứng thực", "a", ["Hộ tịch", "Chứng thực"])
        assert (svc["code"], svc["prefix"]) == ("HT", "A")
        aq.add_service(s, "DD", "Đất đai", "B", ["Đất đai"], priority_kinds=["elderly"])
        c = aq.add_counter(s, 2, services=["HT", "DD"], printer="tcp://10.0.0.5:9100")
        assert c["services"] == ["DD", "HT"] and c["name"] == "Quầy số 2"
    cases: list[tuple[Callable[[Any], Any], str, str]] = [
        (lambda s: aq.add_service(s, "HT", "x", "C"), "code", "already exists"),
        (lambda s: aq.add_service(s, "KD", "x", "A"), "prefix", "already used by service HT"),
        (lambda s: aq.add_service(s, "KD", "x", "1"), "prefix", "one or two letters"),
        (lambda s: aq.add_service(s, "K D", "x", "C"), "code", "letters or digits"),
        (lambda s: aq.add_service(s, "KD", "x", "C", ["Không có"]), "fields", "no field"),
        (lambda s: aq.add_service(s, "KD", "x", "C", procedures=["9.9"]), "procedures", "no pro"),
        (lambda s: aq.add_service(s, "KD", "x", "C", priority_kinds=["vip"]), "priority_kinds", ""),
        (lambda s: aq.add_counter(s, 2), "number", "already exists"),
        (lambda s: aq.add_counter(s, 0), "number", "from 1 to 999"),
        (lambda s: aq.add_counter(s, "two"), "number", "whole number"),
        (lambda s: aq.add_counter(s, 3, services=["ZZ"]), "services", "no queue service"),
        (lambda s: aq.add_counter(s, 3, printer="lpt1"), "printer", "not a printer address"),
        (lambda s: aq.add_counter(s, 3, printer="tcp://host"), "printer", "port"),
        (lambda s: aq.add_counter(s, 3, scanner="com5"), "scanner", "not valid"),
        (lambda s: aq.set_counter(s, 7, {"name": "x"}), "number", "no counter 7"),
        (lambda s: aq.set_service(s, "ZZ", {"name": "x"}), "code", "no queue service"),
    ]
    for action, field, words in cases:
        with store.begin() as s:
            exc = refused(lambda a=action: a(s))  # type: ignore[misc]
            assert exc.field == field, (field, str(exc))
            assert words in str(exc)
            assert exc.message_vi and exc.message_vi != str(exc)


def test_removing_keeps_what_has_history(store: Store) -> None:
    with store.begin() as s:
        aq.add_service(s, "HT", "Hộ tịch", "A", ["Hộ tịch"])
        aq.add_service(s, "DD", "Đất đai", "B", ["Đất đai"])
        aq.add_counter(s, 1, services=["HT"])
        aq.add_counter(s, 2, services=["HT"])
        issue_ticket(s, "HT", at=datetime(2026, 2, 9, 8, 0))
        call_next(s, 1, Actor("canbo1", 1), at=datetime(2026, 2, 9, 8, 1))
    with store.begin() as s:
        assert aq.remove_counter(s, 1) == "retired"
        assert aq.remove_counter(s, 2) == "removed"
        assert aq.remove_service(s, "HT") == "retired"
        assert aq.remove_service(s, "DD") == "removed"
        assert [c["number"] for c in aq.list_counters(s)] == []
        assert [c["active"] for c in aq.list_counters(s, retired=True)] == [False]
        assert [x["code"] for x in aq.list_services(s, retired=True)] == ["HT"]
    with store.begin() as s:  # a retired one comes back under its old number
        aq.add_service(s, "HT", "Hộ tịch", "A", ["Hộ tịch"])
        assert aq.add_counter(s, 1, services=["HT"])["active"] is True


def test_staff_accounts(store: Store) -> None:
    with store.begin() as s:
        aq.add_service(s, "HT", "Hộ tịch", "A", ["Hộ tịch"])
        aq.add_counter(s, 2, services=["HT"])
        ao.add_department(s, "TP", "Phòng Tư pháp", ["Hộ tịch"])
        ast.add_staff(s, "canbo1", "Nguyễn Thị Lan", "clerk", "matkhau1", counter=2)
        ast.add_staff(s, "chuyenvien", "Hoàng Văn Đức", "department", "matkhau1", department="tp")
        ast.add_staff(s, "giamsat", "Lê Thu Hà", "supervisor", "matkhau1", all_offices=True)
        ast.add_staff(s, "quantri", "Phạm Quốc Bảo", "admin", "matkhau1")
    cases: list[tuple[Callable[[Any], Any], str]] = [
        (lambda s: ast.add_staff(s, "canbo1", "X", "clerk", "matkhau1"), "username"),
        (lambda s: ast.add_staff(s, "Cán bộ", "X", "clerk", "matkhau1"), "username"),
        (lambda s: ast.add_staff(s, "canbo2", "X", "boss", "matkhau1"), "role"),
        (lambda s: ast.add_staff(s, "canbo2", "X", "clerk", "123"), "password"),
        (lambda s: ast.add_staff(s, "canbo2", "", "clerk", "matkhau1"), "full_name"),
        (lambda s: ast.add_staff(s, "canbo2", "X", "clerk", "matkhau1", counter=9), "counter"),
        (lambda s: ast.add_staff(s, "canbo2", "X", "clerk", "matkhau1", office="1"), "office"),
        (lambda s: ast.add_staff(s, "cv2", "X", "department", "matkhau1"), "department"),
        (
            lambda s: ast.add_staff(s, "cv2", "X", "department", "mk12345", department="NN"),
            "department",
        ),
        (
            lambda s: ast.add_staff(s, "cb3", "X", "clerk", "mk12345", all_offices=True),
            "all_offices",
        ),
        (lambda s: ast.set_staff(s, "nobody", {"active": False}), "username"),
    ]
    for action, field in cases:
        with store.begin() as s:
            assert refused(lambda a=action: a(s)).field == field  # type: ignore[misc]
    with store.begin() as s:
        rows = {r["username"]: r for r in ast.list_staff(s)}
        assert rows["canbo1"]["counter"] == 2 and rows["canbo1"]["office"] == "000.17.22.H56"
        assert rows["chuyenvien"]["department"] == "TP"
        assert rows["giamsat"]["all_offices"] and rows["giamsat"]["office"] is None
        dept = ast.get_staff(s, "chuyenvien")
        assert ast.scope_of(dept).department_id == dept.department_id
        assert ast.scope_of(ast.get_staff(s, "giamsat")).office_ids is None
        assert ast.scope_of(ast.get_staff(s, "canbo1")).office_ids == {1}
        ast.set_password(s, "canbo1", "matkhau-moi")
        assert verify_password("matkhau-moi", ast.get_staff(s, "canbo1").password_hash)
        ast.disable_staff(s, "canbo1")
    with store.begin() as s:
        assert refused(lambda: authenticate(s, "canbo1", "matkhau-moi"))
        quantri = authenticate(s, "quantri", "matkhau1")
        exc = refused(lambda: ast.check_window(quantri, "counter"))
        assert "kiosk run --role admin" in str(exc)
        ast.check_window(authenticate(s, "giamsat", "matkhau1"), "counter")


def test_kiosk_pin_is_hashed_and_old_formats_still_match(store: Store) -> None:
    with store.begin() as s:
        assert refused(lambda: ao.set_kiosk_pin(s, "12a4")).field == "pin"
        ao.set_kiosk_pin(s, "864209")
        stored = ao.kiosk_pin_hash(s)
    assert stored and stored.startswith("$argon2id$") and "864209" not in stored
    assert ao.pin_matches(stored, "864209") and not ao.pin_matches(stored, "864208")
    assert ao.pin_matches("1234", "1234") and not ao.pin_matches("1234", "4321")


def test_priority_rules_and_retired_counters_in_the_queue(store: Store) -> None:
    at = datetime(2026, 2, 9, 8, 0)
    with store.begin() as s:
        aq.add_service(s, "HT", "Hộ tịch", "A", ["Hộ tịch"], priority_kinds=["elderly"])
        aq.add_service(s, "DD", "Đất đai", "B", ["Đất đai"], priority_first=False)
        aq.add_counter(s, 1, services=["HT"])
        aq.add_counter(s, 2, services=["DD"])
        exc = refused(lambda: issue_ticket(s, "HT", priority="pregnant", at=at))
        assert "no priority to 'pregnant'" in str(exc)
        issue_ticket(s, "HT", at=at)
        issue_ticket(s, "HT", priority="elderly", at=at.replace(minute=1))
        issue_ticket(s, "DD", at=at)
        issue_ticket(s, "DD", priority="elderly", at=at.replace(minute=1))
        first = call_next(s, 1, Actor("canbo1", 1), at=at.replace(minute=2))
        assert first is not None and first.label == "A002"  # priority first
        second = call_next(s, 2, Actor("canbo2", 2), at=at.replace(minute=2))
        assert second is not None and second.label == "B001"  # in order of arrival
    with store.begin() as s:
        assert aq.remove_counter(s, 2) == "retired"
    with store.begin() as s:
        assert "retired" in str(refused(lambda: call_next(s, 2, Actor("canbo2", 2), at=at)))


def test_who_sees_which_office_on_a_server_of_two(store: Store) -> None:
    from kiosk.server.actions import staff_caller
    from kiosk.server.auth import ensure_office

    a, b = "000.17.22.H56", "000.17.22.H57"
    with store.begin() as s:
        ensure_office(s, b, "UBND phường Tân Lập")
        s.flush()
        # with two offices, the office must be named
        exc = refused(lambda: ast.add_staff(s, "gs", "X", "supervisor", "matkhau1"))
        assert exc.field == "office"
        ao.add_department(s, "TP-B", "Phòng Tư pháp", ["Hộ tịch"], office=b)
        ast.add_staff(s, "gs_a", "Giám sát A", "supervisor", "matkhau1", office=a)
        ast.add_staff(s, "gs_all", "Giám sát huyện", "supervisor", "matkhau1", all_offices=True)
        ast.add_staff(s, "cv_b", "Cán bộ B", "department", "mk123456", office=b, department="TP-B")
        exc = refused(
            lambda: ast.add_staff(
                s, "cv_x", "X", "department", "mk123456", office=a, department="TP-B"
            )
        )
        assert exc.field == "department" and "not a department of this account's office" in str(exc)
        callers = {u: staff_caller(s, ast.get_staff(s, u)) for u in ("gs_a", "gs_all", "cv_b")}
        assert callers["gs_a"].agencies == {a}
        assert callers["gs_all"].agencies is None
        assert callers["cv_b"].agencies == {b}
        assert {r["username"] for r in ast.list_staff(s, a)} == {"gs_a", "gs_all"}


def test_fees_come_with_the_catalog_and_are_set_per_office(store: Store) -> None:
    from kiosk.catalog import parse_catalog
    from kiosk.server.config import catalog_data
    from kiosk.services.catalog_store import import_catalog
    from kiosk.services.fees import fee_of, set_fee

    with store.begin() as s:
        data = catalog_data(s)
        entry = next(p for p in data["procedures"] if p["code"] == "1.001193")
        entry["fee"] = {"amount_vnd": None, "text": "Theo Nghị quyết", "charge_vnd": 8000,
                        "basis": "Nghị quyết 12/2025/NQ-HĐND"}  # fmt: skip
        import_catalog(s, parse_catalog(data))
        proc = s.scalar(select(Procedure).where(Procedure.code == "1.001193"))
        assert proc is not None
        fee = fee_of(s, proc)
        assert (fee.fee_vnd, fee.charge_vnd, fee.total) == (None, 8000, 8000)
        assert fee.basis == "Nghị quyết 12/2025/NQ-HĐND"
        assert refused(lambda: set_fee(s, "1.001193", 5000, None, "")).field == "basis"
        assert refused(lambda: set_fee(s, "1.001193", -5, None, "NQ")).field == "fee_vnd"
        assert refused(lambda: set_fee(s, "9.999", 5, None, "NQ")).field == "procedure"
        assert set_fee(s, "1.001193", "10.000", None, "NQ 1/2026")["total_vnd"] == 10000


def test_the_last_admin_stays(store: Store) -> None:
    with store.begin() as s:
        ast.add_staff(s, "quantri", "Phạm Quốc Bảo", "admin", "matkhau1")
    with store.begin() as s:
        assert refused(lambda: ast.disable_staff(s, "quantri")).field == "active"
        assert refused(lambda: ast.set_staff(s, "quantri", {"role": "clerk"})).field == "role"
    with store.begin() as s:
        ast.add_staff(s, "quantri2", "Lê Văn Hai", "admin", "matkhau1")
        ast.disable_staff(s, "quantri")
        assert not ast.get_staff(s, "quantri").active
