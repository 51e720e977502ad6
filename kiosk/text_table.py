"""Plain-text tables for the command line, aligned by how wide text shows in a terminal.

`len()` counts code points: a Vietnamese letter typed as a base letter and combining marks (NFD)
has two or three, and a wide (East Asian) character takes two columns. `display_width` counts
columns instead (combining marks 0, wide and full-width characters 2), so names line up and the
total row sits under its columns whatever the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def render(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    right: Sequence[bool] | None = None,
    total: Sequence[object] | None = None,
    gap: int = 2,
) -> list[str]:
    """Lines of a table: the header, the rows, a rule and the total row (if given). Nothing is
    cut: each column is as wide as its widest cell; `right` aligns numbers to the right."""
    body = [[str(c) for c in r] for r in rows]
    last = [str(c) for c in total] if total is not None else None
    every = [list(header), *body, *([last] if last else [])]
    n = len(header)
    widths = [max(display_width(r[i]) for r in every) for i in range(n)]
    aligned = list(right) if right is not None else [False] * n
    space = " " * gap

    def line(cells: Sequence[str]) -> str:
        return space.join(pad(c, widths[i], aligned[i]) for i, c in enumerate(cells)).rstrip()

    out = [line(header), *(line(r) for r in body)]
    if last is not None:
        out.append("-" * (sum(widths) + gap * (n - 1)))
        out.append(line(last))
    return out
