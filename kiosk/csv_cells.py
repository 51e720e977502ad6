"""Every CSV the app writes goes through here: no cell can run as a spreadsheet formula.

A text cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets
skip before looking) is opened by Excel or LibreOffice as a formula: `=HYPERLINK(...)` typed
as a clerk's name or a procedure's field would become a live link in a supervisor's report.
Such a cell gets a leading apostrophe (OWASP's advice), which the spreadsheet shows as text.
Numbers stay numbers: only text is changed. A carriage return inside a cell becomes a line
feed, which the writer quotes (it would leave a lone CR bare and split the row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.startswith(_TRIGGERS):
        value = "'" + value
    if "\r" in value:  # a lone CR would stay unquoted (the line end is LF); a LF is quoted
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def rows_to_csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV text (LF line ends), every cell through safe_cell (the header too)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def dicts_to_csv(keys: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Like rows_to_csv for dicts: a missing key is an empty cell."""
    return rows_to_csv(keys, ([row.get(k, "") for k in keys] for row in rows))
