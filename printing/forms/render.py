"""Forms 01–03 (Circular 03/2025/TT-VPCP, Appendix I) as PDF; wording lives in layout.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from .codes import codes_block
from .common import (
    PathLike,
    Styles,
    build_pdf,
    esc,
    fill,
    fmt_time_date,
    frame_width,
    geometry,
    grid_style,
    header_block,
    or_blank,
    para,
    signature_block,
    styles_for,
)
from .data import AgencyHeader, DocumentLine, DossierForm
from .layout import LETTER_PAGES, Common, PageGeometry, Receipt, Refusal, Supplement


def letter_geometry(page: str) -> PageGeometry:
    try:
        return LETTER_PAGES[page]
    except KeyError:
        raise ValueError(f"page must be one of {sorted(LETTER_PAGES)}, not {page!r}") from None


__all__ = ["form_head", "applicant_lines", "render_receipt", "render_refusal", "render_supplement"]


def _count(n: int) -> str:
    return str(n) if n > 0 else "–"


def form_head(
    geom: PageGeometry,
    st: Styles,
    header: AgencyHeader,
    issued_on: date,
    title: str,
    dossier: DossierForm,
    subtitle: str | None = None,
    *,
    with_doc_no: bool = False,
    doc_no: str | None = None,
) -> list[Flowable]:
    """Heading, form title (and subtitle), then the dossier code with its Code128 and QR."""
    story: list[Flowable] = [
        header_block(
            geom,
            st,
            header.name,
            header.parent_name,
            header.place,
            issued_on,
            doc_no,
            with_doc_no=with_doc_no,
        ),
        para(f"<b>{esc(title)}</b>", st.title),
    ]
    if subtitle:
        story.append(para(f"<i>{esc(subtitle)}</i>", st.italic_center))
    story += [Spacer(1, geom.body * 0.4), codes_block(geom, st, dossier.code, dossier.qr_payload)]
    story.append(Spacer(1, geom.body * 0.5))
    return story


def start_form(
    page: str,
    header: AgencyHeader,
    dossier: DossierForm,
    title: str,
    issued_on: date | None,
    subtitle: str | None = None,
    *,
    with_doc_no: bool = False,
    doc_no: str | None = None,
    letter: bool = False,
) -> tuple[PageGeometry, Styles, list[Flowable]]:
    """The page, its styles and the form's head (`form_head`); dated the day of reception
    unless `issued_on` says otherwise. `letter`: the Decree 30/2020 page (LETTER_PAGES)."""
    geom = letter_geometry(page) if letter else geometry(page)
    st = styles_for(geom)
    issued = issued_on or dossier.received_at.date()
    story = form_head(
        geom, st, header, issued, title, dossier, subtitle, with_doc_no=with_doc_no, doc_no=doc_no
    )
    return geom, st, story


def applicant_lines(
    st: Styles, dossier: DossierForm, template: str = Common.APPLICANT
) -> list[Flowable]:
    return [
        para(fill(template, bold=("name",), name=dossier.applicant_name), st.body),
        para(fill(Common.ADDRESS, address=or_blank(dossier.applicant_address)), st.body),
        para(
            fill(
                Common.PHONE_EMAIL,
                phone=or_blank(dossier.applicant_phone),
                email=or_blank(dossier.applicant_email),
            ),
            st.body,
        ),
        para(fill(Common.REQUEST, bold=("procedure",), procedure=dossier.procedure_name), st.body),
    ]


def _doc_table(
    geom: PageGeometry, st: Styles, docs: Sequence[DocumentLine], *, supplement: bool
) -> Table:
    """Documents with their quantities; Mẫu 02 adds a 'Số lượng' group and a photocopy column."""
    width = frame_width(geom)
    h = st.cell_head
    if supplement:
        qty = Supplement.QTY_COLUMNS
        rows: list[list[object]] = [
            [para(f"<b>{esc(t)}</b>", h) for t in (Common.DOC_NO_COL, Common.DOC_NAME_COL)]
            + [para(f"<b>{esc(Supplement.QTY_GROUP)}</b>", h), "", ""],
            ["", ""] + [para(f"<b>{esc(t)}</b>", h) for t in qty],
        ]
        widths = [0.07, 0.35, 0.16, 0.21, 0.21]
        header_rows = 2
    else:
        titles = (Common.DOC_NO_COL, Common.DOC_NAME_COL, *Receipt.DOCS_COLUMNS)
        rows = [[para(f"<b>{esc(t)}</b>", h) for t in titles]]
        widths = [0.08, 0.62, 0.15, 0.15]
        header_rows = 1
    for i, doc in enumerate(docs, 1):
        row: list[object] = [
            para(str(i), st.cell_center),
            para(esc(doc.name), st.cell),
            para(_count(doc.originals), st.cell_center),
            para(_count(doc.copies), st.cell_center),
        ]
        if supplement:
            row.append("")
        rows.append(row)
    table = Table(rows, colWidths=[w * width for w in widths], repeatRows=header_rows)
    cmds = grid_style(header_rows)
    if supplement:
        cmds += [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (4, 0))]
    table.setStyle(TableStyle(cmds))
    return table


# --------------------------------------------------------------------------------------------
# Mẫu 01
# --------------------------------------------------------------------------------------------


def _receipt_copy(
    geom: PageGeometry, st: Styles, header: AgencyHeader, d: DossierForm, copy_label: str
) -> list[Flowable]:
    story = form_head(geom, st, header, d.received_at.date(), Receipt.TITLE, d, copy_label)
    story += applicant_lines(st, d)
    story.append(para(esc(Receipt.DOCS), st.body))
    if d.documents:
        story += [_doc_table(geom, st, d.documents, supplement=False), Spacer(1, geom.body * 0.4)]
    else:
        story.append(para(f"<i>{esc(Receipt.NO_DOCS)}</i>", st.body))
    fee = d.fee_text if d.fee_text and d.fee_text.strip() else Receipt.NO_FEE
    lines = [
        fill(Receipt.SETS, sets=d.sets),
        fill(Receipt.TIME_LIMIT, limit=d.time_limit_text),
        fill(Receipt.RECEIVED, bold=("at",), at=fmt_time_date(d.received_at)),
        fill(Receipt.DUE, bold=("at",), at=fmt_time_date(d.due_at)),
        fill(Receipt.RESULT_PLACE, place=or_blank(d.result_place)),
        fill(Receipt.FEE, fee=fee),
        fill(Receipt.BOOK, book_no=or_blank(d.book_no), line_no=or_blank(d.line_no)),
    ]
    story += [para(line, st.body) for line in lines]
    story.append(
        signature_block(geom, st, Receipt.SIGNERS, [d.applicant_name, d.receiving_officer])
    )
    if Receipt.FOOTNOTE:
        story += [Spacer(1, geom.body * 0.5), para(esc(Receipt.FOOTNOTE), st.small)]
    return story


def render_receipt(
    header: AgencyHeader,
    dossier: DossierForm,
    *,
    page: str = "A4",
    out: PathLike | None = None,
    footer: str | None = None,
) -> bytes:
    """Mẫu 01: receipt and appointment, two copies (one per page, see Receipt.COPIES)."""
    geom = geometry(page)
    st = styles_for(geom)
    story: list[Flowable] = []
    for i, label in enumerate(Receipt.COPIES):
        if i:
            story.append(PageBreak())
        story += _receipt_copy(geom, st, header, dossier, label)
    return build_pdf(story, geom, title=f"{Receipt.TITLE} {dossier.code}", out=out, footer=footer)


# --------------------------------------------------------------------------------------------
# Mẫu 02
# --------------------------------------------------------------------------------------------


def render_supplement(
    header: AgencyHeader,
    dossier: DossierForm,
    missing: Sequence[DocumentLine],
    reason: str,
    *,
    officer: str | None = None,
    officer_phone: str | None = None,
    issued_on: date | None = None,
    page: str = "A4",
    out: PathLike | None = None,
    footer: str | None = None,
) -> bytes:
    """Mẫu 02: what to add to the dossier and why; signed by the guiding officer
    (default: the receiving officer); dated `issued_on`, the day of the request."""
    d = dossier
    officer = officer or d.receiving_officer
    geom, st, story = start_form(page, header, d, Supplement.TITLE, issued_on, letter=True)
    story += applicant_lines(st, d, Supplement.APPLICANT)
    story.append(para(fill(Supplement.RECEIVED, at=fmt_time_date(d.received_at)), st.body))
    story.append(para(esc(Supplement.INTRO), st.body))
    story += [_doc_table(geom, st, missing, supplement=True), Spacer(1, geom.body * 0.5)]
    story.append(para(fill(Supplement.REASON, reason=reason), st.body))
    contact = officer + (
        Supplement.CONTACT_PHONE.format(phone=officer_phone) if officer_phone else ""
    )
    story.append(para(fill(Supplement.CONTACT, officer=contact), st.body))
    story.append(para(esc(Common.THANKS), st.body))
    story.append(signature_block(geom, st, Supplement.SIGNERS, [officer]))
    return build_pdf(story, geom, title=f"{Supplement.TITLE} {d.code}", out=out, footer=footer)


# --------------------------------------------------------------------------------------------
# Mẫu 03
# --------------------------------------------------------------------------------------------


def render_refusal(
    header: AgencyHeader,
    dossier: DossierForm,
    reason: str,
    *,
    issued_on: date | None = None,
    page: str = "A4",
    out: PathLike | None = None,
    footer: str | None = None,
) -> bytes:
    """Mẫu 03: the dossier is not accepted; the reason; signed by both sides."""
    d = dossier
    geom, st, story = start_form(page, header, d, Refusal.TITLE, issued_on, letter=True)
    story += applicant_lines(st, d)
    story.append(para(fill(Refusal.INTRO, agency=header.name), st.body))
    story.append(para(esc(reason), st.body))
    story.append(para(esc(Refusal.CLOSING), st.body))
    story.append(
        signature_block(geom, st, Refusal.SIGNERS, [d.applicant_name, d.receiving_officer])
    )
    return build_pdf(story, geom, title=f"{Refusal.TITLE} {d.code}", out=out, footer=footer)
