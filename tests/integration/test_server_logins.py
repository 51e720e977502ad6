"""Sign-ins to the server and what an account may reach (issue 15, items 1 and 5): throttling
kept in the database, one answer and one cost for every failure, the security log, argon2id
hashes with old ones upgraded, revocable tokens, and every endpoint scoped to the account's
office and department. Real server, real PostgreSQL."""

from __future__ import annotations

import base64
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from kiosk.server import logins
from kiosk.services.admin_staff import add_staff
from kiosk.services.passwords import legacy_scrypt_hash
from kiosk.store.db import Store, open_store
from kiosk.store.models import Department, DossierEvent, Field, Procedure, Staff
from kiosk.store.server_models import LoginThrottle, SecurityEvent, StaffToken
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
from tests.integration.test_sync_harness import (
    OFFICE_A,
    OFFICE_B,
    PROCEDURE,
    ServerThread,
    enroll,
)

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres
PASSWORD = "motcua-2026"


@pytest.fixture(autouse=True)
def _forget_locked_addresses() -> Iterator[None]:
    logins.locked_addresses.clear()  # the in-process server shares this process's memory
    yield
    logins.locked_addresses.clear()


@pytest.fixture
def db(server_db: str) -> Iterator[Store]:
    st = open_store(server_db, migrate=False)
    yield st
    st.close()


def staff(db: Store, name: str, role: str, **kw: Any) -> None:
    with db.begin() as s:
        add_staff(s, name, "Trần Văn Bình", role, PASSWORD, **kw)


def login(url: str, user: str, password: str = PASSWORD) -> httpx.Response:
    return httpx.post(url + "/v1/staff/login", json={"username": user, "password": password})


def bearer(r: httpx.Response) -> dict[str, str]:
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_guessing_is_throttled_in_the_database_and_logged_without_passwords(
    server: ServerThread, db: Store
) -> None:
    staff(db, "giamsat", "supervisor", office=OFFICE_A)
    answers = [login(server.url, "giamsat", f"doan-{i}").status_code for i in range(7)]
    assert answers == [401] * 6 + [429]
    right = login(server.url, "giamsat")  # even the right password waits out the back-off
    assert right.status_code == 429 and int(right.headers["Retry-After"]) >= 1
    assert "try again in" in right.json()["error"]
    with db.begin() as s:
        row = s.get(LoginThrottle, "user:giamsat")
        assert row is not None and row.failures == 6 and row.locked_until is not None
        s.execute(update(LoginThrottle).values(locked_until=None))  # the back-off has passed
        events = s.scalars(select(SecurityEvent).order_by(SecurityEvent.id)).all()
    assert [e.outcome for e in events] == ["wrong"] * 6 + ["throttled"] * 2
    assert {e.username for e in events} == {"giamsat"} and {e.address for e in events} == {
        "127.0.0.1"
    }
    assert login(server.url, "giamsat").status_code == 200  # and a success clears the count
    with db.begin() as s:
        assert s.get(LoginThrottle, "user:giamsat").failures == 0  # type: ignore[union-attr]
        texts = " ".join(
            f"{e.kind} {e.outcome} {e.username}" for e in s.scalars(select(SecurityEvent))
        )
    assert "doan-" not in texts and PASSWORD not in texts


def test_one_address_guessing_many_accounts_is_throttled(server: ServerThread, db: Store) -> None:
    staff(db, "giamsat", "supervisor", office=OFFICE_A)
    codes = [login(server.url, f"ai-{i}", "x").status_code for i in range(logins.ADDR_FREE + 3)]
    assert codes[: logins.ADDR_FREE + 1] == [401] * (logins.ADDR_FREE + 1)
    assert codes[-1] == 429
    assert login(server.url, "giamsat").status_code == 429  # from the same address
    with db.begin() as s:
        unknown = s.scalars(select(SecurityEvent.username).where(SecurityEvent.outcome == "wrong"))
        assert set(unknown) == {None}  # a name that is no account is not logged


def test_every_failure_is_the_same_answer_at_the_same_cost(server: ServerThread, db: Store) -> None:
    staff(db, "giamsat", "supervisor", office=OFFICE_A)
    staff(db, "canbo1", "clerk", office=OFFICE_A)
    wrong = login(server.url, "giamsat", "sai")
    unknown = login(server.url, "khongco", "sai")
    clerk = login(server.url, "canbo1")  # the right password, an account with no API use
    assert wrong.status_code == unknown.status_code == clerk.status_code == 401
    assert wrong.json() == unknown.json() == clerk.json() == {"error": logins.WRONG}
    with db.begin() as s:
        s.execute(update(LoginThrottle).values(failures=0, locked_until=None))

    def median(user: str) -> float:
        took = []
        for i in range(5):
            with db.begin() as s:  # keep the back-off out of the measure
                s.execute(update(LoginThrottle).values(failures=0, locked_until=None))
            start = time.perf_counter()
            assert login(server.url, user, f"sai-{i}").status_code == 401
            took.append(time.perf_counter() - start)
        return statistics.median(took)

    known, nobody = median("giamsat"), median("khongco")
    # Before the dummy hash an unknown name answered ~25 times faster than a known one.
    assert nobody > known / 3, (nobody, known)


def test_an_old_scrypt_hash_is_upgraded_at_the_next_sign_in(
    server: ServerThread, db: Store
) -> None:
    staff(db, "giamsat", "supervisor", office=OFFICE_A)
    with db.begin() as s:
        s.execute(
            update(Staff)
            .where(Staff.username == "giamsat")
            .values(password_hash=legacy_scrypt_hash(PASSWORD, base64.b64decode("c2FsdHNhbHQ=")))
        )
    assert login(server.url, "giamsat").status_code == 200
    with db.begin() as s:
        stored = s.scalar(select(Staff.password_hash).where(Staff.username == "giamsat"))
    assert stored is not None and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert login(server.url, "giamsat").status_code == 200


def test_tokens_expire_and_staff_logout_ends_them(
    server: ServerThread, server_db: str, db: Store, tmp_path: Path
) -> None:
    staff(db, "giamsat", "supervisor", office=OFFICE_A)
    a, b = bearer(login(server.url, "giamsat")), bearer(login(server.url, "giamsat"))
    report = server.url + "/v1/reports/queue?from=2026-03-01&to=2026-03-31"
    assert httpx.get(report, headers=a).status_code == 200
    with db.begin() as s:  # one session is past its 12 hours
        token_id = a["Authorization"].split(".")[1]
        s.execute(
            update(StaffToken).where(StaffToken.id == token_id).values(expires_at=harness_past())
        )
    assert httpx.get(report, headers=a).status_code == 401
    assert httpx.get(report, headers=b).status_code == 200
    out = kiosk(tmp_path, "--db", server_db, "staff", "logout", "giamsat", "--json").stdout
    assert '"sessions_ended": 1' in out
    assert httpx.get(report, headers=b).status_code == 401
    with db.begin() as s:
        assert s.scalars(select(SecurityEvent.kind)).all()[-1] == "logout"


def harness_past() -> Any:
    from datetime import datetime

    return datetime(2020, 1, 1)


def _department(db: Store, code: str, agency_id: int, field_name: str | None) -> int:
    with db.begin() as s:
        dept = Department(agency_id=agency_id, code=code, name=f"Phòng {code}")
        s.add(dept)
        s.flush()
        if field_name is not None:
            s.execute(update(Field).where(Field.name == field_name).values(department_id=dept.id))
        return dept.id


def test_every_endpoint_keeps_an_account_to_its_office_and_department(
    server: ServerThread, db: Store, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db_of(db))
    codes = a.receive(2)
    a.sync()
    with db.begin() as s:
        field = s.scalar(
            select(Field.name)
            .join(Procedure, Procedure.field_id == Field.id)
            .where(Procedure.code == PROCEDURE)
        )
    _department(db, "TP", 1, field)  # the procedure's field is the Justice unit's
    _department(db, "TNMT", 1, None)
    staff(db, "chuyenvien", "department", office=OFFICE_A, department="TP")
    staff(db, "khac", "department", office=OFFICE_A, department="TNMT")
    staff(db, "officeb", "supervisor", office=OFFICE_B)
    staff(db, "tinh", "supervisor", all_offices=True)
    with db.begin() as s:  # an account from before offices existed: no office, no department
        s.execute(update(Staff).where(Staff.username == "officeb").values(office_id=None))
    lookup = f"{server.url}/v1/dossiers/{codes[0]}"
    take = f"{server.url}/v1/dossiers/{codes[0]}/actions/take"
    report = server.url + "/v1/reports/results?from=2026-01-01&to=2026-12-31"
    for user, seen in (("chuyenvien", 200), ("khac", 404), ("officeb", 404), ("tinh", 200)):
        headers = bearer(login(server.url, user))
        assert httpx.get(lookup, headers=headers).status_code == seen, user
    assert httpx.post(take, headers=bearer(login(server.url, "khac")), json={}).status_code == 404
    assert (
        httpx.post(take, headers=bearer(login(server.url, "officeb")), json={}).status_code == 404
    )
    rows = httpx.get(report, headers=bearer(login(server.url, "officeb"))).json()
    assert all(r.get("agency") != OFFICE_A for r in rows.get("offices", [])), rows
    took = httpx.post(take, headers=bearer(login(server.url, "chuyenvien")), json={})
    assert took.status_code == 200 and took.json()["status"] == 4


def server_db_of(db: Store) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_a_device_acts_in_its_own_name_never_in_the_one_the_body_claims(
    server: ServerThread, server_db: str, db: Store, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    [code] = pc.receive(1)
    pc.sync()
    syncer = pc.syncer()
    try:
        headers = syncer.client._headers()
    finally:
        syncer.close()
    r = httpx.post(
        f"{server.url}/v1/dossiers/{code}/actions/take",
        headers=headers,
        json={"actor": "giamsat", "note": "Nhận xử lý"},
    )
    assert r.status_code == 200
    with db.begin() as s:
        last = s.scalars(select(DossierEvent).order_by(DossierEvent.id.desc())).first()
    assert last is not None and last.actor == f"device:{pc.device_id}"
    assert last.device_id == pc.device_id


def test_a_device_secret_is_rotated_without_a_window_for_lock_out(
    server: ServerThread, server_db: str, db: Store, tmp_path: Path
) -> None:
    from datetime import timedelta

    from kiosk.sync.client import Refused
    from kiosk.sync.engine import device_secret

    pc = enroll(tmp_path, "a", server.url, server_db)
    with pc.store.begin() as s:
        old = str(device_secret(s))
    syncer = pc.syncer()
    try:
        assert not syncer.rotate_if_due()  # a new secret is not due yet
        # The answer of a first rotation is lost: the PC keeps the old secret, which works.
        syncer.client.rotate()
        pc.receive(1)
        assert pc.sync().pushed == 1
        assert syncer.rotate_if_due(every=timedelta(0))
    finally:
        syncer.close()
    with pc.store.begin() as s:
        new = str(device_secret(s))
    assert new != old
    pc.receive(1)
    assert pc.sync().pushed == 1  # the new secret works ...
    stale = pc.syncer()
    try:
        stale.client.credentials = type(stale.client.credentials)(  # type: ignore[misc]
            pc.server_url, pc.device_id, old
        )
        with pytest.raises(Refused) as refused:  # ... and the old one no longer does
            stale.client.request("GET", stale.client.device_path())
        assert refused.value.status == 401
    finally:
        stale.close()
    with db.begin() as s:
        assert "rotate" in set(s.scalars(select(SecurityEvent.kind)))
