"""The server's change log: numbering changes in commit order, and reading them back by scope.

See kiosk/store/server_models.py for why one row per synced thing and one clock row. Every
writing request ends with `stamp()`, after all its other writes: the clock row stays locked
only for the upsert and the commit, and the numbers it hands out follow commit order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Table, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from kiosk.store.server_models import SyncChange, SyncClock

CHANGE: Table = SyncChange.__table__  # type: ignore[assignment]
SCOPE_ALL = "*"  # catalog and calendar: every office sees them
DOSSIER = "dossier"
TICKET = "ticket"
CONFIG = "config"


def ticket_key(agency: str, service: str, day: date | str, number: int) -> str:
    """Tickets are numbered per service and day; service codes are per office (agency)."""
    return f"{agency}/{service}/{day if isinstance(day, str) else day.isoformat()}/{number}"


@dataclass
class Changes:
    """The things one transaction changed, to be stamped just before it commits."""

    keys: dict[tuple[str, str], str] = field(default_factory=dict)

    def dossier(self, code: str, agency: str) -> None:
        self.keys[(DOSSIER, code)] = agency

    def ticket(self, key: str, agency: str) -> None:
        self.keys[(TICKET, key)] = agency

    def config(self, key: str, scope: str) -> None:
        self.keys[(CONFIG, key)] = scope

    def add(self, kind: str, key: str, scope: str) -> None:
        self.keys[(kind, key)] = scope

    def update(self, other: Changes) -> None:
        self.keys.update(other.keys)

    def __len__(self) -> int:
        return len(self.keys)


def stamp(session: Session, changes: Changes) -> int | None:
    """Give every changed thing the next change numbers; returns the highest (None if none)."""
    if not changes:
        return None
    session.flush()  # every other write first: the clock lock is the last thing taken
    n = len(changes)
    top = session.execute(
        update(SyncClock)
        .where(SyncClock.id == 1)
        .values(value=SyncClock.value + n)
        .returning(SyncClock.value)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    rows = [
        {"kind": kind, "key": key, "scope": scope, "seq": top - n + 1 + i}
        for i, ((kind, key), scope) in enumerate(changes.keys.items())
    ]
    if session.get_bind().dialect.name == "postgresql":
        # One statement for any number of rows: the columns travel as four arrays.
        session.execute(
            text(
                "INSERT INTO sync_change (kind, key, scope, seq) "
                "SELECT * FROM unnest(CAST(:kind AS text[]), CAST(:key AS text[]), "
                "CAST(:scope AS text[]), CAST(:seq AS bigint[])) "
                "ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, scope = excluded.scope"
            ),
            {c: [r[c] for r in rows] for c in ("kind", "key", "scope", "seq")},
        )
    else:
        stmt = sqlite.insert(CHANGE)
        stmt = stmt.on_conflict_do_update(
            index_elements=["kind", "key"],
            set_={"seq": stmt.excluded.seq, "scope": stmt.excluded.scope},
        )
        session.execute(stmt, rows)
    return int(top)


def head(session: Session) -> int:
    """The highest change number committed so far (what a full re-sync catches up to)."""
    return int(session.scalar(select(SyncClock.value).where(SyncClock.id == 1)) or 0)


def read_keys(
    session: Session, scopes: Iterable[str], since: int, limit: int
) -> list[tuple[str, str, int]]:
    """(kind, key, seq) of the changes after `since` that these scopes may see, in order."""
    rows = session.execute(
        select(SyncChange.kind, SyncChange.key, SyncChange.seq)
        .where(SyncChange.scope.in_(list(scopes)), SyncChange.seq > since)
        .order_by(SyncChange.seq)
        .limit(limit)
    )
    return [(str(k), str(key), int(seq)) for k, key, seq in rows]
