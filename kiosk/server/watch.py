"""Waking long polls: one watcher per server process, per office, only when something changed.

A waiting long poll (`GET /v1/devices/{id}/changes?wait=N`) costs no query and no thread: it
waits on its office's event. The watcher reads the change log's head (one row) every
WATCH_EVERY seconds, or at once when this process wrote a change (`poke`); when the head
moved it asks which scopes changed since its last look, among the offices that have polls
waiting (the index on (scope, seq) answers that), and wakes those offices' polls — all of
them for a '*' change (catalog, calendar). Changes written by another server process (another
worker, `kiosk` commands on the server's database) are seen within WATCH_EVERY.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool

from kiosk.server.changes import SCOPE_ALL, head
from kiosk.server.ratelog import db_cause, limited
from kiosk.store.db import Store
from kiosk.store.server_models import SyncChange

WATCH_EVERY = 0.5  # seconds: how soon another process's change wakes this one's polls


@dataclass
class Watcher:
    seen: int = -1  # the change-log head at the last look (-1: not looked yet)
    woken: int = 0  # long polls woken so far (health shows it; tests count on it)
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

    def wake(self, scopes: set[str]) -> None:
        every = SCOPE_ALL in scopes
        offices = list(self.events) if every else [o for o in scopes if o in self.events]
        for office in offices:
            self.woken += self.listening.get(office, 0)
            self.events.pop(office).set()

    def changed_scopes(self, store: Store, offices: list[str]) -> set[str]:
        """In a worker thread: the scopes changed since the last look, among `offices` (those
        waited on, and '*')."""
        with store.begin() as s:
            top = head(s)
            if top <= self.seen or self.seen < 0:
                self.seen = max(self.seen, top)
                return set()
            found = set(
                s.scalars(
                    select(SyncChange.scope)
                    .where(SyncChange.scope.in_(offices), SyncChange.seq > self.seen)
                    .distinct()
                )
            )
        self.seen = top
        return found


async def watch(watcher: Watcher, store: Store, every: float = WATCH_EVERY) -> None:
    """The watcher's loop (one task per server process, started by the app's lifespan)."""
    first = True
    while True:
        if not first:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(watcher._poke.wait(), every)
        first = False
        watcher._poke.clear()
        offices = [*watcher.events, SCOPE_ALL]
        try:
            scopes = await run_in_threadpool(watcher.changed_scopes, store, offices)
        except (OperationalError, DBAPIError) as exc:
            limited.warning("long polls: the change log could not be read: %s", db_cause(exc))
            await asyncio.sleep(every)
            continue
        if scopes:
            watcher.wake(scopes)
