"""From the store to paper: maps dossiers and tickets to the plain data the renderers take.

The renderers (`printing.forms`, `printing.thermal`) know nothing of the database; this module is
the one place that reads kiosk models for printing, used by the command line and the windows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from kiosk.domain.people import mask_name
from kiosk.errors import KioskError
from kiosk.outfiles import write_file
from kiosk.services.admin_office import place_name
from kiosk.services.book import ROW_FIELDS, printed_lines
from kiosk.services.book import Period as BookPeriod
from kiosk.services.context import CLI_ACTOR, Actor, get_setting
from kiosk.services.dossiers import get_dossier
from kiosk.services.fees import fee_line, office_fee
from kiosk.services.handover import control_rows, handling_unit
from kiosk.store.models import Agency, Dossier, Staff, Ticket
from printing import FORMS
from printing.forms import (
    AgencyHeader,
    BookRow,
    DocumentLine,
    DossierForm,
    HandoverRow,
    render_tracking_book,
)
from printing.thermal import (
    QueueTicket,
    ReceiptSlip,
    print_job,
    render_queue_ticket,
    render_receipt_slip,
)


def qr_payload(d: Dossier) -> str:
    """The receipt's QR: the code, and the lookup token that lets the self-check show details."""
    return f"{d.code}#{d.lookup_token}" if d.lookup_token else d.code


def agency_header(session: Session) -> AgencyHeader:
    code = get_setting(session, "agency_code")
    agency = session.scalar(select(Agency).where(Agency.code == code)) if code else None
    name = agency.name if agency else (get_setting(session, "agency_name") or "")
    parent = agency.parent.name if agency and agency.parent else None
    return AgencyHeader(name=name, parent_name=parent, place=place_name(session))


def district_header(session: Session) -> AgencyHeader:
    """The heading of a district-wide report: the office's parent agency (the district's
    People's Committee) under its own parent, or the office itself when it has no parent."""
    code = get_setting(session, "agency_code")
    agency = session.scalar(select(Agency).where(Agency.code == code)) if code else None
    if agency is None or agency.parent is None:
        return agency_header(session)
    top = agency.parent
    above = top.parent.name if top.parent is not None else None
    return AgencyHeader(name=top.name, parent_name=above, place=place_name(session))


def time_limit_text(limit: float, unit: str) -> str:
    if limit == 0:
        return "Trong ngày làm việc"
    n = f"{limit:g}".replace(".", ",")
    return {"hours": f"{n} giờ làm việc", "calendar_days": f"{n} ngày"}.get(
        unit, f"{n} ngày làm việc"
    )


def fee_text(d: Dossier, session: Session | None = None) -> str:
    """What the receipt says of fees: what was collected (recorded at reception), else the
    office's amounts for the procedure, else the catalog's words."""
    collected = fee_line(d)
    if collected is not None:
        return collected
    p = d.procedure
    if session is not None:
        fee = office_fee(session, p)
        if fee is not None:
            return fee
    if p.fee_vnd == 0:
        return "Miễn phí"
    if p.fee_vnd:
        return f"{p.fee_vnd:,} đồng".replace(",", ".")
    first = p.fee_text.split(". ")[0].strip()
    return first if len(first) <= 240 else first[:237] + "…"


def officer_name(session: Session, username: str | None) -> str:
    if not username:
        return ""
    if username == CLI_ACTOR:  # no person: say so rather than print an account name
        return "(nhập từ dòng lệnh, không ghi tên cán bộ)"
    name = session.scalar(select(Staff.full_name).where(Staff.username == username))
    return name or username


_officer = officer_name


def dossier_form(session: Session, d: Dossier) -> DossierForm:
    return DossierForm(
        code=d.code,
        procedure_name=d.procedure.name,
        applicant_name=d.applicant_name,
        applicant_address=d.applicant_address,
        applicant_phone=d.applicant_phone,
        applicant_email=d.applicant_email,
        documents=tuple(
            DocumentLine(str(x["name"]), int(x.get("originals", 0)), int(x.get("copies", 0)))
            for x in d.documents
        ),
        sets=d.sets,
        time_limit_text=time_limit_text(d.procedure.time_limit, d.procedure.time_unit),
        received_at=d.received_at or d.created_at,
        due_at=d.due_at,
        result_place=d.result_place,
        fee_text=fee_text(d, session),
        receiving_officer=_officer(session, d.received_by),
        book_no=d.book_no,  # given once at reception (kiosk.services.register)
        line_no=d.book_line,
        qr_payload=qr_payload(d),
    )


def render_form(
    session: Session,
    name: str,
    code: str,
    *,
    page: str = "A4",
    issuer: str | None = None,
    actor: Actor | None = None,
) -> bytes:
    """One statutory form for one dossier, as PDF bytes: issued (and recorded) the first time,
    reprinted from the record after that (printing.records)."""
    from printing.records import issue

    if name not in FORMS:
        raise KioskError(f"'{name}' is not a form (use one of: {', '.join(FORMS)})")
    return issue(
        session, name, get_dossier(session, code), issuer=issuer, actor=actor, page=page
    ).pdf


def control_sheet_parts(
    session: Session, d: Dossier
) -> tuple[list[HandoverRow], str | None, str | None]:
    """Mẫu 06: the rows (kiosk.services.handover), the unit handling the dossier (the field's
    department, else the procedure's agency) and the agencies of an inter-agency route."""
    rows = [
        HandoverRow(r.agency, r.handed_by, r.received_by, r.at, r.result, r.note)
        for r in control_rows(session, d)
    ]
    return rows, handling_unit(session, d), ", ".join(r.agency for r in d.procedure.route) or None


def handover_rows(session: Session, d: Dossier) -> list[HandoverRow]:
    return control_sheet_parts(session, d)[0]


def render_book(session: Session, date_from: date, date_to: date, *, page: str = "A4") -> bytes:
    """Mẫu 07 for the dossiers received in the period: the lines of kiosk.services.book, the
    ones the counter window shows and prints."""
    if date_to < date_from:
        raise KioskError("--to is before --from", "Ngày kết thúc trước ngày bắt đầu.")
    lines, books = printed_lines(session, BookPeriod(date_from, date_to))
    rows = [BookRow(**{f: getattr(x, f) for f in ROW_FIELDS}) for x in lines]
    return render_tracking_book(
        agency_header(session), rows, date_from, date_to, page=page, books=books
    )


def write_pdf(data: bytes, out: str | Path, *, fallback: bool = False) -> Path:
    """Write whole or not at all: a half-written PDF never sits under the final name.

    A rename refused for a moment (an antivirus scanning the new file) is retried; with
    `fallback`, a PDF held open by a viewer is left alone and the new one saved beside it
    (kiosk/outfiles.py). Returns the path written.
    """
    return write_file(out, data, fallback=fallback)


# -- thermal ---------------------------------------------------------------------------------


def office_name(session: Session) -> str:
    return get_setting(session, "agency_name") or "Bộ phận Một cửa"


def ticket_bytes(session: Session, ticket: Ticket, ahead: int, width_dots: int = 576) -> bytes:
    from kiosk.services.queue import PRIORITY_KINDS

    return render_queue_ticket(
        QueueTicket(
            office_name=office_name(session),
            number=ticket.label,
            service_name=ticket.service.name,
            issued_at=ticket.issued_at,
            ahead=ahead,
            priority_label=PRIORITY_KINDS.get(ticket.priority or ""),
            qr_payload=f"TICKET:{ticket.label}:{ticket.day.isoformat()}",
        ),
        width_dots,
    )


def ticket_printer(url: str, width_dots: int = 576) -> Callable[[Ticket, int], None]:
    """A `print_ticket` for kiosk.services.queue.issue_ticket: raises PrinterError on a fault."""

    def _print(ticket: Ticket, ahead: int) -> None:
        session = object_session(ticket)
        assert session is not None
        print_job(url, ticket_bytes(session, ticket, ahead, width_dots))

    return _print


def receipt_slip_bytes(session: Session, code: str, width_dots: int = 576) -> bytes:
    return render_receipt_slip(receipt_slip(session, get_dossier(session, code)), width_dots)


def receipt_slip(session: Session, d: Dossier) -> ReceiptSlip:
    """The thermal receipt's data: the appointment given at reception (as on Mẫu 01)."""
    due = d.original_due_at or d.due_at
    if d.received_at is None or due is None:
        raise KioskError(f"dossier {d.code} has no appointment yet", "Hồ sơ chưa có ngày hẹn.")
    return ReceiptSlip(
        office_name=office_name(session),
        code=d.code,
        procedure_name=d.procedure.name,
        applicant_masked=mask_name(d.applicant_name),
        received_at=d.received_at,
        due_at=due,
        qr_payload=qr_payload(d),
        fee=fee_line(d),
    )
