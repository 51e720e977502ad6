"""Registers that number things once and for ever: the tracking book, the letters of a year.

Several counters may work offline, each with its own database, so a number cannot come from
a count of what one database holds (that is how two dossiers received in the same minute on
two PCs both got line 2, and how a line moved when an earlier dossier was recorded later).
Every register is kept per device slot, the same slots that already make dossier codes unique
without coordination (kiosk.domain.codes): slot k keeps its own book for the year, "Quyển số
0k/2026", and numbers its lines 1, 2, 3, ... in the order it receives dossiers. Two PCs never
share a slot, so (book, line) is unique in the office; a number is taken in the transaction
that records the dossier and is never given again, even if that dossier is later refused or
stopped. An office with one PC has one book a year, 01/2026, as on paper.

Dossiers received before books were kept (migration 0005) are in the book of their year named
by the year alone ("2026"), numbered in reception order.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as lite_insert
from sqlalchemy.orm import Session

from kiosk.services.context import agency_code, slot_range
from kiosk.store.models import Dossier, RegisterSequence


def next_number(session: Session, name: str) -> int:
    """Take the next number of register `name` for this device's slot (atomic, gap-free)."""
    agency = agency_code(session)
    slot = slot_range(session).slot
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else lite_insert
    session.execute(
        dialect_insert(RegisterSequence)
        .values(agency_code=agency, name=name, slot=slot, last=0)
        .on_conflict_do_nothing()
    )
    last = session.scalar(
        update(RegisterSequence)
        .where(
            RegisterSequence.agency_code == agency,
            RegisterSequence.name == name,
            RegisterSequence.slot == slot,
        )
        .values(last=RegisterSequence.last + 1)
        .returning(RegisterSequence.last)
    )
    assert last is not None
    return int(last)


def book_name(session: Session, year: int) -> str:
    """This device's book of `year`: "01/2026" for slot 0."""
    return f"{slot_range(session).slot + 1:02d}/{year}"


def enter_in_book(session: Session, dossier: Dossier, at: datetime) -> None:
    """Give a dossier its book number, once (a dossier that already has one keeps it)."""
    if dossier.book_line is not None:
        return
    dossier.book_no = book_name(session, at.year)
    dossier.book_line = next_number(session, f"book:{at.year}")


def letter_number(session: Session, kind: str, at: datetime, abbreviation: str) -> str:
    """The "Số:" of a letter (Mẫu 04, 05): per year and device slot, e.g. "03/2026/TB-1"."""
    n = next_number(session, f"{kind}:{at.year}")
    slot = slot_range(session).slot + 1
    return f"{n:02d}/{at.year}/{abbreviation}-{slot}"
