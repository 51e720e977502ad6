"""Credentials this server process verified lately, so a long poll coming back, a push or a
lookup needs no query to know who asks (docs/server.md, threat model: "Credentials cached").

- Keyed by (credential id, SHA-256 of the secret presented): only a secret that was verified
  against the database hits; a wrong or new one is checked there as before.
- An entry lives at most TTL seconds (a staff token's entry no longer than the token).
- What ends or narrows a credential (revoke-device, a secret replaced, `kiosk staff logout`, an
  account disabled or moved) bumps the credential generation in the database
  (kiosk/store/credential_clock.py): this process clears the cache at that commit, and every
  other process when its watcher (kiosk/server/watch.py) sees the number move, within half a
  second.
- An entry verified before a clear is never stored after it (`mark()` / `put(..., mark)`):
  a read that raced with a revocation cannot bring the old credential back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kiosk.privacy.roles import public_only
from kiosk.server import actions, auth
from kiosk.services.context import now
from kiosk.store import credential_clock
from kiosk.store.db import Store
from kiosk.store.server_models import Device

TTL = 60.0
MAX_ITEMS = 50_000  # more credentials than that in a minute: start again (a bound, not a cost)


@dataclass(frozen=True)
class DeviceCred:
    """A device whose secret was verified."""

    id: str
    agency: str
    roles: str
    public: bool  # public-only roles: minimised pages (kiosk/privacy/roles.py)


class CredentialCache:
    def __init__(self, ttl: float = TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._items: dict[tuple[str, str], tuple[float, Any]] = {}
        self._clears = 0  # how many times cleared (a verification older than that is dropped)
        self.generation: int | None = None  # the database's, as last seen by the watcher
        self.hits = self.misses = 0

    def get(self, ident: str, digest: str) -> Any | None:
        item = self._items.get((ident, digest))
        if item is None or item[0] < self.clock():
            self.misses += 1
            return None
        self.hits += 1
        return item[1]

    def mark(self) -> int:
        """Take before verifying against the database; hand to put()."""
        return self._clears

    def put(self, ident: str, digest: str, value: Any, mark: int, ttl: float | None = None) -> None:
        if mark != self._clears:
            return  # cleared meanwhile: the verification may predate a revocation
        if len(self._items) >= MAX_ITEMS:
            self._items.clear()
        life = self.ttl if ttl is None else min(self.ttl, ttl)
        if life > 0:
            self._items[(ident, digest)] = (self.clock() + life, value)

    def clear(self) -> None:
        self._clears += 1
        self._items.clear()

    def seen_generation(self, generation: int) -> None:
        """The watcher read the credential generation: clear when it moved (and at the first
        look, which may come after something this process verified earlier)."""
        if generation != self.generation:
            self.clear()
            self.generation = generation

    def __len__(self) -> int:
        return len(self._items)


CACHE = CredentialCache()  # one per server process
credential_clock.on_change.append(CACHE.clear)  # a change committed in this process: at once


# -- verifying through the cache ------------------------------------------------------------


def device_cred(device: Device) -> DeviceCred:
    return DeviceCred(device.id, device.agency_code, device.roles, public_only(device.roles))


def known_device(ident: str, secret: str) -> DeviceCred | None:
    """A device credential verified lately (on the event loop: no query), or None."""
    if ident.startswith("staff."):
        return None
    hit = CACHE.get(ident, auth.hash_secret(secret))
    return hit if isinstance(hit, DeviceCred) else None


def verify_device(store: Store, ident: str, secret: str) -> tuple[DeviceCred, int]:
    """Check a device's credentials against the database (in a worker thread) and remember
    them; returns the device and its highest acknowledged sequence, read now."""
    mark = CACHE.mark()
    with store.begin() as s:
        device = auth.authenticate_device(s, ident, secret)
        cred, acked = device_cred(device), device.last_seq
    CACHE.put(ident, auth.hash_secret(secret), cred, mark)  # after the commit (a rotation)
    return cred, acked


def known_caller(ident: str, secret: str) -> actions.Caller | None:
    """A device or staff credential verified lately (no query), as a caller; or None."""
    hit = CACHE.get(ident, auth.hash_secret(secret))
    if isinstance(hit, DeviceCred):
        return _device_caller(hit)
    return hit if isinstance(hit, actions.Caller) else None


def caller(session: Session, ident: str, secret: str) -> actions.Caller:
    """Who calls, a device or a staff member, from the cache or checked in this session."""
    hit = known_caller(ident, secret)
    if hit is not None:
        return hit
    digest = auth.hash_secret(secret)
    mark = CACHE.mark()
    if ident.startswith("staff."):
        token = auth.authenticate_staff_token(session, ident[6:], secret)
        found = actions.staff_caller(session, token.staff)
        left = (token.expires_at - now()).total_seconds()
        CACHE.put(ident, digest, found, mark, ttl=left)
        return found
    cred = device_cred(auth.authenticate_device(session, ident, secret))
    CACHE.put(ident, digest, cred, mark)  # valid even if this transaction then fails
    return _device_caller(cred)


def _device_caller(cred: DeviceCred) -> actions.Caller:
    return actions.Caller(f"device:{cred.id}", frozenset({cred.agency}), cred.id)
