"""From the store to paper: maps dossiers and tickets to the plain data the renderers take.

The renderers (`printing.forms`, `printing.thermal`) know nothing of the database; this module is
the one place that reads kiosk models for printing, used by the command line and the windows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from kiosk.domain.people import mask_name
from kiosk.domain.status import STATUS_NAMES_VI, Status
from kiosk.errors import KioskError
from kiosk.outfiles import write_file
from kiosk.services.admin_office import place_name
from kiosk.services.context import CLI_ACTOR, get_setting
from kiosk.services.dossiers import get_dossier
from kiosk.services.fees import fee_line, office_fee
from kiosk.store.models import Agency, Dossier, DossierEvent, Staff, Ticket
from printing import FORMS
from printing.forms import (
    AgencyHeader,
    BookRow,
    DocumentLine,
    DossierForm,
    HandoverRow,
    render_apology,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_stop,
    render_supplement,
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


def _officer(session: Session, username: str | None) -> str:
    if not username:
        return ""
    if username == CLI_ACTOR:  # no person: say so rather than print an account name
        return "(nhập từ dòng lệnh, không ghi tên cán bộ)"
    name = session.scalar(select(Staff.full_name).where(Staff.username == username))
    return name or username


def book_line(session: Session, d: Dossier) -> int:
    """The dossier's line in this year's tracking book: its rank among the year's receptions."""
    if d.received_at is None:
        return 0
    start = datetime(d.received_at.year, 1, 1)
    return (
        int(
            session.scalar(
                select(func.count())
                .select_from(Dossier)
                .where(Dossier.received_at >= start, Dossier.received_at < d.received_at)
            )
            or 0
        )
        + 1
    )


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
        book_no=str((d.received_at or d.created_at).year),
        line_no=book_line(session, d) if d.received_at else None,
        qr_payload=qr_payload(d),
    )


def _last_event(d: Dossier, to_status: int | None = None, kind: str = "status") -> DossierEvent:
    for e in reversed(d.events):
        if e.kind == kind and (to_status is None or e.to_status == to_status):
            return e
    raise KioskError(
        f"dossier {d.code} has no {'apology' if kind == 'apology' else 'such'} event to print",
        f"Hồ sơ {d.code} chưa có thông tin để in mẫu này.",
    )


def render_form(session: Session, name: str, code: str, *, page: str = "A4") -> bytes:
    """One statutory form for one dossier, as PDF bytes."""
    d = get_dossier(session, code)
    header, form = agency_header(session), dossier_form(session, d)
    if name == "receipt":
        if d.received_at is None:
            raise KioskError(
                f"dossier {d.code} was not received, so it has no receipt",
                f"Hồ sơ {d.code} chưa được tiếp nhận.",
            )
        return render_receipt(header, form, page=page)
    if name == "supplement":
        e = _last_event(d, Status.SUPPLEMENT)
        missing = [
            DocumentLine(str(m["name"]), int(m.get("originals", 0)), int(m.get("copies", 0)))
            for m in (e.data or {}).get("missing", [])
        ]
        return render_supplement(
            header, form, missing, e.note or "", page=page, officer=_officer(session, e.actor)
        )
    if name == "refusal":
        return render_refusal(header, form, _last_event(d, Status.REFUSED).note or "", page=page)
    if name == "apology":
        e = _last_event(d, kind="apology")
        data = e.data or {}
        old = data.get("old_due_at")
        return render_apology(
            header,
            form,
            e.note or "",
            datetime.fromisoformat(data["new_due_at"]),
            datetime.fromisoformat(old) if old else form.received_at,
            page=page,
        )
    if name == "stop":
        return render_stop(header, form, _last_event(d, Status.STOPPED).note or "", page=page)
    if name == "control-sheet":
        return render_control_sheet(header, form, handover_rows(session, d), page=page)
    raise KioskError(f"'{name}' is not a form (use one of: {', '.join(FORMS)})")


def handover_rows(session: Session, d: Dossier) -> list[HandoverRow]:
    """The control sheet: reception, each hand-over between agencies, and the result."""
    rows: list[HandoverRow] = []
    prev_actor = _officer(session, d.received_by)
    for e in d.events:
        if e.kind == "handover":
            agency = str((e.data or {}).get("to_agency", ""))
        elif e.kind == "status" and e.to_status in (
            Status.IN_PROCESS,
            Status.READY,
            Status.RETURNED,
        ):
            agency = {
                Status.IN_PROCESS: "Phòng chuyên môn",
                Status.READY: "Bộ phận Một cửa",
                Status.RETURNED: "Người nộp hồ sơ",
            }[Status(e.to_status)]
        else:
            continue
        actor = _officer(session, e.actor)
        result = None
        if d.due_at is not None and e.to_status in (Status.READY, Status.RETURNED):
            result = (
                "Trước hạn"
                if e.at.date() < d.due_at.date()
                else ("Đúng hạn" if e.at <= d.due_at else "Quá hạn")
            )
        rows.append(HandoverRow(agency, prev_actor, actor, e.at, result, e.note))
        prev_actor = actor
    return rows


def render_book(session: Session, date_from: date, date_to: date, *, page: str = "A4") -> bytes:
    if date_to < date_from:
        raise KioskError("--to is before --from", "Ngày kết thúc trước ngày bắt đầu.")
    start = datetime.combine(date_from, time())
    end = datetime.combine(date_to + timedelta(days=1), time())
    dossiers = session.scalars(
        select(Dossier)
        .where(Dossier.received_at >= start, Dossier.received_at < end)
        .order_by(Dossier.received_at, Dossier.id)
    )
    rows = []
    for i, d in enumerate(dossiers, 1):
        transferred = next((e.at for e in d.events if e.to_status == Status.IN_PROCESS), None)
        contact = ", ".join(x for x in (d.applicant_address, d.applicant_phone) if x)
        rows.append(
            BookRow(
                no=i,
                code=d.code,
                procedure_name=d.procedure.name,
                sets=d.sets,
                applicant_name=d.applicant_name,
                applicant_contact=contact,
                agency_in_charge=d.procedure.agency.split(";")[0][:120],
                received_at=d.received_at or d.created_at,
                due_at=d.due_at,
                transferred_at=transferred,
                result_back_at=d.finished_at,
                returned_at=d.returned_at,
                delivery=d.result_place or None,
                note=None if d.status == Status.RETURNED else STATUS_NAMES_VI[d.status],
            )
        )
    return render_tracking_book(agency_header(session), rows, date_from, date_to, page=page)


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
    d = get_dossier(session, code)
    if d.received_at is None or d.due_at is None:
        raise KioskError(f"dossier {d.code} has no appointment yet", "Hồ sơ chưa có ngày hẹn.")
    return render_receipt_slip(
        ReceiptSlip(
            office_name=office_name(session),
            code=d.code,
            procedure_name=d.procedure.name,
            applicant_masked=mask_name(d.applicant_name),
            received_at=d.received_at,
            due_at=d.due_at,
            qr_payload=qr_payload(d),
            fee=fee_line(d),
        ),
        width_dots,
    )
