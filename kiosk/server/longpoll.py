"""`GET /v1/devices/{id}/changes?since=N&wait=S`: the long poll (docs/server.md, "Pull" and
"Capacity"). It waits on its office's event (kiosk.server.watch) with no query and no thread;
credentials are checked once per request."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.privacy.roles import public_only
from kiosk.server import auth
from kiosk.server.app import MAX_WAIT, _int_param, _state, guarded
from kiosk.server.pull import MAX_PAGE, Page, read_page


@guarded
async def changes(request: Request) -> Response:
    state = _state(request)
    since = _int_param(request, "since", 0, 0, 2**62)
    wait = _int_param(request, "wait", 0, 0, int(MAX_WAIT))
    limit = _int_param(request, "limit", 500, 1, MAX_PAGE)
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    device_id, acked = request.path_params["device_id"], None
    agency, public = "", True
    watcher, rereads = state.watcher, 0
    # A device seen before: its office (checked again with its credentials) is known, so when
    # the watcher has seen nothing for it after the cursor, the poll listens at once and only
    # authenticates: no read of the change log at all.
    hint = state.agencies.get(device_id)
    woken = watcher.listen(hint) if hint else None
    quiet = hint is not None and watcher.current(hint, since)

    def first() -> Page | None:
        nonlocal acked, agency, public
        with state.store.begin() as s:  # one transaction: the empty round trip stays short
            device = auth.authenticate_device(s, ident, secret)  # once per request
            if device.id != device_id:
                raise auth.AuthError("these credentials belong to another device", 403)
            acked, agency = device.last_seq, device.agency_code
            public = public_only(device.roles)  # minimisation by role (issue 16)
            if quiet and agency == hint:
                return None
            return read_page(s, agency, since, limit, state.seen_head, public=public)

    def read() -> Page:
        with state.store.begin() as s:
            return read_page(s, agency, since, limit, state.seen_head, public=public)

    async def shared() -> Page:
        # The polls of an office woken together read the same page once (kiosk.server.watch)
        return await watcher.shared_read((agency, since, limit, public), read)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    page = await run_in_threadpool(first)
    state.agencies[device_id] = agency
    while True:
        left = deadline - loop.time()
        if page is None:  # quiet: nothing seen for this office after the cursor
            page = Page(cursor=since, more=False, changes=[])
            if hint != agency:
                woken = None
        else:
            state.seen_head = max(state.seen_head, page.cursor)
            if page.cursor != since or page.more or left <= 0:
                return JSONResponse(replace(page, acked=acked).to_json(state.epoch))
            woken = watcher.listen(agency)
            if watcher.behind(agency, since) and rereads < 2:  # a change the read missed
                rereads += 1  # (bounded: a row whose scope changed since must not make a loop)
                page = await shared()
                continue
        if woken is None or left <= 0:
            page = await shared()
            continue
        # Nothing to do until the watcher sees a change for this office (or '*'): no query,
        # no thread, while waiting.
        if not await watcher.wait(agency, woken, left):
            return JSONResponse(replace(page, acked=acked).to_json(state.epoch))
        if await request.is_disconnected():  # the PC went away: stop waiting for it
            return Response(status_code=204)
        page = await shared()
