"""Waking long polls: one watcher per server process, per office, only when something changed.

A waiting long poll (`GET /v1/devices/{id}/changes?wait=N`) costs no query and no thread: it
waits on its office's event. The watcher reads the change log's head (one row) every
WATCH_EVERY seconds, or at once when this process wrote a change (`poke`); when the head
moved it asks which scopes changed since its last look (the index on seq makes that a read of
the new rows), and wakes those offices' polls — all of them for a '*' change (catalog,
calendar). A poll that read nothing checks, on the event loop, whether the watcher has
meanwhile seen a change for its office after its cursor (`behind`): then it reads again, else
it waits, and the watcher's next look wakes it. Changes written by another server process (another
worker, `kiosk` commands on the server's database) are seen within WATCH_EVERY.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool

from kiosk.server.changes import SCOPE_ALL
from kiosk.server.ratelog import db_cause, limited
from kiosk.store.db import Store
from kiosk.store.server_models import CredentialClock, SyncChange, SyncClock

T = TypeVar("T")
WATCH_EVERY = 0.5  # seconds: how soon another process's change wakes this one's polls


@dataclass
class Watcher:
    seen: int = -1  # the change-log head at the last look (-1: not looked yet)
    tops: dict[str, int] = field(default_factory=dict)  # scope -> its latest change seen
    start: int = -1  # the head at the first look: `tops` knows every change after it
    looks: int = 0  # looks that found changes (a read shared after a wake began after it)
    inflight: dict[Hashable, tuple[int, asyncio.Future[Any]]] = field(default_factory=dict)
    woken: int = 0  # long polls woken so far (health shows it; tests count on it)
    reads: int = 0  # pages read by shared_read (one per office wake, however many polls)
    events: dict[str, asyncio.Event] = field(default_factory=dict)
    listening: Counter[str] = field(default_factory=Counter)
    _poke: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def waiting(self) -> int:
        return sum(self.listening.values())

    def poke(self) -> None:
        self._poke.set()

    def listen(self, office: str) -> asyncio.Event:
        """The event set at the office's next change (take it before checking for changes)."""
        event = self.events.get(office)
        if event is None:
            event = self.events[office] = asyncio.Event()
        return event

    async def wait(self, office: str, event: asyncio.Event, timeout: float) -> bool:
        """True if woken by a change, False at the timeout."""
        self.listening[office] += 1
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self.listening[office] -= 1
            if self.listening[office] <= 0:
                del self.listening[office]

    def behind(self, office: str, cursor: int) -> bool:
        """Has the watcher seen a change for this office after `cursor`? (A poll that read
        nothing then reads again instead of waiting.)"""
        return max(self.tops.get(office, 0), self.tops.get(SCOPE_ALL, 0)) > cursor

    def current(self, office: str, cursor: int) -> bool:
        """Has the watcher seen every change up to its last look, and none for this office
        after `cursor`? Then a poll listening now needs no read: a later change wakes it."""
        if not 0 <= self.start <= cursor <= self.seen:
            return False
        return max(self.tops.get(office, 0), self.tops.get(SCOPE_ALL, 0)) <= cursor

    async def shared_read(self, key: Hashable, read: Callable[[], T]) -> T:
        """`read()` in a thread, shared by the polls that want the same page (same office,
        cursor, size) and were woken before it began."""
        mark = self.looks
        hit = self.inflight.get(key)
        if hit is not None and hit[0] >= mark:
            result: T = await asyncio.shield(hit[1])
            return result
        self.reads += 1
        future = asyncio.ensure_future(run_in_threadpool(read))
        self.inflight[key] = (mark, future)
        try:
            return await asyncio.shield(future)
        finally:
            if self.inflight.get(key, (0, None))[1] is future:
                del self.inflight[key]

    def wake(self, scopes: dict[str, int]) -> None:
        if scopes:
            self.looks += 1
        for scope, top in scopes.items():  # first: a poll that listens after this sees it
            self.tops[scope] = max(self.tops.get(scope, 0), top)
        every = SCOPE_ALL in scopes
        offices = list(self.events) if every else [o for o in scopes if o in self.events]
        for office in offices:
            self.woken += self.listening.get(office, 0)
            self.events.pop(office).set()

    def changed_scopes(self, store: Store) -> tuple[int, int, dict[str, int]]:
        """In a worker thread: the log's head, the credential generation (one query), and the
        scopes changed since the last look, with the latest change of each (an indexed range
        read of the new rows)."""
        with store.begin() as s:
            top, generation = s.execute(_HEADS).one()
            top, generation = int(top or 0), int(generation or 0)
            if self.seen < 0:  # the first look: whatever polls came before it read again
                return top, generation, {SCOPE_ALL: 0}
            if top <= self.seen:
                return top, generation, {}
            rows = s.execute(
                select(SyncChange.scope, func.max(SyncChange.seq))
                .where(SyncChange.seq > self.seen)
                .group_by(SyncChange.scope)
            )
            return top, generation, {str(scope): int(seq) for scope, seq in rows}


# The change log's head and the credential generation (kiosk/store/credential_clock.py)
_HEADS = select(
    select(SyncClock.value).where(SyncClock.id == 1).scalar_subquery(),
    select(CredentialClock.value).where(CredentialClock.id == 1).scalar_subquery(),
)


async def watch(
    watcher: Watcher,
    store: Store,
    every: float = WATCH_EVERY,
    credentials: Callable[[int], None] | None = None,
) -> None:
    """The watcher's loop (one task per server process, started by the app's lifespan).
    `credentials`: told the credential generation at every look (the credential cache)."""
    first = True
    while True:
        if not first:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(watcher._poke.wait(), every)
        first = False
        watcher._poke.clear()
        try:
            top, generation, scopes = await run_in_threadpool(watcher.changed_scopes, store)
        except (OperationalError, DBAPIError) as exc:
            limited.warning("long polls: the change log could not be read: %s", db_cause(exc))
            await asyncio.sleep(every)
            continue
        if credentials is not None:
            credentials(generation)
        if watcher.start < 0:
            watcher.start = top
        watcher.wake(scopes)  # on the event loop, as every poll's check
        watcher.seen = max(watcher.seen, top)
