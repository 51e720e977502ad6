"""`POST /v1/admin/shared`: the catalog or the holiday calendar changed by a signed-in admin.

On a server of several offices the catalog and the calendar are every office's, so a PC's
device credential cannot change them (a secret proves the PC, not the person:
kiosk.services.admin_sync.check_shared_scope refuses them in a push). The admin window and
`kiosk catalog|calendar import --as USER` sign the admin in (`POST /v1/staff/login`, with the
password typed there and then) and send the change here with that staff token, at once: the
server checks that the token's account is an active admin of all offices, applies the change
with the same functions as a push (kiosk.services.admin_sync.apply_shared) and stamps the
`catalog` and `calendar` entries, which every PC of every office pulls. Nothing waits in a
PC's outbox, so no token is ever stored (docs/server.md, "Administration").

Body: `{"kind": "catalog.import" | "procedure.set" | "calendar.import", "payload": {...}}`,
checked as the push checks it (kiosk.wire.shared), after the token (an unknown caller cannot
make the server parse a catalog). Answer: `{"kind", "result"}`.

Every answer is one row of `security_event`, as sign-ins are: kind the change's kind (or
`admin.shared` when the body names none), outcome `ok` or why it was refused (`missing`,
`wrong`, `device`, `revoked`, `expired`, `disabled`, `role`, `bad-request`, `refused`), the
account (or `device:<id>`) only when the credential's secret matched, and the client address.
Never the body: a catalog holds no personal data, but the log has no use for it either.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.errors import KioskError
from kiosk.server import auth, logins
from kiosk.server.app import _object, _state, guarded, read_json
from kiosk.server.changes import stamp
from kiosk.server.config import refresh_config
from kiosk.server.ratelog import limited, where
from kiosk.services.admin_sync import SHARED_KINDS, apply_shared, check_shared_admin
from kiosk.services.context import now
from kiosk.store.db import Store
from kiosk.store.server_models import Device, StaffToken
from kiosk.wire.fields import WireError
from kiosk.wire.push import BadRequest
from kiosk.wire.shared import check_shared

ENDPOINT_KIND = "admin.shared"  # a refused request that names no change kind


def _result(result: Any) -> Any:
    if hasattr(result, "as_dict"):  # a catalog's diff
        return result.as_dict()
    return result


@dataclass
class _Asked:
    kind: str = ENDPOINT_KIND


@guarded
async def shared_change(request: Request) -> Response:
    state = _state(request)
    address = request.client.host if request.client else None
    asked = _Asked()
    try:
        answer = await _shared_change(request, state.store, address, asked)
    except (BadRequest, KioskError) as exc:  # AuthError is a KioskError
        header = request.headers.get("authorization")
        await run_in_threadpool(log_refusal, state.store, header, address, asked.kind, exc)
        raise
    state.notify()
    return JSONResponse(answer)


async def _shared_change(
    request: Request, store: Store, address: str | None, asked: _Asked
) -> dict[str, Any]:
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    if not ident.startswith("staff."):
        raise auth.AuthError(
            "the catalog and the holiday calendar are changed with an admin's sign-in "
            "(POST /v1/staff/login), not with a device's credentials",
            403,
        )
    body = _object(await read_json(request))
    kind, payload = body.get("kind"), body.get("payload")
    if kind in SHARED_KINDS:
        asked.kind = str(kind)

    def admin(s: Session) -> str:
        staff = auth.authenticate_staff(s, ident[6:], secret)
        try:
            check_shared_admin(s, staff)
        except KioskError as exc:
            raise auth.AuthError(str(exc), 403) from None
        return staff.username

    def work() -> dict[str, Any]:
        with store.begin() as s:  # who first: an unknown caller never gets a catalog parsed
            admin(s)
        if kind not in SHARED_KINDS:
            raise BadRequest(f'"kind" must be one of {", ".join(SHARED_KINDS)}')
        try:
            check_shared(str(kind), payload)  # off the event loop: a catalog of a few MiB
        except WireError as exc:
            raise BadRequest(str(exc)) from None
        assert isinstance(payload, dict)  # check_shared refuses anything else
        with store.begin() as s:
            username = admin(s)  # again, in the transaction that applies
            p = {**payload, "by": username}  # who is proven, never who is claimed
            with s.begin_nested():
                result = apply_shared(s, str(kind), p)
                s.flush()
            stamp(s, refresh_config(s))
            logins.security_event(s, str(kind), "ok", username, address)
            return {"kind": kind, "result": _result(result)}

    return await run_in_threadpool(work)


def log_refusal(
    store: Store, header: str | None, address: str | None, kind: str, exc: Exception
) -> None:
    """One `security_event` row for a refused request, in a transaction of its own (the
    refused one was rolled back). Best effort: a database that cannot take it changes nothing
    of the answer, which stays the refusal."""
    try:
        with store.begin() as s:
            who, outcome = _credential(s, header)
            if outcome == "valid":
                if isinstance(exc, BadRequest):
                    outcome = "bad-request"
                elif isinstance(exc, auth.AuthError) and exc.status == 403:
                    outcome = "role"
                else:
                    outcome = "refused"  # e.g. no procedure with that code
            logins.security_event(s, kind, outcome, who, address)
    except Exception as exc2:  # noqa: BLE001 - the refusal is answered whatever the log does
        limited.warning("a refused shared change could not be logged: %s", where(exc2))


def _credential(s: Session, header: str | None) -> tuple[str | None, str]:
    """Whose credential this is (only when its secret matches) and its state, read without
    changing anything (a device's rotation is not completed here)."""
    try:
        ident, secret = auth.parse_bearer(header)
    except auth.AuthError:
        return None, "missing"
    given = auth.hash_secret(secret)
    if ident.startswith("staff."):
        token = s.get(StaffToken, ident[6:]) if len(ident) <= 38 else None
        if token is None or not hmac.compare_digest(token.secret_hash, given):
            return None, "wrong"
        name = token.staff.username
        if token.revoked_at is not None:
            return name, "revoked"
        if token.expires_at < now():
            return name, "expired"
        return (name, "valid") if token.staff.active else (name, "disabled")
    device = s.get(Device, ident) if len(ident) <= 32 else None
    hashes = (device.secret_hash, device.next_secret_hash) if device is not None else ()
    if device is None or not any(h and hmac.compare_digest(h, given) for h in hashes):
        return None, "wrong"
    return f"device:{device.id}"[:80], "device"
