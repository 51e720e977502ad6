"""Mẫu 07, the tracking book (Sổ theo dõi hồ sơ): landscape, one row per dossier.

The column heading repeats on every page, every page is numbered "Trang i/n", long text wraps
inside its cell (rows taller than a page are split, never cut), and the totals close the book.

Built for thousands of rows. A single LongTable with repeatRows re-processes all remaining rows at
every page break (quadratic: ~18 s for 3,000 rows), so instead the heading is drawn by the page
template on pages 2+, the rows go in consecutive header-less tables of _CHUNK rows, and cells are
plain pre-wrapped strings rather than Paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from .common import (
    PathLike,
    build_pdf,
    esc,
    fill,
    fmt_date,
    fmt_short,
    frame_width,
    header_block,
    nfc,
    para,
    styles_for,
)
from .data import AgencyHeader, BookRow
from .fonts import SANS, SANS_BOLD, register_fonts
from .layout import BOOK_PAGES, Book, Common, PageGeometry

__all__ = ["render_tracking_book"]

_PAD = 2.0  # horizontal cell padding (pt)
_CHUNK = 40  # rows per body table


@cache
def _cell_styles(size: float) -> tuple[ParagraphStyle, ParagraphStyle]:
    register_fonts()
    cell = ParagraphStyle("book_cell", fontName=SANS, fontSize=size, leading=round(size * 1.25, 2))
    head = ParagraphStyle("book_head", parent=cell, fontName=SANS_BOLD, alignment=TA_CENTER)
    return cell, head


def _numbered_canvas(geom: PageGeometry, caption: str) -> type[Canvas]:
    """A canvas that keeps its pages until save() so each can print 'Trang i/n'."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            y = geom.margin_bottom * 0.5
            self.setFont(SANS, geom.small)
            self.drawString(geom.margin_left, y, caption)
            text = Common.PAGE_NO.format(page=number, pages=total)
            self.drawRightString(geom.size[0] - geom.margin_right, y, text)

    return NumberedCanvas


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return fmt_short(value)
    return nfc(str(value))


def _fits(text: str, width: float, size: float) -> bool:
    return all(stringWidth(line, SANS, size) <= width for line in text.split("\n"))


def _longest_prefix(word: str, width: float, size: float) -> int:
    lo, hi = 1, len(word)  # the first character always goes, however narrow the column
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(word[:mid], SANS, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _wrap(text: str, width: float, size: float) -> str:
    """Greedy word wrap to `width`; words wider than a line are broken. Nothing is dropped."""
    lines: list[str] = []
    for source in text.split("\n"):
        current = ""
        for word in source.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, SANS, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while len(word) > 1 and stringWidth(word, SANS, size) > width:
                k = _longest_prefix(word, width, size)
                lines.append(word[:k])
                word = word[k:]
            current = word
        lines.append(current)
    return "\n".join(lines)


def _code_lines(text: str, width: float, size: float) -> str:
    """A dossier code breaks between the agency id and the date-sequence part."""
    head, sep, tail = text.partition("-")
    if sep:
        text = f"{head}{sep}\n{tail}"
    return "\n".join(_wrap(line, width, size) for line in text.split("\n"))


def _cell(text: str, width: float, size: float, key: str) -> str:
    """Cells are plain strings, pre-wrapped here: much cheaper than Paragraphs in bulk."""
    if not text or _fits(text, width, size):
        return text
    if key == "code":
        return _code_lines(text, width, size)
    return _wrap(text, width, size)


def _widths(geom: PageGeometry) -> list[float]:
    """Column widths by weight, except that a date column always fits 'dd/mm/yyyy' on a line."""
    register_fonts()
    cols = Book.COLUMNS
    width = frame_width(geom)
    dated = {i for i, c in enumerate(cols) if c.key.endswith("_at")}
    need = stringWidth("00/00/0000", SANS, geom.body) + 2 * _PAD + 1
    total = sum(c.weight for c in cols)
    natural = [c.weight / total * width for c in cols]
    if all(natural[i] >= need for i in dated):
        return natural
    rest = sum(c.weight for i, c in enumerate(cols) if i not in dated)
    free = width - need * len(dated)
    return [need if i in dated else c.weight / rest * free for i, c in enumerate(cols)]


def _base_style(size: float) -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), round(size * 1.25, 2)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]


def _column_header(geom: PageGeometry) -> Table:
    """The three heading rows (titles, date sub-titles under their group, column numbers)."""
    _, head = _cell_styles(geom.body)
    top: list[object] = []
    sub: list[object] = []
    cmds = _base_style(geom.body)
    for i, col in enumerate(Book.COLUMNS):
        title = para(f"<b>{esc(col.title)}</b>", head)
        if Book.DATE_FIRST <= i <= Book.DATE_LAST:
            top.append(para(f"<b>{esc(Book.DATE_GROUP)}</b>", head) if i == Book.DATE_FIRST else "")
            sub.append(title)
        else:
            top.append(title)
            sub.append("")
            cmds.append(("SPAN", (i, 0), (i, 1)))
    numbers: list[object] = [f"({i})" for i in range(1, len(Book.COLUMNS) + 1)]
    cmds += [
        ("SPAN", (Book.DATE_FIRST, 0), (Book.DATE_LAST, 0)),
        ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.93, 0.93, 0.93)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 2), (-1, 2), "CENTER"),
        ("FONTSIZE", (0, 2), (-1, 2), geom.body - 1),
    ]
    table = Table([top, sub, numbers], colWidths=_widths(geom))
    table.setStyle(TableStyle(cmds))
    return table


def _max_lines(geom: PageGeometry) -> int:
    """Text lines that fit in one row on a page below the running heading (with some slack)."""
    height = geom.size[1] - geom.margin_top - geom.margin_bottom
    head = _column_header(geom).wrap(frame_width(geom), height)[1]
    return max(1, int((height - head - 8) / round(geom.body * 1.25, 2) * 0.9))


def _split_tall(cells: list[str], max_lines: int) -> list[list[str]]:
    """A row taller than a page becomes several rows of at most max_lines lines each, so a
    long note is continued on the next page instead of being cut off."""
    split = [c.split("\n") for c in cells]
    if max(len(lines) for lines in split) <= max_lines:
        return [list(cells)]
    parts = (max(len(lines) for lines in split) + max_lines - 1) // max_lines
    return [
        ["\n".join(lines[i * max_lines : (i + 1) * max_lines]) for lines in split]
        for i in range(parts)
    ]


def _body_tables(rows: Sequence[BookRow], geom: PageGeometry) -> list[Table]:
    """The rows in consecutive header-less tables of _CHUNK rows (the heading repeats through
    the page template): a table's split cost grows with its length, so one huge table would
    make the book quadratic in the number of rows."""
    widths = _widths(geom)
    size = geom.body
    last = len(Book.COLUMNS) - 1
    max_lines = _max_lines(geom)
    data: list[list[str]] = []
    for row in rows:
        cells = [
            _cell(_text(getattr(row, col.key)) if col.key else "", w - 2 * _PAD, size, col.key)
            for col, w in zip(Book.COLUMNS, widths, strict=True)
        ]
        data.extend(_split_tall(cells, max_lines))
    if not rows:
        data.append([Book.EMPTY] + [""] * last)
    total = [Book.TOTAL_ROW.format(count=len(rows)), "", "", str(sum(r.sets for r in rows))]
    data.append(total + [""] * (last - 3))
    base = _base_style(size) + [("VALIGN", (0, 0), (-1, -1), "TOP")]
    base += [
        ("ALIGN", (i, 0), (i, -1), col.align)
        for i, col in enumerate(Book.COLUMNS)
        if col.align != "LEFT"
    ]
    tables: list[Table] = []
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        cmds = list(base)
        if start + len(chunk) == len(data):  # the chunk with the closing rows
            cmds += [
                ("SPAN", (0, -1), (2, -1)),
                ("ALIGN", (0, -1), (2, -1), "LEFT"),
                ("FONTNAME", (0, -1), (-1, -1), SANS_BOLD),
            ]
            if not rows:
                cmds += [("SPAN", (0, -2), (-1, -2)), ("ALIGN", (0, -2), (-1, -2), "CENTER")]
        table = Table(chunk, colWidths=widths)
        table.setStyle(TableStyle(cmds))
        tables.append(table)
    return tables


def render_tracking_book(
    header: AgencyHeader,
    rows: Sequence[BookRow],
    date_from: date,
    date_to: date,
    *,
    page: str = "A4",
    out: PathLike | None = None,
    books: Sequence[str] = (),
) -> bytes:
    """Mẫu 07 for the dossiers in `rows` (in the given order) received from date_from to date_to;
    `books`: the books (quyển) their lines are of, named under the period."""
    try:
        geom = BOOK_PAGES[page]
    except KeyError:
        raise ValueError(f"page must be one of {sorted(BOOK_PAGES)}, not {page!r}") from None
    st = styles_for(geom)
    period = Book.PERIOD.format(start=fmt_date(date_from), end=fmt_date(date_to))
    title_style = ParagraphStyle("book_title", parent=st.title, spaceBefore=geom.title * 0.4)
    story: list[Flowable] = [
        header_block(geom, st, header.name, header.parent_name, header.place, None),
        para(f"<b>{esc(Book.TITLE)}</b>", title_style),
        para(f"<i>{esc(period)}</i>", st.italic_center),
        *(
            [para(f"<i>{esc(Book.BOOKS.format(books=', '.join(books)))}</i>", st.italic_center)]
            if books
            else []
        ),
        Spacer(1, geom.body),
        _column_header(geom),
        *_body_tables(rows, geom),
        Spacer(1, geom.body),
        para(fill(Book.TOTALS, count=len(rows), sets=sum(r.sets for r in rows)), st.body),
    ]
    caption = nfc(f"{Book.TITLE} – {header.name} – {period}")
    return build_pdf(
        story,
        geom,
        title=f"{Book.TITLE} {period}",
        out=out,
        running_header=_column_header(geom),
        canvasmaker=_numbered_canvas(geom, caption),
    )
