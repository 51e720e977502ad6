"""The background sync worker (Qt-free): the app starts it, `kiosk sync` runs it in front.

Two threads: one pushes the outbox (woken by `kick()` after a local change, and every few
seconds), one long-polls the server's change log. Each backs off after a failure with
exponential delays and full jitter, so forty PCs coming back after a power cut do not hit the
server in step. `status()` is what the app shows: last success, pending count, last error and
the mutations the server refused; `on_status` is called (from a worker thread) on changes.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import httpx

from kiosk.errors import KioskError
from kiosk.services.context import get_setting, now, set_setting
from kiosk.store.db import Store
from kiosk.sync.client import Offline, Refused, SyncError
from kiosk.sync.engine import Syncer, credentials
from kiosk.sync.http import interrupt
from kiosk.sync.outbox import RejectedMutation, pending_count, rejected_mutations

log = logging.getLogger("kiosk.sync")


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server: str | None = None
    last_success: datetime | None = None
    pending: int = 0
    last_error: str | None = None
    online: bool = False
    rejected: tuple[RejectedMutation, ...] = field(default_factory=tuple)


class Backoff:
    """Exponential back-off with full jitter: a random wait in [base/2, min(cap, base*2^n)]."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, rng: random.Random | None = None):
        self.base, self.cap, self.failures = base, cap, 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap, self.base * 2 ** min(self.failures, 20))
        return self.rng.uniform(self.base / 2, max(ceiling, self.base / 2))

    def reset(self) -> None:
        self.failures = 0


def read_status(store: Store) -> SyncStatus:
    """What the app shows, from the database alone (works offline, without a worker)."""
    with store.begin() as s:
        creds = credentials(s)
        last = get_setting(s, "sync_last_success")
        return SyncStatus(
            enrolled=creds is not None,
            server=creds.server if creds else None,
            last_success=datetime.fromisoformat(last) if last else None,
            pending=pending_count(s),
            last_error=get_setting(s, "sync_last_error") or None,
            rejected=tuple(rejected_mutations(s, 50)),
        )


class SyncWorker:
    def __init__(
        self,
        store: Store,
        *,
        poll_wait: int = 20,
        push_interval: float = 5.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        http_factory: Callable[[], httpx.Client] | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_pulled: Callable[[int], object] | None = None,
    ) -> None:
        self.store = store
        self.on_pulled = on_pulled
        self.poll_wait = poll_wait
        self.push_interval = push_interval
        self._backoff = (backoff_base, backoff_cap)
        self._http_factory = http_factory
        self.on_status = on_status
        self._stop = threading.Event()
        self._kick = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._syncers: list[Syncer] = []
        self._status = read_status(store)
        self._saved: tuple[tuple[str | None, datetime | None], datetime] = (
            (None, None),
            datetime.min,
        )

    # -- public ---------------------------------------------------------------------------------

    def start(self) -> None:
        if not self._status.enrolled:
            raise SyncError("this PC is not enrolled with a server")
        self._stop.clear()
        for name, loop in (("push", self._push_loop), ("pull", self._pull_loop)):
            t = threading.Thread(target=loop, name=f"kiosk-sync-{name}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._kick.set()
        with self._lock:
            syncers = list(self._syncers)
        for syncer in syncers:  # ends a long poll in flight instead of waiting it out
            try:
                interrupt(syncer.client.http)
                syncer.client.http.close()
            except Exception:  # noqa: BLE001 - closing from another thread is best effort
                log.debug("closing a sync connection", exc_info=True)
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()

    def kick(self) -> None:
        """A local change was saved: push it now rather than at the next interval."""
        self._kick.set()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    # -- loops ----------------------------------------------------------------------------------

    def _syncer(self) -> Syncer:
        http = self._http_factory() if self._http_factory else None
        syncer = Syncer(self.store, http=http)
        with self._lock:  # stop() sets the event, then lists the syncers under this lock
            self._syncers.append(syncer)
            stopping = self._stop.is_set()
        if stopping:  # made while stop() ran: it might have missed this one
            syncer.close()
            raise SyncError("the sync worker is stopping")
        return syncer

    def _push_loop(self) -> None:
        def step(syncer: Syncer) -> object:
            syncer.rotate_if_due()
            return syncer.push_pending()

        self._loop(step, idle=self._wait_for_kick)

    def _pull_loop(self) -> None:
        def step(syncer: Syncer) -> None:
            pulled = syncer.pull(self.poll_wait)
            if pulled and self.on_pulled is not None:
                self.on_pulled(pulled)  # e.g. tell the windows of this PC (queue_signal)

        self._loop(step, idle=lambda: None)

    def _wait_for_kick(self) -> None:
        self._kick.wait(self.push_interval)
        self._kick.clear()

    def _loop(self, step: Callable[[Syncer], object], idle: Callable[[], None]) -> None:
        backoff = Backoff(*self._backoff)
        syncer: Syncer | None = None
        while not self._stop.is_set():
            try:
                syncer = syncer or self._syncer()
                step(syncer)
            except (KioskError, OSError) as exc:  # Offline, Refused, a locked database, ...
                if self._stop.is_set():
                    break
                if isinstance(exc, Refused) and exc.status == 401 and syncer is not None:
                    syncer.close()  # the secret was rotated by the other loop: read it again
                    syncer = None
                self._report(error=str(exc), online=not isinstance(exc, Offline))
                log.info("sync: %s", exc)
                self._stop.wait(backoff.next_delay())
                continue
            except Exception as exc:  # noqa: BLE001 - a worker thread must never die silently
                if self._stop.is_set():
                    break
                log.exception("sync step failed")
                self._report(error=f"unexpected error ({type(exc).__name__}): {exc}", online=False)
                self._stop.wait(backoff.next_delay())
                continue
            backoff.reset()
            self._report(error=None, online=True, success=True)
            idle()
        if syncer is not None:
            syncer.close()

    def _report(self, *, error: str | None, online: bool, success: bool = False) -> None:
        try:
            fresh = read_status(self.store)
        except Exception:  # noqa: BLE001 - the status must not break the loop
            fresh = self._status
        with self._lock:
            self._status = replace(
                fresh,
                last_error=error,
                online=online,
                last_success=now() if success else self._status.last_success,
            )
            status = self._status
        self._persist(status)
        if self.on_status is not None:
            self.on_status(status)

    def _persist(self, status: SyncStatus) -> None:
        """Keep the last success and error for `kiosk sync --status` (a write per 30 s at most)."""
        key = (status.last_error, status.last_success and status.last_success.replace(second=0))
        moment = now()
        if (
            key == self._saved[0]
            or (moment - self._saved[1]).total_seconds() < 30
            and (status.last_error == self._saved[0][0])
        ):
            return
        try:
            with self.store.begin() as s:
                if status.last_success is not None:
                    set_setting(s, "sync_last_success", status.last_success.isoformat())
                set_setting(s, "sync_last_error", status.last_error or "")
            self._saved = (key, moment)
        except Exception:  # noqa: BLE001 - a busy database must not stop sync
            log.debug("could not save the sync state", exc_info=True)
