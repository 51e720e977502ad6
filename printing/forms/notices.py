"""Forms 04–06 (Circular 03/2025/TT-VPCP, Appendix I) as PDF; wording lives in layout.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TypedDict, Unpack

from reportlab.platypus import Spacer, Table, TableStyle

from .common import (
    FONT_CMD,
    PathLike,
    Styles,
    build_pdf,
    esc,
    fill,
    fmt_date,
    fmt_time_date,
    frame_width,
    grid_style,
    or_blank,
    para,
    recipients_block,
    signature_block,
)
from .data import AgencyHeader, DossierForm, HandoverRow
from .layout import Apology, Common, Control, PageGeometry, Stop
from .render import start_form

__all__ = ["render_apology", "render_control_sheet", "render_stop"]

# --------------------------------------------------------------------------------------------
# Mẫu 04 and 05 (letters signed by the head of the agency)
# --------------------------------------------------------------------------------------------


class LetterOptions(TypedDict, total=False):
    """What every letter (Mẫu 04, 05) may be told besides its own content."""

    addressee: str | None  # default: "Ông/Bà <applicant>"
    doc_no: str | None  # the letter's number, blank to be written by hand
    signer: str | None
    issued_on: date | None  # the date of the fact (apology, stop); default: today
    page: str  # "A4" (default) or "A5"
    out: PathLike | None  # also write the PDF there
    footer: str | None  # the reprint mark


def _letter(
    header: AgencyHeader,
    d: DossierForm,
    form: type[Apology] | type[Stop],
    texts: Sequence[str],
    *,
    addressee: str | None = None,
    doc_no: str | None = None,
    signer: str | None = None,
    issued_on: date | None = None,
    page: str = "A4",
    out: PathLike | None = None,
    footer: str | None = None,
) -> bytes:
    """A letter to the applicant: heading and title, "Kính gửi", the form's sentence about the
    reception, then `texts` (already escaped), signed by the head of the agency."""
    geom, st, story = start_form(
        page,
        header,
        d,
        form.TITLE,
        issued_on or date.today(),
        with_doc_no=True,
        doc_no=doc_no,
        letter=True,
    )
    to = addressee or Common.DEAR_PERSON.format(name=d.applicant_name)
    story.append(para(fill(Common.DEAR, bold=("name",), name=to), st.center))
    story.append(Spacer(1, geom.body * 0.6))
    received = fill(
        form.RECEIVED,
        bold=("name", "code"),
        date=fmt_date(d.received_at),
        agency=header.name,
        name=d.applicant_name,
        procedure=d.procedure_name,
        code=d.code,
    )
    story += [para(t, st.body) for t in (received, *texts)]
    story.append(signature_block(geom, st, form.SIGNERS, [signer], left=recipients_block(geom)))
    return build_pdf(story, geom, title=f"{form.TITLE} {d.code}", out=out, footer=footer)


def render_apology(
    header: AgencyHeader,
    dossier: DossierForm,
    reason: str,
    new_due_at: datetime | date,
    original_due_at: datetime | date,
    *,
    overdue: bool = False,
    **options: Unpack[LetterOptions],
) -> bytes:
    """Mẫu 04: apology for the delay and the new due date (datetimes print with the hour).
    `overdue`: issued after the due date ("đã quá hạn"), else before it ("không thể trả đúng
    hẹn")."""
    a = header.name
    texts = [
        fill(Apology.ORIGINAL_DUE, bold=("at",), at=_when(original_due_at)),
        fill(Apology.OVERDUE if overdue else Apology.LATE, agency=a),
        fill(Apology.REASON, reason=reason),
        fill(Apology.APOLOGY, bold=("at",), agency=a, at=_when(new_due_at)),
        esc(Common.THANKS),
    ]
    return _letter(header, dossier, Apology, texts, **options)


def _when(value: date) -> str:
    return fmt_time_date(value) if isinstance(value, datetime) else fmt_date(value)


def render_stop(
    header: AgencyHeader,
    dossier: DossierForm,
    reason: str,
    **options: Unpack[LetterOptions],
) -> bytes:
    """Mẫu 05: processing of the dossier is stopped, with the reason."""
    texts = [fill(Stop.INTRO, agency=header.name), esc(reason), esc(Stop.CLOSING)]
    return _letter(header, dossier, Stop, texts, **options)


# --------------------------------------------------------------------------------------------
# Mẫu 06
# --------------------------------------------------------------------------------------------


def _handover_cell(geom: PageGeometry, st: Styles, row: HandoverRow | None, width: float) -> Table:
    handed = row.handed_by if row else Common.BLANK
    received = row.received_by if row else Common.BLANK
    at = fmt_time_date(row.at) if row else Common.TIME_DATE.format(hh="...", mm="...", date="...")
    sign = Table(
        [[para(f"<i>{esc(s)}</i>", st.cell_center) for s in Control.SIGNERS]],
        colWidths=[width / 2] * 2,
        rowHeights=[geom.sign_space * 0.75],
    )
    sign.setStyle(TableStyle([FONT_CMD, ("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_pad()]))
    body: list[list[object]] = [
        [para(fill(Control.HANDED, bold=("name",), name=handed), st.cell)],
        [para(fill(Control.RECEIVED, bold=("name",), name=received), st.cell)],
        [para(esc(at), st.cell)],
        [sign],
    ]
    table = Table(body, colWidths=[width])
    table.setStyle(TableStyle([FONT_CMD, *_no_pad()]))
    return table


def _no_pad() -> list[tuple[object, ...]]:
    return [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]


def render_control_sheet(
    header: AgencyHeader,
    dossier: DossierForm,
    rows: Sequence[HandoverRow],
    *,
    handling_agency: str | None = None,
    coordinating_agency: str | None = None,
    issued_on: date | None = None,
    page: str = "A4",
    out: PathLike | None = None,
    footer: str | None = None,
) -> bytes:
    """Mẫu 06: one table row per hand-over; blank rows up to Control.MIN_ROWS for handwriting."""
    d = dossier
    geom, st, story = start_form(page, header, d, Control.TITLE, issued_on, Control.ATTACHED)
    width = frame_width(geom)
    widths = [w * width for w in Control.COLUMN_WEIGHTS]
    lines = [
        fill(Control.APPLICANT, bold=("name",), name=d.applicant_name),
        fill(Control.PROCEDURE, bold=("procedure",), procedure=d.procedure_name),
        fill(Control.HANDLING, agency=or_blank(handling_agency)),
        fill(Control.COORDINATING, agency=or_blank(coordinating_agency)),
    ]
    story += [para(t, st.body) for t in lines]
    data: list[list[object]] = [[para(f"<b>{esc(t)}</b>", st.cell_head) for t in Control.COLUMNS]]
    padded: list[HandoverRow | None] = [*rows]
    padded += [None] * max(0, Control.MIN_ROWS - len(rows))
    inner = widths[1] - 6
    for r in padded:
        data.append(
            [
                para(esc(r.agency) if r else "", st.cell),
                _handover_cell(geom, st, r, inner),
                para(esc(r.result or "") if r else "", st.cell_center),
                para(esc(r.note or "") if r else "", st.cell),
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([*grid_style(1), ("VALIGN", (0, 1), (-1, -1), "TOP")]))
    story += [Spacer(1, geom.body * 0.3), table]
    return build_pdf(story, geom, title=f"{Control.TITLE} {d.code}", out=out, footer=footer)
