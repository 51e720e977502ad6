"""What "overdue" and "due soon" mean: one definition for every screen and report.

At the moment ``at``, a dossier whose clock runs (statuses 2 and 4; one waiting for a
supplement (5) or for the citizen's payment (6) is paused: docs/rules.md) is

* **overdue** when its due date in force has passed (``due_at < at``);
* **due soon** ("Sắp đến hạn") when it is not overdue yet and is due before the end of the
  2nd working day after today by the office calendar (``at <= due_at < soon_end``). Due soon
  includes what is due later today; the supervisor's watch splits it in two: *due today* and
  *due in the next 2 working days* (after today), which add up to the counter's figure.

The counter window's count and list, the supervisor's overdue watch and
`kiosk report overdue` all take their window and conditions from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from kiosk.domain.status import RUNNING
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import now
from kiosk.store.models import Dossier

SOON_WORKING_DAYS = 2
RUNNING_CODES = tuple(int(s) for s in RUNNING)


@dataclass(frozen=True)
class DueWindow:
    at: datetime
    today_end: datetime  # midnight after today
    soon_end: datetime  # midnight after the 2nd working day after today

    def bucket(self, due_at: datetime | None) -> str | None:
        """'overdue', 'due_today', 'due_soon' (after today) or None, for one due date."""
        if due_at is None or due_at >= self.soon_end:
            return None
        if due_at < self.at:
            return "overdue"
        return "due_today" if due_at < self.today_end else "due_soon"


def due_window(session: Session, at: datetime | None = None) -> DueWindow:
    at = at or now()
    cal = load_calendar(session)
    last = cal.add_working_days(at.date(), SOON_WORKING_DAYS)
    return DueWindow(
        at,
        datetime.combine(at.date() + timedelta(days=1), time.min),
        datetime.combine(last + timedelta(days=1), time.min),
    )


def running() -> ColumnElement[bool]:
    return Dossier.status.in_(RUNNING_CODES)


def overdue_conditions(w: DueWindow) -> list[ColumnElement[bool]]:
    return [running(), Dossier.due_at < w.at]


def due_soon_conditions(w: DueWindow) -> list[ColumnElement[bool]]:
    """Due soon, today included (the counter's "Sắp đến hạn")."""
    return [running(), Dossier.due_at >= w.at, Dossier.due_at < w.soon_end]


def watched_conditions(w: DueWindow) -> list[Any]:
    """Overdue or due soon: what the supervisor's watch looks at."""
    return [running(), Dossier.due_at.is_not(None), Dossier.due_at < w.soon_end]
