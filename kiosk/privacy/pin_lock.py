"""The admin PIN of a public screen: escalating lock-out, kept in the database (issue 16).

3 misses are free; each further miss locks the PIN for 1 minute, doubling (2, 4, 8 ...) up to
1 hour; a right PIN clears it. Kept in `public_throttle` (key `pin:<screen>`), so restarting
the kiosk — or pulling its plug — resets nothing. Times are seconds of the wall clock.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.store.models import PublicThrottle

FREE = 3
BASE_S = 60.0
CAP_S = 3600.0


def lock_seconds(misses: int) -> float:
    """How long the PIN is locked after `misses` misses in a row (bounded, never overflows)."""
    if misses < FREE:
        return 0.0
    return min(CAP_S, BASE_S * 2.0 ** min(misses - FREE, 20))


def _key(screen: str) -> str:
    return f"pin:{screen}"[:120]


def locked_until(session: Session, screen: str) -> float:
    row = session.get(PublicThrottle, _key(screen))
    return row.until if row is not None else 0.0


def pin_failed(session: Session, screen: str, t: float) -> float:
    """Count a miss; returns until when the PIN is locked (0 when it is not)."""
    row = session.get(PublicThrottle, _key(screen))
    if row is None:
        row = PublicThrottle(key=_key(screen), count=0, level=0.0, since=t, until=0.0)
        session.add(row)
    row.count += 1
    wait = lock_seconds(row.count)
    row.until = t + wait if wait else 0.0
    session.flush()
    return row.until


def pin_succeeded(session: Session, screen: str) -> None:
    row = session.get(PublicThrottle, _key(screen))
    if row is not None:
        session.delete(row)
