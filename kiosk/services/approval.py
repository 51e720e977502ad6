"""A supervisor's approval given at a window: user name and password checked on the spot.

The rules of docs/rules.md (kiosk.services.rules) let a clerk or a department officer make a
second supplement request or a second apology when a supervisor approves it. At the counter
and in the department window the supervisor types her user name and password into the dialog;
this is the one check both windows call.

It is throttled like a sign-in to the server (kiosk.server.logins): failures are counted in
`login_throttle` per account name typed (`user:<name>`) and per place (`addr:<device id>`),
the first few cost nothing, then each one locks the key twice as long as the one before (2 s
up to 15 min); while locked no password is checked. A success clears both counts. Every
attempt is a row of `security_event` (kind `approval`; the account name only when it is one,
never the password).

A refusal is *returned*, not raised: the caller's transaction then commits the count of
failures before the window shows the refusal under the field it concerns (a raised error would
roll the count back, and a guesser would never be slowed down).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as lite_insert
from sqlalchemy.orm import Session

from kiosk.domain.people import InputError
from kiosk.server.logins import ADDR_FREE, USER_FREE, backoff, security_event
from kiosk.services.passwords import verify_dummy, verify_password
from kiosk.services.rules import APPROVER, PASSWORD, SUPERVISOR_ROLES
from kiosk.store.models import Staff
from kiosk.store.server_models import LoginThrottle

__all__ = ["APPROVER", "PASSWORD", "Approval", "behind_approval", "check_approver"]

T = TypeVar("T")


@dataclass(frozen=True)
class Approval:
    """What the check came to: the approving supervisor's user name, or the refusal."""

    username: str | None = None
    refusal: InputError | None = None


def _keys(username: str, place: str) -> tuple[str, str]:
    return f"user:{username.strip().lower()[:80]}", f"addr:{place[:60]}"


def _locked(session: Session, keys: tuple[str, str], at: datetime) -> float:
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    until = max((r.locked_until for r in rows if r.locked_until is not None), default=None)
    return (until - at).total_seconds() if until is not None and until > at else 0.0


def _fail(session: Session, keys: tuple[str, str], at: datetime) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else lite_insert
    for key, free in sorted(zip(keys, (USER_FREE, ADDR_FREE), strict=True)):  # lock order
        session.execute(
            insert(LoginThrottle)
            .values(key=key, failures=0, last_failure_at=at, locked_until=None)
            .on_conflict_do_nothing()
        )
        row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
        assert row is not None
        row.failures += 1
        row.last_failure_at = at
        seconds = backoff(row.failures, free)
        if seconds:
            row.locked_until = at + timedelta(seconds=seconds)
    session.flush()


def check_approver(session: Session, username: str, password: str, place: str) -> Approval:
    """The supervisor named approves, if the password is hers and her account an active
    supervisor's (or admin's); else the refusal, under the field it concerns. `place`: where
    it is typed (the device id), throttled like a client address."""
    name = username.strip()
    if not name:
        return Approval(
            refusal=InputError(
                APPROVER,
                "name the supervisor who approves it",
                "Nhập tên đăng nhập của giám sát viên phê duyệt.",
            )
        )
    if not password:
        return Approval(
            refusal=InputError(
                PASSWORD,
                "the approving supervisor's password is required",
                "Giám sát viên nhập mật khẩu để phê duyệt.",
            )
        )
    at = datetime.now()
    keys = _keys(name, place)
    staff = session.scalar(select(Staff).where(Staff.username == name))
    known = staff.username if staff is not None else None
    left = _locked(session, keys, at)
    if left > 0:
        wait = max(1, int(left + 0.999))
        security_event(session, "approval", "throttled", known, place)
        return Approval(
            refusal=InputError(
                PASSWORD,
                f"too many wrong passwords; try again in {wait} s",
                f"Nhập sai quá nhiều lần; thử lại sau {wait} giây.",
            )
        )
    if staff is None:
        verify_dummy(password)
        ok = False
    else:
        ok = (
            verify_password(password, staff.password_hash)
            and staff.active
            and staff.role in SUPERVISOR_ROLES
        )
    if not ok or staff is None:
        _fail(session, keys, at)
        security_event(session, "approval", "wrong", known, place)
        return Approval(
            refusal=InputError(
                PASSWORD,
                "wrong user name or password, or the account is not an active supervisor's",
                "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản không phải của giám sát viên.",
            )
        )
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key.in_(keys))
        .values(failures=0, locked_until=None)
    )
    security_event(session, "approval", "ok", known, place)
    return Approval(username=staff.username)


def behind_approval(
    job: Callable[[Session, str | None], T], approver: str, password: str, place: str
) -> Callable[[Session], T | Approval]:
    """`job(session, approved_by)` run behind the approving supervisor's password when one is
    given (a dialog's approval fields): a refusal is returned instead of running it, so the
    transaction commits the count of failed tries and records nothing else."""

    def run(session: Session) -> T | Approval:
        approved_by = None
        if approver or password:
            verdict = check_approver(session, approver, password, place)
            if verdict.refusal is not None:
                return verdict
            approved_by = verdict.username
        return job(session, approved_by)

    return run
