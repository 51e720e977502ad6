"""Applying the server's administration of this PC's office (kiosk.server.admin_config).

The office's details, departments, fees and kiosk PIN come with `office:<agency>`; the office's
accounts with `staff`, their password hashes with `staff_secret`. Nothing is written to the
outbox. An account is never deleted here (events name it); one the server disables is disabled.
An account whose hash has not arrived yet cannot sign in (its hash is unusable).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.services.context import set_setting
from kiosk.store.models import (
    Agency,
    Counter,
    Department,
    Field,
    Office,
    Procedure,
    ProcedureFee,
    Service,
    Staff,
)

NO_PASSWORD = "!"  # matches no password (kiosk.services.setup.verify_password)


def apply_office_extras(s: Session, here: Office, agency: Agency, data: dict[str, Any]) -> None:
    details = data.get("details")
    if isinstance(details, dict):
        here.phone, here.place_name = details.get("phone"), details.get("place_name")
        here.hours = details.get("hours")
        if here.hours:
            set_setting(s, "office_hours", json.dumps(here.hours))
        _parent(s, agency, details.get("parent_name"), details.get("parent_code"))
    if isinstance(data.get("server_offices"), int):  # kiosk.sync.shared_admin.needs_proof
        set_setting(s, "sync_server_offices", str(data["server_offices"]))
    if "kiosk_pin_hash" in data:
        here.kiosk_pin_hash = data["kiosk_pin_hash"]
    if isinstance(data.get("departments"), list):
        _departments(s, agency, data["departments"])
    if isinstance(data.get("fees"), list):
        _fees(s, here, data["fees"])


def apply_counter_extras(c: Counter, item: dict[str, Any]) -> None:
    if "active" in item:
        c.active = bool(item["active"])
        c.printer_url, c.scanner_url = item.get("printer"), item.get("scanner")


def apply_service_extras(svc: Service, item: dict[str, Any]) -> None:
    if "procedures" in item:
        svc.procedures = list(item["procedures"] or [])
        svc.priority_kinds = item.get("priority_kinds")
        svc.priority_first = bool(item.get("priority_first", True))


def _parent(s: Session, agency: Agency, name: str | None, code: str | None) -> None:
    if not name:
        agency.parent = None
        return
    parent = agency.parent
    if code:
        parent = s.scalar(select(Agency).where(Agency.code == code)) or parent
    if parent is None:
        parent = Agency(code=code or f"~{agency.code}", name=name)
        s.add(parent)
    parent.name = name
    agency.parent = parent


def _departments(s: Session, agency: Agency, items: list[dict[str, Any]]) -> None:
    known = {d.code: d for d in s.scalars(select(Department))}
    fields = {f.name: f for f in s.scalars(select(Field))}
    for item in items:
        d = known.get(item["code"])
        if d is None:
            d = known[item["code"]] = Department(agency_id=agency.id, code=item["code"])
            s.add(d)
        d.name = item["name"]
        s.flush()
        wanted = set(item.get("fields") or [])
        for f in fields.values():
            if f.name in wanted:
                f.department_id = d.id
            elif f.department_id == d.id:
                f.department_id = None


def _fees(s: Session, here: Office, items: list[dict[str, Any]]) -> None:
    procs = dict(s.execute(select(Procedure.code, Procedure.id)).all())
    rows = {f.procedure_id: f for f in s.scalars(select(ProcedureFee))}
    for item in items:
        pid = procs.get(item["procedure"])
        if pid is None:
            continue
        row = rows.get(pid)
        if row is None:
            row = rows[pid] = ProcedureFee(office_id=here.id, procedure_id=pid)
            s.add(row)
        row.fee_vnd, row.charge_vnd = item.get("fee_vnd"), item.get("charge_vnd")
        row.basis = item.get("basis") or ""


def apply_staff(s: Session, here: Office | None, data: dict[str, Any]) -> None:
    departments = dict(s.execute(select(Department.code, Department.id)).all())
    known = {st.username: st for st in s.scalars(select(Staff))}
    for row in data.get("staff", []):
        st = known.get(row["username"])
        if st is None:
            st = Staff(username=row["username"], password_hash=NO_PASSWORD)
            s.add(st)
        st.full_name, st.role, st.active = row["full_name"], row["role"], bool(row["active"])
        st.all_offices = bool(row.get("all_offices"))
        st.office_id = None if st.all_offices or here is None else here.id
        st.department_id = departments.get(row.get("department") or "")
        st.counter_number = row.get("counter")


def apply_staff_secrets(s: Session, data: dict[str, Any]) -> None:
    hashes = data.get("hashes") or {}
    for st in s.scalars(select(Staff).where(Staff.username.in_(list(hashes)))):
        st.password_hash = hashes[st.username]
