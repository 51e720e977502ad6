"""The tracking book's lines (Mẫu 07): one reading for the screen and for paper.

The counter window shows the book a page at a time (ui/counter/book.py), and prints it; the
command line prints it (``kiosk print book``, printing.jobs.render_book). All of them read the
lines here, so the screen and the paper say the same: the book line given at reception, the
handling unit by name, the appointment given on Mẫu 01 and the hand-over dates from the
recorded hand-overs (kiosk.services.handover.dates_of; the status changes only where no
hand-over was recorded).

A month of a busy office is tens of thousands of lines: the screen loads them page by page as
the clerk scrolls (keyset pagination on the reception-time index, so page 100 costs what page 1
does), and only printing reads them all. Columns are read directly (no ORM objects); the events
that date the hand-overs are read in one query a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from kiosk.domain.status import STATUS_NAMES_VI, Status
from kiosk.services.handover import BOOK_EVENTS, dates_of
from kiosk.store.models import Department, Dossier, DossierEvent, Field, Procedure

PAGE = 500
_CHUNK = 500
#: how a line names its book when a period holds lines of several books (printing.forms)
BOOK_NOTE = "Quyển {book}"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return datetime.combine(self.start, time()), datetime.combine(
            self.end + timedelta(days=1), time()
        )


@dataclass(frozen=True)
class Totals:
    dossiers: int
    sets: int


@dataclass(frozen=True, slots=True)
class BookLine:
    """One line of the book: printing.forms.BookRow's fields (ROW_FIELDS), slotted (a month can
    be tens of thousands of lines), and the book (quyển) the line is in."""

    no: int
    code: str
    procedure_name: str
    sets: int
    applicant_name: str
    applicant_contact: str
    agency_in_charge: str
    received_at: datetime
    due_at: datetime | None
    transferred_at: datetime | None
    result_back_at: datetime | None
    returned_at: datetime | None
    delivery: str | None
    note: str | None
    book_no: str | None = None


#: the fields of printing.forms.BookRow, in its order
ROW_FIELDS: tuple[str, ...] = tuple(f for f in BookLine.__slots__ if f != "book_no")


def _agency(text: str | None) -> str:
    """The first agency the catalog names, without its notes (as kiosk.services.handover)."""
    return (text or "").split(";")[0].split("(")[0].strip().rstrip(".,")[:120]


@dataclass(frozen=True)
class Page:
    rows: list[BookLine]
    after: tuple[datetime, int] | None  # where the next page starts (None: no more)


def totals(session: Session, period: Period) -> Totals:
    start, end = period.bounds
    n, sets = session.execute(
        select(func.count(), func.coalesce(func.sum(Dossier.sets), 0)).where(
            Dossier.received_at >= start, Dossier.received_at < end
        )
    ).one()
    return Totals(int(n), int(sets))


def handover_dates(
    session: Session, ids: Iterable[int]
) -> dict[int, tuple[datetime | None, datetime | None]]:
    """Per dossier id: (handed to a unit, result back), by kiosk.services.handover.dates_of
    over the dossier's hand-overs and status changes, in the order they were recorded."""
    ev = DossierEvent
    kinds = or_(
        *(
            ev.kind == kind if to is None else and_(ev.kind == kind, ev.to_status == int(to))
            for kind, to in BOOK_EVENTS
        )
    )
    wanted = sorted(set(ids))
    events: dict[int, list[tuple[str, int, datetime, dict[str, Any] | None]]] = {}
    for i in range(0, len(wanted), _CHUNK):
        q = (
            select(ev.dossier_id, ev.kind, ev.to_status, ev.at, ev.data)
            .where(ev.dossier_id.in_(wanted[i : i + _CHUNK]), kinds)
            .order_by(ev.dossier_id, ev.id)
        )
        for did, kind, to, at, data in session.execute(q):
            events.setdefault(did, []).append((kind, to, at, data))
    return {did: dates_of(events.get(did, ())) for did in wanted}


def page(
    session: Session,
    period: Period,
    after: tuple[datetime, int] | None = None,
    first_no: int = 1,
    limit: int | None = PAGE,
) -> Page:
    """Lines in reception order from just after `after`; `limit=None` reads to the end."""
    start, end = period.bounds
    q = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.name,
            Procedure.agency,
            Dossier.sets,
            Dossier.applicant_name,
            Dossier.applicant_address,
            Dossier.applicant_phone,
            Dossier.received_at,
            Dossier.created_at,
            Dossier.due_at,
            Dossier.original_due_at,
            Dossier.book_no,
            Dossier.book_line,
            Department.name.label("unit"),
            Dossier.returned_at,
            Dossier.result_place,
            Dossier.status,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Field, Field.id == Procedure.field_id)
        .outerjoin(Department, Department.id == Field.department_id)
        .where(Dossier.received_at >= start, Dossier.received_at < end)
        .order_by(Dossier.received_at, Dossier.id)
    )
    if after is not None:
        q = q.where(tuple_(Dossier.received_at, Dossier.id) > tuple_(*after))
    if limit is not None:
        q = q.limit(limit)
    found = session.execute(q).all()
    dates = handover_dates(session, (r.id for r in found))
    shared: dict[str, str] = {}  # few procedures, many lines: one string each

    def same(text: str) -> str:
        return shared.setdefault(text, text) if text else text

    statuses = {k: same(v) for k, v in STATUS_NAMES_VI.items()}
    rows: list[BookLine] = []
    last: tuple[datetime, int] | None = None
    for r in found:
        transferred, back = dates[r.id]
        rows.append(
            BookLine(
                no=r.book_line or first_no + len(rows),  # the line given at reception
                code=r.code,
                procedure_name=same(r.name),
                sets=r.sets,
                applicant_name=r.applicant_name,
                applicant_contact=", ".join(
                    x for x in (r.applicant_address, r.applicant_phone) if x
                ),
                agency_in_charge=same(r.unit or _agency(r.agency)),
                received_at=r.received_at or r.created_at,
                due_at=r.original_due_at or r.due_at,  # the appointment given (Mẫu 01)
                transferred_at=transferred,
                result_back_at=back,
                returned_at=r.returned_at,
                delivery=same(r.result_place) or None,
                note=None if r.status == Status.RETURNED else statuses[r.status],
                book_no=r.book_no,
            )
        )
        last = (r.received_at, r.id)
    more = limit is not None and len(rows) == limit
    return Page(rows, last if more else None)


def printed_lines(session: Session, period: Period) -> tuple[list[BookLine], list[str]]:
    """Every line of the period as the paper book has them, and the books they are in: each
    book's lines together in line order (the per-slot books of kiosk.services.register); when
    the period holds several books, a line's note names its book."""
    lines = page(session, period, limit=None).rows
    lines.sort(key=lambda x: (x.book_no or "~", x.no if x.book_no else 0))
    books = sorted({x.book_no for x in lines if x.book_no})
    if len(books) < 2:
        return lines, books
    out = []
    for x in lines:
        if x.book_no:
            note = "; ".join(y for y in (BOOK_NOTE.format(book=x.book_no), x.note) if y)
            x = _with_note(x, note)
        out.append(x)
    return out, books


def _with_note(x: BookLine, note: str) -> BookLine:
    values = {f: getattr(x, f) for f in BookLine.__slots__}
    values["note"] = note
    return BookLine(**values)
