"""A shared change (catalog, procedure withdrawn, calendar) on a server of several offices needs
the proof of an admin of all offices, checked by the server (issue 15 item 1: a device
credential never acts in a name the request claims). A real server on PostgreSQL, real PCs."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.errors import KioskError
from kiosk.server.config import check_config
from kiosk.server.logins import logout
from kiosk.services import admin_staff
from kiosk.services import admin_sync as sync
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import now, set_setting
from kiosk.store.db import open_store
from kiosk.store.models import Outbox, Procedure
from kiosk.store.server_models import SecurityEvent, StaffToken
from kiosk.sync.client import Refused, ServerClient
from kiosk.sync.engine import credentials
from kiosk.sync.outbox import rejected_mutations
from kiosk.sync.shared_admin import needs_proof, submit_shared
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ServerThread, enroll, record_unchecked
from tests.integration.test_sync_shared import NEW, WITHDRAWN, new_catalog, procedure

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def add_accounts(server_db: str) -> None:
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            admin_staff.add_staff(
                s, "quantri_tinh", "Phạm Quốc Bảo", "admin", "matkhau-9", all_offices=True
            )
            admin_staff.add_staff(
                s, "canbo_a", "Trần Thị Hoa", "clerk", "matkhau-9", office=harness.OFFICE_A
            )
        check_config(st)
    finally:
        st.close()


def on_server(server_db: str, code: str) -> bool:
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            return s.scalar(select(Procedure.id).where(Procedure.code == code)) is not None
    finally:
        st.close()


def test_a_push_naming_the_province_admin_without_proof_is_refused(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    """The defect: the server believed the `by` a PC (or a stolen device secret) sent."""
    a = enroll(tmp_path, "a", server.url, server_db)
    add_accounts(server_db)
    a.sync()
    with a.store.begin() as s:  # what any holder of the device secret can send
        record_unchecked(s, "catalog.import", {"catalog": new_catalog(), "by": "quantri_tinh"})
        record_unchecked(s, "procedure.set", {"code": NEW, "active": False, "by": "quantri_tinh"})
    assert a.sync().rejected == 2
    with a.store.begin() as s:
        errors = [r.error for r in rejected_mutations(s)]
    assert all("signed in to the server" in e for e in errors), errors
    assert not on_server(server_db, NEW) and procedure(a, NEW) is None


def post_shared(pc: Any, token: str | None, kind: str, payload: dict[str, Any]) -> Any:
    """The change sent straight to the server with a staff token (or the device's secret)."""
    with pc.store.begin() as s:
        creds = credentials(s)
    assert creds is not None
    client = ServerClient(creds.server, None if token else creds, ca_pem=creds.ca_pem)
    client.staff_token = token
    try:
        return client.request("POST", "/v1/admin/shared", json={"kind": kind, "payload": payload})
    finally:
        client.close()


def sign_in(pc: Any, user: str) -> str:
    with pc.store.begin() as s:
        creds = credentials(s)
    assert creds is not None
    client = ServerClient(creds.server, ca_pem=creds.ca_pem)
    try:
        data = client.request(
            "POST", "/v1/staff/login", json={"username": user, "password": "matkhau-9"}
        )
        return str(data["token"])
    finally:
        client.close()


def test_only_a_valid_token_of_an_admin_of_all_offices_changes_what_every_office_shares(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    c = enroll(tmp_path, "c", server.url, server_db, office=harness.OFFICE_B)
    add_accounts(server_db)
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            admin_staff.add_staff(
                s, "giamsat_a", "Đỗ Minh Tâm", "supervisor", "matkhau-9", office=harness.OFFICE_A
            )
            admin_staff.add_staff(
                s, "quantri_a", "Lê Văn An", "admin", "matkhau-9", office=harness.OFFICE_A
            )
    finally:
        st.close()
    withdraw = {"code": WITHDRAWN, "active": False}

    # The device's own secret, on this endpoint: refused.
    with pytest.raises(Refused, match="admin's sign-in") as no:
        post_shared(a, None, "procedure.set", withdraw)
    assert no.value.status == 403
    # A clerk cannot even sign in to the server (the answer of a wrong password)...
    with a.store.begin() as s, pytest.raises(KioskError, match="refused the sign-in"):
        submit_shared(s, "procedure.set", withdraw, "canbo_a", "matkhau-9")
    # ... a supervisor's and an office's own admin's tokens are refused by this endpoint.
    for user in ("giamsat_a", "quantri_a"):
        with pytest.raises(Refused, match="only an active admin of all offices") as no:
            post_shared(a, sign_in(a, user), "procedure.set", withdraw)
        assert no.value.status == 403
    # The province admin's token, once expired or revoked, is refused too.
    token = sign_in(a, "quantri_tinh")
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            row = s.get(StaffToken, token.split(".")[1])
            assert row is not None
            row.expires_at = now() - timedelta(minutes=1)
    finally:
        st.close()
    with pytest.raises(Refused, match="expired") as no:
        post_shared(a, token, "procedure.set", withdraw)
    assert no.value.status == 401
    token = sign_in(a, "quantri_tinh")
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            logout(s, "quantri_tinh")
    finally:
        st.close()
    with pytest.raises(Refused) as no:
        post_shared(a, token, "procedure.set", withdraw)
    assert no.value.status == 401
    assert procedure_active(server_db, WITHDRAWN)

    # A valid token of the admin of all offices: applied, and it reaches office B's PC.
    out = post_shared(a, sign_in(a, "quantri_tinh"), "procedure.set", withdraw)
    assert out["result"]["code"] == WITHDRAWN
    assert not procedure_active(server_db, WITHDRAWN)
    c.sync()
    assert procedure(c, WITHDRAWN)[1] is False  # type: ignore[index]
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:  # the security log names who did it, never a password
            last = s.scalars(select(SecurityEvent).order_by(SecurityEvent.id.desc())).first()
            assert last is not None
            assert (last.kind, last.outcome, last.username) == ("procedure.set", "ok",
                                                                 "quantri_tinh")  # fmt: skip
    finally:
        st.close()


def procedure_active(server_db: str, code: str) -> bool:
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            return bool(s.scalar(select(Procedure.active).where(Procedure.code == code)))
    finally:
        st.close()


def test_an_unreachable_server_says_so_and_records_nothing(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    from tests.integration.test_cli_admin import run

    a = enroll(tmp_path, "a", server.url, server_db)
    add_accounts(server_db)
    a.sync()
    with a.store.begin() as s:  # the server moved away (or the network is down)
        set_setting(s, "sync_server", f"http://127.0.0.1:{harness.free_port()}")
    with a.store.begin() as s, pytest.raises(KioskError) as no:
        submit_shared(s, "catalog.import", {"catalog": new_catalog()}, "quantri_tinh", "matkhau-9")
    assert str(no.value).startswith("the server cannot be reached")
    assert no.value.message_vi.startswith("Không kết nối được máy chủ")
    with a.store.begin() as s:
        assert sync.pending_changes(s) == [] and not s.scalars(select(Outbox)).all()
    path = tmp_path / "lich.json"
    with a.store.begin() as s:
        path.write_text(json.dumps(load_calendar(s).to_dict(), ensure_ascii=False), "utf-8")
    args = ("calendar", "import", str(path), "--as", "quantri_tinh", "--password-stdin")
    cli = run(tmp_path / "home", str(a.store.engine.url), *args, stdin="matkhau-9\n", ok=False)
    assert cli.returncode == 1 and cli.stderr.count("\n") == 1
    assert "cannot be reached" in cli.stderr and "nothing was recorded" in cli.stderr
    with a.store.begin() as s:
        assert not s.scalars(select(Outbox)).all()


def test_on_a_server_of_one_office_the_pc_records_it_as_before(tmp_path: Path) -> None:
    """The device's own office scope suffices: pending in the outbox, no password asked."""
    from tests.integration.test_sync_harness import client_store

    store = client_store(tmp_path / "kiosk.sqlite3")
    try:
        with store.begin() as s:
            set_setting(s, "sync_secret", "x")
            assert needs_proof(s)  # not known yet: as a server of several
            set_setting(s, "sync_server_offices", "1")
            assert not needs_proof(s)
            out = submit_shared(s, "procedure.set", {"code": WITHDRAWN, "active": False})
            assert out.done is False
            assert [p["kind"] for p in sync.pending_changes(s)] == ["procedure.set"]
    finally:
        store.close()
