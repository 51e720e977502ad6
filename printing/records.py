"""Issuing a form once, reprinting it ever after (issue 13, kiosk.services.documents).

`issue` is the one path of the command line and the windows: it finds the fact the form
records (the reception for Mẫu 01, the latest supplement request for Mẫu 02, ...). If a document
of that kind was already issued for that fact, it renders the stored data again with the
reprint mark "Bản in lại ngày dd/mm/yyyy" in the footer; otherwise it takes a snapshot of the
dossier as the form shows it, renders it, and records data and PDF hash in the caller's
transaction. Every form is dated with its fact's date, not the day it is printed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.services.context import Actor, now
from kiosk.services.documents import Issuer, find_document, issuer_of, record_document
from kiosk.services.register import letter_number
from kiosk.store.models import Dossier, DossierEvent, IssuedDocument
from printing.forms import (
    AgencyHeader,
    DocumentLine,
    DossierForm,
    HandoverRow,
    render_apology,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_stop,
    render_supplement,
)
from printing.forms.layout import Common
from printing.thermal import ReceiptSlip

DATA_VERSION = 1
REPRINT_MARK = "Bản in lại ngày {date}"
# The letters' "Số:" (Decree 30/2020: number/year/abbreviation of the kind of letter).
LETTER_ABBREVIATIONS = {"apology": "XL", "stop": "TB"}


@dataclass
class Issued:
    pdf: bytes  # the PDF (the ESC/POS job for the thermal receipt)
    document: IssuedDocument
    reprint: bool


# -- which fact a form records -----------------------------------------------------------------


def fact_event(d: Dossier, kind: str) -> DossierEvent:
    """The event a form of `kind` records (its date is the form's date)."""
    events = list(d.events)
    found: DossierEvent | None = None
    if kind in ("receipt", "ticket-receipt"):
        found = next((e for e in events if e.to_status == Status.RECEIVED), None)
    elif kind == "control-sheet":
        found = events[-1] if events and d.received_at is not None else None
    else:
        wanted = {
            "supplement": Status.SUPPLEMENT,
            "refusal": Status.REFUSED,
            "stop": Status.STOPPED,
        }
        for e in reversed(events):
            if kind == "apology" and e.kind == "apology":
                found = e
            elif kind in wanted and e.kind == "status" and e.to_status == wanted[kind]:
                found = e
            if found is not None:
                break
    if found is None:
        raise KioskError(
            f"dossier {d.code} has no {'apology' if kind == 'apology' else 'such'} event to print",
            f"Hồ sơ {d.code} chưa có thông tin để in mẫu này.",
        )
    return found


# -- snapshots: what a form prints, as JSON --------------------------------------------------


def _iso(v: datetime | None) -> str | None:
    return v.isoformat() if v else None


def form_json(f: DossierForm) -> dict[str, Any]:
    out = asdict(f)
    out["documents"] = [asdict(x) for x in f.documents]
    out["received_at"], out["due_at"] = _iso(f.received_at), _iso(f.due_at)
    return out


def form_from_json(data: dict[str, Any]) -> DossierForm:
    values = dict(data)
    values["documents"] = tuple(DocumentLine(**x) for x in data["documents"])
    values["received_at"] = datetime.fromisoformat(data["received_at"])
    values["due_at"] = datetime.fromisoformat(data["due_at"]) if data.get("due_at") else None
    return DossierForm(**values)


def _lines(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"name": str(m["name"]), "originals": int(m.get("originals", 0)),
         "copies": int(m.get("copies", 0))}
        for m in items
    ]  # fmt: skip


def snapshot(
    session: Session, kind: str, d: Dossier, e: DossierEvent
) -> tuple[dict[str, Any], str | None]:
    """The data printed on a new document of `kind` for event `e`, and its number ("Số:")."""
    from printing.jobs import agency_header, control_sheet_parts, dossier_form, officer_name

    form = dossier_form(session, d)
    if kind in ("receipt", "ticket-receipt"):
        # Mẫu 01 states the appointment given at reception, whatever happened since.
        form = replace(form, due_at=d.original_due_at or d.due_at)
    data: dict[str, Any] = {
        "v": DATA_VERSION,
        "header": asdict(agency_header(session)),
        "issued_on": e.at.date().isoformat(),
        "dossier": form_json(form),
    }
    number = None
    if kind == "supplement":
        data["missing"] = _lines((e.data or {}).get("missing", []))
        data["reason"] = e.note or ""
        data["officer"] = officer_name(session, e.actor)
    elif kind in ("refusal", "stop"):
        data["reason"] = e.note or ""
    elif kind == "apology":
        info = e.data or {}
        old = info.get("old_due_at")
        old_due = datetime.fromisoformat(old) if old else form.received_at
        data["reason"] = e.note or ""
        data["new_due_at"] = info["new_due_at"]
        data["old_due_at"] = old_due.isoformat()
        data["overdue"] = e.at > old_due  # "đã quá hạn" rather than "không thể trả đúng hẹn"
    elif kind == "control-sheet":
        rows, handling, coordinating = control_sheet_parts(session, d)
        data["issued_on"] = form.received_at.date().isoformat()  # opened with the receipt
        data["rows"] = [{**asdict(r), "at": r.at.isoformat()} for r in rows]
        data["handling"], data["coordinating"] = handling, coordinating
    if kind in LETTER_ABBREVIATIONS:
        number = letter_number(session, kind, e.at, LETTER_ABBREVIATIONS[kind])
        data["doc_no"] = number
    return data, number


# -- rendering from the stored data ----------------------------------------------------------


def render_data(
    kind: str, data: dict[str, Any], *, page: str = "A4", footer: str | None = None
) -> bytes:
    """The PDF of a document from its stored data (the same bytes for the same data)."""
    header = AgencyHeader(**data["header"])
    form = form_from_json(data["dossier"])
    issued_on = date.fromisoformat(data["issued_on"])
    if kind == "receipt":
        return render_receipt(header, form, page=page, footer=footer)
    if kind == "supplement":
        missing = [DocumentLine(**m) for m in data["missing"]]
        return render_supplement(
            header, form, missing, data["reason"], officer=data.get("officer") or None,
            issued_on=issued_on, page=page, footer=footer,
        )  # fmt: skip
    if kind == "refusal":
        return render_refusal(
            header, form, data["reason"], issued_on=issued_on, page=page, footer=footer
        )
    if kind == "apology":
        return render_apology(
            header, form, data["reason"], datetime.fromisoformat(data["new_due_at"]),
            datetime.fromisoformat(data["old_due_at"]), overdue=bool(data.get("overdue")),
            issued_on=issued_on, doc_no=data.get("doc_no"), page=page, footer=footer,
        )  # fmt: skip
    if kind == "stop":
        return render_stop(
            header, form, data["reason"], issued_on=issued_on, doc_no=data.get("doc_no"),
            page=page, footer=footer,
        )  # fmt: skip
    if kind == "control-sheet":
        rows = [HandoverRow(**{**r, "at": datetime.fromisoformat(r["at"])}) for r in data["rows"]]
        return render_control_sheet(
            header, form, rows, handling_agency=data.get("handling"),
            coordinating_agency=data.get("coordinating"), issued_on=issued_on, page=page,
            footer=footer,
        )  # fmt: skip
    raise KioskError(f"'{kind}' is not a form")


def reprint_mark(on: date) -> str:
    return REPRINT_MARK.format(date=on.strftime(Common.DATE_FMT))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the thermal receipt ---------------------------------------------------------------------


def issue_slip(
    session: Session,
    d: Dossier,
    send: Callable[[bytes], None],
    *,
    width_dots: int = 576,
    issuer: str | None = None,
    actor: Actor | None = None,
    today: date | None = None,
) -> Issued:
    """The thermal receipt of the reception: printed (`send`) and recorded the first time (a
    failed print records nothing), reprinted from the record with the reprint mark after."""
    from printing.thermal import render_receipt_slip

    slip, doc = slip_of(session, d, today)
    data = render_receipt_slip(slip, width_dots)
    send(data)
    if doc is not None:
        return Issued(data, doc, True)
    doc = record_slip(session, d, slip, data, issuer=issuer, actor=actor)
    return Issued(data, doc, False)


def slip_of(
    session: Session, d: Dossier, today: date | None = None
) -> tuple[ReceiptSlip, IssuedDocument | None]:
    """The thermal receipt to print: the recorded one with the reprint mark (and its record),
    or, the first time, the slip of the reception (not recorded until it printed)."""
    from printing.jobs import receipt_slip
    from printing.thermal import ReceiptSlip

    doc = find_document(session, d, "ticket-receipt", None)
    if doc is None:
        return receipt_slip(session, d), None
    values = dict(doc.data["slip"])
    for key in ("received_at", "due_at"):
        values[key] = datetime.fromisoformat(values[key])
    return ReceiptSlip(**values, footer=reprint_mark(today or now().date())), doc


def record_slip(
    session: Session,
    d: Dossier,
    slip: ReceiptSlip,
    data: bytes,
    *,
    issuer: str | None = None,
    actor: Actor | None = None,
) -> IssuedDocument:
    """Record the thermal receipt that printed (once: a recorded one is returned as it is)."""
    found = find_document(session, d, "ticket-receipt", None)
    if found is not None:
        return found
    e = fact_event(d, "ticket-receipt")
    stored = {**asdict(slip), "received_at": slip.received_at.isoformat(),
              "due_at": slip.due_at.isoformat()}  # fmt: skip
    stored.pop("footer", None)
    record = {"v": DATA_VERSION, "issued_on": e.at.date().isoformat(), "slip": stored}
    who = issuer_of(session, issuer or e.actor)
    return record_document(session, d, "ticket-receipt", e, record, sha256(data), who, actor)


# -- the one path ----------------------------------------------------------------------------


def issue(
    session: Session,
    kind: str,
    d: Dossier,
    *,
    issuer: str | None = None,
    actor: Actor | None = None,
    page: str = "A4",
    today: date | None = None,
) -> Issued:
    """Issue the form of `kind` for the dossier's latest fact of that kind, or reprint it."""
    if kind == "receipt" and d.received_at is None:
        raise KioskError(
            f"dossier {d.code} was not received, so it has no receipt",
            f"Hồ sơ {d.code} chưa được tiếp nhận.",
        )
    e = fact_event(d, kind)
    doc = find_document(session, d, kind, e.id)
    if doc is None and kind == "receipt":
        doc = find_document(session, d, kind, None)  # Mẫu 01 is issued once per dossier
    if doc is not None:
        mark = reprint_mark(today or now().date())
        return Issued(render_data(kind, doc.data, page=page, footer=mark), doc, True)
    data, number = snapshot(session, kind, d, e)
    pdf = render_data(kind, data, page=page)
    who: Issuer = issuer_of(session, issuer or e.actor)
    doc = record_document(session, d, kind, e, data, sha256(pdf), who, actor, number)
    return Issued(pdf, doc, False)
