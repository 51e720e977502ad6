"""The SQL of the reports: portable pieces (SQLite and PostgreSQL) and the results-report query.

Speed (1,000,000 dossiers a year, target under 2 s): SQLite has no hash aggregation, so a
GROUP BY on computed categories sorts every row, and each comparison costs about 0.1 s per
million rows. The results query therefore

* groups by the procedure only (ordered by the covering index ``ix_dossier_report`` when the
  database has it: no sort and no table access; without it, or for another grouping, SQLite
  scans the table and sorts only the computed values),
* packs the three counts of a group of columns into one 64-bit sum (21 bits each): one CASE
  per row gives the received split, one the resolved split, one the overdue flag; the rest of
  the columns follow from ``count(*)``,
* reads the datetime columns "raw" on SQLite (``+col``: their text compares as is, with no
  numeric-affinity conversion attempt and no index search on them).

A group of 2,097,152 dossiers or more would overflow a packed field; the report then uses the
plain query (one SUM per column), which gives the same numbers, only slower.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    and_,
    case,
    func,
    inspect,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from kiosk.domain.status import CLOSED, Status
from kiosk.store.models import Dossier

BITS = 21
MASK = (1 << BITS) - 1
PACK_LIMIT = 1 << BITS
#: the covering index the results query reads in procedure order (added by a migration)
REPORT_INDEX = "ix_dossier_report"
REPORT_INDEX_COLUMNS = (
    "procedure_id",
    "status",
    "received_at",
    "finished_at",
    "due_at",
    "channel",
    "paused_at",
)
_CLOSED = sorted(int(s) for s in CLOSED)
_RESULTS = (int(Status.READY), int(Status.RETURNED))
_STATUSES = sorted(int(s) for s in Status)


def status_in(column: Any, statuses: Iterable[int]) -> Any:
    """`column IN statuses` written as ranges of the statuses that exist (1..10): the closed
    ones are `status = 3 OR status >= 7`. The same rows, and about a tenth cheaper per row on
    SQLite, which probes an IN list as a small b-tree (a million rows a report)."""
    wanted = set(statuses)
    runs: list[list[int]] = []
    for value in _STATUSES:
        if value in wanted:
            if runs and runs[-1][-1] == _STATUSES[_STATUSES.index(value) - 1]:
                runs[-1].append(value)
            else:
                runs.append([value])
    parts = []
    for run in runs:
        lo, hi = run[0], run[-1]
        if lo == hi:
            parts.append(column == _n(lo))
        elif hi == _STATUSES[-1]:
            parts.append(column >= _n(lo))
        elif lo == _STATUSES[0]:
            parts.append(column <= _n(hi))
        else:
            parts.append(and_(column >= _n(lo), column <= _n(hi)))
    return or_(*parts) if len(parts) != 1 else parts[0]


class seconds_between(FunctionElement[float]):  # noqa: N801 - reads like the SQL function
    """Seconds from the second datetime to the first."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(seconds_between)
def _seconds_default(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


class raw(FunctionElement[Any]):  # noqa: N801
    """A column read as stored: `+col` on SQLite (no affinity, no index), the column elsewhere."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(raw, "sqlite")
def _raw_sqlite(element: raw, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(next(iter(element.clauses)), **kw)


@compiles(raw)
def _raw_default(element: raw, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(next(iter(element.clauses)), **kw))


class day_start(FunctionElement[datetime]):  # noqa: N801
    """Midnight of a datetime's day. SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff'
    text, so its first 10 characters compare below every time of that day and above the day
    before."""

    type = DateTime()
    inherit_cache = True


@compiles(day_start, "sqlite")
def _day_sqlite(element: day_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"substr({compiler.process(next(iter(element.clauses)), **kw)}, 1, 10)"


@compiles(day_start)
def _day_default(element: day_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date_trunc('day', {compiler.process(next(iter(element.clauses)), **kw)})"


def _n(value: int) -> Any:
    return literal_column(str(value))


def result_counts(
    session: Session,
    key: Any,
    start: datetime,
    end: datetime,
    measure: datetime,
    *,
    agency: str | None = None,
    packed: bool = True,
    known_by: datetime | None = None,
) -> list[tuple[Any, dict[str, int]]]:
    """Per group key, the eight leaf columns of II.06a (see kiosk.services.reports); with
    `known_by`, only of the dossiers whose row is what the database knew then (the others are
    replayed by kiosk.services.reports_asof)."""
    d = Dossier
    received, finished = raw(d.received_at), func.coalesce(raw(d.finished_at), raw(d.received_at))
    due, paused = raw(d.due_at), raw(d.paused_at)
    closed = status_in(d.status, _CLOSED)
    closed_now = and_(closed, finished < end)  # resolved within the period (or before it)
    where = [received.is_not(None), received < end, not_(and_(closed, finished < start))]
    if agency:
        where.append(d.agency_code == agency)
    if known_by is not None:
        changed = raw(d.changed_at)
        where.append(or_(changed.is_(None), changed <= known_by))
    # Judged like kiosk.services.dossiers.judge: early / on time / late.
    early = finished < day_start(due)
    on_time = finished <= due
    # Past due while the clock ran; a pause that began after the due moment does not make a
    # late dossier in time again (kiosk.services.reports_asof.is_overdue).
    overdue = and_(
        due.is_not(None), due < measure, or_(paused.is_(None), paused >= measure, paused > due)
    )
    carried = received < start
    online = d.channel == "online"
    sort_first = _sort_first(session, key)
    if sort_first:
        # Without the covering index SQLite would walk the procedure index and fetch every row
        # at random: a plain scan is far faster.
        key = raw(key)
    if not packed or session.get_bind().dialect.name not in ("sqlite", "postgresql"):
        return _plain(
            session, key, where, closed_now, d, due, early, on_time, overdue, carried, online
        )
    b0, b1, b2 = _n(1), _n(1 << BITS), _n(1 << 2 * BITS)
    rec = case((carried, b2), (online, b0), else_=b1)
    judged = case((due.is_(None), b1), (early, b0), (on_time, b1), else_=b2)
    resolved = case(
        (and_(status_in(d.status, _RESULTS), finished < end), judged), (closed_now, b1), else_=_n(0)
    )
    late_flag = case((closed_now, _n(0)), (overdue, _n(1)), else_=_n(0))
    if sort_first:
        # SQLite sorts the rows of a GROUP BY with every column its aggregates read; computing
        # the three packed values first (a subquery that LIMIT keeps from being flattened)
        # leaves it four small integers a row to sort.
        inner = (
            select(key.label("k"), rec.label("r"), resolved.label("s"), late_flag.label("o"))
            .where(*where)
            .limit(-1)
            .subquery()
        )
        q = select(
            inner.c.k,
            func.count(),
            func.sum(inner.c.r),
            func.sum(inner.c.s),
            func.sum(inner.c.o),
        ).group_by(inner.c.k)
    else:
        q = (
            select(key, func.count(), func.sum(rec), func.sum(resolved), func.sum(late_flag))
            .where(*where)
            .group_by(key)
        )
    out: list[tuple[Any, dict[str, int]]] = []
    for group, count, r, s, o in session.execute(q):
        if count >= PACK_LIMIT:
            return result_counts(
                session, key, start, end, measure, agency=agency, packed=False, known_by=known_by
            )
        r, s = int(r), int(s)
        e, t, la = s & MASK, (s >> BITS) & MASK, s >> 2 * BITS
        out.append(
            (
                group,
                {
                    "received_online": r & MASK,
                    "received_direct": (r >> BITS) & MASK,
                    "received_carried_over": r >> 2 * BITS,
                    "resolved_early": e,
                    "resolved_on_time": t,
                    "resolved_late": la,
                    "pending_in_time": int(count) - e - t - la - int(o),
                    "pending_overdue": int(o),
                },
            )
        )
    return out


def _sort_first(session: Session, key: Any) -> bool:
    """True on SQLite unless the covering index gives the rows in procedure order."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    if key is not Dossier.procedure_id:
        return True
    indexes = inspect(session.connection()).get_indexes("dossier")
    return REPORT_INDEX not in {ix["name"] for ix in indexes}


def _plain(
    session: Session,
    key: Any,
    where: list[Any],
    closed_now: Any,
    d: Any,
    due: Any,
    early: Any,
    on_time: Any,
    overdue: Any,
    carried: Any,
    online: Any,
) -> list[tuple[Any, dict[str, int]]]:
    """One SUM per column: the same numbers as the packed query, for any size of group."""
    result = and_(closed_now, status_in(d.status, _RESULTS), due.is_not(None))
    cols = {
        "received_online": and_(not_(carried), online),
        "received_direct": and_(not_(carried), not_(online)),
        "received_carried_over": carried,
        "resolved_early": and_(result, early),
        "resolved_on_time": and_(closed_now, not_(and_(result, or_(early, not_(on_time))))),
        "resolved_late": and_(result, not_(on_time)),
        "pending_overdue": and_(not_(closed_now), overdue),
        "pending_in_time": and_(not_(closed_now), not_(overdue)),
    }
    sums = [func.sum(case((cond, 1), else_=0)) for cond in cols.values()]
    q = select(key, *sums).where(*where).group_by(key)
    return [
        (row[0], {k: int(v or 0) for k, v in zip(cols, row[1:], strict=True)})
        for row in session.execute(q)
    ]
