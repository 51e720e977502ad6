"""The tracking book's lines (Mẫu 07) for the counter window: kiosk.services.book's, the ones
the command line prints too, so the screen and the paper agree."""

from __future__ import annotations

from typing import Any

from kiosk.services.book import (
    PAGE,
    ROW_FIELDS,
    BookLine,
    Page,
    Period,
    Totals,
    page,
    printed_lines,
    totals,
)

__all__ = [
    "PAGE",
    "BookLine",
    "Page",
    "Period",
    "Totals",
    "book_rows",
    "page",
    "printed_lines",
    "totals",
]


def book_rows(lines: list[BookLine]) -> list[Any]:
    """The lines as printing.forms.BookRow, for the PDF (on the I/O worker)."""
    from printing.forms.data import BookRow

    return [BookRow(**{f: getattr(x, f) for f in ROW_FIELDS}) for x in lines]
