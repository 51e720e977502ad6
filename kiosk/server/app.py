"""The district server's HTTP API (Starlette on uvicorn; docs/server.md has the why and the API).

Handlers are async only to wait cheaply (long polls); all database work runs in the thread
pool, one transaction per request step. Any refusal is a 4xx with `{"error": sentence}` and
changes nothing; a database outage is a 503 the PCs retry later.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.errors import KioskError, NotFound
from kiosk.server import actions, auth, credcache, logins, restore
from kiosk.server.changes import head, stamp
from kiosk.server.config import bootstrap, check_config, refresh_config
from kiosk.server.credcache import DeviceCred
from kiosk.server.limits import BODY_TIMEOUT, loop_exception_handler
from kiosk.server.pull import CursorReset
from kiosk.server.push import PushOutcome, PushRefused, push
from kiosk.server.ratelog import db_cause, limited, os_cause, where
from kiosk.server.relay import relay_outbox
from kiosk.server.watch import Watcher, watch
from kiosk.services.context import get_setting
from kiosk.store.db import Store, is_sqlite
from kiosk.store.server_models import Device
from kiosk.wire.push import MAX_BODY_BYTES, BadRequest, parse_push

log = logging.getLogger("kiosk.server")
MAX_WAIT = 30.0
THREADS = 16  # request threads; the database pool has as many connections (kiosk.server.run)


@dataclass
class State:
    store: Store
    epoch: str = ""
    seen_head: int = 0  # a change number known to exist (cursor checks skip a query)
    home: Path | None = None  # where the highest change number served is remembered
    remembered: int = -1
    watcher: Watcher = field(default_factory=Watcher)
    agencies: dict[str, str] = field(default_factory=dict)  # device -> its office (a hint)
    plain: Engine | None = None  # PostgreSQL: the pool's connections in autocommit (lookups)

    def notify(self) -> None:
        """This process wrote a change: the watcher looks at once (called on the event loop)."""
        self.watcher.poke()


def _error(message: str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


async def read_json(request: Request, limit: int = MAX_BODY_BYTES) -> Any:
    return decode_json(await read_body(request, limit))


def decode_json(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise BadRequest("the body is not valid JSON", 400) from None


def _parse_push_body(raw: bytes) -> Any:
    return parse_push(decode_json(raw))


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise BadRequest(f"the body is larger than {limit // (1024 * 1024)} MiB", 413)
    chunks: list[bytes] = []

    async def gather() -> None:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BadRequest(f"the body is larger than {limit // (1024 * 1024)} MiB", 413)
            chunks.append(chunk)

    try:  # a body sent a byte at a time must not hold the connection for ever
        await asyncio.wait_for(gather(), BODY_TIMEOUT)
    except TimeoutError:
        raise BadRequest(f"the body did not arrive within {BODY_TIMEOUT:.0f} s", 408) from None
    return b"".join(chunks)


def _no_constant(name: str) -> None:
    raise ValueError(name)


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


Handler = Callable[[Request], Awaitable[Response]]


def guarded(fn: Handler) -> Handler:
    """Every refusal as one JSON sentence; the server keeps serving whatever it was sent."""

    async def wrapper(request: Request) -> Response:
        try:
            return await fn(request)
        except BadRequest as exc:
            return _error(str(exc), exc.status)
        except auth.AuthError as exc:
            return _error(str(exc), exc.status)
        except PushRefused as exc:
            return _error(str(exc), 409, expected=exc.expected)
        except CursorReset as exc:
            return _error(str(exc), 410, reset=True)
        except NotFound as exc:
            return _error(str(exc), 404)
        except KioskError as exc:
            return _error(str(exc), 422)
        except IntegrityError as exc:
            # Never the database's own text: its DETAIL line quotes the values (personal data).
            log.info("%s %s: refused by the database (%s)", request.method, request.url.path,
                     db_cause(exc))  # fmt: skip
            return _error("the change conflicts with the server's data (a duplicate?)", 409)
        except (OperationalError, DBAPIError) as exc:
            limited.warning("database unavailable: %s", db_cause(exc))
            return _error("the server's database is unavailable; try again later", 503)
        except OSError as exc:
            cause = os_cause(exc)
            limited.warning("%s %s: %s", request.method, request.url.path, cause, key=cause)
            return _error("the server is overloaded; try again later", 503)
        except Exception as exc:  # a bug: its class and place, never its text (it may quote data)
            place = where(exc)  # one line per bug (its class and line), not one for all bugs
            limited.error("%s %s failed: %s", request.method, request.url.path, place, key=place)
            return _error("the server failed to handle this request", 500)

    return wrapper


def _state(request: Request) -> State:
    state: State = request.app.state.kiosk
    return state


def _device(store: Store, request: Request) -> Device:
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    with store.begin() as s:
        device = auth.authenticate_device(s, ident, secret)
        s.flush()  # a rotation's first use (the old secret ends) before the object leaves
        s.expunge(device)
    if device.id != request.path_params.get("device_id", device.id):
        raise auth.AuthError("these credentials belong to another device", 403)
    return device


async def known_device(state: State, request: Request) -> tuple[DeviceCred, int | None]:
    """The calling device: from the credential cache on the event loop (no query, no thread),
    else checked against the database. The second value is its acknowledged sequence when
    that was read now (None from the cache: it may be older than a push since)."""
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    acked: int | None = None
    hit = credcache.known_device(ident, secret)
    if hit is None:
        cred, acked = await run_in_threadpool(credcache.verify_device, state.store, ident, secret)
    else:
        cred = hit
    if cred.id != request.path_params.get("device_id", cred.id):
        raise auth.AuthError("these credentials belong to another device", 403)
    return cred, acked


def _caller(store: Store, request: Request) -> actions.Caller:
    with store.begin() as s:
        return _caller_in(s, request)


def _caller_in(s: Session, request: Request) -> actions.Caller:
    ident, secret = auth.parse_bearer(request.headers.get("authorization"))
    return credcache.caller(s, ident, secret)


async def health(request: Request) -> Response:
    state = _state(request)
    # woken/waiting: long polls woken so far and waiting now; reads: pages read for them;
    # credential_hits: credentials known without a query — in this process (capacity tests)
    w, c = state.watcher, credcache.CACHE
    return JSONResponse(
        {
            "ok": True,
            "epoch": state.epoch,
            "woken": w.woken,
            "waiting": w.waiting,
            "reads": w.reads,
            "credential_hits": c.hits,
        }
    )


@guarded
async def ca_certificate(request: Request) -> Response:
    """The server's CA certificate (public): an enrolling PC checks it against its code."""
    state = _state(request)

    def read() -> str | None:
        with state.store.begin() as s:
            return get_setting(s, auth.CA_SETTING) or None

    pem = await run_in_threadpool(read)
    if pem is None:
        raise NotFound("this server runs without TLS (--insecure-http)")
    return JSONResponse({"ca_pem": pem})


@guarded
async def enroll(request: Request) -> Response:
    body = _object(await read_json(request, 64 * 1024))
    code, name, first = body.get("code"), body.get("name", ""), body.get("first_seq", 1)
    if not isinstance(code, str) or not isinstance(name, str):
        raise BadRequest('"code" and "name" must be text')
    if not isinstance(first, int) or isinstance(first, bool) or first < 1:
        raise BadRequest('"first_seq" must be a whole number from 1')
    state = _state(request)

    def work() -> dict[str, Any]:
        with state.store.begin() as s:
            e = auth.enroll(s, code, name, first)
            # An office added since the last look (add-device on a running server) must reach
            # its first PC now, not at the next minute's check.
            stamp(s, refresh_config(s))
            return {
                "device_id": e.device.id,
                "secret": e.secret,
                "agency_code": e.device.agency_code,
                "agency_name": e.agency_name,
                "code_slot": e.device.code_slot,
                "code_slots": e.device.code_slots,
                "sequences": e.sequences,
                "epoch": state.epoch,
            }

    return JSONResponse(await run_in_threadpool(work), status_code=201)


@guarded
async def device_info(request: Request) -> Response:
    device = await run_in_threadpool(_device, _state(request).store, request)
    return JSONResponse(
        {
            "device_id": device.id,
            "agency_code": device.agency_code,
            "acked": device.last_seq,
            "code_slot": device.code_slot,
            "code_slots": device.code_slots,
        }
    )


@guarded
async def rotate_secret(request: Request) -> Response:
    """A new device secret (docs/server.md, threat model): the old one works until the new
    one is first used."""
    state = _state(request)
    device = await run_in_threadpool(_device, state.store, request)

    def work() -> dict[str, Any]:
        with state.store.begin() as s:
            secret = auth.rotate_secret(s, device)
            logins.security_event(s, "rotate", "ok", f"device:{device.id}"[:80], None)
            return {"secret": secret}

    return JSONResponse(await run_in_threadpool(work))


@guarded
async def push_batch(request: Request) -> Response:
    state = _state(request)
    device, _ = await known_device(state, request)
    raw = await read_body(request)

    def work() -> PushOutcome:
        # A 500-mutation body takes ~10 ms to decode and check: not on the event loop; and
        # decoding and applying in one trip to the thread pool (each trip costs a hand-over)
        return push(state.store, device.id, _parse_push_body(raw))

    outcome = await run_in_threadpool(work)
    if outcome.changed:
        state.notify()
    return JSONResponse(outcome.to_json())


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a whole number, not {raw[:20]!r}", 400) from None
    if not low <= value <= high:
        raise BadRequest(f"'{name}' must be from {low} to {high}", 400)
    return value


@guarded
async def call_next(request: Request) -> Response:
    state = _state(request)
    device, _ = await known_device(state, request)
    body = _object(await read_json(request, 64 * 1024))
    counter, actor = body.get("counter"), body.get("actor", f"device:{device.id}")
    if not isinstance(counter, int) or isinstance(counter, bool) or not isinstance(actor, str):
        raise BadRequest('"counter" must be a counter number and "actor" a user name')

    def work() -> dict[str, Any]:
        with state.store.begin() as s:
            return actions.call_next(s, device.agency, counter, actor[:80], device.id)

    result = await run_in_threadpool(work)
    state.notify()
    return JSONResponse(result)


async def _housekeeping(state: State) -> None:
    """Relay foreign writes every 2 s; look for catalog/calendar/queue edits every minute."""
    ticks = 0
    while True:
        await asyncio.sleep(2.0)
        ticks += 1
        try:
            if state.home is not None:
                await run_in_threadpool(_remember_head, state)
            relayed = await run_in_threadpool(relay_outbox, state.store)
            changed = ticks % 30 == 0 and await run_in_threadpool(check_config, state.store)
            if relayed or changed:
                state.notify()
        except (OperationalError, DBAPIError, IntegrityError) as exc:
            limited.warning("housekeeping skipped: %s", db_cause(exc))
        except OSError as exc:  # the state file (a full disk): the loop goes on
            limited.warning("housekeeping skipped: %s", os_cause(exc))


def _remember_head(state: State) -> None:
    """The highest change number served, for the restore check at start (kiosk.server.restore)."""
    with state.store.begin() as s:
        seen = head(s)
    if seen != state.remembered and state.home is not None:
        restore.remember(state.home, state.epoch, seen)
        state.remembered = seen


def create_app(store: Store, *, housekeeping: bool = True, home: Path | None = None) -> Starlette:
    """The ASGI app over an opened, migrated store (`kiosk server` opens it). `home`: the
    data folder where the server remembers how far its change log went."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        asyncio.get_running_loop().set_exception_handler(loop_exception_handler)
        # as many request threads as database connections (kiosk.server.run.open_server_store)
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        state = State(store, home=home)
        if not is_sqlite(store.engine):
            state.plain = store.engine.execution_options(isolation_level="AUTOCOMMIT")
        state.epoch = await run_in_threadpool(bootstrap, store)
        app.state.kiosk = state
        watching = watch(state.watcher, store, credentials=credcache.CACHE.seen_generation)
        tasks = [asyncio.create_task(watching)]
        if housekeeping:
            tasks.append(asyncio.create_task(_housekeeping(state)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            if home is not None:  # the last head served, for the restore check at next start
                with contextlib.suppress(OperationalError, DBAPIError, OSError):
                    await run_in_threadpool(_remember_head, state)

    from kiosk.server.longpoll import changes  # they use this module's helpers
    from kiosk.server.shared_admin import shared_change
    from kiosk.server.staff_api import (
        district_report,
        dossier_action,
        dossier_lookup,
        staff_login,
        staff_logout,
    )

    routes = [
        Route("/v1/health", health),
        Route("/v1/ca", ca_certificate),
        Route("/v1/enroll", enroll, methods=["POST"]),
        Route("/v1/devices/{device_id}", device_info),
        Route("/v1/devices/{device_id}/push", push_batch, methods=["POST"]),
        Route("/v1/devices/{device_id}/rotate", rotate_secret, methods=["POST"]),
        Route("/v1/devices/{device_id}/changes", changes),
        Route("/v1/devices/{device_id}/queue/call-next", call_next, methods=["POST"]),
        Route("/v1/staff/login", staff_login, methods=["POST"]),
        Route("/v1/staff/logout", staff_logout, methods=["POST"]),
        Route("/v1/dossiers/{code}", dossier_lookup),
        Route("/v1/dossiers/{code}/actions/{action}", dossier_action, methods=["POST"]),
        Route("/v1/reports/{kind}", district_report),
        Route("/v1/admin/shared", shared_change, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
