"""The catalog and the holiday calendar changed from an enrolled PC (docs/server.md,
"Administration").

On a server of one office (the office entry says `server_offices: 1`, setting
`sync_server_offices`) the change is recorded in the outbox like any admin change and waits
for the server when it is away (kiosk.services.admin_sync.submit): the PC's own office scope
is enough. On a server of several offices the catalog and the calendar are every office's,
and a PC's device credential proves the PC, not the person: the admin's password, typed for
this change, signs the admin in to the server (`POST /v1/staff/login`) and the change goes
with that staff token to `POST /v1/admin/shared` at once (kiosk.server.shared_admin). The
server must then be reachable; when it is not, nothing is recorded and the sentence says so.
The password and the token stay in memory for this one call: nothing is written to the
outbox, a setting or a log, and the session ends on the server right after the change, applied
or refused (`POST /v1/staff/logout`, best effort: a token not ended there still expires).
Once the server applied it, this PC pulls at once (`pull_now`), so its own catalog and calendar
(and the admin window's table) show the change without waiting for the sync process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.admin_sync import Outcome, dry_run, enrolled, submit
from kiosk.services.context import get_setting
from kiosk.store.db import Store
from kiosk.sync.client import Credentials, Offline, Refused, ServerClient, SyncError
from kiosk.sync.engine import Syncer, credentials, not_enrolled

log = logging.getLogger("kiosk.sync")

TIMEOUT = 120.0  # a catalog of a few MiB is imported in a few seconds on the server
SIGN_OUT_TIMEOUT = 5.0  # best effort: the user does not wait long for it


class ProofNeeded(KioskError):
    """The admin's password is needed for this change (a server of several offices)."""


def needs_proof(session: Session) -> bool:
    """Whether a catalog or calendar change from this PC needs an admin signed in to the
    server (an enrolled PC whose server has, or may have, several offices)."""
    return enrolled(session) and get_setting(session, "sync_server_offices") != "1"


@dataclass(frozen=True)
class ToServer:
    """A change checked on this PC that the server must apply with the admin's sign-in."""

    kind: str
    payload: dict[str, Any]
    result: Any  # what the PC's own dry run said it does (a catalog's diff, the days, ...)
    creds: Credentials


def submit_shared(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    username: str | None = None,
    password: str | None = None,
    *,
    http: httpx.Client | None = None,
) -> Outcome:
    """Apply (here, a PC standing alone), record for the server (a server of one office), or
    have the server apply it now with the admin's sign-in (a server of several offices)."""
    step = prepare_shared(session, kind, payload, username, password)
    if isinstance(step, Outcome):
        return step
    assert username and password is not None
    return send_shared(step, username, password, http=http)


def prepare_shared(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    username: str | None = None,
    password: str | None = None,
) -> Outcome | ToServer:
    """The part in this PC's database: done or pending (an Outcome), or what to send."""
    if not needs_proof(session):
        return submit(session, kind, payload)
    result = dry_run(session, kind, payload)  # a bad file is refused before the server
    if not username or password is None:
        raise ProofNeeded(
            "the catalog and the holiday calendar are shared by every office of the server: "
            "an admin of all offices must sign in to the server for this change (--as USER)",
            "Danh mục và lịch nghỉ dùng chung cho mọi đơn vị của máy chủ: cần quản trị viên "
            "của mọi đơn vị nhập mật khẩu để máy chủ xác nhận.",
        )
    creds = credentials(session)
    if creds is None:
        raise not_enrolled()
    return ToServer(kind, {k: v for k, v in payload.items() if k != "by"}, result, creds)


def send_shared(
    step: ToServer,
    username: str,
    password: str,
    *,
    http: httpx.Client | None = None,
    store: Store | None = None,
) -> Outcome:
    """Sign the admin in, have the server apply the change, sign out; no database of this PC
    is held meanwhile (the network may take seconds). With `store` (no transaction of it
    open), this PC then pulls what the server now has (`pull_now`)."""
    creds = step.creds
    client = ServerClient(creds.server, http=http, ca_pem=creds.ca_pem, timeout=TIMEOUT)
    try:
        client.staff_token = _sign_in(client, username, password)
        body = {"kind": step.kind, "payload": step.payload}
        client.request("POST", "/v1/admin/shared", json=body)
    except Offline:
        raise KioskError(
            "the server cannot be reached: on a server of several offices the catalog and the "
            "holiday calendar change only while the server answers, and nothing was recorded",
            "Không kết nối được máy chủ: danh mục và lịch nghỉ dùng chung chỉ thay đổi được "
            "khi máy chủ trả lời. Chưa ghi nhận gì; thử lại khi có mạng.",
        ) from None
    except Refused as exc:
        reason = str(exc.data.get("error") or exc)
        raise KioskError(
            f"the server refused: {reason}",
            f"Máy chủ từ chối: tài khoản {username} không thay đổi được danh mục và lịch dùng "
            "chung (chỉ quản trị viên của mọi đơn vị)."
            if exc.status == 403
            else f"Máy chủ từ chối thay đổi này: {reason}",
        ) from None
    finally:
        _sign_out(client)
        client.close()
    if store is not None:
        pull_now(store, http=http)
    return Outcome(step.kind, step.payload, True, step.result)


def _sign_out(client: ServerClient) -> None:
    """End the staff session on the server now rather than in 12 hours; a failure is not the
    user's concern (the token is forgotten here and expires there)."""
    if not client.staff_token:
        return
    try:
        client.request("POST", "/v1/staff/logout", timeout=SIGN_OUT_TIMEOUT)
    except (SyncError, OSError) as exc:  # Offline, Refused (already ended), ...
        log.info("the staff session was not ended on the server: %s", type(exc).__name__)
    finally:
        client.staff_token = None


def pull_now(store: Store, *, http: httpx.Client | None = None) -> int:
    """Pull the server's changes now (a change the server just applied: the catalog and
    calendar entries it stamped), as the sync process would at its next poll; returns how
    many entries were applied. Best effort: the sync process brings them anyway. Two pulls at
    once (this one and the sync process's) are safe: each page is applied only from the
    cursor it was asked from (kiosk.sync.engine.Syncer.pull)."""
    syncer: Syncer | None = None
    try:
        syncer = Syncer(store, http=http)
        return syncer.pull(0)
    except (KioskError, OSError) as exc:
        log.info("pull after a shared change: %s", type(exc).__name__)
        return 0
    finally:
        if syncer is not None:
            syncer.close()


def _sign_in(client: ServerClient, username: str, password: str) -> str:
    try:
        data = client.request(
            "POST", "/v1/staff/login", json={"username": username, "password": password}
        )
    except Refused as exc:
        reason = str(exc.data.get("error") or exc)
        vi = (
            "Máy chủ tạm khoá đăng nhập sau nhiều lần sai; thử lại sau ít phút."
            if exc.status == 429
            else "Máy chủ không chấp nhận tên đăng nhập hoặc mật khẩu này."
        )
        raise KioskError(f"the server refused the sign-in of {username}: {reason}", vi) from None
    token = data.get("token")
    if not isinstance(token, str):
        raise SyncError(f"the server at {client.server} did not answer as a district server")
    return token
