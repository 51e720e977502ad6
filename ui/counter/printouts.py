"""Papers for a dossier: the statutory PDF forms and the thermal receipt slip.

`make_*` run inside the worker's transaction and turn a dossier into the printing layer's plain
data; `print_papers` runs on the I/O worker (rendering and printer I/O are slow). PDFs are kept
under `<home>/printouts/` (they are the office's copy); when the forms printer is a system printer
(`pdf://NAME`) they are also sent to it.

The dossier -> form mapping is printing.records' (one place for the CLI and the windows): a form
is issued and recorded the first time, in the worker's transaction (its PDF is rendered there,
because the record keeps the PDF's hash), and reprinted from that record after that; what is
here is the split between the transaction (data, the recorded PDF) and the I/O worker (files,
printers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kiosk.outfiles import new_name, stamped_name
from kiosk.store.models import Dossier
from ui.i18n import error_text


@dataclass
class Printout:
    """What to print for one dossier (made in the transaction, printed outside it)."""

    kind: str  # receipt | supplement | refusal | apology | stop | control
    code: str
    header: Any  # printing.forms.AgencyHeader
    form: Any  # printing.forms.DossierForm
    pdf: bytes | None = None  # the document as issued (or reprinted), printing.records
    slip: Any = None  # printing.thermal.ReceiptSlip (receipts only)
    slip_reprint: bool = False  # the slip is the recorded one, marked as a reprint
    reason: str = ""
    missing: list[Any] = field(default_factory=list)  # DocumentLine (supplement)
    new_due: datetime | None = None
    old_due: datetime | None = None
    rows: list[Any] = field(default_factory=list)  # HandoverRow (control sheet)
    handling: str | None = None  # control sheet: the agency (unit) handling the dossier
    coordinating: str | None = None  # control sheet: the agencies of an inter-agency route


@dataclass
class PrintResult:
    kind: str
    code: str
    pdf: Path | None
    slip_printed: bool = False
    slip_error: str | None = None
    slip_bytes: bytes | None = None  # the slip as printed the first time (to be recorded)
    forms_error: str | None = None


FILE_NAMES = {
    "receipt": "mau01-giay-tiep-nhan",
    "supplement": "mau02-yeu-cau-bo-sung",
    "refusal": "mau03-tu-choi",
    "apology": "mau04-xin-loi",
    "stop": "mau05-dung-xu-ly",
    "control": "mau06-phieu-kiem-soat",
}


def header(session: Session) -> Any:
    from printing.jobs import agency_header

    return agency_header(session)


def dossier_form(session: Session, d: Dossier) -> Any:
    from printing.jobs import dossier_form as form

    return form(session, d)


def _issued(session: Session, kind: str, d: Dossier) -> bytes:
    """The form as issued for its fact, recorded now if it is the first time (printing.records)."""
    from printing.records import issue

    return issue(session, kind, d).pdf


def make_receipt(session: Session, d: Dossier) -> Printout:
    """Mẫu 01 (issued, or reprinted from its record) and the thermal receipt: the recorded one
    with the reprint mark, or the reception's, recorded once it printed (`record_slip_job`)."""
    from printing.records import slip_of

    p = Printout("receipt", d.code, header(session), dossier_form(session, d))
    p.pdf = _issued(session, "receipt", d)
    if d.received_at is not None and (d.original_due_at or d.due_at) is not None:
        slip, recorded = slip_of(session, d)
        p.slip, p.slip_reprint = slip, recorded is not None
    return p


RECORD_KINDS = {"receipt": "receipt", "supplement": "supplement", "refusal": "refusal",
                "apology": "apology", "stop": "stop", "control": "control-sheet"}  # fmt: skip


def reissue(session: Session, p: Printout) -> Printout:
    """The same papers printed again ("In lại"): reprints of their records, marked as such."""
    from dataclasses import replace

    from kiosk.services.dossiers import get_dossier
    from printing.records import issue, slip_of

    d = get_dossier(session, p.code)
    again = replace(p, pdf=issue(session, RECORD_KINDS[p.kind], d).pdf)
    if p.slip is not None:
        slip, recorded = slip_of(session, d)
        again.slip, again.slip_reprint = slip, recorded is not None
    return again


def record_slip_job(p: Printout, r: PrintResult) -> Any:
    """The database job that records a thermal receipt printed for the first time (None when
    there is nothing to record): run it on the database worker after printing."""
    if p.slip is None or p.slip_reprint or not r.slip_printed or r.slip_bytes is None:
        return None
    slip, data = p.slip, r.slip_bytes

    def job(session: Session) -> object:
        from kiosk.services.dossiers import get_dossier
        from printing.records import record_slip

        return record_slip(session, get_dossier(session, p.code), slip, data)

    return job


def make_supplement(
    session: Session, d: Dossier, missing: list[dict[str, Any]], reason: str
) -> Printout:
    from printing.forms.data import DocumentLine

    p = Printout("supplement", d.code, header(session), dossier_form(session, d), reason=reason)
    p.pdf = _issued(session, "supplement", d)
    p.missing = [
        DocumentLine(str(m["name"]), int(m.get("originals", 0)), int(m.get("copies", 0)))
        for m in missing
    ]
    return p


def make_refusal(session: Session, d: Dossier, reason: str) -> Printout:
    p = Printout("refusal", d.code, header(session), dossier_form(session, d), reason=reason)
    p.pdf = _issued(session, "refusal", d)
    return p


def make_stop(session: Session, d: Dossier, reason: str) -> Printout:
    p = Printout("stop", d.code, header(session), dossier_form(session, d), reason=reason)
    p.pdf = _issued(session, "stop", d)
    return p


def make_control_sheet(session: Session, d: Dossier) -> Printout:
    """The control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ): every hand-over so far,
    blank rows for the ones still to come; the same sheet as `kiosk print form control-sheet`."""
    from printing.jobs import control_sheet_parts

    p = Printout("control", d.code, header(session), dossier_form(session, d))
    rows, p.handling, p.coordinating = control_sheet_parts(session, d)
    p.rows = list(rows)
    p.pdf = _issued(session, "control-sheet", d)
    return p


def make_apology(session: Session, d: Dossier, reason: str, old_due: datetime | None) -> Printout:
    p = Printout(
        "apology",
        d.code,
        header(session),
        dossier_form(session, d),
        reason=reason,
        new_due=d.due_at,
        old_due=old_due or d.original_due_at,
    )
    p.pdf = _issued(session, "apology", d)
    return p


def render_pdf(p: Printout) -> bytes:
    from printing import forms

    if p.pdf is not None:
        return p.pdf
    if p.kind == "receipt":
        return bytes(forms.render_receipt(p.header, p.form))
    if p.kind == "supplement":
        return bytes(forms.render_supplement(p.header, p.form, p.missing, p.reason))
    if p.kind == "refusal":
        return bytes(forms.render_refusal(p.header, p.form, p.reason))
    if p.kind == "stop":
        return bytes(forms.render_stop(p.header, p.form, p.reason))
    if p.kind == "control":
        return bytes(
            forms.render_control_sheet(
                p.header,
                p.form,
                p.rows,
                handling_agency=p.handling,
                coordinating_agency=p.coordinating,
            )
        )
    if p.kind == "apology":
        assert p.new_due is not None
        return bytes(
            forms.render_apology(p.header, p.form, p.reason, p.new_due, p.old_due or p.new_due)
        )
    raise ValueError(f"unknown printout {p.kind}")


def _safe(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in code)


def print_papers(p: Printout, out_dir: Path, slip_url: str | None, forms_url: str) -> PrintResult:
    """Render the PDF, keep it, send it to an A4 printer if one is set; print the slip.

    Each print is a new file (`CODE-<time>-mau01-....pdf`): on Windows the PDF of the last
    print may be open in a viewer, which would refuse to let it be replaced. The thermal slip
    does not depend on the PDF: a PDF that cannot be written or printed still gives the
    citizen a slip, and the other way round.
    """
    result = PrintResult(p.kind, p.code, None)
    try:
        from printing.jobs import write_pdf

        out_dir.mkdir(parents=True, exist_ok=True)
        name = f"{_safe(p.code)}-{{stamp}}-{FILE_NAMES[p.kind]}.pdf"
        result.pdf = write_pdf(render_pdf(p), stamped_name(out_dir, name))
        send_pdf(result.pdf, forms_url)
    except OSError as exc:  # A4PrintError included: its sentence in the interface language
        result.forms_error = error_text(exc)
    if p.slip is not None and slip_url:
        from printing.errors import PrinterError
        from printing.thermal import print_job, render_receipt_slip

        try:
            slip = render_receipt_slip(p.slip)
            print_job(slip_url, slip)
            result.slip_printed = True
            result.slip_bytes = slip
        except PrinterError as exc:
            result.slip_error = error_text(exc)  # the printer's own sentence, no Qt call
    return result


def send_pdf(pdf: Path, forms_url: str, choice: Any = None) -> None:
    """`pdf://NAME` (or `pdf://` for the default printer): print it in-process (ui/print_a4.py);
    `choice` is what the print dialog chose, when the clerk asked for it ("In…")."""
    from ui.print_a4 import send_pdf as send

    send(pdf, forms_url, choice)


# -- the tracking book (Mẫu 07): lines in ui.counter.book_data ---------------------------------


def print_book(
    hdr: Any,
    rows: list[Any],
    date_from: date,
    date_to: date,
    out_dir: Path,
    forms_url: str,
    books: list[str] | None = None,
) -> Path:
    from printing.forms import render_tracking_book
    from printing.jobs import write_pdf

    pdf = write_pdf(  # a new file each time: the last one may be open in a viewer
        render_tracking_book(hdr, rows, date_from, date_to, books=books or ()),
        new_name(out_dir, f"so-theo-doi-{date_from:%Y%m%d}-{date_to:%Y%m%d}", ".pdf"),
    )
    send_pdf(pdf, forms_url)
    return pdf
