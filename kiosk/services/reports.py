"""The results report by field (form II.06a, "Tình hình, kết quả giải quyết TTHC").

What each column counts, for a period of whole days ``[from 00:00, to + 1 day 00:00)``:

* **Population.** Dossiers that were *received* (``received_at`` set: status 2 reached at the
  counter, or a supplement completed). Refusals at the counter and online registrations that
  were never received have no reception time and are not in the report. A dossier is in the
  period's population when it was received before the period ended and was not already closed
  before the period started. "Closed" means status 3 (refused), 7 (withdrawn), 8 (stopped),
  9 (result ready) or 10 (returned); it closed at ``finished_at`` (which the app always sets
  on closing; a closed dossier without it is taken as closed when it was received).
* **3 received_total** = 4 + 5 + 6.
* **4 received_online**: received within the period through the online channel.
* **5 received_direct**: received within the period at the counter or by post.
* **6 received_carried_over**: received before the period and still open at its start.
* **7 resolved_total** = 8 + 9 + 10: closed within the period.
* **8/9/10 resolved_early / on_time / late**: a result (status 9 or 10) is judged like
  :func:`kiosk.services.dossiers.judge` against the due date in force (``due_at``: an apology's
  new date replaces the old one, and the pause of a supplement request was added to it when the
  documents arrived): *early* if it was ready on a day before the due day, *on time* if not
  after the due moment, else *late*. As the guidance says, a withdrawn, refused or stopped
  dossier counts as resolved on time.
* **11 pending_total** = 12 + 13: still open at the end of the period (or now, for a period
  that has not ended: the "measure point" is the earlier of the two).
* **12 pending_in_time**: not past its due date at the measure point, or waiting for a
  supplement or for the citizen's payment then (the clock is paused, so it counts as within
  time) when that pause began before the due moment.
* **13 pending_overdue**: past its due date at the measure point while its clock ran (or
  paused only after it was already late).

The due date is the appointment written on the receipt (Mẫu 01), moved only by the pauses of
a supplement request or of awaiting payment; an apology gives the citizen a new appointment
(``new_due_at``) but does not move it, so a dossier that was late stays late (Decision 766's
index counts it so; docs/rules.md).

Extra key **supplement_repeated** (not a column of the form): supplement requests made in the
period on a dossier that had had one already (Decree 61/2018 asks for one; a repeat needs a
supervisor and the national index counts it as a fault).

**As of a time** (``as_of``): what the database knew then: only the events recorded by that
time count (kiosk.services.reports_asof), so the report is the one that could be printed then;
facts recorded later, even if they took effect in the period, do not change it. Without it, a
period that has ended is still computed from what took effect in it (a fact of April never
changes March), with everything recorded so far.

**Closed periods** (kiosk.services.reports_close): once the supervisor closes a period, its
report by field is the stored one; a later correction shows as an adjustment line
(``adjustments``), never as a silent change of the stored figures.

Every dossier of the population is either resolved in the period or pending at its end, and
either received in the period or carried over, so 3 = 7 + 11 holds row by row.

A pause that ended after the period is recognised by its extended due date (which is never
before the end of the pause).

The numbers are computed by the database: one GROUP BY over the dossiers (by procedure, counter,
clerk or agency) with CASE expressions for the columns (kiosk.services.reports_sql); only the
grouped counts (a few dozen rows) come back to Python, where fields and totals are summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from kiosk.csv_cells import rows_to_csv
from kiosk.domain.people import fold
from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.services.context import now
from kiosk.services.reports_asof import known, replayed_counts
from kiosk.services.reports_sql import raw, result_counts
from kiosk.store.models import Dossier, DossierEvent, Field, Procedure

#: the 11 counting columns of II.06a (columns 3–13), in order; the CONTRACT's JSON keys
COLUMNS: tuple[str, ...] = (
    "received_total",
    "received_online",
    "received_direct",
    "received_carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_in_time",
    "pending_overdue",
)
#: the columns that are counted directly; the three totals are sums of these
LEAVES: tuple[str, ...] = (
    "received_online",
    "received_direct",
    "received_carried_over",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_in_time",
    "pending_overdue",
)
GROUPINGS = ("field", "procedure", "counter", "clerk", "agency")


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise KioskError(
                f"the period ends ({self.end:%d/%m/%Y}) before it starts ({self.start:%d/%m/%Y})",
                "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.",
            )

    @property
    def begins(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def ends(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min)


@dataclass
class ResultRow:
    """One row of II.06a: the leaf counts; the totals are derived so the checks always hold."""

    field: str
    received_online: int = 0
    received_direct: int = 0
    received_carried_over: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    extra: dict[str, Any] = dc_field(default_factory=dict)  # procedure code, counter, clerk ...
    supplement_repeated: int = 0  # not a column of II.06a: see the module's docstring

    @property
    def received_total(self) -> int:
        return self.received_online + self.received_direct + self.received_carried_over

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending_total(self) -> int:
        return self.pending_in_time + self.pending_overdue

    def add(self, other: ResultRow) -> None:
        for key in (*LEAVES, "supplement_repeated"):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def problems(self) -> list[str]:
        """The consistency checks of II.06a; empty when they all hold."""
        v = self.as_dict()
        checks = [
            (
                "3 = 4 + 5 + 6",
                v["received_total"],
                ("received_online", "received_direct", "received_carried_over"),
            ),
            (
                "7 = 8 + 9 + 10",
                v["resolved_total"],
                ("resolved_early", "resolved_on_time", "resolved_late"),
            ),
            ("11 = 12 + 13", v["pending_total"], ("pending_in_time", "pending_overdue")),
            ("3 = 7 + 11", v["received_total"], ("resolved_total", "pending_total")),
        ]
        return [
            f"{self.field}: {name} fails"
            for name, total, parts in checks
            if total != sum(v[p] for p in parts)
        ]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, **self.extra}
        for key in COLUMNS:
            out[key] = getattr(self, key)
        out["supplement_repeated"] = self.supplement_repeated
        return out


@dataclass
class ResultsReport:
    period: Period
    measured_at: datetime  # the measure point of the pending columns
    by: str
    rows: list[ResultRow]
    total: ResultRow
    agency: str | None = None
    as_of: datetime | None = None  # what the database knew then (None: everything so far)
    closed: dict[str, Any] | None = None  # {"at", "by"} of a closed period
    adjustments: list[ResultRow] = dc_field(default_factory=list)  # after the closing

    def problems(self) -> list[str]:
        return [p for row in [*self.rows, self.total] for p in row.problems()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "measured_at": self.measured_at.isoformat(),
            "by": self.by,
            "agency": self.agency,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "rows": [r.as_dict() for r in self.rows],
            "total": self.total.as_dict(),
            "closed": self.closed,
            "adjustments": [r.as_dict() for r in self.adjustments],
        }


def results_report(
    session: Session,
    start: date,
    end: date,
    *,
    by: str = "field",
    agency: str | None = None,
    at: datetime | None = None,
    packed: bool = True,
    as_of: datetime | None = None,
    stored: bool = True,
) -> ResultsReport:
    """The II.06a report for the period, one row per field (or procedure, counter, clerk,
    agency), rows in name order, with the total row. `as_of`: as the database knew it then
    (see the module's docstring); a closed period's report by field is the stored one with
    its adjustments (`stored=False`: computed, as when it is being closed). `packed=False`
    forces the plain query (see kiosk.services.reports_sql)."""
    if by not in GROUPINGS:
        raise KioskError(
            f"a results report is grouped by one of {', '.join(GROUPINGS)}, not '{by}'",
            "Cách nhóm báo cáo không hợp lệ.",
        )
    period = Period(start, end)
    today = now()
    known_by = as_of if as_of is not None and as_of < today else None
    if stored and by == "field" and at is None:
        from kiosk.services.reports_close import closed_report

        closed = closed_report(session, period, agency, known_by)
        if closed is not None:
            return closed
    report = _computed(session, period, by, agency, at, packed, known_by, today)
    return report


def _computed(
    session: Session,
    period: Period,
    by: str,
    agency: str | None,
    at: datetime | None,
    packed: bool,
    known_by: datetime | None,
    today: datetime,
) -> ResultsReport:
    measure = min(period.ends, at or known_by or today)
    key = {
        "field": Dossier.procedure_id,
        "procedure": Dossier.procedure_id,
        "counter": Dossier.counter_number,
        "clerk": Dossier.received_by,
        "agency": Dossier.agency_code,
    }[by]
    counts = result_counts(
        session,
        key,
        period.begins,
        period.ends,
        measure,
        agency=agency,
        packed=packed,
        known_by=known_by,
    )
    if known_by is not None:
        counts += replayed_counts(
            session, key, period.begins, period.ends, measure, known_by, agency
        )
    repeats = repeated_supplements(
        session, key, period.begins, period.ends, measure, known_by, agency
    )
    rows: dict[Any, ResultRow] = {}
    labels = _labels(session, by)
    for group, leaves in [*counts, *((g, {}) for g in repeats)]:
        label, extra, sort_key = labels(group)
        row = rows.get(sort_key)
        if row is None:
            row = rows[sort_key] = ResultRow(label, extra=extra)
        for k, v in leaves.items():
            setattr(row, k, getattr(row, k) + v)
    for group, n in repeats.items():
        rows[labels(group)[2]].supplement_repeated += n
    ordered = [rows[k] for k in sorted(rows)]  # one key type per grouping
    total = ResultRow("Tổng cộng")
    for row in ordered:
        total.add(row)
    return ResultsReport(period, measure, by, ordered, total, agency, as_of=known_by)


def repeated_supplements(
    session: Session,
    key: Any,
    start: datetime,
    end: datetime,
    measure: datetime,
    known_by: datetime | None,
    agency: str | None,
) -> dict[Any, int]:
    """Per group key, the supplement requests made in the period (before the measure point)
    on a dossier that had had one before. The dossiers with two requests or more are listed
    first from ix_dossier_event_supplements alone (migration 0015), then only their events
    are read; the times are read raw so that no index on them is walked instead."""
    ev, earlier, many = DossierEvent, aliased(DossierEvent), aliased(DossierEvent)
    supplement = int(Status.SUPPLEMENT)
    twice = (
        select(many.dossier_id)
        .where(many.to_status == supplement, many.kind == "status")
        .group_by(many.dossier_id)
        .having(func.count() > 1)
    )
    at = raw(ev.at)
    conds = [
        ev.to_status == supplement,
        ev.kind == "status",
        ev.dossier_id.in_(twice.scalar_subquery()),
        at >= start,
        at < end,
        at <= measure,
        exists()
        .where(
            earlier.dossier_id == ev.dossier_id,
            earlier.to_status == supplement,
            earlier.kind == "status",
            earlier.id < ev.id,
        )
        .correlate(ev),
    ]
    if known_by is not None:
        conds.append(known(raw(ev.recorded_at), at) <= known_by)
    if agency:
        conds.append(Dossier.agency_code == agency)
    q = (
        select(key, func.count())
        .select_from(ev)
        .join(Dossier, Dossier.id == ev.dossier_id)
        .where(*conds)
        .group_by(key)
    )
    return {group: int(n) for group, n in session.execute(q)}


def _labels(session: Session, by: str) -> Any:
    """A function: group key -> (row label, extra keys, sort key)."""
    if by in ("field", "procedure"):
        procs = {
            pid: (code, name, fname)
            for pid, code, name, fname in session.execute(
                select(Procedure.id, Procedure.code, Procedure.name, Field.name).join(Field)
            )
        }

        def proc_label(pid: int) -> tuple[str, dict[str, Any], Any]:
            code, name, fname = procs.get(pid, ("?", "?", "(không rõ lĩnh vực)"))
            if by == "field":
                return fname, {}, fold(fname)
            return fname, {"procedure": code, "procedure_name": name}, (fold(fname), code)

        return proc_label
    if by == "counter":
        return lambda n: (
            f"Quầy số {n}" if n is not None else "(không rõ quầy)",
            {"counter": n},
            (n is None, n or 0),
        )
    if by == "clerk":
        return lambda u: (u or "(không rõ)", {"clerk": u}, fold(u or ""))
    return lambda a: (a or "(không rõ)", {"agency": a}, a or "")


def period_rows(report: ResultsReport) -> Iterable[dict[str, Any]]:
    """The rows and the total, numbered like the form (column 1)."""
    for i, row in enumerate(report.rows, 1):
        yield {"no": i, **row.as_dict()}
    yield {"no": "", **report.total.as_dict()}


def results_csv(report: ResultsReport) -> str:
    """CSV (UTF-8 with the columns' JSON keys as header); Excel opens it with a BOM added."""
    extra = sorted({k for r in report.rows for k in r.extra})
    lines = [
        [r["no"], r["field"], *(r.get(k, "") for k in extra)]
        + [r[c] for c in COLUMNS]
        + [r["supplement_repeated"]]
        for r in period_rows(report)
    ]
    for adj in report.adjustments:  # corrections after a closing: their own lines
        a = adj.as_dict()
        lines.append(
            ["điều chỉnh", a["field"], *(a.get(k, "") for k in extra)]
            + [a[c] for c in COLUMNS]
            + [a["supplement_repeated"]]
        )
    return rows_to_csv(["no", "field", *extra, *COLUMNS, "supplement_repeated"], lines)
