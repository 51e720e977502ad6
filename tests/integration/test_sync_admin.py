"""Admin changes on enrolled PCs (issue 14): the server's set-up reaches every PC of the office;
a change made on a PC waits as pending until the server applies it, then comes down to the
other PCs; a change the server refuses is shown refused, never done. A real server on
PostgreSQL and two PCs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.server.config import check_config
from kiosk.services import admin_office, admin_queue, admin_staff
from kiosk.services import admin_sync as sync
from kiosk.services.admin_office import place_name
from kiosk.services.setup import authenticate, hash_password
from kiosk.store.db import open_store
from kiosk.store.models import Staff
from kiosk.sync.outbox import rejected_mutations
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import OFFICE_A, OFFICE_B, PC, ServerThread, enroll

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def counters(pc: PC) -> list[int]:
    with pc.store.begin() as s:
        return [c["number"] for c in admin_queue.list_counters(s)]


def test_the_servers_set_up_arrives_and_a_pcs_change_waits_for_the_server(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a, b = (enroll(tmp_path, name, server.url, server_db) for name in ("a", "b"))
    st = open_store(server_db, migrate=False)
    try:  # an admin's commands on the server's database (kiosk ... --db URL --office CODE)
        with st.begin() as s:
            admin_office.set_office(
                s, {"place_name": "Hà Đông", "phone": "024 3382 1234", "cutoff": "16:00"}, OFFICE_A
            )
            admin_office.add_department(s, "TP-A", "Phòng Tư pháp", ["Hộ tịch"], OFFICE_A)
            admin_queue.add_service(s, "KD", "Kinh doanh", "C", ["Đất đai"], office=OFFICE_A)
            admin_queue.add_counter(s, 4, services=["KD"], printer="sim://r", office=OFFICE_A)
            admin_staff.add_staff(
                s, "canbo2", "Trần Văn Minh", "clerk", "matkhau-2", office=OFFICE_A
            )
            admin_staff.add_staff(
                s, "chuyenvien2", "Hoàng Văn Đức", "department", "matkhau-2",
                office=OFFICE_A, department="TP-A",
            )  # fmt: skip
            admin_staff.add_staff(s, "canbo_b", "Lê Văn B", "clerk", "matkhau-2", office=OFFICE_B)
            admin_office.set_kiosk_pin(s, "864209", OFFICE_A)
        assert check_config(st)
    finally:
        st.close()
    for pc in (a, b):
        pc.sync()
        with pc.store.begin() as s:
            assert place_name(s) == "Hà Đông"
            assert admin_office.office_details(s)["cutoff"] == "16:00"
            assert authenticate(s, "canbo2", "matkhau-2").role == "clerk"
            dept = authenticate(s, "chuyenvien2", "matkhau-2")
            assert admin_staff.scope_of(dept).department_id is not None
            assert s.scalar(select(Staff).where(Staff.username == "canbo_b")) is None
            assert admin_office.pin_matches(admin_office.kiosk_pin_hash(s) or "", "864209")
        assert 4 in counters(pc)

    # On PC a (enrolled): the change is pending, not done, until the server has it.
    with a.store.begin() as s:
        out = sync.submit(s, sync.COUNTER_SET, {"action": "add", "number": 5, "services": ["HT"]})
        assert out.done is False
        pw = {"action": "add", "username": "canbo3", "full_name": "Phạm Thu", "role": "clerk",
              "password_hash": hash_password("matkhau-3")}  # fmt: skip
        assert not sync.submit(s, sync.STAFF_SET, pw).done
    assert 5 not in counters(a)
    with a.store.begin() as s:
        pending = sync.pending_changes(s)
        assert [p["kind"] for p in pending] == [sync.COUNTER_SET, sync.STAFF_SET]
        assert all("password_hash" not in p for p in pending)
    a.sync()
    b.sync()
    for pc in (a, b):
        assert 5 in counters(pc)
        with pc.store.begin() as s:
            assert authenticate(s, "canbo3", "matkhau-3").username == "canbo3"
            assert sync.pending_changes(s) == []

    # Both PCs offline add counter 6: the first to sync wins, the other is refused, and shown.
    for pc in (a, b):
        with pc.store.begin() as s:
            sync.submit(s, sync.COUNTER_SET, {"action": "add", "number": 6, "name": pc.name})
    a.sync()
    report = b.sync()
    assert report.rejected == 1
    with b.store.begin() as s:
        refused = rejected_mutations(s)
        assert (
            refused[0].kind == sync.COUNTER_SET and "counter 6 already exists" in refused[0].error
        )
        assert sync.pending_changes(s) == []
        assert admin_queue.list_counters(s)[-1]["name"] == "a"
    # A PC may not reach another office's accounts, nor make one of all offices.
    with a.store.begin() as s:
        s.add(Staff(username="canbo_b", full_name="x", role="clerk", password_hash="!"))
        s.flush()
        sync.submit(s, sync.STAFF_SET, {"action": "set", "username": "canbo_b",
                                        "changes": {"full_name": "Đổi tên"}})  # fmt: skip
    assert a.sync().rejected == 1
    with a.store.begin() as s:
        assert "not of this PC's office" in rejected_mutations(s)[0].error
