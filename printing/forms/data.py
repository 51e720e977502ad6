"""Plain input data for the statutory forms (no database, no Qt).

The callers (reception UI, report jobs) map their own records to these frozen dataclasses; the
renderers in this package only read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AgencyHeader:
    """Top-left agency block of a form: parent agency (may be None), the agency, and its place."""

    name: str
    parent_name: str | None
    place: str | None


@dataclass(frozen=True)
class DocumentLine:
    """One document of a dossier: how many originals and how many (certified) copies."""

    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class DossierForm:
    """Everything a form needs to know about one dossier.

    `qr_payload` is the dossier code, optionally with a lookup token; never personal data.
    """

    code: str
    procedure_name: str
    applicant_name: str
    applicant_address: str | None
    applicant_phone: str | None
    applicant_email: str | None
    documents: tuple[DocumentLine, ...]
    sets: int
    time_limit_text: str
    received_at: datetime
    due_at: datetime | None
    result_place: str
    fee_text: str | None
    receiving_officer: str
    book_no: str | None
    line_no: int | None
    qr_payload: str


@dataclass(frozen=True)
class HandoverRow:
    """One hand-over of the dossier on the control sheet (Mẫu 06)."""

    agency: str
    handed_by: str
    received_by: str
    at: datetime
    result: str | None
    note: str | None


@dataclass(frozen=True)
class BookRow:
    """One line of the tracking book (Mẫu 07)."""

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
