"""Staff sign-in to the server: throttling, one answer for every failure, the security log.

- Throttling is kept in the database (`login_throttle`), per account name typed (`user:<name>`,
  known or not, so it tells nothing) and per client address (`addr:<ip>`). The first
  USER_FREE (per name) or ADDR_FREE (per address) failures cost nothing; each one after that
  locks the key for twice as long as the one before, from 2 s up to 15 min. A success clears
  the account's and the address's count. While a key is locked, every attempt (even with the
  right password) gets 429 with the seconds to wait, and no password is checked: a flood of
  guesses costs a few microseconds each instead of a password hash (the process also remembers
  a locked address, so it does not even ask the database).
- Every failure, 401 or 429, is answered FAILURE_TIME (0.5 s) after the request came, never
  sooner: a flood's connections wait instead of costing the server, and the time of an
  answer tells nothing.
- Every other failure is the same 401 with the same sentence, at the same cost: an
  unknown account is checked against a dummy hash, a disabled one against its own, and a
  clerk's account (which has no use for the server API) with the right password gets exactly
  the answer of a wrong password, and counts as a failure.
- The security log (`security_event`, and one line in the server's log) records each sign-in:
  its outcome, the client address, and the account name only when it is an account (a name
  that is no account may be a password typed in the wrong box). Never the password.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as lite_insert
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.passwords import hash_password, needs_rehash, verify_dummy, verify_password
from kiosk.store.models import Staff
from kiosk.store.server_models import LoginThrottle, SecurityEvent, StaffToken

log = logging.getLogger("kiosk.server.security")

USER_FREE = 5
ADDR_FREE = 20
FIRST_LOCK = 2.0  # seconds
MAX_LOCK = 15 * 60.0
STAFF_TTL = timedelta(hours=12)
API_ROLES = ("department", "supervisor", "admin")
WRONG = "wrong user name or password"
FAILURE_TIME = 0.5  # seconds: no failed sign-in is answered sooner (kiosk.server.app)


@dataclass
class SignIn:
    """What a sign-in attempt came to (the caller commits, then answers)."""

    status: int  # 200, 401 or 429
    message: str = ""
    token: str = ""
    role: str = ""
    expires_at: datetime | None = None
    retry_after: int = 0


class _LockedAddresses:
    """This process's memory of locked addresses: a flood is refused before the database.

    An address that has been locked stays on probation until it signs in successfully: one
    attempt at a time (the others get 429 at once), so when a lock ends a flood's 64 waiting
    connections do not all reach the password hash together."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._probation: set[str] = set()
        self._inflight: set[str] = set()
        self._lock = threading.Lock()

    def enter(self, address: str) -> float:
        """Seconds to wait (0: go ahead, and call leave() after)."""
        with self._lock:
            left = self._until.get(address, 0.0) - time.monotonic()
            if left > 0:
                return left
            self._until.pop(address, None)
            if address in self._probation:
                if address in self._inflight:
                    return 1.0
                self._inflight.add(address)
            return 0.0

    def leave(self, address: str) -> None:
        with self._lock:
            self._inflight.discard(address)

    def lock(self, address: str, seconds: float) -> None:
        with self._lock:
            if len(self._until) > 100_000:
                self._until.clear()
                self._probation.clear()
            self._until[address] = time.monotonic() + seconds
            self._probation.add(address)

    def forgive(self, address: str) -> None:
        with self._lock:
            self._probation.discard(address)
            self._until.pop(address, None)

    def clear(self) -> None:
        with self._lock:
            self._until.clear()
            self._probation.clear()
            self._inflight.clear()


locked_addresses = _LockedAddresses()


def now() -> datetime:
    return datetime.now()  # to the microsecond: a lock of 2 s must not start a second early


def backoff(failures: int, free: int) -> float:
    """Seconds a key is locked after its n-th failure (0 while still free)."""
    if failures <= free:
        return 0.0
    return float(min(MAX_LOCK, FIRST_LOCK * 2 ** min(failures - free - 1, 20)))


def _row(session: Session, key: str, at: datetime) -> LoginThrottle:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else lite_insert
    session.execute(
        insert(LoginThrottle)
        .values(key=key, failures=0, last_failure_at=at, locked_until=None)
        .on_conflict_do_nothing()
    )
    row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"user:{username.strip().lower()[:80]}", f"addr:{address[:60]}"


def _locked(session: Session, username: str, address: str, at: datetime) -> float:
    rows = session.scalars(
        select(LoginThrottle).where(LoginThrottle.key.in_(_keys(username, address)))
    )
    until = max((r.locked_until for r in rows if r.locked_until is not None), default=None)
    return (until - at).total_seconds() if until is not None and until > at else 0.0


def _fail(session: Session, username: str, address: str, at: datetime) -> None:
    user_key, addr_key = _keys(username, address)
    for key, free in sorted(((user_key, USER_FREE), (addr_key, ADDR_FREE))):  # lock order
        row = _row(session, key, at)
        row.failures += 1
        row.last_failure_at = at
        seconds = backoff(row.failures, free)
        if seconds:
            row.locked_until = at + timedelta(seconds=seconds)
            if key == addr_key:
                locked_addresses.lock(address, seconds)


def _succeed(session: Session, username: str, address: str) -> None:
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key.in_(_keys(username, address)))
        .values(failures=0, locked_until=None)
    )


def security_event(
    session: Session, kind: str, outcome: str, username: str | None, address: str | None
) -> None:
    session.add(
        SecurityEvent(at=now(), kind=kind, outcome=outcome, username=username, address=address)
    )
    # who and from where are in the security_event table (admins read it there); the log file
    # says only that it happened, so no account name or address is copied into rotating files
    log.info("%s %s (security_event)", kind, outcome)


def refused_early(address: str) -> SignIn | None:
    """A locked address, known to this process: refused without touching the database.
    None: go ahead, then call `done(address)`."""
    left = locked_addresses.enter(address)
    if left > 0:
        return _throttled(left)
    return None


def done(address: str) -> None:
    locked_addresses.leave(address)


def _throttled(seconds: float) -> SignIn:
    wait = max(1, int(seconds + 0.999))
    return SignIn(429, f"too many failed sign-ins; try again in {wait} s", retry_after=wait)


def sign_in(session: Session, username: str, password: str, address: str) -> SignIn:
    """One attempt; the throttle and the security log are written in the caller's transaction,
    which commits whatever the outcome."""
    at = now()
    staff = session.scalar(select(Staff).where(Staff.username == username.strip()))
    known = staff.username if staff is not None else None
    left = _locked(session, username, address, at)
    if left > 0:
        security_event(session, "sign-in", "throttled", known, address)
        return _throttled(left)
    if staff is None:
        verify_dummy(password)
        ok, outcome = False, "wrong"
    else:
        ok = verify_password(password, staff.password_hash)
        outcome = "wrong"
        if ok and not staff.active:
            ok, outcome = False, "disabled"
        elif ok and staff.role not in API_ROLES:
            ok, outcome = False, "role"  # same answer as a wrong password (docs/server.md)
    if not ok or staff is None:
        _fail(session, username, address, at)
        security_event(session, "sign-in", outcome, known, address)
        return SignIn(401, WRONG)
    _succeed(session, username, address)
    locked_addresses.forgive(address)
    if needs_rehash(staff.password_hash):  # an older hash: replaced now the password is known
        staff.password_hash = hash_password(password)
    secret = secrets.token_urlsafe(32)
    token = StaffToken(
        id=uuid.uuid4().hex,
        staff_id=staff.id,
        secret_hash=_hash(secret),
        created_at=at,
        expires_at=at + STAFF_TTL,
    )
    session.add(token)
    security_event(session, "sign-in", "ok", known, address)
    return SignIn(
        200, token=f"staff.{token.id}.{secret}", role=staff.role, expires_at=token.expires_at
    )


def logout(session: Session, username: str) -> int:
    """End every session of this account (`kiosk staff logout USER`); returns how many."""
    staff = session.scalar(select(Staff).where(Staff.username == username.strip()))
    if staff is None:
        raise KioskError(f"there is no staff account '{username}'")
    return _revoke(session, staff, None)


def end_session(session: Session, token: StaffToken, address: str | None) -> int:
    """End this one session (`POST /v1/staff/logout` with its token); the account's other
    sessions go on. Returns how many ended (1, or 0 if it had ended meanwhile)."""
    return _revoke(session, token.staff, address, token.id)


def _revoke(
    session: Session, staff: Staff, address: str | None, token_id: str | None = None
) -> int:
    """Revoke the account's live tokens (only `token_id` when given) and log it. The bulk
    UPDATE bumps the credential generation (kiosk/store/credential_clock.py), so no server
    process keeps a revoked token in its cache."""
    at = now()
    only = () if token_id is None else (StaffToken.id == token_id,)
    result = session.execute(
        update(StaffToken)
        .where(
            StaffToken.staff_id == staff.id,
            StaffToken.revoked_at.is_(None),
            StaffToken.expires_at > at,
            *only,
        )
        .values(revoked_at=at)
    )
    security_event(session, "logout", "ok", staff.username, address)
    return int(getattr(result, "rowcount", 0) or 0)


def _hash(secret: str) -> str:
    from kiosk.server.auth import hash_secret

    return hash_secret(secret)
