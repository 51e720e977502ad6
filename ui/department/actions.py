"""What a department officer can do to a dossier, and when (the status machine decides)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kiosk.domain.status import TRANSITIONS, Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier, hand_over, request_supplement
from ui.counter.printouts import make_stop, make_supplement


@dataclass(frozen=True)
class Action:
    key: str
    target: int | None  # the status it leads to (None: no status change)
    needs_reason: bool


ACTIONS = (
    Action("take", Status.IN_PROCESS, False),
    Action("supplement", Status.SUPPLEMENT, True),
    Action("payment", Status.AWAITING_PAYMENT, False),
    Action("stop", Status.STOPPED, True),
    Action("ready", Status.READY, False),
    Action("handover", None, False),
)


def allowed(action: Action, status: int) -> bool:
    if action.target is None:  # hand-over: while the dossier is being processed
        return status in (Status.RECEIVED, Status.IN_PROCESS, Status.AWAITING_PAYMENT)
    return action.target in TRANSITIONS.get(status, frozenset())


def job_for(
    action: Action, code: str, actor: Actor, reason: str = "", agency: str = ""
) -> Callable[[Session], Any]:
    """The worker function for an action; it returns a printout (or None) for the I/O worker."""

    def run(s: Session) -> Any:
        if action.key == "supplement":
            missing = [{"name": reason, "originals": 0, "copies": 0}]
            d = request_supplement(s, code, missing, reason, actor)
            return make_supplement(s, d, missing, reason)
        if action.key == "stop":
            d = advance_dossier(s, code, Status.STOPPED, actor, note=reason)
            return make_stop(s, d, reason)
        if action.key == "handover":
            hand_over(s, code, agency, actor, note=reason or None)
            return None
        assert action.target is not None
        advance_dossier(s, code, action.target, actor, note=reason or None)
        return None

    return run
