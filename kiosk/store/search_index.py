"""The search keys of dossiers: any word of a name, the last digits of a code, phone or ID.

A dossier gets one row per key in ``dossier_word`` (primary key ``(word, dossier_id)``, a
second index on ``dossier_id``), the same on SQLite and PostgreSQL:

* ``n:<word>`` for each word of the accent-folded name (``applicant_name_key``): "Trần Văn
  Bình" -> ``n:tran``, ``n:van``, ``n:binh``; a word is found by equality, newest first, by
  walking the index backwards and stopping at the limit;
* ``c:`` + the code's letters and digits reversed, ``p:`` + the phone's digits reversed,
  ``i:`` + the ID number reversed: the last digits typed, reversed, are a *prefix* of the key,
  so "0003" or "261204-0003" is one index range, not a scan.

Kept up to date for every way a dossier is written: an ORM flush (reception, status changes:
the ``after_flush`` listener below), and the bulk paths that insert rows directly (the demo
data, a sync pull, the server's apply) call :func:`reindex` themselves. Migration 0010 builds
the keys of the dossiers already in a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, delete, event, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, UOWTransaction

from kiosk.store.models import Dossier, DossierWord

KEY_LEN = 60
INDEXED = ("code", "applicant_name_key", "applicant_phone", "applicant_id_number")
WORD: Table = DossierWord.__table__  # type: ignore[assignment]


def alnum_reversed(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())[::-1]


def keys_for(
    code: str | None, name_key: str | None, phone: str | None, id_number: str | None
) -> set[str]:
    keys = {f"n:{w}"[:KEY_LEN] for w in (name_key or "").split()}
    for prefix, value in (("c:", code), ("p:", phone), ("i:", id_number)):
        rev = alnum_reversed(value or "")
        if rev:
            keys.add((prefix + rev)[:KEY_LEN])
    return keys


def rows_for(dossier_id: int, *values: Any) -> list[dict[str, Any]]:
    return [{"word": k, "dossier_id": dossier_id} for k in sorted(keys_for(*values))]


def reindex(conn: Connection | Session, dossier_ids: Iterable[int]) -> int:
    """Rebuild the keys of these dossiers from their rows (after a direct insert/update)."""
    ids = sorted(set(dossier_ids))
    n = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(delete(WORD).where(WORD.c.dossier_id.in_(chunk)))
        found = conn.execute(
            select(
                Dossier.id,
                Dossier.code,
                Dossier.applicant_name_key,
                Dossier.applicant_phone,
                Dossier.applicant_id_number,
            ).where(Dossier.id.in_(chunk))
        ).all()
        rows = [r for id_, *values in found for r in rows_for(id_, *values)]
        if rows:
            conn.execute(insert(WORD), rows)
        n += len(rows)
    return n


def reindex_all(conn: Connection | Session, batch: int = 20_000) -> int:
    """Keys for every dossier (migration 0010, `kiosk doctor`'s repair): in id order, batched."""
    conn.execute(delete(WORD))
    last, n = 0, 0
    while True:
        found: Sequence[Any] = conn.execute(
            select(
                Dossier.id,
                Dossier.code,
                Dossier.applicant_name_key,
                Dossier.applicant_phone,
                Dossier.applicant_id_number,
            )
            .where(Dossier.id > last)
            .order_by(Dossier.id)
            .limit(batch)
        ).all()
        if not found:
            return n
        rows = [r for id_, *values in found for r in rows_for(id_, *values)]
        if rows:
            conn.execute(insert(WORD), rows)
        n += len(rows)
        last = found[-1][0]


@event.listens_for(Session, "after_flush")
def _keep_keys(session: Session, _flush: UOWTransaction) -> None:
    """Dossiers added or changed (code, name, phone, ID) in this flush get their keys again."""
    changed: list[int] = []
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Dossier) or obj.id is None:
            continue
        state = inspect(obj)
        if obj in session.new or any(state.attrs[a].history.has_changes() for a in INDEXED):
            changed.append(obj.id)
    gone = [o.id for o in session.deleted if isinstance(o, Dossier) and o.id is not None]
    conn = session.connection()
    if gone:
        conn.execute(delete(WORD).where(WORD.c.dossier_id.in_(gone)))
    if changed:
        conn.execute(delete(WORD).where(WORD.c.dossier_id.in_(changed)))
        rows = []
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, Dossier) and obj.id in changed:
                rows += rows_for(
                    obj.id,
                    obj.code,
                    obj.applicant_name_key,
                    obj.applicant_phone,
                    obj.applicant_id_number,
                )
        if rows:
            conn.execute(insert(WORD), rows)
