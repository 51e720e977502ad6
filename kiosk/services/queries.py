"""Read-only questions about dossiers: lookup, search, due-soon and overdue lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased, selectinload

from kiosk.domain.codes import DOSSIER_CODE_RE, normalize_code
from kiosk.domain.people import fold
from kiosk.domain.status import RUNNING, STATUS_NAMES_VI, Status
from kiosk.errors import KioskError, NotFound
from kiosk.services.context import now
from kiosk.services.dossiers import get_dossier
from kiosk.services.due import DueWindow, due_soon_conditions, running
from kiosk.store.models import Dossier, DossierEvent, DossierWord, Field, Procedure
from kiosk.store.search_index import KEY_LEN, alnum_reversed


def is_overdue(d: Dossier, at: datetime | None = None) -> bool:
    """Past the due date in force while the clock runs (a supplement pauses it)."""
    return _overdue(d.status, d.due_at, at)


def _overdue(status: int, due_at: datetime | None, at: datetime | None = None) -> bool:
    return due_at is not None and status in RUNNING and (at or now()) > due_at


def lookup(session: Session, code: str, at: datetime | None = None) -> dict[str, Any]:
    """A dossier as staff see it (the JSON of `kiosk lookup`).

    Two plain (Core) queries, no ORM objects: on a busy counter PC the ORM's bookkeeping for a
    dossier, its procedure and its events costs several times the queries themselves. `code`
    may be the last digits of a code ("0003", "261204-0003") when only one code ends so.
    """
    code = resolve_code(session, code)
    found = lookup_rows(session, normalize_code(code))
    if found is None:
        get_dossier(session, code)  # raises the one clear "not found" message
        raise AssertionError("unreachable")
    return lookup_answer(*found, at=at)


_D = Dossier.__table__
_P = Procedure.__table__
_E = DossierEvent.__table__
# Built once, on the tables (no ORM layer): the server runs 200 of them a second.
LOOKUP_ROW = (
    select(_D.c.id, _D.c.code, _D.c.status, _P.c.code, _P.c.name, _D.c.applicant_name,
           _D.c.received_at, _D.c.due_at, _D.c.original_due_at, _D.c.new_due_at)
    .join(_P, _P.c.id == _D.c.procedure_id)
    .where(_D.c.code == bindparam("code"))
)  # fmt: skip
LOOKUP_EVENTS = (
    select(_E.c.at, _E.c.to_status, _E.c.actor, _E.c.note, _E.c.kind)
    .where(_E.c.dossier_id == bindparam("dossier_id"))
    .order_by(_E.c.id)
)


def lookup_rows(
    conn: Session | Connection, code: str
) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]] | None:
    """The dossier row of this whole (normalized) code and its events; None if there is none."""
    row = conn.execute(LOOKUP_ROW, {"code": code}).first()
    if row is None:
        return None
    events = conn.execute(LOOKUP_EVENTS, {"dossier_id": row[0]}).all()
    return tuple(row), [tuple(e) for e in events]


def lookup_answer(
    row: tuple[Any, ...], events: list[tuple[Any, ...]], at: datetime | None = None
) -> dict[str, Any]:
    _id, code_, status, proc_code, proc_name, applicant, received, due, original, new_due = row

    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "code": code_,
        "status": status,
        "status_name": STATUS_NAMES_VI[status],
        "procedure": proc_code,
        "procedure_name": proc_name,
        "applicant_name": applicant,
        "received_at": iso(received),
        "due_at": iso(due),
        "overdue": _overdue(status, due, at),
        # the appointment of Mẫu 01, and the new one an apology gave (None without one);
        # due_at stays the appointment the dossier is judged against (docs/rules.md)
        "original_due_at": iso(original),
        "new_due_at": iso(new_due),
        "events": [
            {"at": e_at.isoformat(), "status": to, "actor": actor, "note": note, "kind": kind}
            for e_at, to, actor, note, kind in events
        ],
    }


def resolve_code(session: Session, text: str) -> str:
    """A whole code as typed, or the one code ending in these characters (by index); several or
    none: one clear sentence (the whole code or more digits are needed)."""
    kind, values = text_kind(text)
    if kind != "suffix":
        return text
    codes = list(
        session.scalars(
            select(Dossier.code)
            .where(
                Dossier.id.in_(
                    select(DossierWord.dossier_id).where(_key_range(f"c:{values[0]}"[:KEY_LEN]))
                )
            )
            .order_by(Dossier.id.desc())
            .limit(6)
        )
    )
    if len(codes) == 1:
        return codes[0]
    typed = text.strip()
    if not codes:
        raise NotFound(
            f"no dossier code ends in '{typed}'",
            f"Không có hồ sơ nào có mã kết thúc bằng «{typed}».",
        )
    shown = ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")
    raise KioskError(
        f"several dossier codes end in '{typed}' ({shown}); type more of the code",
        f"Có nhiều hồ sơ có mã kết thúc bằng «{typed}» ({shown}); hãy nhập thêm chữ số.",
    )


@dataclass
class DossierFilter:
    text: str | None = None  # code (or its last digits), ID, phone (or last digits), name words
    status: int | None = None
    field: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    limit: int = 200


MIN_SUFFIX = 3  # fewer characters would be a range over a tenth of all the keys
_SEPARATORS = " .-()/+"


def text_kind(text: str) -> tuple[str, list[str]]:
    """What the clerk typed, read before asking the database: (kind, values).

    ``code`` a whole dossier code; ``id`` 12 digits (a citizen ID); ``phone`` 9–11 digits
    starting with 0, or +84 and the rest (spaces, dots, dashes and brackets ignored; both
    spellings are asked, as a phone may be stored either way); ``suffix`` the last characters
    of a code, phone or ID number ("0003", "261204-0003", "5678": a name has no digits), given
    reversed as the prefix of their search keys; ``short`` fewer than 3 of them (nothing is
    asked); ``name`` anything else: its folded words (accents and case ignored).
    """
    t = text.strip()
    code = normalize_code(t)
    if DOSSIER_CODE_RE.match(code):
        return "code", [code]
    compact = "".join(ch for ch in t if not ch.isspace() and ch not in ".-()")
    if compact.isdigit() and len(compact) == 12:
        return "id", [compact]
    if compact.isdigit() and compact.startswith("0") and 9 <= len(compact) <= 11:
        return "phone", [compact, "+84" + compact[1:]]
    if compact.startswith("+84") and compact[3:].isdigit() and 8 <= len(compact) - 3 <= 10:
        return "phone", [compact, "0" + compact[3:]]
    bare = "".join(ch for ch in t.upper() if ch not in _SEPARATORS and not ch.isspace())
    if any(ch.isdigit() for ch in bare) and bare.isalnum():
        if len(bare) < MIN_SUFFIX:
            return "short", [bare]
        return "suffix", [alnum_reversed(bare)]
    return "name", [fold(t)]


def name_words(key: str) -> list[str]:
    """The distinct words of a folded name, longest first (the longest is usually the rarest)."""
    return sorted(set(key.split()), key=lambda w: (-len(w), w))


def _word(w: str) -> str:
    return f"n:{w}"[:KEY_LEN]


def _key_range(prefix: str) -> ColumnElement[bool]:
    col = DossierWord.word
    if ord(prefix[-1]) >= 0x10FFFF:
        return col.startswith(prefix, autoescape=True)
    return (col >= prefix) & (col < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def text_condition(text: str, primary: str | None = None) -> ColumnElement[bool]:
    """One condition that indexes answer (code, citizen ID, phone, last digits or name words).

    Name words: every word typed is a whole word of the name, in any order; `primary` (by
    default the longest) is the one the index is walked for, newest first, the others are
    checked on each dossier found by its own keys.
    """
    kind, values = text_kind(text)
    if kind == "code":
        return Dossier.code == values[0]
    if kind == "id":
        return Dossier.applicant_id_number == values[0]
    if kind == "phone":
        return Dossier.applicant_phone.in_(values)
    if kind == "short":
        return false()
    if kind == "suffix":
        rev = values[0]
        keys = select(DossierWord.dossier_id).where(
            or_(*(_key_range(f"{p}:{rev}"[:KEY_LEN]) for p in "cpi"))
        )
        return Dossier.id.in_(keys)
    words = name_words(values[0])
    if not words:
        return false()
    first = primary if primary in words else words[0]
    conds: list[ColumnElement[bool]] = [Dossier.id.in_(_with_word(first))]
    conds += [_has_word(w) for w in words if w != first]
    return and_(*conds)


def _with_word(w: str) -> Select[Any]:
    return select(DossierWord.dossier_id).where(DossierWord.word == _word(w))


def _has_word(w: str) -> ColumnElement[bool]:
    return exists().where(DossierWord.dossier_id == Dossier.id, DossierWord.word == _word(w))


def name_prefix(key: str) -> ColumnElement[bool]:
    """Folded names starting with `key`, as an index range.

    LIKE 'key%' is not served by an index on SQLite (LIKE ignores case, the index does not) nor
    on PostgreSQL outside the C collation; ``key <= name < next(key)`` is, on both. `next(key)`
    is the key with its last character moved up by one (not key + U+10FFFF: a linguistic
    collation may ignore that character). The LIKE stays as a filter on the rows of the range,
    so a collation that orders differently can only find fewer, never wrong, names.
    """
    col = Dossier.applicant_name_key
    like = col.startswith(key, autoescape=True)
    if not key or ord(key[-1]) >= 0x10FFFF:
        return like
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    return (col >= key) & (col < upper) & like


RARE_ENOUGH = 2000


def rarest_word(session: Session, words: list[str]) -> str | None:
    """The word with the fewest dossiers (each count stops at RARE_ENOUGH: bounded work);
    None when one of them is in no dossier at all (then nothing can match)."""
    best: tuple[int, str] | None = None
    for w in words:
        inner = select(DossierWord.dossier_id).where(DossierWord.word == _word(w))
        n = int(
            session.scalar(select(func.count()).select_from(inner.limit(RARE_ENOUGH).subquery()))
            or 0
        )
        if n == 0:
            return None
        if best is None or n < best[0]:
            best = (n, w)
    return best[1] if best else None


def search(session: Session, f: DossierFilter) -> list[Dossier]:
    """Dossiers matching the filter, newest first, at most `f.limit`.

    The text is classified first (:func:`text_kind`) and only that kind is asked: an OR of
    every reading (code = t OR name LIKE t% OR phone = t ...) cannot use one index per kind and
    reads the whole table, seconds at a million dossiers. A name is asked twice, both by index:
    by its whole words (any order: "van binh" finds "Trần Văn Bình"), and as the start of the
    name ("Trần Văn B"); the two lists are merged, newest first.
    """
    kind, values = text_kind(f.text or "") if f.text and f.text.strip() else ("", [])
    if kind != "name":
        return list(session.scalars(search_statement(f)))
    words = name_words(values[0])
    found: dict[int, Dossier] = {}
    primary = rarest_word(session, words) if len(words) > 1 else (words[0] if words else None)
    if primary is not None:
        for d in session.scalars(search_statement(f, primary)):
            found[d.id] = d
    for d in session.scalars(search_statement(f, prefix=True)):
        found.setdefault(d.id, d)
    return [found[i] for i in sorted(found, reverse=True)][: f.limit]


def search_statement(
    f: DossierFilter, primary: str | None = None, *, prefix: bool = False
) -> Select[Any]:
    q: Select[Any] = select(Dossier).options(
        selectinload(Dossier.procedure).selectinload(Procedure.field)
    )
    order: Any = Dossier.id.desc()
    kind, values = text_kind(f.text) if f.text and f.text.strip() else ("", [])
    words = name_words(values[0]) if kind == "name" else []
    if prefix:
        q = q.where(name_prefix(fold(f.text or "")))
    elif words:
        # the index of one word, walked newest first: the search stops at the limit
        first = primary if primary in words else words[0]
        key = aliased(DossierWord)
        q = q.join(key, and_(key.dossier_id == Dossier.id, key.word == _word(first)))
        q = q.where(*(_has_word(w) for w in words if w != first))
        order = key.dossier_id.desc()
    elif kind:
        q = q.where(text_condition(f.text or "", primary))
    if f.status is not None:
        q = q.where(Dossier.status == f.status)
    if f.field:
        q = q.join(Procedure, Procedure.id == Dossier.procedure_id).join(
            Field, Field.id == Procedure.field_id
        )
        q = q.where(Field.name == f.field)
    if f.received_from:
        q = q.where(Dossier.received_at >= datetime.combine(f.received_from, datetime.min.time()))
    if f.received_to:
        end = datetime.combine(f.received_to + timedelta(days=1), datetime.min.time())
        q = q.where(Dossier.received_at < end)
    return q.order_by(order).limit(f.limit)


def due_soon(session: Session, window: DueWindow, limit: int = 500) -> list[Dossier]:
    """Dossiers due soon (kiosk.services.due: not overdue, due before the window's end)."""
    q = select(Dossier).where(*due_soon_conditions(window)).order_by(Dossier.due_at).limit(limit)
    return list(session.scalars(q))


def overdue(session: Session, at: datetime | None = None, limit: int = 500) -> list[Dossier]:
    at = at or now()
    q = select(Dossier).where(running(), Dossier.due_at < at).order_by(Dossier.due_at).limit(limit)
    return list(session.scalars(q))


def count_overdue(session: Session, at: datetime | None = None) -> int:
    at = at or now()
    return int(
        session.scalar(
            select(func.count()).select_from(Dossier).where(running(), Dossier.due_at < at)
        )
        or 0
    )


def ready_for_return(session: Session, limit: int = 500) -> list[Dossier]:
    q = select(Dossier).where(Dossier.status == Status.READY).order_by(Dossier.finished_at)
    return list(session.scalars(q.limit(limit)))
