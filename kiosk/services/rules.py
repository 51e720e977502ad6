"""The rules of supplements and apologies that need a supervisor (docs/rules.md).

* Decree 61/2018 (art. 9) asks that a dossier be sent back for supplement once, listing
  everything missing: a second request on the same dossier needs a supervisor's approval and a
  reason; it is marked as a repeat and counted (Decision 766/QĐ-TTg treats it as a fault).
* An apology (Mẫu 04) must name a new appointment after the current one; a second apology on
  the same dossier needs a supervisor.

The counter and department windows and the command line call the same services, so the rules
hold everywhere; a refusal is one English sentence and one Vietnamese sentence.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.actor import Actor
from kiosk.domain.people import InputError
from kiosk.domain.status import Status
from kiosk.errors import KioskError
from kiosk.store.models import Dossier, Staff

SUPERVISOR_ROLES = ("supervisor", "admin")

#: the fields of a window's dialog a refusal belongs under: the approving supervisor's user
#: name, and her password (kiosk.services.approval)
APPROVER = "approver"
PASSWORD = "approver_password"


class NeedsSupervisor(KioskError):
    """The action is allowed only with a supervisor's approval (`field`: the approver's)."""

    def __init__(self, message_en: str, message_vi: str) -> None:
        super().__init__(message_en, message_vi, field=APPROVER)


def supplement_requests(dossier: Dossier) -> int:
    """How many supplement requests the dossier has had so far."""
    return sum(1 for e in dossier.events if e.kind == "status" and e.to_status == Status.SUPPLEMENT)


def apologies(dossier: Dossier) -> int:
    return sum(1 for e in dossier.events if e.kind == "apology")


def is_supervisor(session: Session, username: str | None) -> bool:
    if not username:
        return False
    role = session.scalar(
        select(Staff.role).where(Staff.username == username.strip(), Staff.active.is_(True))
    )
    return role in SUPERVISOR_ROLES


def needs_approval(session: Session, code: str, username: str, action: str) -> bool:
    """Whether `action` ("supplement" or "apology") on this dossier needs a supervisor's
    approval: the dossier has had one already and `username` (signed in) is not a supervisor.
    The windows ask it before opening their dialog, so the approval fields show when due."""
    from kiosk.services.dossiers import get_dossier

    dossier = get_dossier(session, code)
    earlier = supplement_requests(dossier) if action == "supplement" else apologies(dossier)
    return earlier > 0 and not is_supervisor(session, username)


def _approver(
    session: Session, actor: Actor, approved_by: str | None, what_en: str, what_vi: str
) -> str:
    if is_supervisor(session, actor.username):
        return actor.username
    if approved_by and is_supervisor(session, approved_by):
        return approved_by.strip()
    if approved_by:
        raise NeedsSupervisor(
            f"'{approved_by}' is not an active supervisor, so {what_en} cannot be approved",
            f"«{approved_by}» không phải giám sát viên đang hoạt động; {what_vi} chưa được duyệt.",
        )
    raise NeedsSupervisor(
        f"{what_en} needs a supervisor's approval (name the supervisor who approves it)",
        f"{what_vi[0].upper()}{what_vi[1:]} cần giám sát viên phê duyệt.",
    )


def check_second_supplement(
    session: Session, code: str, actor: Actor, approved_by: str | None, *, trusted: bool = False
) -> str | None:
    """The approver of a second (or later) supplement request; refused without one."""
    if trusted:
        return approved_by
    return _approver(
        session,
        actor,
        approved_by,
        f"a second supplement request on dossier {code}",
        f"yêu cầu bổ sung lần thứ hai cho hồ sơ {code}",
    )


def check_apology(
    session: Session,
    dossier: Dossier,
    new_due: datetime,
    actor: Actor,
    approved_by: str | None,
    *,
    trusted: bool = False,
) -> str | None:
    """The new appointment is after the current one; a second apology has an approver."""
    current = dossier.new_due_at or dossier.due_at
    if current is not None and new_due <= current:
        raise InputError(
            "new_due",
            f"the new appointment must be later than the current one ({current:%d/%m/%Y %H:%M})",
            f"Ngày hẹn mới phải sau ngày hẹn hiện tại ({current:%H:%M %d/%m/%Y}).",
        )
    if trusted or apologies(dossier) == 0:
        return approved_by if trusted else None
    return _approver(
        session,
        actor,
        approved_by,
        f"a second apology on dossier {dossier.code}",
        f"thư xin lỗi lần thứ hai cho hồ sơ {dossier.code}",
    )
