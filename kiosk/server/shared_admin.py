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
checked as the push checks it (kiosk.wire.shared). Answer: `{"kind", "result"}`.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.errors import KioskError
from kiosk.server import auth, logins
from kiosk.server.app import _object, _state, guarded, read_json
from kiosk.server.changes import stamp
from kiosk.server.config import refresh_config
from kiosk.services.admin_sync import SHARED_KINDS, apply_shared, check_shared_admin
from kiosk.wire.fields import WireError
from kiosk.wire.push import BadRequest
from kiosk.wire.shared import check_shared


def _result(result: Any) -> Any:
    if hasattr(result, "as_dict"):  # a catalog's diff
        return result.as_dict()
    return result


@guarded
async def shared_change(request: Request) -> Response:
    state = _state(request)
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    if not ident.startswith("staff."):
        raise auth.AuthError(
            "the catalog and the holiday calendar are changed with an admin's sign-in "
            "(POST /v1/staff/login), not with a device's credentials",
            403,
        )
    body = _object(await read_json(request))
    kind, payload = body.get("kind"), body.get("payload")
    if kind not in SHARED_KINDS:
        raise BadRequest(f'"kind" must be one of {", ".join(SHARED_KINDS)}')
    try:
        check_shared(str(kind), payload)
    except WireError as exc:
        raise BadRequest(str(exc)) from None
    assert isinstance(payload, dict)  # check_shared refuses anything else
    address = request.client.host if request.client else None

    def work() -> dict[str, Any]:
        with state.store.begin() as s:
            staff = auth.authenticate_staff(s, ident[6:], secret)
            try:
                check_shared_admin(s, staff)
            except KioskError as exc:
                raise auth.AuthError(str(exc), 403) from None
            p = {**payload, "by": staff.username}  # who is proven, never who is claimed
            with s.begin_nested():
                result = apply_shared(s, str(kind), p)
                s.flush()
            stamp(s, refresh_config(s))
            logins.security_event(s, str(kind), "ok", staff.username, address)
            return {"kind": kind, "result": _result(result)}

    answer = await run_in_threadpool(work)
    state.notify()
    return JSONResponse(answer)
