"""`POST /v1/devices/{id}/push`: a batch of outbox mutations, applied in one transaction.

- Idempotent per (device, seq): sequences at or below the device's acknowledged one are
  skipped (their earlier outcome is sent again), so a batch sent twice, or from two threads at
  once, applies once; the device row lock makes concurrent pushes of one device take turns.
- Gaps are refused: the first new sequence must be the next one expected.
- A sequence reused with another mutation id (a PC restored from an old backup) is refused.
- A mutation the server refuses is recorded with its reason and does not block the rest:
  one that breaks the wire format (kiosk.wire: a field over its limit, a NUL byte, bad
  `documents`) is refused alone before anything is applied, like one that makes no sense.
- The answer is the highest sequence acknowledged and the refusals among this batch.

The fast path applies the whole batch and flushes once (receptions go in by the thousand).
If the database still refuses the flush (a race on a unique number with another device),
the batch is applied again one mutation at a time, each in its own savepoint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from kiosk.server.apply import Applier, Rejected
from kiosk.server.bulk import write_receipts
from kiosk.server.changes import stamp
from kiosk.services.context import now
from kiosk.store.db import Store
from kiosk.store.server_models import Device, PushReceipt
from kiosk.wire.push import Mutation

log = logging.getLogger("kiosk.server")


class PushRefused(Exception):
    """The batch cannot be taken as it is (409): a gap, or a sequence reused."""

    def __init__(self, message: str, expected: int) -> None:
        super().__init__(message)
        self.expected = expected


@dataclass
class PushOutcome:
    acked: int
    applied: int = 0
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    changed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "acked": self.acked,
            "applied": self.applied,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
        }


def push(store: Store, device_id: str, mutations: list[Mutation]) -> PushOutcome:
    try:
        return _push(store, device_id, mutations, careful=False)
    except (IntegrityError, DataError, psycopg.DataError, psycopg.IntegrityError):
        # COPY (kiosk.server.bulk) raises psycopg's own errors, not SQLAlchemy's.
        return _push(store, device_id, mutations, careful=True)


def _push(store: Store, device_id: str, mutations: list[Mutation], careful: bool) -> PushOutcome:
    with store.begin() as session:
        device = session.get(Device, device_id, with_for_update=True, populate_existing=True)
        assert device is not None  # authenticated just before
        last = device.last_seq
        if mutations[0].seq > last + 1:
            raise PushRefused(
                f"sequence {mutations[0].seq} leaves a gap: the server expects {last + 1} next",
                last + 1,
            )
        applier = Applier(session, device)
        outcome = PushOutcome(acked=last)
        old = [m for m in mutations if m.seq <= last]
        if old:
            _replay_outcomes(session, device, old, outcome)
            for m in old:
                if m.problem is None:
                    applier.touch(m)  # the PC may have missed the pull that followed them
        fresh = [m for m in mutations if m.seq > last]
        applier.prefetch(m for m in fresh if m.problem is None)
        at = now()
        receipts = []
        for m in fresh:
            error = m.problem or _apply_one(session, applier, m, careful)
            if error is None:
                outcome.applied += 1
            else:
                outcome.rejected.append({"seq": m.seq, "id": m.id, "error": error})
                if m.problem is None:
                    applier.touch(m)
            receipts.append(
                {
                    "device_id": device.id,
                    "seq": m.seq,
                    "mutation_id": m.id,
                    "kind": m.kind,
                    "outcome": "applied" if error is None else "rejected",
                    "error": error,
                    "received_at": at,
                }
            )
        applier.new.flush(session)
        write_receipts(session, receipts)
        if fresh:
            device.last_seq = fresh[-1].seq
        device.last_seen_at = at
        outcome.acked = device.last_seq
        outcome.changed = stamp(session, applier.changes) is not None
        return outcome


def _apply_one(session: Session, applier: Applier, m: Mutation, careful: bool) -> str | None:
    try:
        if careful:
            with session.begin_nested():
                applier.apply(m)
                applier.new.flush(session)
                session.flush()
        else:
            applier.apply(m)
    except Rejected as exc:
        if careful:
            applier.forget(m)
        return str(exc)
    except (IntegrityError, DataError, psycopg.DataError, psycopg.IntegrityError) as exc:
        if not careful:
            raise
        applier.forget(m)
        cause = type(getattr(exc, "orig", exc)).__name__  # never the values: personal data
        log.info(
            "mutation %s of device %s refused by the database: %s", m.seq, applier.device.id, cause
        )
        return "the server's database refused it (a duplicate or an impossible value)"
    return None


def _replay_outcomes(
    session: Session, device: Device, old: list[Mutation], outcome: PushOutcome
) -> None:
    receipts = {
        r.seq: r
        for r in session.scalars(
            select(PushReceipt).where(
                PushReceipt.device_id == device.id,
                PushReceipt.seq.in_([m.seq for m in old]),
            )
        )
    }
    for m in old:
        r = receipts.get(m.seq)
        if r is not None and r.mutation_id != m.id:
            raise PushRefused(
                f"sequence {m.seq} was already used by another change of this device; was this "
                "PC's database restored from a backup? Enroll it again",
                device.last_seq + 1,
            )
        outcome.duplicates += 1
        if r is not None and r.outcome == "rejected":
            outcome.rejected.append({"seq": m.seq, "id": m.id, "error": r.error})
