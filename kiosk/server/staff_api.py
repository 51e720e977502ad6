"""The staff's endpoints of the server API: sign-in, dossier lookups and department actions,
district reports (docs/server.md). Split from kiosk/server/app.py, whose helpers they use."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.server import actions, auth, credcache, logins, reports
from kiosk.server.app import _caller, _object, _state, guarded, read_json
from kiosk.wire.push import BadRequest


@guarded
async def staff_login(request: Request) -> Response:
    """Sign-in (kiosk.server.logins): throttled, one answer for every failure, logged."""
    address = request.client.host if request.client else "-"
    started = asyncio.get_running_loop().time()
    body = _object(await read_json(request, 64 * 1024))  # read first: the connection stays usable
    user, password = body.get("username"), body.get("password")
    if not isinstance(user, str) or not isinstance(password, str):
        raise BadRequest('"username" and "password" must be text')
    if len(user) > 200 or len(password) > 1000:
        raise BadRequest("the user name or the password is too long")
    result = logins.refused_early(address)
    if result is None:
        state = _state(request)

        def work() -> logins.SignIn:
            with state.store.begin() as s:  # commits the throttle and the log, whatever it says
                return logins.sign_in(s, user, password, address)

        try:
            result = await run_in_threadpool(work)
        finally:
            logins.done(address)
    if result.status != 200:  # every failure takes the same time, and a flood waits for it
        left = started + logins.FAILURE_TIME - asyncio.get_running_loop().time()
        if left > 0:
            await asyncio.sleep(left)
    return _sign_in_answer(result)


@guarded
async def staff_logout(request: Request) -> Response:
    """Sign-out: ends the session whose token this request carries, and only that one (the
    account's other sessions go on; `kiosk staff logout USER` ends them all). An ended or
    unknown token is 401, as everywhere else."""
    state = _state(request)
    address = request.client.host if request.client else None
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    if not ident.startswith("staff."):
        raise auth.AuthError("sign-out ends a staff session, not a device's credentials", 403)

    def work() -> int:
        with state.store.begin() as s:
            token = auth.authenticate_staff_token(s, ident[6:], secret)
            return logins.end_session(s, token, address)

    return JSONResponse({"sessions_ended": await run_in_threadpool(work)})


def _sign_in_answer(result: logins.SignIn) -> Response:
    if result.status == 200 and result.expires_at is not None:
        body = {"token": result.token, "role": result.role}
        return JSONResponse({**body, "expires_at": result.expires_at.isoformat()})
    headers = {"Retry-After": str(result.retry_after)} if result.retry_after else None
    return JSONResponse({"error": result.message}, status_code=result.status, headers=headers)


@guarded
async def dossier_lookup(request: Request) -> Response:
    state = _state(request)
    code = request.path_params["code"]

    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    known = credcache.known_caller(ident, secret)

    def work() -> dict[str, Any]:
        if known is not None:  # two reads, no transaction round trips (kiosk.store.db)
            if state.plain is not None:  # and no ORM session (a whole code, no department)
                with state.plain.connect() as conn:
                    answer = actions.quick_lookup(conn, known, code)
                if answer is not None:
                    return answer
            with state.store.autocommit() as s:
                return actions.dossier_lookup(s, known, code)
        with state.store.begin() as s:  # credentials and lookup: one transaction
            return actions.dossier_lookup(s, credcache.caller(s, ident, secret), code)

    return JSONResponse(await run_in_threadpool(work))


@guarded
async def dossier_action(request: Request) -> Response:
    state = _state(request)
    code, action = request.path_params["code"], request.path_params["action"]
    body = _object(await read_json(request, 64 * 1024))

    def work() -> dict[str, Any]:
        # A device credential acts as that device ("device:<id>"): a secret proves which PC
        # spoke, not who sat at it, so a name in the body is never taken (docs/server.md).
        caller = _caller(state.store, request)
        with state.store.begin() as s:
            d = actions.department_action(s, caller, code, action, body)
            return {"code": d.code, "status": d.status}

    result = await run_in_threadpool(work)
    state.notify()
    return JSONResponse(result)


@guarded
async def district_report(request: Request) -> Response:
    """Results (II.06a), queue, satisfaction or overdue watch across the offices
    (kiosk/server/reports.py)."""
    state = _state(request)
    kind = request.path_params["kind"]
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))

    def work() -> tuple[reports.ReportQuery, dict[str, Any], str]:
        with state.store.begin() as s:
            if not ident.startswith("staff."):
                raise auth.AuthError(
                    "the district reports need a supervisor's or an admin's sign-in "
                    "(POST /v1/staff/login)",
                    403,
                )
            staff = auth.authenticate_staff(s, ident[6:], secret)
            reports.check_reporter(staff.role)
            q = reports.parse_query(kind, request.query_params)
            obj, csv = reports.district_report(s, actions.staff_caller(s, staff), q)
            return q, obj, csv

    q, obj, csv = await run_in_threadpool(work)
    if q.format == "csv":
        name = f"{q.kind}-{q.start}-{q.end}.csv"
        return Response(
            "\ufeff" + csv,  # a BOM: Excel then reads the UTF-8 Vietnamese letters
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return JSONResponse(obj)
