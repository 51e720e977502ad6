"""Who does an action, and where (no database here: the GUI imports it before SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who does an action, and where: goes into every event (the audit trail)."""

    username: str = "system"
    counter_number: int | None = None
    device_id: str | None = None
