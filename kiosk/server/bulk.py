"""New dossiers of a push, written in bulk: the path that takes thousands of receptions.

A reception needs no service logic on the server (the counter computed its code and due date),
so its rows are collected as plain dicts and written with a few multi-row statements: ids are
taken from the table's sequence in one round trip, then each table gets one executemany (the
driver pipelines it). The ORM is not involved; anything that needs a dossier as an object
flushes the pending rows first and loads it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, Table, func, insert, select, text
from sqlalchemy.orm import Session

from kiosk.store.models import Dossier, DossierEvent
from kiosk.store.search_index import reindex
from kiosk.store.server_models import EventRef, PushReceipt

DOSSIER: Table = Dossier.__table__  # type: ignore[assignment]
EVENT: Table = DossierEvent.__table__  # type: ignore[assignment]
REF: Table = EventRef.__table__  # type: ignore[assignment]
RECEIPT: Table = PushReceipt.__table__  # type: ignore[assignment]


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (all with the same keys): COPY on PostgreSQL, executemany elsewhere.

    psycopg's pipelined executemany still costs a round of Python work per row; COPY sends
    the whole lot as one stream, which is what lets a 500-mutation push go in a few ms.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    cols = list(rows[0])
    # COPY knows nothing of the model's Python-side defaults (e.g. form_set): add them here.
    defaults = {
        c.name: c.default.arg(None) if c.default.is_callable else c.default.arg  # type: ignore[attr-defined]
        for c in table.c
        if c.name not in cols and c.default is not None and not c.primary_key
    }
    if defaults:
        rows = [{**row, **defaults} for row in rows]
        cols += list(defaults)
    as_json = [isinstance(table.c[c].type, JSON) for c in cols]
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(
                [
                    json.dumps(row[c], ensure_ascii=False) if j and row[c] is not None else row[c]
                    for c, j in zip(cols, as_json, strict=True)
                ]
            )


def allocate_ids(session: Session, table: Table, n: int) -> list[int]:
    """n fresh primary keys: from the sequence on PostgreSQL, after the highest on SQLite."""
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": n},
        )
        return sorted(int(r[0]) for r in rows)
    top = session.scalar(select(func.max(table.c.id))) or 0  # under BEGIN IMMEDIATE
    return list(range(int(top) + 1, int(top) + 1 + n))


class NewDossiers:
    """Receptions waiting to be written: dossier rows, their first events and references."""

    def __init__(self) -> None:
        self._dossiers: dict[str, dict[str, Any]] = {}
        self._events: list[tuple[str, dict[str, Any], str]] = []  # (code, event row, ref)

    def __contains__(self, code: object) -> bool:
        return code in self._dossiers

    def add(self, row: dict[str, Any], event: dict[str, Any], ref: str) -> None:
        self._dossiers[row["code"]] = row
        self._events.append((row["code"], event, ref))

    def flush(self, session: Session) -> None:
        if not self._dossiers:
            return
        rows = list(self._dossiers.values())
        for row, id_ in zip(rows, allocate_ids(session, DOSSIER, len(rows)), strict=True):
            row["id"] = id_
        events = [{**ev, "dossier_id": self._dossiers[code]["id"]} for code, ev, _ in self._events]
        for ev, id_ in zip(events, allocate_ids(session, EVENT, len(events)), strict=True):
            ev["id"] = id_
        bulk_insert(session, DOSSIER, rows)
        reindex(session, [row["id"] for row in rows])  # their search keys
        bulk_insert(session, EVENT, events)
        bulk_insert(
            session,
            REF,
            [
                {"event_id": ev["id"], "ref": ref}
                for ev, (_, _, ref) in zip(events, self._events, strict=True)
            ],
        )
        self._dossiers.clear()
        self._events.clear()


def write_receipts(session: Session, receipts: list[dict[str, Any]]) -> None:
    bulk_insert(session, RECEIPT, receipts)
