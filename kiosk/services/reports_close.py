"""Closing a period ("chốt số liệu"): the II.06a figures stored, corrections as adjustments.

The supervisor closes a period once its report is checked (`kiosk report close`, the button
of the supervisor window's results tab). Its report by field is stored as it was computed then
(table report_close). From then on the report of that period *is* the stored one; whatever the
database learns later about the period (a return recorded late, a corrected date) is shown as
a separate adjustment line per field — the difference between the report computed now and the
stored one — and never changes the stored figures silently. A report "as of" a time before the
closing is computed as it was then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services import context
from kiosk.services.reports import (
    LEAVES,
    Period,
    ResultRow,
    ResultsReport,
    results_report,
)
from kiosk.store.models import ReportClose


def _row(d: dict[str, Any]) -> ResultRow:
    """A stored row back (by field: no extra keys)."""
    row = ResultRow(str(d["field"]), supplement_repeated=int(d.get("supplement_repeated", 0)))
    for k in LEAVES:
        setattr(row, k, int(d[k]))
    return row


def _find(session: Session, period: Period, agency: str | None) -> ReportClose | None:
    return session.scalar(
        select(ReportClose).where(
            ReportClose.date_from == period.start,
            ReportClose.date_to == period.end,
            ReportClose.agency == (agency or ""),
        )
    )


def close_period(
    session: Session,
    start: Any,
    end: Any,
    closed_by: str,
    *,
    agency: str | None = None,
) -> ReportClose:
    """Store the period's report by field as it is now; refused for a period that has not
    ended or is closed already."""
    period = Period(start, end)
    stamp = context.clock()
    if period.ends > stamp:
        raise KioskError(
            f"the period {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y} has not ended yet, "
            "so it cannot be closed",
            "Kỳ báo cáo chưa kết thúc nên chưa thể chốt số liệu.",
        )
    done = _find(session, period, agency)
    if done is not None:
        raise KioskError(
            f"the period {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y} was closed on "
            f"{done.closed_at:%d/%m/%Y %H:%M} by {done.closed_by}",
            f"Kỳ báo cáo này đã được chốt số liệu lúc {done.closed_at:%H:%M %d/%m/%Y} "
            f"({done.closed_by}).",
        )
    report = results_report(session, period.start, period.end, agency=agency, stored=False)
    row = ReportClose(
        date_from=period.start,
        date_to=period.end,
        agency=agency or "",
        closed_at=stamp,
        closed_by=closed_by,
        figures=report.as_dict(),
    )
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise KioskError(
            "the period was closed at the same moment by someone else",
            "Kỳ báo cáo này vừa được chốt số liệu ở máy khác.",
        ) from None
    return row


def closed_periods(session: Session) -> list[ReportClose]:
    return list(session.scalars(select(ReportClose).order_by(ReportClose.date_from)))


def closed_report(
    session: Session, period: Period, agency: str | None, known_by: datetime | None
) -> ResultsReport | None:
    """The stored report of a closed period, with its adjustments as known at `known_by`
    (None: now); None if the period is not closed (or was not yet at `known_by`)."""
    done = _find(session, period, agency)
    if done is None or (known_by is not None and done.closed_at > known_by):
        return None
    figures = done.figures
    rows = [_row(r) for r in figures["rows"]]
    total = _row(figures["total"])
    live = results_report(
        session, period.start, period.end, agency=agency, as_of=known_by, stored=False
    )
    stored = {r.field: r for r in rows}
    adjustments: list[ResultRow] = []
    for now_row in [*live.rows]:
        before = stored.get(now_row.field, ResultRow(now_row.field))
        diff = _difference(now_row, before)
        if diff is not None:
            adjustments.append(diff)
    live_fields = {r.field for r in live.rows}
    for gone in rows:
        if gone.field not in live_fields:
            diff = _difference(ResultRow(gone.field), gone)
            if diff is not None:
                adjustments.append(diff)
    return ResultsReport(
        period,
        datetime.fromisoformat(figures["measured_at"]),
        "field",
        rows,
        total,
        agency,
        as_of=known_by,
        closed={"at": done.closed_at.isoformat(), "by": done.closed_by},
        adjustments=adjustments,
    )


def _difference(after: ResultRow, before: ResultRow) -> ResultRow | None:
    diff = ResultRow(after.field, extra=dict(after.extra))
    for k in (*LEAVES, "supplement_repeated"):
        setattr(diff, k, getattr(after, k) - getattr(before, k))
    if all(getattr(diff, k) == 0 for k in (*LEAVES, "supplement_repeated")):
        return None
    return diff
