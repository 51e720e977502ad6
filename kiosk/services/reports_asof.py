"""Dossiers as the database knew them at a past time: the events replayed.

Every event has the time it took effect (``at``, which the command line's ``--at`` can set) and
the time this database recorded it (``recorded_at``, the wall clock; NULL for events recorded
before migration 0006, read as ``at``). A report "as of" a time K reads only what was recorded
by K:

* a dossier whose latest fact was recorded by K (``changed_at <= K``) is read from its row, as
  every report does (kiosk.services.reports_sql; the covering index has ``changed_at``);
* a dossier the database knew of at K but has learned more about since
  (``recorded_at <= K < changed_at``) is rebuilt here from its events recorded by K: status,
  reception, closing, the due date the dossier is judged against (the one each event left in
  force, written in its data since 0006) and the pause of a supplement request or of awaiting
  payment. Its columns are then classified by :func:`classify`, the same definitions the SQL
  of the results report computes (kiosk.services.reports), so both halves add up.

Only the second kind is replayed: for a date in the past, those are the dossiers that were open
then (or closed but not yet returned), a small share of a year's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.status import CLOSED, RUNNING, Status
from kiosk.services.calendar_store import load_calendar
from kiosk.services.dossiers import judge
from kiosk.services.reports_sql import raw
from kiosk.store.models import Dossier, DossierEvent, Procedure

_CHUNK = 500
_CLOSING = (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.READY)
# plain ints for the replay's tests (an enum member looked up per event costs more than the rest)
_RECEIVED, _SUPPLEMENT, _PAYMENT = (
    int(Status.RECEIVED),
    int(Status.SUPPLEMENT),
    int(Status.AWAITING_PAYMENT),
)
_PAUSES = frozenset({_SUPPLEMENT, _PAYMENT})
_RUNNING = frozenset(int(s) for s in RUNNING)
_CLOSES = frozenset(int(s) for s in _CLOSING)
_AFTER_PAUSE = frozenset({_RECEIVED, int(Status.IN_PROCESS), *_CLOSES})  # leaving a pause


@dataclass
class State:
    """A dossier's report columns as they stood (the names of kiosk.store.models.Dossier)."""

    id: int
    key: Any  # the report's group key (procedure, counter, clerk or agency)
    channel: str
    status: int | None = None
    received_at: datetime | None = None
    finished_at: datetime | None = None
    due_at: datetime | None = None
    paused_at: datetime | None = None


def known(column: Any, event_at: Any) -> Any:
    """When an event was recorded: recorded_at, or its effective time before 0006."""
    return func.coalesce(column, event_at)


def _time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


class _Replay:
    """The state machine of the replay: a dossier's report columns after each of its status
    events, in the order they were recorded."""

    def __init__(
        self, session: Session, info: dict[int, tuple[int, Any, str, datetime | None, str]]
    ) -> None:
        self.session = session
        self.info = info
        self.states: dict[int, State] = {}
        self.cal: Any = None

    def step(self, did: int, at: datetime, to: int, data: dict[str, Any] | None) -> None:
        st = self.states.get(did)
        if st is None:
            _, key, channel, _, _ = self.info[did]
            st = self.states[did] = State(did, key, channel)
        data = data or {}
        frm = st.status
        if to == _RECEIVED and st.received_at is None:
            st.received_at = at  # received (or a counter supplement completed)
            st.due_at = _time(data.get("due_at")) or self.info[did][3]
            st.paused_at = None
        elif frm in _PAUSES and to in _AFTER_PAUSE:
            if "due_at" in data:
                st.due_at = _time(data["due_at"])
            elif frm == _SUPPLEMENT and to in _RUNNING and st.paused_at is not None:
                if st.due_at is not None:  # recorded before 0006: worked out again
                    self.cal = self.cal or load_calendar(self.session)
                    hours = "hours" if self.info[did][4] == "hours" else "days"
                    st.due_at = self.cal.resume_due(st.due_at, st.paused_at, at, hours)
            if to in _RUNNING or "due_at" in data:
                st.paused_at = None
        if to == _SUPPLEMENT and frm in _RUNNING:
            st.paused_at = at
        elif to == _PAYMENT and frm != _PAYMENT:
            st.paused_at = at
        if to in _CLOSES:
            st.finished_at = at
        st.status = to

    def result(self) -> list[State]:
        return [s for s in self.states.values() if s.status is not None]


def _status_events(known_by: datetime, effective_by: datetime | None) -> list[Any]:
    """The conditions on the events a replay reads: status changes recorded by `known_by` (an
    apology or a hand-over changes no report column)."""
    ev = DossierEvent
    conds = [ev.kind == "status", known(ev.recorded_at, ev.at) <= known_by]
    if effective_by is not None:
        conds.append(ev.at <= effective_by)
    return conds


def replay(
    session: Session,
    rows: Iterable[tuple[int, Any, str, datetime | None, str]],
    known_by: datetime,
    effective_by: datetime | None = None,
) -> list[State]:
    """The states of the dossiers (id, group key, channel, original due, time unit) from their
    events recorded by `known_by` (and, if given, in effect by `effective_by`)."""
    info = {r[0]: r for r in rows}
    machine = _Replay(session, info)
    ev = DossierEvent
    for chunk in _chunks(sorted(info)):
        q = (
            select(ev.dossier_id, ev.at, ev.to_status, ev.data)
            .where(ev.dossier_id.in_(chunk), *_status_events(known_by, effective_by))
            .order_by(ev.dossier_id, ev.id)
        )
        for dossier_id, at, to, data in session.execute(q):
            machine.step(dossier_id, at, to, data)
    return machine.result()


def _candidate_conditions(
    known_by: datetime, received_before: datetime, agency: str | None
) -> list[Any]:
    d = Dossier
    conds = [  # raw(): only changed_at may pick the index (not ix_dossier_received)
        d.changed_at > known_by,
        raw(d.recorded_at) <= known_by,
        raw(d.received_at).is_not(None),
        raw(d.received_at) < received_before,
    ]
    if agency:
        conds.append(d.agency_code == agency)
    return conds


def candidates(
    session: Session, key: Any, known_by: datetime, received_before: datetime, agency: str | None
) -> list[tuple[int, Any, str, datetime | None, str]]:
    """Dossiers known at `known_by` with facts recorded after it, received (as far as is known
    now) before `received_before`: the ones a report as of `known_by` replays.

    Found by ix_dossier_changed (a range of it: migration 0006b), in one query."""
    d = Dossier
    q = (
        select(d.id, key, d.channel, d.original_due_at, Procedure.time_unit)
        .join(Procedure, Procedure.id == d.procedure_id)
        .where(*_candidate_conditions(known_by, received_before, agency))
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in session.execute(q)]


def replay_candidates(
    session: Session, key: Any, known_by: datetime, received_before: datetime, agency: str | None
) -> list[State]:
    """:func:`replay` of the :func:`candidates` in one query: their status events recorded by
    `known_by`, each with its dossier's columns. The candidates are found by a range of
    ix_dossier_changed, then their events by ix_dossier_event_dossier_id (no list of ids sent
    back and forth, no chunks)."""
    ev, d = DossierEvent, Dossier
    ids = select(d.id).where(*_candidate_conditions(known_by, received_before, agency))
    q = (
        select(
            ev.dossier_id,
            ev.at,
            ev.to_status,
            ev.data,
            key,
            d.channel,
            d.original_due_at,
            Procedure.time_unit,
        )
        .select_from(ev)
        .join(d, d.id == ev.dossier_id)
        .join(Procedure, Procedure.id == d.procedure_id)
        .where(ev.dossier_id.in_(ids.scalar_subquery()), *_status_events(known_by, None))
        .order_by(ev.dossier_id, ev.id)
    )
    info: dict[int, tuple[int, Any, str, datetime | None, str]] = {}
    machine = _Replay(session, info)
    for did, at, to, data, group, channel, original_due, unit in session.execute(q):
        if did not in info:
            info[did] = (did, group, channel, original_due, unit)
        machine.step(did, at, to, data)
    return machine.result()


def is_overdue(due: datetime | None, paused: datetime | None, measure: datetime) -> bool:
    """Past due at `measure` while the clock ran (a pause that began after the due moment
    does not make a late dossier in time again)."""
    if due is None or due >= measure:
        return False
    return paused is None or paused >= measure or paused > due


def classify(
    st: State, start: datetime, end: datetime, measure: datetime
) -> tuple[str, str] | None:
    """(received column, outcome column) of II.06a for a dossier, or None when it is not in
    the period's population (kiosk.services.reports)."""
    received = st.received_at
    if received is None or received >= end:
        return None
    closed = st.status in CLOSED
    closed_at = st.finished_at or received
    if closed and closed_at < start:
        return None
    if received < start:
        column = "received_carried_over"
    else:
        column = "received_online" if st.channel == "online" else "received_direct"
    if closed and closed_at < end:
        if st.status in (Status.READY, Status.RETURNED):
            return column, f"resolved_{judge(closed_at, st.due_at)}"
        return column, "resolved_on_time"
    if is_overdue(st.due_at, st.paused_at, measure):
        return column, "pending_overdue"
    return column, "pending_in_time"


def replayed_counts(
    session: Session,
    key: Any,
    start: datetime,
    end: datetime,
    measure: datetime,
    known_by: datetime,
    agency: str | None = None,
) -> list[tuple[Any, dict[str, int]]]:
    """The II.06a leaves of the dossiers a report as of `known_by` rebuilds, per group key."""
    out: dict[Any, dict[str, int]] = {}
    for st in replay_candidates(session, key, known_by, end, agency):
        cols = classify(st, start, end, measure)
        if cols is None:
            continue
        leaves = out.setdefault(st.key, {})
        for c in cols:
            leaves[c] = leaves.get(c, 0) + 1
    return list(out.items())
