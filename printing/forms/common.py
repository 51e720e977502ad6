"""Building blocks shared by the forms: text helpers, styles, heading, codes, signatures, build."""

from __future__ import annotations

import io
import os
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from .layout import PAGES, Common, PageGeometry

PathLike = str | os.PathLike[str]
# Every table names its font: reportlab's default for plain-string cells is Helvetica (not
# embedded, no Vietnamese glyphs).
FONT_CMD: tuple[Any, ...] = ("FONTNAME", (0, 0), (-1, -1), SERIF)
_build_lock = threading.Lock()


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def esc(text: object) -> str:
    """Plain text -> paragraph markup: NFC, XML-escaped, line breaks kept."""
    return escape(nfc(str(text))).replace("\n", "<br/>")


def fill(template: str, bold: Iterable[str] = (), **values: object) -> str:
    """Paragraph markup from a layout template; the fields named in `bold` are set in bold."""
    strong = set(bold)
    parts = {k: (f"<b>{esc(v)}</b>" if k in strong else esc(v)) for k, v in values.items()}
    # Runs of spaces in a template are deliberate gaps: keep them (markup collapses spaces).
    return esc(template).replace("  ", "&nbsp;&nbsp;").format(**parts)


def or_blank(value: object | None) -> str:
    if value is None:
        return Common.BLANK
    text = str(value).strip()
    return text if text else Common.BLANK


def fmt_date(value: date | datetime) -> str:
    return value.strftime(Common.DATE_FMT)


def fmt_time_date(value: datetime | None) -> str:
    """'09 giờ 00 phút, ngày 09/02/2026' (blank dots when unknown)."""
    if value is None:
        return Common.BLANK
    return Common.TIME_DATE.format(
        hh=f"{value.hour:02d}", mm=f"{value.minute:02d}", date=fmt_date(value)
    )


def fmt_short(value: datetime | None) -> str:
    """'09/02/2026\\n09:00' for narrow table cells ('' when unknown)."""
    if value is None:
        return ""
    return f"{fmt_date(value)}\n{value.strftime(Common.TIME_FMT)}"


# --------------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    center: ParagraphStyle
    title: ParagraphStyle
    italic_center: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    heading_bold: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle


@cache
def styles_for(geom: PageGeometry, family: str = SERIF) -> Styles:
    register_fonts()
    size = geom.body

    def st(name: str, fs: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", family)
        kw.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(name, fontSize=fs, leading=round(fs * 1.3, 2), **kw)

    cell = geom.body - 1 if geom.body > 8 else geom.body
    italic = tt2ps(family, 0, 1)
    return Styles(
        body=st("body", size, spaceAfter=size * 0.3),
        center=st("center", size, alignment=TA_CENTER),
        title=st("title", geom.title, alignment=TA_CENTER, spaceBefore=geom.title * 0.6),
        italic_center=st("italic_center", size, alignment=TA_CENTER, fontName=italic),
        small=st("small", geom.small, fontName=italic),
        heading=st("heading", geom.heading, alignment=TA_CENTER),
        heading_bold=st("heading_bold", geom.heading, alignment=TA_CENTER),
        cell=st("cell", cell),
        cell_center=st("cell_center", cell, alignment=TA_CENTER),
        cell_head=st("cell_head", round(cell * 0.92, 1), alignment=TA_CENTER),
    )


def geometry(page: str) -> PageGeometry:
    try:
        return PAGES[page]
    except KeyError:
        raise ValueError(f"page must be one of {sorted(PAGES)}, not {page!r}") from None


def frame_width(geom: PageGeometry) -> float:
    return float(geom.size[0] - geom.margin_left - geom.margin_right)


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup, style)


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------


def _rule(width: float) -> HRFlowable:
    return HRFlowable(
        width=width, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=4, hAlign="CENTER"
    )


def header_block(
    geom: PageGeometry,
    st: Styles,
    agency_name: str,
    parent_name: str | None,
    place: str | None,
    issued_on: date | None,
    doc_no: str | None = None,
    *,
    with_doc_no: bool = False,
) -> Table:
    """Agency block (left) and national heading with place and date (right)."""
    width = frame_width(geom)
    nation_w = stringWidth(Common.NATION, SERIF_BOLD, geom.heading)
    motto_w = stringWidth(Common.MOTTO, SERIF_BOLD, geom.heading + 1)
    right_w = max(nation_w, motto_w) + 10
    left_w = width - right_w
    left: list[Flowable] = []
    if parent_name:
        left.append(para(esc(parent_name.upper()), st.heading))
    left.append(para(f"<b>{esc(agency_name.upper())}</b>", st.heading_bold))
    left.append(_rule(min(left_w * 0.4, 40 * 2.8346)))
    if with_doc_no:
        left.append(para(fill(Common.DOC_NO, no=or_blank(doc_no)), st.heading))
    motto_style = ParagraphStyle("motto", parent=st.heading_bold, fontSize=geom.heading + 1)
    right: list[Flowable] = [
        para(f"<b>{esc(Common.NATION)}</b>", st.heading_bold),
        para(f"<b>{esc(Common.MOTTO)}</b>", motto_style),
        _rule(motto_w),
    ]
    if issued_on is not None:
        place_date = fill(
            Common.PLACE_DATE,
            place=or_blank(place),
            dd=f"{issued_on.day:02d}",
            mm=f"{issued_on.month:02d}",
            yyyy=str(issued_on.year),
        )
        right.append(para(f"<i>{place_date}</i>", st.heading))
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                FONT_CMD,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def signature_block(
    geom: PageGeometry,
    st: Styles,
    signers: Sequence[tuple[str, str]],
    names: Sequence[str | None],
    left: Sequence[Flowable] | None = None,
) -> KeepTogether:
    """One column per signer (title, note, room to sign, printed name).

    A single signer goes to the right half; `left` (e.g. 'Nơi nhận') then fills the left half.
    """
    width = frame_width(geom)
    cells: list[list[Flowable]] = []
    for (title, note), name in zip(signers, names, strict=True):
        cell: list[Flowable] = [
            para(f"<b>{esc(title)}</b>", st.center),
            para(f"<i>{esc(note)}</i>", st.center),
            Spacer(1, geom.sign_space),
        ]
        if name:
            cell.append(para(f"<b>{esc(name)}</b>", st.center))
        cells.append(cell)
    if len(cells) == 1:
        left_cell: list[Flowable] = list(left or [])
        cells.insert(0, left_cell)
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(
        TableStyle(
            [
                FONT_CMD,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, geom.body * 0.6), table])


def recipients_block(geom: PageGeometry) -> list[Flowable]:
    register_fonts()
    first, *rest = Common.RECIPIENTS
    style = ParagraphStyle(
        "recipients", fontName=SERIF, fontSize=geom.small, leading=geom.small * 1.25
    )
    return [para(f"<b><i>{esc(first)}</i></b>", style)] + [para(esc(r), style) for r in rest]


def grid_style(header_rows: int = 1, font_size: float | None = None) -> list[tuple[Any, ...]]:
    cmds: list[tuple[Any, ...]] = [
        FONT_CMD,
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93)))
    if font_size:
        cmds.append(("FONTSIZE", (0, 0), (-1, -1), font_size))
    return cmds


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def build_pdf(
    story: list[Flowable],
    geom: PageGeometry,
    *,
    title: str,
    out: PathLike | None,
    running_header: Flowable | None = None,
    canvasmaker: type[Canvas] = Canvas,
    footer: str | None = None,
) -> bytes:
    """Lay out `story` on pages of `geom`; return the PDF and write it to `out` when given.

    `running_header` is drawn at the top of every page but the first (whose story is expected
    to show it in place), and the text frame of those pages starts below it. `footer` (the
    reprint mark "Bản in lại ngày ...") is set in the bottom margin of every page, so the
    page's own text is laid out exactly as on the original.
    """
    register_fonts()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=geom.size,
        leftMargin=geom.margin_left,
        rightMargin=geom.margin_right,
        topMargin=geom.margin_top,
        bottomMargin=geom.margin_bottom,
        title=nfc(title),
        creator="kiosk",
        author="",
        invariant=1,
        initialFontName=SERIF,  # or the canvas preamble references Helvetica
        lang="vi",
    )
    width = frame_width(geom)
    height = float(geom.size[1] - geom.margin_top - geom.margin_bottom)

    def draw_footer(canvas: Any, _doc: Any) -> None:
        if footer:
            canvas.saveState()
            canvas.setFont(SERIF_ITALIC, geom.small)
            canvas.drawRightString(
                geom.size[0] - geom.margin_right, geom.margin_bottom * 0.45, nfc(footer)
            )
            canvas.restoreState()

    templates = [PageTemplate(id="first", frames=[_frame(geom, height)], onPage=draw_footer)]
    if running_header is not None:
        head_h = running_header.wrap(width, height)[1]
        top = geom.margin_bottom + height - head_h

        def draw_header(canvas: Any, _doc: Any) -> None:
            # Drawn once into a form XObject, then referenced from every page.
            if not canvas.hasForm("running_header"):
                canvas.beginForm("running_header")
                running_header.drawOn(canvas, geom.margin_left, top)
                canvas.endForm()
            canvas.doForm("running_header")
            draw_footer(canvas, _doc)

        templates.append(
            PageTemplate(id="later", frames=[_frame(geom, height - head_h)], onPage=draw_header)
        )
        story = [NextPageTemplate("later"), *story]
    doc.addPageTemplates(templates)
    with _build_lock:
        # Binary (zlib only) streams: ASCII85 armour costs time and 25% size for nothing. The
        # switch is a reportlab global, so it is flipped only while our own build runs.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc.build(story, canvasmaker=canvasmaker)
        finally:
            rl_config.useA85 = saved
    data = buf.getvalue()
    if out is not None:
        from kiosk.privacy.files import write_private

        write_private(out, data)  # a citizen's data: readable by the user alone
    return data


def _frame(geom: PageGeometry, height: float) -> Frame:
    return Frame(
        geom.margin_left,
        geom.margin_bottom,
        frame_width(geom),
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
