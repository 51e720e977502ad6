"""The credential generation: one number bumped, in the same transaction, by every change that
can end or narrow a credential (docs/server.md, threat model: "Credentials cached").

The server caches a credential it verified for up to a minute (kiosk/server/credcache.py), so
a long poll coming back needs no query. What must end that at once is caught here, for every
session of every process (a `kiosk server revoke-device` or `kiosk staff ...` command run
beside the server too): a flush that changes a device's secret, revocation, roles or office; a
staff token's secret, revocation or expiry; an account's role, activity, office or department;
or deletes any of them, bumps `credential_clock`. Each server process's watcher reads it with
the change-log head every half second and clears its cache when it moved; the process that
made the change clears its own at the commit (`on_change` hooks). An ORM bulk UPDATE or DELETE
of those columns (`session.execute(update(StaffToken)...)`) bumps it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import ORMExecuteState, Session

from kiosk.store.models import Agency, Department, Office, Staff
from kiosk.store.server_models import Device, StaffToken

WATCHED: dict[type, tuple[str, ...]] = {
    Device: ("secret_hash", "revoked_at", "roles", "agency_code"),
    StaffToken: ("secret_hash", "revoked_at", "expires_at", "staff_id"),
    Staff: ("role", "active", "office_id", "department_id", "all_offices", "username"),
    # a cached staff scope names its office and department by their agency: moving one to
    # another agency (or renaming the agency's code) changes who may see what
    Office: ("agency_id",),
    Department: ("agency_id",),
    Agency: ("code",),
}
FLAG = "kiosk_credentials_changed"
on_change: list[Callable[[], None]] = []  # called after a commit that bumped (this process)


def bump(session: Session) -> None:
    """Move the credential generation (in the session's transaction; once is enough)."""
    if session.info.get(FLAG):
        return
    conn = session.connection()
    moved = conn.execute(text("UPDATE credential_clock SET value = value + 1 WHERE id = 1"))
    if not moved.rowcount:  # a database made without the migrations' first row
        conn.execute(text("INSERT INTO credential_clock (id, value) VALUES (1, 1)"))
    session.info[FLAG] = True


def read(session: Session) -> int:
    return int(session.scalar(text("SELECT value FROM credential_clock WHERE id = 1")) or 0)


def _changed(obj: object) -> bool:
    attrs = WATCHED.get(type(obj))
    if attrs is None:
        return False
    state = inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attrs)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(FLAG):
        return  # bumped in this transaction already: enough
    if any(type(o) in WATCHED for o in session.deleted) or any(
        _changed(o) for o in session.dirty
    ):
        bump(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    """`session.execute(update(Device)...)` and the like: no flush sees them."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    attrs = WATCHED.get(state.bind_mapper.class_)
    if attrs is None:
        return
    values = getattr(state.statement, "_values", None) or {}
    names = {getattr(k, "key", str(k)) for k in values}
    if state.is_delete or not names or names & set(attrs):
        bump(state.session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(FLAG, False):
        for hook in on_change:
            hook()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(FLAG, None)
