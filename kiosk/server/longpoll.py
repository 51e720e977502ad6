"""`GET /v1/devices/{id}/changes?since=N&wait=S`: the long poll (docs/server.md, "Pull" and
"Capacity"). It waits on its office's event (kiosk.server.watch) with no query and no thread.

- Credentials: a long poll whose device credential this process verified lately (the
  credential cache, kiosk/server/credcache.py) runs no query for them; otherwise they are
  checked once, in the same transaction as the first read. `wait=0` (a PC paging through a
  pull) always checks them against the database, so its pages carry the device's `acked`
  read then; a cached long poll's answer carries no `acked` (it could predate a push).
- One answer per office wake: the polls that want the same page (office, cursor, size, public
  or not) share one read and one JSON encoding; each gets the same bytes.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from kiosk.server import auth, credcache
from kiosk.server.app import MAX_WAIT, _int_param, _state, guarded
from kiosk.server.pull import MAX_PAGE, Page, read_page


@dataclass(frozen=True)
class Answer:
    """A page as the bytes sent (shared by every poll woken for it)."""

    cursor: int
    more: bool
    body: bytes

    def response(self, acked: int | None) -> Response:
        body = self.body if acked is None else b'{"acked":%d,' % acked + self.body[1:]
        return Response(body, media_type="application/json")


def encode(page: Page, epoch: str) -> Answer:
    data = json.dumps(
        page.to_json(epoch), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode()
    return Answer(page.cursor, page.more, data)


@guarded
async def changes(request: Request) -> Response:
    state = _state(request)
    since = _int_param(request, "since", 0, 0, 2**62)
    wait = _int_param(request, "wait", 0, 0, int(MAX_WAIT))
    limit = _int_param(request, "limit", 500, 1, MAX_PAGE)
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    device_id, acked = request.path_params["device_id"], None
    watcher, rereads, store = state.watcher, 0, state.store
    known = credcache.known_device(ident, secret) if wait > 0 else None
    if known is not None and known.id != device_id:
        raise auth.AuthError("these credentials belong to another device", 403)
    # The office is known (a verified credential, or a hint from this device's last poll, to
    # be checked with its credentials): when the watcher has seen nothing for it after the
    # cursor, the poll listens at once and reads nothing.
    hint = known.agency if known is not None else state.agencies.get(device_id)
    woken = watcher.listen(hint) if hint else None
    quiet = hint is not None and watcher.current(hint, since)

    def first() -> tuple[credcache.DeviceCred, int, Answer | None]:
        mark = credcache.CACHE.mark()
        with store.begin() as s:  # one transaction: the empty round trip stays short
            device = auth.authenticate_device(s, ident, secret)
            if device.id != device_id:
                raise auth.AuthError("these credentials belong to another device", 403)
            found, last = credcache.device_cred(device), device.last_seq
            page = None
            if not (quiet and found.agency == hint):
                page = read_page(
                    s, found.agency, since, limit, state.seen_head, public=found.public
                )
        credcache.CACHE.put(ident, auth.hash_secret(secret), found, mark)
        return found, last, None if page is None else encode(page, state.epoch)

    def read() -> Answer:
        with store.begin() as s:
            page = read_page(s, agency, since, limit, state.seen_head, public=public)
        return encode(page, state.epoch)

    async def shared() -> Answer:
        # The polls of an office woken together read and encode the same page once
        return await watcher.shared_read((agency, since, limit, public), read)

    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    answer: Answer | None = None
    if known is None:  # checked now; `answer` is None when quiet for the office it named
        cred, acked, answer = await run_in_threadpool(first)
        state.agencies[device_id] = cred.agency
    else:
        cred = known
    agency, public = cred.agency, cred.public
    if answer is None and not (quiet and hint == agency):
        answer = await shared()
    while True:
        left = deadline - loop.time()
        if answer is not None:  # (None: quiet, nothing seen for this office after the cursor)
            state.seen_head = max(state.seen_head, answer.cursor)
            if answer.cursor != since or answer.more or left <= 0:
                return answer.response(acked)
            woken = watcher.listen(agency)
            if watcher.behind(agency, since) and rereads < 2:  # a change the read missed
                rereads += 1  # (bounded: a row whose scope changed since must not make a loop)
                answer = await shared()
                continue
        if woken is None or left <= 0:
            answer = await shared()
            continue
        # Nothing to do until the watcher sees a change for this office (or '*'): no query,
        # no thread, while waiting.
        if not await watcher.wait(agency, woken, left):
            return _empty(state.epoch, since).response(acked)
        # (no check whether the PC went away: the page is read once for all woken polls, and
        # asking the connection costs more than the bytes sent to a closed one)
        answer = await shared()


def _empty(epoch: str, since: int) -> Answer:
    return encode(Page(cursor=since, more=False, changes=[]), epoch)
