"""The tracking book's lines (Mẫu 07), a page at a time.

A month of a busy office is tens of thousands of lines: the screen loads them page by page as
the clerk scrolls (keyset pagination on the reception-time index, so page 100 costs what page 1
does), and only printing reads them all. Columns are read directly (no ORM objects, no event
lists); the same lines as printing.jobs.render_book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from kiosk.domain.status import STATUS_NAMES_VI, Status
from kiosk.store.models import Department, Dossier, DossierEvent, Field, Procedure

PAGE = 500


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
    """One line of the book on screen: printing.forms.BookRow's fields, slotted (a month can be
    tens of thousands of lines) and without importing the PDF renderer to show them."""

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


def book_rows(lines: list[BookLine]) -> list[Any]:
    """The lines as printing.forms.BookRow, for the PDF (on the I/O worker)."""
    from printing.forms.data import BookRow

    return [BookRow(**{f: getattr(x, f) for f in BookLine.__slots__}) for x in lines]


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


def page(
    session: Session,
    period: Period,
    after: tuple[datetime, int] | None = None,
    first_no: int = 1,
    limit: int | None = PAGE,
) -> Page:
    """Lines in reception order from just after `after`; `limit=None` reads to the end."""
    start, end = period.bounds
    transferred = (
        select(func.min(DossierEvent.at))
        .where(DossierEvent.dossier_id == Dossier.id, DossierEvent.to_status == Status.IN_PROCESS)
        .correlate(Dossier)
        .scalar_subquery()
    )
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
            Dossier.book_line,
            Department.name.label("unit"),
            transferred.label("transferred_at"),
            Dossier.finished_at,
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
    shared: dict[str, str] = {}  # few procedures, many lines: one string each

    def same(text: str) -> str:
        return shared.setdefault(text, text) if text else text

    statuses = {k: same(v) for k, v in STATUS_NAMES_VI.items()}
    rows: list[BookLine] = []
    last: tuple[datetime, int] | None = None
    for r in session.execute(q):
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
                transferred_at=r.transferred_at,
                result_back_at=r.finished_at,
                returned_at=r.returned_at,
                delivery=same(r.result_place) or None,
                note=None if r.status == Status.RETURNED else statuses[r.status],
            )
        )
        last = (r.received_at, r.id)
    more = limit is not None and len(rows) == limit
    return Page(rows, last if more else None)
