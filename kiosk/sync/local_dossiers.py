"""Pulled dossiers into the PC's database, in bulk (a page holds up to 500 of them).

Rows are compared with what the PC has and only changed ones are written; new events are
appended with their global references. Events this PC made itself come back from the server
with the id of the outbox mutation that carried them: they are linked, not copied twice.
Plain SQL statements with executemany keep a page of 500 well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from kiosk.domain.people import fold
from kiosk.server.bulk import DOSSIER, EVENT, REF, allocate_ids
from kiosk.services import context
from kiosk.services.documents import store_pulled
from kiosk.store.models import Outbox, Procedure
from kiosk.store.search_index import INDEXED, reindex

PLAIN = ("agency_code", "applicant_name", "applicant_id_number", "applicant_phone",
         "applicant_address", "applicant_email", "documents", "sets", "channel", "result_place",
         "status", "counter_number", "received_by", "lookup_token", "device_id", "fee_mode",
         "fee_paid_vnd", "fee_note", "fee_receipt", "second_factor")  # fmt: skip
TIMES = ("created_at", "received_at", "due_at", "original_due_at", "new_due_at", "paused_at",
         "finished_at", "returned_at")  # fmt: skip
BOOK = ("book_no", "book_line")  # given once, by the receiving PC: filled in, never moved
SYNCED = (*PLAIN, *TIMES, "procedure_id", "applicant_name_key", *BOOK)
_EVENT_COLS = ("at", "actor", "kind", "from_status", "to_status", "note", "agency_code",
               "counter_number", "device_id", "data")  # fmt: skip


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _in_chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def apply_dossiers(session: Session, entries: list[dict[str, Any]], problems: list[str]) -> None:
    if not entries:
        return
    s = session
    codes = [e["key"] for e in entries]
    local: dict[str, Any] = {}
    for chunk in _in_chunks(codes):
        for have in s.execute(
            select(DOSSIER.c.id, DOSSIER.c.code, *(DOSSIER.c[n] for n in SYNCED)).where(
                DOSSIER.c.code.in_(chunk)
            )
        ):
            local[have.code] = have
    wanted = {e["dossier"]["procedure"] for e in entries}
    procedures: dict[str, int] = {
        code: id_
        for code, id_ in s.execute(
            select(Procedure.code, Procedure.id).where(Procedure.code.in_(wanted))
        )
    }
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    stamp = context.clock()  # when this PC learned it: what a report "as of" reads
    inserts: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    for e in entries:
        row: dict[str, Any] = e["dossier"]
        proc = procedures.get(row["procedure"])
        if proc is None:
            problems.append(f"dossier {e['key']}: procedure {row['procedure']} is unknown here")
            continue
        new = {n: row.get(n) for n in PLAIN if n in row}
        new.update({n: _time(row.get(n)) for n in TIMES})
        new["procedure_id"] = proc
        new["applicant_name_key"] = fold(row["applicant_name"])
        found = local.get(e["key"])
        if found is None or found.book_line is None:
            new.update({n: row.get(n) for n in BOOK})
        if found is None:
            inserts.append({"code": e["key"], **new, "recorded_at": stamp, "changed_at": stamp})
            continue
        ids[e["key"]] = found.id
        changed = tuple(n for n, v in new.items() if getattr(found, n) != v)
        if changed:  # usually the status and a time or two: write only those
            updates[(*changed, "changed_at")].append(
                {"_id": found.id, **{n: new[n] for n in changed}, "changed_at": stamp}
            )
    _free_book_lines(s, [*inserts, *(r for rows in updates.values() for r in rows)], problems)
    for fresh, id_ in zip(inserts, allocate_ids(s, DOSSIER, len(inserts)), strict=True):
        fresh["id"] = id_
        ids[fresh["code"]] = id_
    if inserts:
        s.execute(insert(DOSSIER), inserts)
    for names, rows in updates.items():
        stmt = update(DOSSIER).where(DOSSIER.c.id == bindparam("_id"))
        s.execute(stmt.values({n: bindparam(n) for n in names}), rows)
    # the search keys of what was inserted, or changed in a searched column
    touched = [r["id"] for r in inserts]
    touched += [
        r["_id"] for names, rows in updates.items() if set(names) & set(INDEXED) for r in rows
    ]
    if touched:
        reindex(s, touched)
    _events(s, [e for e in entries if e["key"] in ids], ids)
    for e in entries:  # the documents issued for them, once each (kiosk.services.documents)
        if e.get("issued") and e["key"] in ids:
            store_pulled(s, ids[e["key"]], e["issued"])


def _free_book_lines(s: Session, rows: list[dict[str, Any]], problems: list[str]) -> None:
    """A book line this database already gave to another dossier is not copied over it.

    Only the books of dossiers received before books were kept (named by the year, numbered
    by each database in migration 0005) can differ between databases; the per-slot books of
    kiosk.services.register cannot."""
    wanted = [r for r in rows if r.get("book_line") is not None]
    if not wanted:
        return
    taken: set[tuple[Any, ...]] = set()
    for chunk in _in_chunks(sorted({r["book_no"] for r in wanted})):
        taken.update(
            tuple(t)
            for t in s.execute(
                select(DOSSIER.c.book_no, DOSSIER.c.book_line).where(DOSSIER.c.book_no.in_(chunk))
            )
        )
    for r in wanted:
        key = (r["book_no"], r["book_line"])  # a PC holds the dossiers of one office
        if key in taken:
            problems.append(f"book {r['book_no']} line {r['book_line']} is already used here")
            r["book_no"] = r["book_line"] = None
        taken.add(key)


def _events(s: Session, entries: list[dict[str, Any]], ids: dict[str, int]) -> None:
    refs = [ev["ref"] for e in entries for ev in e["events"] if ev.get("ref")]
    known: set[str] = set()
    own: set[str] = set()
    for chunk in _in_chunks(refs):
        known.update(s.scalars(select(REF.c.ref).where(REF.c.ref.in_(chunk))))
        own.update(s.scalars(select(Outbox.mutation_id).where(Outbox.mutation_id.in_(chunk))))
    own -= known
    mine = _unlinked(s, [ids[e["key"]] for e in entries]) if own else {}
    links: list[dict[str, Any]] = []
    new_events: list[dict[str, Any]] = []
    stamp = context.clock()
    new_refs: list[str] = []
    for e in entries:
        dossier_id = ids[e["key"]]
        for ev in e["events"]:
            ref = ev.get("ref")
            if not ref or ref in known:
                continue  # without a reference it is still being relayed: it comes again
            known.add(ref)
            row = {n: ev.get(n) for n in _EVENT_COLS}
            row["at"] = _time(ev["at"])
            match = _match(mine.get(dossier_id, []), row) if ref in own else None
            if match is not None:
                links.append({"event_id": match, "ref": ref})
                continue
            new_events.append({"dossier_id": dossier_id, **row, "recorded_at": stamp})
            new_refs.append(ref)
    for row, id_ in zip(new_events, allocate_ids(s, EVENT, len(new_events)), strict=True):
        row["id"] = id_
        links.append({"event_id": id_, "ref": new_refs.pop(0)})
    if new_events:
        s.execute(insert(EVENT), new_events)
    if links:
        s.execute(insert(REF), links)


def _unlinked(s: Session, dossier_ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """This PC's own events still without a reference, per dossier, oldest first."""
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    ev: Table = EVENT
    for chunk in _in_chunks(dossier_ids):
        rows = s.execute(
            select(
                ev.c.id, ev.c.dossier_id, ev.c.at, ev.c.actor, ev.c.kind, ev.c.to_status, ev.c.note
            )  # fmt: skip
            .outerjoin(REF, REF.c.event_id == ev.c.id)
            .where(ev.c.dossier_id.in_(chunk), REF.c.event_id.is_(None))
            .order_by(ev.c.id)
        )
        for row in rows:
            out[row.dossier_id].append(tuple(row))
    return out


def _match(candidates: list[tuple[Any, ...]], row: dict[str, Any]) -> int | None:
    wanted = (row["at"], row["actor"], row["kind"], row["to_status"], row["note"])
    for i, c in enumerate(candidates):
        if c[2:] == wanted:
            del candidates[i]
            return int(c[0])
    return None
