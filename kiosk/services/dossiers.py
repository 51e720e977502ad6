"""Reception and the life of a dossier: receive, refuse, supplement, resume, advance, return.

Each function takes the caller's Session (one transaction per user action), appends an
immutable event, keeps the dossier's current status in step, and records the change in the
outbox — all in that one transaction, so a crash leaves either all of it or none.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as lite_insert
from sqlalchemy.orm import Session

from kiosk.domain.calendar import WorkCalendar
from kiosk.domain.codes import CodeError, format_code, normalize_code
from kiosk.domain.people import (
    InputError,
    clean_citizen_id,
    clean_email,
    clean_name,
    clean_phone,
    fold,
    nfc,
)
from kiosk.domain.status import RUNNING, Status, check_transition
from kiosk.errors import KioskError, NotFound
from kiosk.services import context
from kiosk.services.calendar_store import due_at as compute_due
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import Actor, agency_code, now, record, slot_range
from kiosk.services.fees import FEE_COLUMNS, Collected, record_collected
from kiosk.services.register import enter_in_book
from kiosk.services.rules import (
    check_apology,
    check_second_supplement,
    supplement_requests,
)
from kiosk.store.models import Dossier, DossierEvent, DossierSequence, Procedure

CHANNELS = ("direct", "post", "online")
log = logging.getLogger("kiosk.services.dossiers")
#: statuses in which a dossier is being dealt with (an apology can be made)
IN_HAND = frozenset(
    {Status.RECEIVED, Status.IN_PROCESS, Status.AWAITING_PAYMENT, Status.SUPPLEMENT}
)
# Set in session.info by the sync server: a dossier's book number is the one its counter gave
# (carried in the push), never one the server would take itself.
BOOK_FROM_PUSH = "kiosk.book_from_push"


@dataclass
class Applicant:
    name: str
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    email: str | None = None

    def cleaned(self) -> Applicant:
        return Applicant(
            name=clean_name(self.name),
            id_number=clean_citizen_id(self.id_number),
            phone=clean_phone(self.phone),
            address=" ".join(nfc(self.address).split()) if self.address else None,
            email=clean_email(self.email),
        )


@dataclass
class Intake:
    """What the clerk has in hand: the procedure, the applicant, the documents."""

    procedure_code: str
    applicant: Applicant
    documents: list[dict[str, Any]] | None = None  # [{name, originals, copies}]; None = checklist
    sets: int = 1
    channel: str = "direct"
    result_place: str | None = None
    fee: Collected | None = None  # what was collected at reception (kiosk.services.fees)


def get_procedure(session: Session, code: str) -> Procedure:
    proc = session.scalar(select(Procedure).where(Procedure.code == code.strip()))
    if proc is None or not proc.active:
        raise NotFound(
            f"there is no procedure with code '{code}' in the catalog",
            f"Không có thủ tục mã «{code}» trong danh mục.",
        )
    return proc


def get_dossier(session: Session, code: str) -> Dossier:
    dossier = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
    if dossier is None:
        raise NotFound(
            f"there is no dossier with code '{code}'", f"Không tìm thấy hồ sơ mã «{code}»."
        )
    return dossier


def next_code(session: Session, agency: str, at: datetime) -> str:
    """Take the next number of this device's slot for the day (see kiosk.domain.codes)."""
    rng = slot_range(session)
    day = at.date()
    # Create the day's row if missing without racing another writer (ON CONFLICT DO NOTHING),
    # then take the number with an UPDATE ... RETURNING: atomic on SQLite (under BEGIN
    # IMMEDIATE) and on PostgreSQL (the row lock queues concurrent receptions).
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else lite_insert
    session.execute(
        dialect_insert(DossierSequence)
        .values(agency_code=agency, day=day, slot=rng.slot, last=rng.first - 1)
        .on_conflict_do_nothing()
    )
    while True:
        last = session.scalar(
            update(DossierSequence)
            .where(
                DossierSequence.agency_code == agency,
                DossierSequence.day == day,
                DossierSequence.slot == rng.slot,
            )
            .values(last=DossierSequence.last + 1)
            .returning(DossierSequence.last)
        )
        assert last is not None
        if last > rng.last:
            raise CodeError(
                f"no dossier numbers are left for {day:%d/%m/%Y} on this device "
                f"({rng.last - rng.first + 1} used); a code would repeat, so the dossier was "
                "not saved",
                f"Đã hết số hồ sơ của ngày {day:%d/%m/%Y} trên máy này; hồ sơ chưa được lưu.",
            )
        code = format_code(agency, day, last)
        # A number already taken (a dossier pulled from the server that another PC numbered in
        # this slot, or one restored from a backup) is skipped, not tried again and again.
        if session.scalar(select(Dossier.id).where(Dossier.code == code)) is None:
            return code


def _add_event(
    session: Session,
    dossier: Dossier,
    actor: Actor,
    at: datetime,
    to_status: int,
    note: str | None = None,
    kind: str = "status",
    data: dict[str, Any] | None = None,
    new: bool = False,
) -> DossierEvent:
    recorded = context.clock()
    event = DossierEvent(
        dossier=dossier,
        at=at,
        recorded_at=recorded,
        actor=actor.username,
        kind=kind,
        from_status=None if new else dossier.status,
        to_status=to_status,
        note=note,
        agency_code=dossier.agency_code,
        counter_number=actor.counter_number,
        device_id=actor.device_id,
        data=data,
    )
    session.add(event)
    dossier.status = to_status
    if dossier.recorded_at is None:
        dossier.recorded_at = recorded
    dossier.changed_at = recorded
    session.flush()
    record(
        session,
        "dossier.event",
        {"dossier": dossier_payload(dossier), "event": event_payload(event)},
    )
    return event


def dossier_payload(d: Dossier) -> dict[str, Any]:
    def iso(v: datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "code": d.code,
        "procedure": d.procedure.code if d.procedure else None,
        "agency_code": d.agency_code,
        "applicant_name": d.applicant_name,
        "applicant_id_number": d.applicant_id_number,
        "applicant_phone": d.applicant_phone,
        "applicant_address": d.applicant_address,
        "applicant_email": d.applicant_email,
        "documents": d.documents,
        "sets": d.sets,
        "channel": d.channel,
        "result_place": d.result_place,
        "created_at": iso(d.created_at),
        "received_at": iso(d.received_at),
        "due_at": iso(d.due_at),
        "original_due_at": iso(d.original_due_at),
        "new_due_at": iso(d.new_due_at),
        "paused_at": iso(d.paused_at),
        "finished_at": iso(d.finished_at),
        "returned_at": iso(d.returned_at),
        "status": d.status,
        "counter_number": d.counter_number,
        "received_by": d.received_by,
        "lookup_token": d.lookup_token,
        **{name: getattr(d, name) for name in FEE_COLUMNS},
        "book_no": d.book_no,
        "book_line": d.book_line,
    }


def event_payload(e: DossierEvent) -> dict[str, Any]:
    return {
        "at": e.at.isoformat(),
        "recorded_at": e.recorded_at.isoformat() if e.recorded_at else None,
        "actor": e.actor,
        "kind": e.kind,
        "from_status": e.from_status,
        "to_status": e.to_status,
        "note": e.note,
        "agency_code": e.agency_code,
        "counter_number": e.counter_number,
        "device_id": e.device_id,
        "data": e.data,
    }


def _new_dossier(session: Session, intake: Intake, actor: Actor, at: datetime) -> Dossier:
    applicant = intake.applicant.cleaned()
    proc = get_procedure(session, intake.procedure_code)
    if intake.channel not in CHANNELS:
        raise InputError(
            "channel",
            f"'{intake.channel}' is not a channel (direct, post or online)",
            "Hình thức nộp không hợp lệ.",
        )
    if not 1 <= intake.sets <= 99:
        raise InputError(
            "sets", "the number of sets must be 1 to 99", "Số bộ hồ sơ phải từ 1 đến 99."
        )
    docs = intake.documents
    if docs is None:
        docs = [
            {"name": d.name, "originals": d.originals, "copies": d.copies}
            for d in proc.documents
            if d.required
        ]
    agency = agency_code(session)
    dossier = Dossier(
        code=next_code(session, agency, at),
        procedure=proc,
        agency_code=agency,
        applicant_name=applicant.name,
        applicant_name_key=fold(applicant.name),
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_address=applicant.address,
        applicant_email=applicant.email,
        documents=[
            {
                "name": nfc(str(d["name"])),
                "originals": int(d.get("originals", 0)),
                "copies": int(d.get("copies", 0)),
            }
            for d in docs
        ],
        sets=intake.sets,
        channel=intake.channel,
        result_place=intake.result_place or (proc.result_places[0] if proc.result_places else ""),
        created_at=at,
        counter_number=actor.counter_number,
        received_by=actor.username,
        device_id=actor.device_id,
        lookup_token=secrets.token_hex(4),
        status=0,
    )
    if intake.fee is not None:
        record_collected(dossier, intake.fee)
    session.add(dossier)
    return dossier


def _start_clock(session: Session, dossier: Dossier, at: datetime, cal: WorkCalendar) -> None:
    proc = dossier.procedure
    dossier.received_at = at
    dossier.due_at = compute_due(cal, at, proc.time_limit, proc.time_unit)
    dossier.original_due_at = dossier.due_at
    if not session.info.get(BOOK_FROM_PUSH):
        enter_in_book(session, dossier, at)  # the book number, once, in this transaction


def receive_dossier(
    session: Session, intake: Intake, actor: Actor, at: datetime | None = None
) -> Dossier:
    """Receive a complete dossier: code, due date, status 2."""
    at = at or now()
    cal = load_calendar(session)  # before the new row, so it is inserted once, not updated
    dossier = _new_dossier(session, intake, actor, at)
    _start_clock(session, dossier, at, cal)
    _add_event(
        session,
        dossier,
        actor,
        at,
        Status.RECEIVED,
        "Tiếp nhận hồ sơ",
        data=_due(dossier),
        new=True,
    )
    # identifiers only (kiosk/privacy/logsafe.py): never the applicant's data
    log.info("received %s at counter %s", dossier.code, actor.counter_number)
    return dossier


def _due(dossier: Dossier, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event's data with the due date it leaves in force (a report as of a past time reads
    it back instead of recomputing it with today's calendar)."""
    out = dict(data or {})
    out["due_at"] = dossier.due_at.isoformat() if dossier.due_at else None
    return out


def refuse_dossier(
    session: Session, intake: Intake, reason: str, actor: Actor, at: datetime | None = None
) -> Dossier:
    """Refuse at the counter (Mẫu 03): the dossier is recorded with its reason, status 3."""
    reason = _required_text(reason, "reason", "lý do từ chối")
    at = at or now()
    dossier = _new_dossier(session, intake, actor, at)
    _add_event(session, dossier, actor, at, Status.REFUSED, reason, new=True)
    return dossier


def request_supplement(
    session: Session,
    target: Intake | str,
    missing: list[dict[str, Any]],
    reason: str,
    actor: Actor,
    at: datetime | None = None,
    *,
    approved_by: str | None = None,
    trusted: bool = False,
) -> Dossier:
    """Ask for more documents (Mẫu 02). For a dossier being processed the clock pauses.

    Decree 61/2018 asks for one request listing everything missing: a second request on the
    same dossier needs a supervisor (`approved_by`, or the actor being one) and is marked as a
    repeat (counted by the reports). `trusted`: the rule was checked where the event was made
    (a PC's event replayed on the server)."""
    reason = _required_text(reason, "reason", "lý do yêu cầu bổ sung")
    at = at or now()
    data: dict[str, Any] = {"missing": missing}
    new = isinstance(target, Intake)
    if isinstance(target, Intake):
        dossier = _new_dossier(session, target, actor, at)
    else:
        dossier = get_dossier(session, target)
        check_transition(dossier.status, Status.SUPPLEMENT)
        earlier = supplement_requests(dossier)
        if earlier:
            data["repeat"] = earlier + 1
            approver = check_second_supplement(
                session, dossier.code, actor, approved_by, trusted=trusted
            )
            if approver:
                data["approved_by"] = approver
        if dossier.status in RUNNING:
            dossier.paused_at = at
            data["paused_from"] = dossier.status
    _add_event(session, dossier, actor, at, Status.SUPPLEMENT, reason, data=data, new=new)
    return dossier


def resume_dossier(
    session: Session, code: str, actor: Actor, at: datetime | None = None, note: str | None = None
) -> Dossier:
    """The documents arrived: the clock runs again where it stopped (or starts, if never run)."""
    at = at or now()
    dossier = get_dossier(session, code)
    if dossier.status != Status.SUPPLEMENT:
        raise KioskError(
            f"dossier {dossier.code} is not waiting for documents",
            f"Hồ sơ {dossier.code} không ở trạng thái chờ bổ sung.",
        )
    cal = load_calendar(session)
    if dossier.received_at is None:
        _start_clock(session, dossier, at, cal)
        target: int = Status.RECEIVED
    else:
        assert dossier.due_at is not None and dossier.paused_at is not None
        dossier.due_at = cal.resume_due(
            dossier.due_at, dossier.paused_at, at, _clock_unit(dossier.procedure.time_unit)
        )
        target = _paused_from(dossier)
        dossier.paused_at = None
    _add_event(session, dossier, actor, at, target, note or "Đã bổ sung hồ sơ", data=_due(dossier))
    return dossier


def _clock_unit(unit: str) -> str:
    return "hours" if unit == "hours" else "days"


def _paused_from(dossier: Dossier) -> int:
    for event in reversed(dossier.events):
        if event.to_status == Status.SUPPLEMENT and event.data and "paused_from" in event.data:
            return int(event.data["paused_from"])
    return Status.IN_PROCESS


def advance_dossier(
    session: Session,
    code: str,
    to: int,
    actor: Actor,
    at: datetime | None = None,
    note: str | None = None,
    *,
    approved_by: str | None = None,
) -> Dossier:
    """A department or clerk moves the dossier; refused if the status machine does not allow it."""
    at = at or now()
    dossier = get_dossier(session, code)
    if to == Status.RETURNED:
        return return_result(session, code, actor, at=at, note=note)[0]
    if to == Status.SUPPLEMENT:
        # The first request may go without a written reason; a repeat needs one (rules.py).
        default = "" if supplement_requests(dossier) else "Yêu cầu bổ sung"
        return request_supplement(
            session, code, [], note or default, actor, at, approved_by=approved_by
        )
    if dossier.status == Status.SUPPLEMENT and to in (Status.RECEIVED, Status.IN_PROCESS):
        return resume_dossier(session, code, actor, at, note)
    check_transition(dossier.status, to)
    data: dict[str, Any] | None = None
    if to == Status.AWAITING_PAYMENT and dossier.status != Status.AWAITING_PAYMENT:
        # Awaiting the citizen's payment pauses the clock like a supplement request
        # (docs/rules.md); it runs again, extended by the pause, when the dossier moves on.
        dossier.paused_at = at
        data = {"paused_from": dossier.status}
    elif dossier.status == Status.AWAITING_PAYMENT and dossier.paused_at is not None:
        if dossier.due_at is not None:
            dossier.due_at = load_calendar(session).resume_due(
                dossier.due_at, dossier.paused_at, at, _clock_unit(dossier.procedure.time_unit)
            )
        dossier.paused_at = None
        data = _due(dossier)
    if to in (Status.READY, Status.STOPPED, Status.WITHDRAWN, Status.REFUSED):
        dossier.finished_at = at
    _add_event(session, dossier, actor, at, to, note, data=data)
    return dossier


def judge(finished: datetime, due: datetime | None) -> str:
    """early / on_time / late against the due date in force (dates compare by day first)."""
    if due is None:
        return "on_time"
    if finished.date() < due.date():
        return "early"
    return "on_time" if finished <= due else "late"


def return_result(
    session: Session,
    code: str,
    actor: Actor,
    *,
    to_name: str | None = None,
    at: datetime | None = None,
    note: str | None = None,
) -> tuple[Dossier, str]:
    """Hand the result back (status 10); says whether it was early, on time or late."""
    at = at or now()
    dossier = get_dossier(session, code)
    check_transition(dossier.status, Status.RETURNED)
    collected_by = clean_name(to_name) if to_name else dossier.applicant_name
    dossier.returned_at = at
    result = judge(dossier.finished_at or at, dossier.due_at)
    _add_event(
        session,
        dossier,
        actor,
        at,
        Status.RETURNED,
        note or f"Trả kết quả cho {collected_by}",
        data={"collected_by": collected_by, "result": result},
    )
    return dossier, result


def apologise(
    session: Session,
    code: str,
    new_due: datetime,
    reason: str,
    actor: Actor,
    at: datetime | None = None,
    *,
    approved_by: str | None = None,
    trusted: bool = False,
) -> Dossier:
    """Apology with a new appointment (Mẫu 04). The citizen's new appointment is `new_due_at`;
    the dossier is still judged against `due_at` (the appointment of Mẫu 01, moved only by
    pauses), so a dossier that was late stays late (docs/rules.md). The new appointment must be
    after the current one; a second apology on the same dossier needs a supervisor."""
    reason = _required_text(reason, "reason", "lý do chậm trễ")
    at = at or now()
    dossier = get_dossier(session, code)
    if dossier.status not in IN_HAND:
        raise KioskError(
            f"dossier {dossier.code} is not being processed, so its date cannot move",
            f"Hồ sơ {dossier.code} không còn trong thời gian giải quyết.",
        )
    approver = check_apology(session, dossier, new_due, actor, approved_by, trusted=trusted)
    old = dossier.new_due_at or dossier.due_at
    dossier.new_due_at = new_due
    data: dict[str, Any] = {
        "old_due_at": old.isoformat() if old else None,
        "new_due_at": new_due.isoformat(),
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
    }
    if approver:
        data["approved_by"] = approver
    _add_event(session, dossier, actor, at, dossier.status, reason, kind="apology", data=data)
    return dossier


def hand_over(
    session: Session,
    code: str,
    to_agency: str,
    actor: Actor,
    at: datetime | None = None,
    note: str | None = None,
    *,
    from_agency: str | None = None,
    from_person: str | None = None,
    to_person: str | None = None,
) -> Dossier:
    """A hand-over (a row of the control sheet, kiosk.services.handover): who gave the dossier
    to whom; the giver's step is judged against its share of the time limit."""
    from kiosk.services.handover import check_can_hand_over, judge_handover

    at = at or now()
    dossier = get_dossier(session, code)
    check_can_hand_over(dossier)
    to_agency = _required_text(to_agency, "agency", "cơ quan nhận")
    data: dict[str, Any] = {"to_agency": to_agency}
    if from_agency:
        data["from_agency"] = _required_text(from_agency, "agency", "bên giao")
        result = judge_handover(session, dossier, data["from_agency"], at)
        if result:
            data["result"] = result
    if from_person:
        data["from_person"] = _required_text(from_person, "person", "người giao")
    if to_person:
        data["to_person"] = _required_text(to_person, "person", "người nhận")
    _add_event(session, dossier, actor, at, dossier.status, note, kind="handover", data=data)
    return dossier


def _required_text(value: str | None, field_name: str, label_vi: str) -> str:
    text = " ".join(nfc(value or "").split())
    if not text:
        raise InputError(field_name, f"the {field_name} is required", f"Chưa nhập {label_vi}.")
    return text
