"""Queue figures and citizen satisfaction for a period, computed by the database.

Queue (per service and counter, or any of service / counter / clerk / day, and agency on a
district server, where `agency=` also keeps one office's tickets):

* ``issued``: tickets issued for the service (the service the number belongs to; a ticket that
  failed to print was never stored). A ticket is grouped under the counter that called it last,
  or under no counter while nobody has called it.
* ``served``: finished at a counter (status ``done``); ``no_show``: called and did not come.
* ``avg_wait_s`` / ``max_wait_s``: from arrival (kept across transfers) to the last call, over
  the tickets that were called; ``avg_service_s``: from the call to the finish, over the served.
* ``over_target`` / ``over_target_share``: called tickets that waited longer than the target
  (``target_s``, 30 minutes unless told), and their share of the called tickets.

Satisfaction (per counter and clerk, or any of counter / clerk / day, and agency on a district
server, where `agency=` also keeps one office's ratings): ratings per level (5 Rất hài lòng … 1
Rất không hài lòng), ``satisfied_share`` = levels 4 and 5 over all ratings, ``complaints`` =
ratings of level 1 or 2 (Không hài lòng / Rất không hài lòng). On the server a rating's office
is the PC that pushed it (`rating.agency_code`, kiosk.server.ratings). A PC's ratings have no
office: they are all its office's, its own and those the other PCs of the office made, which
come down from the server (kiosk.sync.local_ratings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kiosk.csv_cells import dicts_to_csv
from kiosk.errors import KioskError
from kiosk.services.reports import Period, ResultRow, results_report
from kiosk.services.reports_sql import seconds_between
from kiosk.store.models import Agency, Office, Rating, Service, Ticket

DEFAULT_TARGET_S = 30 * 60
QUEUE_DIMENSIONS = ("service", "counter", "clerk", "day", "agency")
RATING_DIMENSIONS = ("counter", "clerk", "day", "agency")
LEVELS: dict[int, tuple[str, str]] = {
    5: ("very_satisfied", "Rất hài lòng"),
    4: ("satisfied", "Hài lòng"),
    3: ("neutral", "Bình thường"),
    2: ("dissatisfied", "Không hài lòng"),
    1: ("very_dissatisfied", "Rất không hài lòng"),
}


def _dimensions(by: tuple[str, ...] | list[str], allowed: tuple[str, ...]) -> tuple[str, ...]:
    dims = tuple(by)
    bad = [d for d in dims if d not in allowed]
    if bad or not dims:
        raise KioskError(
            f"group by one or more of {', '.join(allowed)} (not {', '.join(bad) or 'nothing'})",
            "Cách nhóm báo cáo không hợp lệ.",
        )
    return dims


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _grouped_dict(
    period: Period,
    by: tuple[str, ...],
    rows: list[dict[str, Any]],
    total: dict[str, Any],
    agency: str | None,
    **extra: Any,
) -> dict[str, Any]:
    """The JSON of a grouped report (queue, satisfaction): period, grouping, rows and total."""
    out: dict[str, Any] = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    out["by"] = list(by)
    out.update(extra)
    out.update(rows=rows, total=total)
    if agency is not None:
        out["agency"] = agency
    return out


@dataclass
class QueueReport:
    period: Period
    by: tuple[str, ...]
    target_s: int
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    agency: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return _grouped_dict(
            self.period, self.by, self.rows, self.total, self.agency, target_s=self.target_s
        )


def queue_report(
    session: Session,
    start: date,
    end: date,
    *,
    by: tuple[str, ...] | list[str] = ("service", "counter"),
    target_s: int = DEFAULT_TARGET_S,
    agency: str | None = None,
) -> QueueReport:
    dims = _dimensions(by, QUEUE_DIMENSIONS)
    if target_s < 0:
        raise KioskError(
            "the waiting target must be 0 seconds or more", "Mục tiêu chờ không hợp lệ."
        )
    period = Period(start, end)
    t = Ticket
    columns = {
        "service": Service.code,
        "counter": t.counter_number,
        "clerk": t.clerk,
        "day": t.day,
        "agency": Agency.code,
    }
    keys = [columns[d] for d in dims]
    wait = seconds_between(t.called_at, t.arrived_at)
    service_time = seconds_between(t.finished_at, t.served_at)
    called = t.called_at.is_not(None)
    served = t.status == "done"
    measures = (
        func.count().label("issued"),
        func.sum(case((served, 1), else_=0)).label("served"),
        func.sum(case((t.status == "no_show", 1), else_=0)).label("no_show"),
        func.sum(case((called, 1), else_=0)).label("called"),
        func.avg(case((called, wait))).label("avg_wait_s"),
        func.max(case((called, wait))).label("max_wait_s"),
        func.avg(case((served & t.finished_at.is_not(None), service_time))).label("avg_service_s"),
        func.sum(case((called & (wait > target_s), 1), else_=0)).label("over_target"),
    )
    where = [t.day >= period.start, t.day <= period.end]
    by_office = agency is not None or "agency" in dims
    if agency is not None:
        where.append(Agency.code == agency)

    def joined(q: Any) -> Any:
        q = q.join(Service, Service.id == t.service_id)
        if by_office:  # services belong to an office, the office to its agency
            q = q.join(Office, Office.id == Service.office_id).join(
                Agency, Agency.id == Office.agency_id
            )
        return q

    q = joined(select(*keys, *measures)).where(*where).group_by(*keys)
    rows = [
        _queue_row(dict(zip(dims, r[: len(dims)], strict=True)), r[len(dims) :])
        for r in session.execute(q)
    ]
    rows.sort(key=lambda r: tuple((r[d] is None, str(r[d])) for d in dims))
    tq = joined(select(*measures)).where(*where)
    total = _queue_row({d: None for d in dims}, session.execute(tq).one())
    return QueueReport(period, dims, target_s, rows, total, agency)


def _queue_row(keys: dict[str, Any], m: Any) -> dict[str, Any]:
    issued, served, no_show, called, avg_wait, max_wait, avg_service, over = m
    if "day" in keys and keys["day"] is not None:
        keys["day"] = keys["day"].isoformat() if isinstance(keys["day"], date) else keys["day"]
    called = int(called or 0)
    return {
        **keys,
        "issued": int(issued or 0),
        "served": int(served or 0),
        "no_show": int(no_show or 0),
        "avg_wait_s": _rounded(avg_wait),
        "max_wait_s": _rounded(max_wait),
        "avg_service_s": _rounded(avg_service),
        "over_target": int(over or 0),
        "over_target_share": round(int(over or 0) / called, 4) if called else None,
    }


@dataclass
class SatisfactionReport:
    period: Period
    by: tuple[str, ...]
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    agency: str | None = None

    def as_dict(self) -> dict[str, Any]:
        levels = {str(k): v[1] for k, v in LEVELS.items()}
        return _grouped_dict(
            self.period, self.by, self.rows, self.total, self.agency, levels=levels
        )


def satisfaction_report(
    session: Session,
    start: date,
    end: date,
    *,
    by: tuple[str, ...] | list[str] = ("counter", "clerk"),
    agency: str | None = None,
) -> SatisfactionReport:
    dims = _dimensions(by, RATING_DIMENSIONS)
    period = Period(start, end)
    r = Rating
    columns = {
        "counter": r.counter_number,
        "clerk": r.clerk,
        "day": func.date(r.at),
        "agency": r.agency_code,
    }
    keys = [columns[d] for d in dims]
    measures = [func.count()] + [func.sum(case((r.level == level, 1), else_=0)) for level in LEVELS]
    where = [r.at >= period.begins, r.at < period.ends]
    if agency is not None:
        where.append(r.agency_code == agency)
    q = select(*keys, *measures).where(*where).group_by(*keys)
    rows = [
        _rating_row(dict(zip(dims, row[: len(dims)], strict=True)), row[len(dims) :])
        for row in session.execute(q)
    ]
    rows.sort(key=lambda x: tuple((x[d] is None, str(x[d])) for d in dims))
    total = _rating_row(
        {d: None for d in dims}, session.execute(select(*measures).where(*where)).one()
    )
    return SatisfactionReport(period, dims, rows, total, agency)


def _rating_row(keys: dict[str, Any], m: Any) -> dict[str, Any]:
    total = int(m[0] or 0)
    counts = {LEVELS[level][0]: int(n or 0) for level, n in zip(LEVELS, m[1:], strict=True)}
    if "day" in keys and isinstance(keys["day"], date):
        keys["day"] = keys["day"].isoformat()
    good = counts["very_satisfied"] + counts["satisfied"]
    return {
        **keys,
        "ratings": total,
        **counts,
        "satisfied_share": round(good / total, 4) if total else None,
        "complaints": counts["dissatisfied"] + counts["very_dissatisfied"],
    }


def rows_csv(rows: list[dict[str, Any]]) -> str:
    """CSV of report rows (the JSON keys as header, in the first row's order)."""
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    return dicts_to_csv(keys, rows)


def service_index(
    session: Session, start: date, end: date, *, agency: str | None = None
) -> dict[str, Any]:
    """The office's timeliness and satisfaction for the period, as the national service index
    (Decision 766/QĐ-TTg) counts them (`agency`: one office of a district server):

    * ``on_time_share``: resolved early or on time over all resolved (columns 8 + 9 over 7);
    * ``satisfaction_index`` (per cent) = 100 − the share of dossiers overdue (resolved late or
      pending overdue, over received: (10 + 13) / 3) − the share with complaints (ratings of
      level 1 or 2, over received dossiers).
    """
    total = results_report(session, start, end, agency=agency).total
    ratings = satisfaction_report(session, start, end, by=("counter",), agency=agency).total
    return _index(total, ratings)


def service_index_by_agency(
    session: Session,
    start: date,
    end: date,
    *,
    agency: str | None = None,
    offices: Iterable[str] = (),
) -> dict[str, dict[str, Any]]:
    """agency code -> its service index, for every office with dossiers or ratings in the
    period and every one of `offices` (two grouped queries, whatever the number of offices)."""
    results = {
        str(row.extra["agency"]): row
        for row in results_report(session, start, end, by="agency", agency=agency).rows
        if row.extra.get("agency") is not None
    }
    ratings = {
        str(row["agency"]): row
        for row in satisfaction_report(session, start, end, by=("agency",), agency=agency).rows
        if row["agency"] is not None
    }
    empty = _rating_row({}, (0,) * (1 + len(LEVELS)))
    return {
        code: _index(results.get(code) or ResultRow(code), ratings.get(code, empty))
        for code in sorted(set(results) | set(ratings) | set(offices))
    }


def _index(total: ResultRow, ratings: dict[str, Any]) -> dict[str, Any]:
    dossiers = total.received_total
    overdue = total.resolved_late + total.pending_overdue
    complaints = int(ratings["complaints"])

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    index = None
    if dossiers:
        index = round(100 * (1 - overdue / dossiers - min(complaints, dossiers) / dossiers), 2)
    return {
        "dossiers": dossiers,
        "resolved": total.resolved_total,
        "on_time_share": share(total.resolved_early + total.resolved_on_time, total.resolved_total),
        "overdue": overdue,
        "overdue_share": share(overdue, dossiers),
        "ratings": ratings["ratings"],
        "satisfied_share": ratings["satisfied_share"],
        "complaints": complaints,
        "complaint_share": share(complaints, dossiers),
        "satisfaction_index": index,
        # second (or later) supplement requests on one dossier: a fault (docs/rules.md)
        "supplement_repeated": total.supplement_repeated,
    }
