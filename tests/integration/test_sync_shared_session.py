"""After a shared change from a PC (a server of several offices): the admin's staff session is
ended on the server at once (`POST /v1/staff/logout`), the change applied or refused; every
refused request to `/v1/admin/shared` is in the security log; and the PC has the server's new
catalog at once, without waiting for the sync process. A real server on PostgreSQL, real PCs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from kiosk.errors import KioskError
from kiosk.server.logins import logout
from kiosk.services import admin_staff
from kiosk.services.context import now
from kiosk.store.db import open_store
from kiosk.store.server_models import SecurityEvent, StaffToken
from kiosk.sync.client import Refused, ServerClient
from kiosk.sync.engine import credentials
from kiosk.sync.http import server_client
from kiosk.sync.shared_admin import ToServer, prepare_shared, send_shared
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import PC, ServerThread, enroll
from tests.integration.test_sync_shared import NEW, WITHDRAWN, new_catalog, procedure
from tests.integration.test_sync_shared_proof import add_accounts, post_shared, sign_in

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

PASSWORD = "matkhau-9"


@contextmanager
def server_session(server_db: str) -> Iterator[Any]:
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            yield s
    finally:
        st.close()


def add_office_admin(server_db: str) -> None:
    with server_session(server_db) as s:
        admin_staff.add_staff(
            s, "quantri_a", "Lê Văn An", "admin", PASSWORD, office=harness.OFFICE_A
        )
        admin_staff.add_staff(
            s, "giamsat_a", "Đỗ Minh Tâm", "supervisor", PASSWORD, office=harness.OFFICE_A
        )


class TokenSpy:
    """The PC's own HTTP client, noting the tokens the server hands out (the test's only way
    to hold the token the PC used, to try it again afterwards)."""

    def __init__(self, pc: PC) -> None:
        with pc.store.begin() as s:
            creds = credentials(s)
        assert creds is not None
        self.tokens: list[str] = []
        self.paths: list[tuple[str, int]] = []
        self.http = server_client(creds.server, 15.0, creds.ca_pem)
        self.http.event_hooks["response"].append(self._seen)

    def _seen(self, response: httpx.Response) -> None:
        response.read()
        self.paths.append((response.request.url.path, response.status_code))
        if response.request.url.path == "/v1/staff/login" and response.status_code == 200:
            self.tokens.append(str(response.json()["token"]))


def send(pc: PC, kind: str, payload: dict[str, Any], user: str, spy: TokenSpy, **kw: Any) -> Any:
    """As the admin window and the CLI do: prepared in the database, sent outside it."""
    with pc.store.begin() as s:
        step = prepare_shared(s, kind, payload, user, PASSWORD)
    assert isinstance(step, ToServer)
    return send_shared(step, user, PASSWORD, http=spy.http, **kw)


def events_since(server_db: str, first: int) -> list[tuple[str, str, str | None, str | None]]:
    with server_session(server_db) as s:
        rows = s.scalars(
            select(SecurityEvent).where(SecurityEvent.id > first).order_by(SecurityEvent.id)
        )
        return [(e.kind, e.outcome, e.username, e.address) for e in rows]


def last_event_id(server_db: str) -> int:
    with server_session(server_db) as s:
        return int(s.scalar(select(SecurityEvent.id).order_by(SecurityEvent.id.desc())) or 0)


def logout_request(pc: PC, token: str | None) -> dict[str, Any]:
    with pc.store.begin() as s:
        creds = credentials(s)
    assert creds is not None
    client = ServerClient(creds.server, None if token else creds, ca_pem=creds.ca_pem)
    client.staff_token = token
    try:
        return client.request("POST", "/v1/staff/logout")
    finally:
        client.close()


def test_the_admins_session_ends_after_the_change_and_the_pc_has_it_at_once(
    server: ServerThread, server_db: str, tmp_path: Any
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    c = enroll(tmp_path, "c", server.url, server_db, office=harness.OFFICE_B)
    add_accounts(server_db)
    add_office_admin(server_db)
    a.sync()
    first = last_event_id(server_db)

    # Applied: the token the PC signed in with is ended right after, and this PC (asked to
    # pull, as the admin window and the CLI do) has the new catalog without any sync run.
    spy = TokenSpy(a)
    out = send(a, "catalog.import", {"catalog": new_catalog()}, "quantri_tinh", spy, store=a.store)
    assert out.done and procedure(a, NEW) is not None
    assert procedure(c, NEW) is None  # office B's PC: at its own next pull
    assert ("/v1/staff/logout", 200) in spy.paths
    [token] = spy.tokens
    with pytest.raises(Refused) as no:
        post_shared(a, token, "procedure.set", {"code": NEW, "active": False})
    assert no.value.status == 401 and procedure(a, NEW)[1] is True  # type: ignore[index]
    with pytest.raises(Refused) as no:
        logout_request(a, token)  # already ended
    assert no.value.status == 401

    # Refused (an office's own admin): the session is ended all the same.
    spy = TokenSpy(a)
    with pytest.raises(KioskError, match="refused"):
        send(a, "procedure.set", {"code": WITHDRAWN, "active": False}, "quantri_a", spy)
    [token] = spy.tokens
    assert ("/v1/staff/logout", 200) in spy.paths
    with pytest.raises(Refused) as no:
        post_shared(a, token, "procedure.set", {"code": WITHDRAWN, "active": False})
    assert no.value.status == 401

    # Sign-out ends that session only: the account's other session goes on.
    one, two = sign_in(a, "quantri_tinh"), sign_in(a, "quantri_tinh")
    assert logout_request(a, one) == {"sessions_ended": 1}
    with pytest.raises(Refused) as no:
        post_shared(a, one, "procedure.set", {"code": NEW, "active": True})
    assert no.value.status == 401
    assert post_shared(a, two, "procedure.set", {"code": NEW, "active": True})["kind"]
    # A device's credentials are no staff session.
    with pytest.raises(Refused, match="not a device") as no:
        logout_request(a, None)
    assert no.value.status == 403

    logged = events_since(server_db, first)
    logouts = [e for e in logged if e[0] == "logout"]
    assert logouts == [
        ("logout", "ok", "quantri_tinh", "127.0.0.1"),
        ("logout", "ok", "quantri_a", "127.0.0.1"),
        ("logout", "ok", "quantri_tinh", "127.0.0.1"),
    ]


def test_a_sign_out_that_fails_is_not_the_users_concern(
    server: ServerThread, server_db: str, tmp_path: Any
) -> None:
    """The server refuses the sign-out (here: the session was ended meanwhile by `kiosk staff
    logout`): the change is still reported applied, and nothing is raised."""
    a = enroll(tmp_path, "a", server.url, server_db)
    enroll(tmp_path, "c", server.url, server_db, office=harness.OFFICE_B)
    add_accounts(server_db)
    a.sync()
    spy = TokenSpy(a)

    def end_all(response: httpx.Response) -> None:
        if response.request.url.path == "/v1/admin/shared":
            with server_session(server_db) as s:
                logout(s, "quantri_tinh")

    spy.http.event_hooks["response"].append(end_all)
    out = send(a, "procedure.set", {"code": WITHDRAWN, "active": False}, "quantri_tinh", spy)
    assert out.done
    assert ("/v1/staff/logout", 401) in spy.paths


def test_refused_requests_to_the_shared_endpoint_are_in_the_security_log(
    server: ServerThread, server_db: str, tmp_path: Any
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    enroll(tmp_path, "c", server.url, server_db, office=harness.OFFICE_B)
    add_accounts(server_db)
    add_office_admin(server_db)
    withdraw = {"code": WITHDRAWN, "active": False}
    first = last_event_id(server_db)

    def refused(token: str | None, kind: str, payload: Any, status: int) -> None:
        with pytest.raises(Refused) as no:
            post_shared(a, token, kind, payload)
        assert no.value.status == status, no.value

    r = httpx.post(server.url + "/v1/admin/shared", json={"kind": "procedure.set"})
    assert r.status_code == 401  # no credentials at all
    refused(None, "procedure.set", withdraw, 403)  # the device's own secret
    admin = sign_in(a, "quantri_tinh")
    forged = admin.rsplit(".", 1)[0] + ".not-the-secret"
    refused(forged, "procedure.set", withdraw, 401)
    refused(sign_in(a, "giamsat_a"), "procedure.set", withdraw, 403)
    refused(sign_in(a, "quantri_a"), "calendar.import", {"calendar": {}}, 403)
    expired = sign_in(a, "quantri_tinh")
    with server_session(server_db) as s:
        row = s.get(StaffToken, expired.split(".")[1])
        assert row is not None
        row.expires_at = now() - timedelta(minutes=1)
    refused(expired, "procedure.set", withdraw, 401)
    refused(admin, "procedure.drop", withdraw, 422)  # no such kind
    bad = new_catalog()
    bad["procedures"][0]["time_limit"] = {"value": "bốn"}
    refused(admin, "catalog.import", {"catalog": bad}, 422)  # the file's own checks
    refused(admin, "procedure.set", {"code": "KHONG.CO", "active": False}, 422)
    with server_session(server_db) as s:
        logout(s, "quantri_tinh")
    refused(admin, "procedure.set", withdraw, 401)

    logged = [e for e in events_since(server_db, first) if e[0] not in ("sign-in", "logout")]
    assert logged == [
        ("admin.shared", "missing", None, "127.0.0.1"),
        ("admin.shared", "device", f"device:{a.device_id}", "127.0.0.1"),  # body not read
        ("procedure.set", "wrong", None, "127.0.0.1"),
        ("procedure.set", "role", "giamsat_a", "127.0.0.1"),
        ("calendar.import", "role", "quantri_a", "127.0.0.1"),
        ("procedure.set", "expired", "quantri_tinh", "127.0.0.1"),
        ("admin.shared", "bad-request", "quantri_tinh", "127.0.0.1"),
        ("catalog.import", "bad-request", "quantri_tinh", "127.0.0.1"),
        ("procedure.set", "refused", "quantri_tinh", "127.0.0.1"),
        ("procedure.set", "revoked", "quantri_tinh", "127.0.0.1"),
    ]
    # nothing of a body in the log: only these columns, and no procedure or file text
    with server_session(server_db) as s:
        texts = [str(v) for e in s.scalars(select(SecurityEvent)) for v in vars(e).values()]
    assert not any(WITHDRAWN in t or "bốn" in t or "KHONG.CO" in t for t in texts)


def test_two_pulls_at_once_never_apply_an_older_page_over_a_newer_one(
    server: ServerThread, server_db: str, tmp_path: Any
) -> None:
    """The window's pull right after a change and the sync process's long poll wake together:
    the one that finds the cursor moved under it applies nothing and goes on from there."""
    from kiosk.services.context import get_setting
    from kiosk.sync.engine import Syncer

    a = enroll(tmp_path, "a", server.url, server_db)
    enroll(tmp_path, "c", server.url, server_db, office=harness.OFFICE_B)
    add_accounts(server_db)
    withdraw = {"code": WITHDRAWN, "active": False}
    post_shared(a, sign_in(a, "quantri_tinh"), "procedure.set", withdraw)
    spy = TokenSpy(a)
    other: list[int] = []

    def the_other_pull_first(response: httpx.Response) -> None:
        if response.request.url.path.endswith("/changes") and not other:
            other.append(a.syncer().pull(0))  # commits its pages before this one is applied

    spy.http.event_hooks["response"].append(the_other_pull_first)
    syncer = Syncer(a.store, http=spy.http)
    try:
        assert syncer.pull(0) == 0
    finally:
        syncer.close()
    assert other[0] > 0 and procedure(a, WITHDRAWN)[1] is False  # type: ignore[index]
    with a.store.begin() as s:
        assert int(get_setting(s, "sync_cursor") or 0) > 0
