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
    action: Action,
    code: str,
    actor: Actor,
    reason: str = "",
    agency: str = "",
    approved_by: str | None = None,
) -> Callable[[Session], Any]:
    """The worker function for an action; it returns a printout (or None) for the I/O worker.
    `approved_by`: the supervisor who approved a second supplement request (docs/rules.md)."""

    def run(s: Session) -> Any:
        if action.key == "supplement":
            missing = [{"name": reason, "originals": 0, "copies": 0}]
            d = request_supplement(s, code, missing, reason, actor, approved_by=approved_by)
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


def needs_approval(session: Session, code: str, username: str) -> bool:
    """A supplement request on this dossier needs a supervisor's approval: it has had one
    already and the one signed in is not a supervisor (kiosk.services.rules)."""
    from kiosk.services.rules import needs_approval as needed

    return needed(session, code, username, "supplement")


def approved_job(
    action: Action, code: str, actor: Actor, reason: str, approver: str, password: str
) -> Callable[[Session], Any]:
    """`job_for` behind the approving supervisor's password, checked on the spot (the same
    service as the counter's, throttled like a sign-in): a refusal is returned (the Approval),
    so the count of failed tries is committed, then shown under the field it concerns."""
    from kiosk.services.approval import behind_approval

    return behind_approval(
        lambda s, approved_by: job_for(action, code, actor, reason, approved_by=approved_by)(s),
        approver,
        password,
        actor.device_id or "",
    )
