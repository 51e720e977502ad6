"""What every service needs besides the Session: who acts, the clock, settings, the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from kiosk.domain.actor import Actor as Actor  # re-exported: services import it from here
from kiosk.domain.codes import SlotRange
from kiosk.errors import KioskError
from kiosk.store.models import Outbox, Setting
from kiosk.wire.push import check_recorded

CLI_ACTOR = "cli"  # what a command-line action without --actor records as its actor
# The office's place name, printed "<place>, ngày 09 tháng 02 năm 2026" on the forms (Decree
# 30/2020/NĐ-CP); set by `kiosk init --place`, meant to be edited with the office's details.
PLACE_SETTING = "office.place_name"


def now() -> datetime:
    """Office local time, to the second (the CLI and the forms show no finer)."""
    return datetime.now().replace(microsecond=0)


def clock() -> datetime:
    """The wall clock, for when a fact was *recorded* (never set from the command line's
    --at, which says when it took effect). Tests replace it to record facts "later"."""
    return datetime.now().replace(microsecond=0)


def _settings(session: Session) -> dict[str, str]:
    """All settings, read once per transaction (a reception reads four of them)."""
    tx = session.get_transaction()
    cached = session.info.get("kiosk.settings")
    if cached is None or cached[0] is not tx:
        rows = session.execute(select(Setting.key, Setting.value)).all()
        cached = (tx, {k: v for k, v in rows})
        session.info["kiosk.settings"] = cached
    values: dict[str, str] = cached[1]
    return values


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    return _settings(session).get(key, default)


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.info.pop("kiosk.settings", None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_settings(session: Session, previous_transaction: Any) -> None:
    session.info.pop("kiosk.settings", None)  # a savepoint rolled back may have changed them


def all_settings(session: Session) -> dict[str, str]:
    return {s.key: s.value for s in session.scalars(select(Setting))}


def agency_code(session: Session) -> str:
    code = get_setting(session, "agency_code")
    if not code:
        raise KioskError(
            "this database has no agency yet; run 'kiosk init --agency-code CODE' first",
            "Chưa cấu hình cơ quan. Hãy chạy 'kiosk init'.",
        )
    return code


def device_id(session: Session) -> str:
    dev = get_setting(session, "device_id")
    if dev is None:
        dev = uuid.uuid4().hex[:16]
        set_setting(session, "device_id", dev)
    return dev


def slot_range(session: Session) -> SlotRange:
    return SlotRange(
        int(get_setting(session, "code_slot", "0") or 0),
        int(get_setting(session, "code_slots", "1") or 1),
    )


# `session.info` key: this transaction appended to the outbox (see ui/tasks.py)
OUTBOX_WRITTEN = "kiosk.outbox_written"


def record(session: Session, kind: str, payload: dict[str, Any]) -> str:
    """Append a mutation to the outbox in the caller's transaction (DESIGN.md §8); returns
    its mutation id (the id the server and the other PCs know the change by).

    The change is checked against the wire format first (kiosk.wire, the server's own
    checks): a value the server would refuse is refused here, as an InputError naming the
    field, so the clerk corrects it while the citizen is at the counter."""
    check_recorded(kind, payload)
    mutation_id = str(uuid.uuid4())
    session.add(Outbox(mutation_id=mutation_id, kind=kind, payload=payload, created_at=now()))
    session.info[OUTBOX_WRITTEN] = True  # the app's task runner then wakes its sync worker
    return mutation_id
