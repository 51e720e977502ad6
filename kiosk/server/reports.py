"""District-wide reports on the server: results (II.06a), queue, satisfaction, overdue watch,
per office.

`GET /v1/reports/{results,queue,satisfaction,overdue}` runs the same services as `kiosk
report` on a PC (kiosk.services.reports*), over every office the server hosts: each is a few
aggregate queries (GROUP BY agency, or by the grouping asked for), never a loop over offices.
An agency has one one-stop office on the server, so "per agency" and "per office" are the same
rows.

Who may ask: a signed-in staff member (`POST /v1/staff/login`) whose role is supervisor or
admin. One without a department sees every office; one attached to a department sees only
that department's agency (asking for another office is 403). PCs (device credentials) and
department officers are refused (403).

Query parameters (all text; a wrong one is 400 with one sentence):

- `from`, `to` (YYYY-MM-DD, both days included): required for results, queue, satisfaction;
- `agency`: only this office;
- `by`: results: one of field, procedure, counter, clerk, agency (default agency, or field
  with `agency`); queue: a comma list of service, counter, clerk, day, agency (default agency;
  without `agency=`, `agency` is put first when missing, because service codes and counter
  numbers repeat from one office to the next); satisfaction: a comma list of counter, clerk,
  day, agency (default agency; `agency` put first the same way);
- `at` (ISO time): results: measure "pending" at this moment; overdue: as at this moment;
- `target_min` (queue): the waiting target, 30 by default; `limit` (overdue): listed dossiers;
- `format`: `json` (default) or `csv` (all but overdue, as the CLI's `--format csv`).

Satisfaction counts the ratings the PCs pushed (`rating.add`, kiosk.server.ratings), each under
the office of the PC that recorded it, and adds the service index (`index`, for the scope) and
`index_by_agency` (one per office listed), as `kiosk report satisfaction` does for one office.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import NotFound
from kiosk.server.actions import Caller
from kiosk.server.auth import AuthError
from kiosk.services.reports import GROUPINGS, ResultRow, results_csv, results_report
from kiosk.services.reports_queue import (
    DEFAULT_TARGET_S,
    QUEUE_DIMENSIONS,
    RATING_DIMENSIONS,
    queue_report,
    rows_csv,
    satisfaction_report,
    service_index,
    service_index_by_agency,
)
from kiosk.services.reports_watch import BUCKETS, overdue_watch, watch_by_agency
from kiosk.store.models import Agency, Office
from kiosk.wire.push import BadRequest

KINDS = ("results", "queue", "satisfaction", "overdue")
REPORT_ROLES = ("supervisor", "admin")
MAX_LIMIT = 5000


@dataclass(frozen=True)
class ReportQuery:
    kind: str
    start: date | None
    end: date | None
    agency: str | None
    by: str
    at: datetime | None
    target_s: int
    limit: int
    format: str


def _date(params: Mapping[str, str], name: str) -> date:
    raw = params.get(name)
    if raw is None:
        raise BadRequest(f"'{name}' is required (a day, YYYY-MM-DD)", 400)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a day YYYY-MM-DD, not {raw[:20]!r}", 400) from None


def parse_query(kind: str, params: Mapping[str, str]) -> ReportQuery:
    if kind not in KINDS:
        raise BadRequest(f"there is no report '{kind[:20]}' (one of {', '.join(KINDS)})", 404)
    fmt = params.get("format", "json")
    if fmt not in ("json", "csv") or (fmt == "csv" and kind == "overdue"):
        allowed = "json" if kind == "overdue" else "json or csv"
        raise BadRequest(f"'format' must be {allowed}, not {fmt[:20]!r}", 400)
    start = end = None
    if kind != "overdue":
        start, end = _date(params, "from"), _date(params, "to")
        if end < start:
            raise BadRequest(f"the period ends ({end}) before it starts ({start})", 400)
        if (end - start).days > 3660:
            raise BadRequest("a report covers at most ten years", 400)
    at = None
    if params.get("at"):
        try:
            at = datetime.fromisoformat(params["at"])
        except ValueError:
            raise BadRequest(f"'at' must be an ISO time, not {params['at'][:30]!r}", 400) from None
        if at.tzinfo is not None:
            at = at.astimezone().replace(tzinfo=None)
    agency = params.get("agency") or None
    if agency is not None and len(agency) > 40:
        raise BadRequest("'agency' is longer than 40 characters", 400)
    default_by = {
        "results": "field" if agency else "agency",
        "queue": "agency",
        "satisfaction": "agency",
        "overdue": "",
    }
    by = params.get("by") or default_by[kind]
    if kind == "results" and by not in GROUPINGS:
        raise BadRequest(f"'by' must be one of {', '.join(GROUPINGS)}, not {by[:20]!r}", 400)
    if kind in ("queue", "satisfaction"):
        known_dims = QUEUE_DIMENSIONS if kind == "queue" else RATING_DIMENSIONS
        dims = [d.strip() for d in by.split(",") if d.strip()]
        bad = [d for d in dims if d not in known_dims]
        if bad or not dims:
            raise BadRequest(f"'by' must list some of {', '.join(known_dims)}", 400)
        if agency is None and "agency" not in dims:
            dims.insert(0, "agency")
        by = ",".join(dims)
    target = _number(params, "target_min", DEFAULT_TARGET_S / 60, 0, 24 * 60)
    limit = int(_number(params, "limit", 500, 0, MAX_LIMIT))
    return ReportQuery(kind, start, end, agency, by, at, round(target * 60), limit, fmt)


def _number(params: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a number, not {raw[:20]!r}", 400) from None
    if not low <= value <= high:
        raise BadRequest(f"'{name}' must be from {low:g} to {high:g}", 400)
    return value


def check_reporter(role: str) -> None:
    if role not in REPORT_ROLES:
        raise AuthError(f"a {role} account cannot read the district reports", 403)


def offices(session: Session, caller: Caller) -> dict[str, dict[str, Any]]:
    """agency code -> {agency, agency_name, office}: the offices this caller may see."""
    rows = session.execute(
        select(Agency.code, Agency.name, Office.name)
        .join(Office, Office.agency_id == Agency.id)
        .order_by(Agency.code, Office.id)
    )
    out: dict[str, dict[str, Any]] = {}
    for code, name, office in rows:
        if caller.may_see(code) and code not in out:
            out[code] = {"agency": code, "agency_name": name, "office": office}
    return out


def _scope(caller: Caller, q: ReportQuery) -> str | None:
    """The one agency the report is limited to (None: every office on the server)."""
    if q.agency is not None:
        if not caller.may_see(q.agency):
            raise AuthError(f"these credentials cannot read the reports of office {q.agency}", 403)
        return q.agency
    if caller.agencies is None:
        return None
    if len(caller.agencies) != 1:
        raise AuthError("these credentials are not attached to one office", 403)
    return next(iter(caller.agencies))


def district_report(session: Session, caller: Caller, q: ReportQuery) -> tuple[dict[str, Any], str]:
    """(the JSON object, the CSV text or '') of one report."""
    agency = _scope(caller, q)
    known = offices(session, caller)
    if agency is not None and agency not in known:
        raise NotFound(f"there is no office of agency {agency} on this server")
    listed = [known[agency]] if agency else list(known.values())
    head = {"report": q.kind, "scope": agency or "district", "offices": listed}
    if q.kind == "results":
        assert q.start is not None and q.end is not None
        report = results_report(session, q.start, q.end, by=q.by, agency=agency, at=q.at)
        if q.by == "agency":
            _office_rows(report.rows, listed)
        return {**head, **report.as_dict()}, results_csv(report)
    if q.kind == "queue":
        assert q.start is not None and q.end is not None
        dims = q.by.split(",")
        queue = queue_report(session, q.start, q.end, by=dims, target_s=q.target_s, agency=agency)
        if "agency" in dims:
            names = {o["agency"]: o["agency_name"] for o in known.values()}
            for row in queue.rows:
                row["agency_name"] = names.get(row["agency"])
        return {**head, **queue.as_dict()}, rows_csv(queue.rows + [queue.total])
    if q.kind == "satisfaction":
        assert q.start is not None and q.end is not None
        dims = q.by.split(",")
        ratings = satisfaction_report(session, q.start, q.end, by=dims, agency=agency)
        if "agency" in dims:
            names = {o["agency"]: o["agency_name"] for o in known.values()}
            for row in ratings.rows:
                row["agency_name"] = names.get(row["agency"])
        index = service_index(session, q.start, q.end, agency=agency)
        codes = [o["agency"] for o in listed]
        indexes = service_index_by_agency(session, q.start, q.end, agency=agency, offices=codes)
        by_agency = [{**o, **indexes[o["agency"]]} for o in listed]
        obj = {**head, **ratings.as_dict(), "index": index, "index_by_agency": by_agency}
        return obj, rows_csv(ratings.rows + [ratings.total])
    watch = overdue_watch(session, q.at, limit=q.limit, agency=agency)
    counts = watch_by_agency(session, watch.at, agency=agency)
    per_office = [{**o, **counts.get(o["agency"], dict.fromkeys(BUCKETS, 0))} for o in listed]
    return {**head, **watch.as_dict(), "by_agency": per_office}, ""


def _office_rows(rows: list[ResultRow], listed: list[dict[str, Any]]) -> None:
    """One row per office, named, those with no dossiers as zeros; in agency-code order."""
    names = {o["agency"]: o["agency_name"] for o in listed}
    present = {r.extra.get("agency") for r in rows}
    for row in rows:
        code = row.extra.get("agency")
        row.extra["agency_name"] = names.get(code) if isinstance(code, str) else None
        if isinstance(code, str) and code in names:
            row.field = names[code]
    for code, name in names.items():
        if code not in present:
            rows.append(ResultRow(name, extra={"agency": code, "agency_name": name}))
    rows.sort(key=lambda r: str(r.extra.get("agency") or ""))
