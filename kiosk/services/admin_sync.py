"""Admin changes as sync mutations: one path for the command line, the windows and the server.

Every admin change is a payload of one of KINDS (`office.set`, `counter.set`, ...). `submit`
applies it at once on a PC that stands alone (or on the server's own database); on a PC
enrolled with a server it is checked against what the PC knows, then only recorded in the
outbox: the server applies it (kiosk.server.apply calls `apply_admin` for the pushing PC's
office), and it comes down to every PC of the office through the change log. Until then the
PC shows it as pending (`pending_changes`), never as done; a refusal by the server is shown
like any refused change (`kiosk sync --status`).

Passwords travel only as hashes, in `staff.set` (a new account) and `staff.passwd`.

The catalog and the holiday calendar (`catalog.import`, `procedure.set`, `calendar.import`,
kiosk.wire.shared) are shared by every office of a server. The server applies one a PC pushes
only when it reaches no office but that PC's (a server of one office); on a server of several,
the PC sends it straight to the server with the staff token of an admin of all offices
(kiosk.sync.shared_admin, kiosk.server.shared_admin; docs/server.md, "Administration"); they
come down to every PC as the `catalog` and `calendar` entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services import admin_office, admin_queue, admin_staff
from kiosk.services.context import get_setting, record
from kiosk.store.models import Office, Outbox, Staff
from kiosk.wire.shared import CALENDAR_IMPORT, CATALOG_IMPORT, PROCEDURE_SET
from kiosk.wire.shared import KINDS as SHARED_KINDS

OFFICE_SET = "office.set"
DEPARTMENT_SET = "department.set"
COUNTER_SET = "counter.set"
SERVICE_SET = "service.set"
STAFF_SET = "staff.set"
STAFF_PASSWD = "staff.passwd"
KIOSK_PIN_SET = "kiosk_pin.set"
FEE_SET = "fee.set"
KINDS = (OFFICE_SET, DEPARTMENT_SET, COUNTER_SET, SERVICE_SET, STAFF_SET, STAFF_PASSWD,
         KIOSK_PIN_SET, FEE_SET, *SHARED_KINDS)  # fmt: skip
__all__ = ["CALENDAR_IMPORT", "CATALOG_IMPORT", "KINDS", "PROCEDURE_SET", "SHARED_KINDS"]


HASHES = ("$argon2", "scrypt$")  # kiosk.services.passwords; scrypt from older versions


@dataclass
class Outcome:
    """What became of a change: `done` (applied here) or pending (waits for the server)."""

    kind: str
    payload: dict[str, Any]
    done: bool
    result: Any = None


class _DryRun(Exception):
    pass


def enrolled(session: Session) -> bool:
    return bool(get_setting(session, "sync_secret"))


def submit(session: Session, kind: str, payload: dict[str, Any]) -> Outcome:
    if not enrolled(session):
        return Outcome(kind, payload, True, apply_admin(session, kind, payload))
    result = dry_run(session, kind, payload)
    record(session, kind, payload)
    return Outcome(kind, payload, False, result)


def dry_run(session: Session, kind: str, payload: dict[str, Any]) -> Any:
    """The same checks as the server's, on what this PC knows; nothing kept. The result."""
    result: Any = None
    try:
        with session.begin_nested():
            result = apply_admin(session, kind, payload)
            session.flush()
            raise _DryRun
    except _DryRun:
        pass
    return result


def _action(payload: dict[str, Any]) -> str:
    action = payload.get("action", "set")
    if action not in ("add", "set", "remove"):
        raise KioskError(f"'{action}' is not an admin action (add, set, remove)")
    return str(action)


def _changes(payload: dict[str, Any]) -> dict[str, Any]:
    changes = payload.get("changes") or {}
    if not isinstance(changes, dict):
        raise KioskError("the changes of an admin action must be an object")
    return dict(changes)


def apply_admin(
    session: Session, kind: str, payload: dict[str, Any], office: int | None = None
) -> Any:
    """Apply one admin change (here, or on the server for the pushing PC's `office`)."""
    if not isinstance(payload, dict):
        raise KioskError("an admin change must be an object")
    if kind == OFFICE_SET:
        changes = _changes(payload)
        if office is not None:
            changes.pop("agency_code", None)  # the server decides agencies, not a PC
        return admin_office.set_office(session, changes, office)
    if kind == DEPARTMENT_SET:
        if _action(payload) == "add":
            return admin_office.add_department(
                session, payload["code"], payload["name"], payload.get("fields"), office
            )
        return admin_office.set_department(
            session, payload["code"], payload.get("name"), payload.get("fields")
        )
    if kind == COUNTER_SET:
        return _counter(session, payload, office)
    if kind == SERVICE_SET:
        return _service(session, payload, office)
    if kind == STAFF_SET:
        return _staff(session, payload, office)
    if kind == STAFF_PASSWD:
        admin_staff.set_password(
            session, payload["username"], None, password_hash=_hash(payload.get("password_hash"))
        )
        return {"username": payload["username"]}
    if kind == KIOSK_PIN_SET:
        o = admin_office.resolve_office(session, office)
        o.kiosk_pin_hash = _hash(payload.get("pin_hash"))
        return {}
    if kind == FEE_SET:
        from kiosk.services.fees import set_fee

        return set_fee(
            session,
            payload["procedure"],
            payload.get("fee_vnd"),
            payload.get("charge_vnd"),
            payload.get("basis") or "",
            office=office,
        )
    if kind in SHARED_KINDS:
        if office is not None:
            check_shared_scope(session, payload, office)
        return apply_shared(session, kind, payload)
    raise KioskError(f"'{kind}' is not a kind of admin change")


def check_shared_scope(session: Session, payload: dict[str, Any], office: int) -> None:
    """On the server: may the PC of `office` change what every office shares, on its device
    credential alone? Only on a server of one office. On a server of several, a `by` in the
    payload proves nothing (a device secret proves the PC, not the person): the change comes
    with the staff token of an admin of all offices instead (kiosk.server.shared_admin)."""
    others = session.scalar(select(Office.id).where(Office.id != office).limit(1))
    if others is None:
        return  # a server of one office: the catalog is that office's
    raise KioskError(
        "the catalog and the holiday calendar are shared by every office of this server: a "
        "PC's device credential cannot change them; an admin of all offices signed in to the "
        "server at the time can (the admin window asks the password; kiosk catalog import "
        "--as USER), or import them on the server (kiosk catalog import FILE --db URL)"
    )


def check_shared_admin(session: Session, staff: Staff) -> None:
    """On the server: may this signed-in account change what every office shares? An active
    admin of all offices; on a server of one office, an admin of that office too."""
    if staff.active and staff.role == "admin":
        if staff.all_offices:
            return
        offices = list(session.scalars(select(Office.id).limit(2)))
        if len(offices) == 1 and staff.office_id == offices[0]:
            return
    raise KioskError(
        f"account {staff.username} may not change the catalog or the holiday calendar: they "
        "are shared by every office of this server, and only an active admin of all offices "
        "may change them"
    )


def apply_shared(session: Session, kind: str, p: dict[str, Any]) -> Any:
    """Apply a catalog or calendar change here (the checks of who may are the caller's)."""
    from kiosk.catalog import parse_catalog
    from kiosk.domain.calendar import WorkCalendar
    from kiosk.services.calendar_store import store_calendar
    from kiosk.services.catalog_store import import_catalog, set_procedure_active

    if kind == CATALOG_IMPORT:
        withdraw = bool(p.get("withdraw_missing"))
        return import_catalog(session, parse_catalog(p.get("catalog")), withdraw_missing=withdraw)
    if kind == PROCEDURE_SET:
        return set_procedure_active(session, str(p.get("code") or ""), bool(p.get("active")))
    # as `kiosk calendar import`; a PC keeps its office's own hours when it comes down
    return {"days": store_calendar(session, WorkCalendar.from_dict(p.get("calendar")))}  # type: ignore[arg-type]


def _hash(value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(HASHES) or len(value) > 300:
        raise KioskError("a password or PIN must come as a hash ($argon2id$...)")
    return value


def _counter(session: Session, p: dict[str, Any], office: int | None) -> Any:
    action = _action(p)
    if action == "add":
        return admin_queue.add_counter(
            session,
            p.get("number"),
            p.get("name"),
            p.get("services"),
            printer=p.get("printer"),
            scanner=p.get("scanner"),
            office=office,
        )
    if action == "remove":
        return {"number": p.get("number"), "outcome": admin_queue.remove_counter(
            session, p.get("number"), office
        )}  # fmt: skip
    return admin_queue.set_counter(session, p.get("number"), _changes(p), office)


def _service(session: Session, p: dict[str, Any], office: int | None) -> Any:
    action = _action(p)
    code = str(p.get("code") or "")
    if action == "add":
        return admin_queue.add_service(
            session,
            code,
            p.get("name") or "",
            p.get("prefix") or "",
            p.get("fields"),
            procedures=p.get("procedures"),
            daily_limit=p.get("daily_limit"),
            priority_kinds=p.get("priority_kinds"),
            priority_first=p.get("priority_first", True),
            office=office,
        )
    if action == "remove":
        return {"code": code, "outcome": admin_queue.remove_service(session, code, office)}
    return admin_queue.set_service(session, code, _changes(p), office)


def _staff(session: Session, p: dict[str, Any], office: int | None) -> Any:
    action = _action(p)
    if office is not None:  # on the server, for a PC: within that PC's office only
        changes = p.get("changes") or {}
        if p.get("all_offices") or changes.get("all_offices"):
            raise KioskError("an account of all offices is made on the server, not from a PC")
        if action == "set":
            staff = admin_staff.get_staff(session, str(p.get("username") or ""))
            if staff.office_id != office:
                raise KioskError(
                    f"account {staff.username} is not of this PC's office; change it on the server"
                )
    if action == "add":
        staff = admin_staff.add_staff(
            session,
            str(p.get("username") or ""),
            str(p.get("full_name") or ""),
            str(p.get("role") or ""),
            password_hash=_hash(p.get("password_hash")),
            office=office if office is not None else p.get("office"),
            department=p.get("department"),
            counter=p.get("counter"),
            all_offices=bool(p.get("all_offices")),
        )
    elif action == "set":
        changes = _changes(p)
        if office is not None:
            changes.pop("office", None)
        staff = admin_staff.set_staff(session, str(p.get("username") or ""), changes)
    else:
        raise KioskError("staff accounts are disabled, not removed")
    return admin_staff.staff_row(session, staff)


def pending_changes(session: Session, kinds: tuple[str, ...] = KINDS) -> list[dict[str, Any]]:
    """This PC's admin changes the server has not confirmed yet (oldest first)."""
    rows = session.scalars(
        select(Outbox).where(Outbox.acked.is_(False), Outbox.kind.in_(kinds)).order_by(Outbox.seq)
    )
    out = []
    for r in rows:
        p = dict(r.payload)
        p.pop("password_hash", None)
        p.pop("pin_hash", None)
        if isinstance(p.get("catalog"), dict):  # what it is, not the whole file
            c = p.pop("catalog")
            p.update(name=c.get("name"), version=c.get("version"),
                     procedures=len(c.get("procedures") or []))  # fmt: skip
        if isinstance(p.get("calendar"), dict):
            c = p.pop("calendar")
            p.update(name=c.get("name"), days=len(c.get("days_off") or []))
        out.append({"kind": r.kind, "created_at": r.created_at, **p})
    return out


def subject(kind: str, payload: dict[str, Any]) -> str:
    """What an admin change is about, in a few words (for the list of refused changes)."""
    action = payload.get("action", "set")
    for key in ("number", "code", "username", "procedure"):
        if payload.get(key) is not None:
            return f"{action} {payload[key]}"
    return str(action)
