"""Tables of the server and of sync (DESIGN.md §8). Client and server share one schema.

On the server: enrolled devices (only a hash of each secret), one-time enrollment codes, staff
sessions, the receipt of every pushed mutation (idempotency and the record of rejections) and
the change log. On a counter PC only `event_ref` is used; the rest stays empty.

The change log (`sync_change`) keeps one row per synced thing (a dossier, a ticket, a piece of
configuration) with the sequence number of its latest change. Numbers are handed out from the
single `sync_clock` row at the very end of a writing transaction, so the row lock orders them
by commit: a reader that sees number n has already seen every number below n. Pull pages are
built from the current rows, so a counter that was away for a month gets each changed dossier
once, not once per change; pulling from 0 is the full re-sync.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.store.models import Base, DossierEvent, Staff


class Device(Base):
    """An enrolled PC (counter, dispenser, display) of the office of one agency."""

    __tablename__ = "device"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    secret_hash: Mapped[str] = mapped_column(String(128))
    code_slot: Mapped[int] = mapped_column(Integer)
    code_slots: Mapped[int] = mapped_column(Integer)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # highest acknowledged
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Secret rotation (kiosk.server.auth.rotate_secret): the next secret is accepted beside the
    # current one until the PC first uses it, so a lost answer never locks a PC out.
    next_secret_hash: Mapped[str | None] = mapped_column(String(128))
    secret_rotated_at: Mapped[datetime | None] = mapped_column(DateTime)
    roles: Mapped[str] = mapped_column(String(120), default="counter", server_default="counter")


class EnrollmentCode(Base):
    """A one-time code given to `kiosk enroll`; only its hash is kept."""

    __tablename__ = "enrollment_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    device_id: Mapped[str | None] = mapped_column(String(32))
    # what the PC will be used for (kiosk.privacy.roles): decides what it is sent
    roles: Mapped[str] = mapped_column(String(120), default="counter", server_default="counter")


class StaffToken(Base):
    """A signed-in staff member (department officer, supervisor) of the server API."""

    __tablename__ = "staff_token"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)  # `kiosk staff logout`

    staff: Mapped[Staff] = relationship()


class LoginThrottle(Base):
    """Failed sign-ins per account name typed (`user:<name>`) and per client address
    (`addr:<ip>`), with the exponential back-off they earned (kiosk.server.logins)."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class SecurityEvent(Base):
    """The security log: every sign-in to the server, its outcome, who and from where (never a
    password), and revocations. Append-only."""

    __tablename__ = "security_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # sign-in | logout | rotate | approval | a shared change's kind (kiosk.server.shared_admin)
    kind: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))  # ok | wrong | throttled | role | revoked ...
    username: Mapped[str | None] = mapped_column(String(80))  # a known account only
    address: Mapped[str | None] = mapped_column(String(64))


class PushReceipt(Base):
    """What became of each pushed mutation: (device, seq) is applied exactly once."""

    __tablename__ = "push_receipt"
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    mutation_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))  # applied | rejected
    error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime)


class SyncClock(Base):
    """The one row whose lock hands out change numbers in commit order."""

    __tablename__ = "sync_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class CredentialClock(Base):
    """One row counting changes to credentials (a device revoked, its secret replaced, a staff
    token ended, an account disabled or moved): each server process clears its cache of
    verified credentials when it moves (kiosk/store/credential_clock.py, kiosk/server/watch.py).
    """

    __tablename__ = "credential_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class SyncChange(Base):
    """The latest change number of one synced thing, and who may see it (an agency or '*')."""

    __tablename__ = "sync_change"
    __table_args__ = (
        Index("ix_sync_change_scope_seq", "scope", "seq"),
        Index("ix_sync_change_seq", "seq"),  # the long-poll watcher (kiosk/server/watch.py)
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # dossier | ticket | config
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(BigInteger)


class EventRef(Base):
    """The global identity of a dossier event, the same on the server and on every counter.

    An event made at a counter is known by the id of the outbox mutation that carried it; one
    made on the server gets a new id. Events are append-only, so the reference is a side table.
    """

    __tablename__ = "event_ref"
    event_id: Mapped[int] = mapped_column(ForeignKey("dossier_event.id"), primary_key=True)
    ref: Mapped[str] = mapped_column(String(36), unique=True)

    event: Mapped[DossierEvent] = relationship()


class OfficeRoster(Base):
    """The duty roster of each office on the server, as its PCs pushed it (`roster.set`).

    A PC keeps its own office's roster in `roster_entry` (day, counter); the server hosts
    several offices, so its copy is keyed by the agency too. A day of it comes down to the
    other PCs of the office as one change-log entry (kind `roster`).
    """

    __tablename__ = "office_roster"
    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    counter_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    device_id: Mapped[str | None] = mapped_column(String(32))  # the PC that set it last
    updated_at: Mapped[datetime] = mapped_column(DateTime)
