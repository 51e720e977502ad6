"""What the server sends down of an office's administration (DESIGN.md §8, issue 14).

- `office:<agency>` (kind `config`, kiosk.server.config.office_data): the office's details,
  departments, queue services, counters, fees and the kiosk PIN hash — extended here.
- `staff` (key: the agency): the office's accounts, and every account of all offices, without
  any password hash;
- `staff_secret` (key: the agency): their password hashes, in their own kind of change so that
  the server can keep them from PCs that need no staff accounts (public-only PCs).

Each is built from the current tables when pulled and stamped when its fingerprint changes
(kiosk.server.config.refresh_config): after a PC's admin change (kiosk.server.apply) and after
an admin's command on the server's database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.store.models import (
    Agency,
    Counter,
    Department,
    Field,
    Office,
    Procedure,
    ProcedureFee,
    Staff,
)

STAFF = "staff"
STAFF_SECRET = "staff_secret"
KINDS = (STAFF, STAFF_SECRET)


def office_extras(session: Session, agency: Agency, office: Office) -> dict[str, Any]:
    """The parts of `office:<agency>` beyond name, address, services and counters."""
    departments = []
    for d in session.scalars(
        select(Department).where(Department.agency_id == agency.id).order_by(Department.code)
    ):
        fields = session.scalars(
            select(Field.name).where(Field.department_id == d.id).order_by(Field.name)
        )
        departments.append({"code": d.code, "name": d.name, "fields": list(fields)})
    fees = [
        {"procedure": code, "fee_vnd": f.fee_vnd, "charge_vnd": f.charge_vnd, "basis": f.basis}
        for f, code in session.execute(
            select(ProcedureFee, Procedure.code)
            .join(Procedure, Procedure.id == ProcedureFee.procedure_id)
            .where(ProcedureFee.office_id == office.id)
            .order_by(Procedure.code)
        )
    ]
    parent = agency.parent
    return {
        "details": {
            "phone": office.phone,
            "place_name": office.place_name,
            "hours": office.hours,
            "parent_name": parent.name if parent else None,
            "parent_code": parent.code if parent else None,
        },
        "kiosk_pin_hash": office.kiosk_pin_hash,
        "departments": departments,
        "fees": fees,
        # 1: this office's PCs may change the shared catalog and calendar on their own; more:
        # only with an admin of all offices signed in to the server (kiosk.server.shared_admin)
        "server_offices": session.scalar(select(func.count()).select_from(Office)),
    }


def counter_extras(c: Counter) -> dict[str, Any]:
    return {"active": c.active, "printer": c.printer_url, "scanner": c.scanner_url}


def _office_staff(session: Session, agency_code: str) -> list[Staff] | None:
    office = session.scalar(
        select(Office).join(Agency).where(Agency.code == agency_code).order_by(Office.id)
    )
    if office is None:
        return None
    return list(
        session.scalars(
            select(Staff)
            .where(or_(Staff.office_id == office.id, Staff.all_offices))
            .order_by(Staff.username)
        )
    )


def staff_data(session: Session, agency_code: str) -> dict[str, Any] | None:
    staff = _office_staff(session, agency_code)
    if staff is None:
        return None
    departments = dict(session.execute(select(Department.id, Department.code)).all())
    return {
        "agency": agency_code,
        "staff": [
            {
                "username": s.username,
                "full_name": s.full_name,
                "role": s.role,
                "active": s.active,
                "all_offices": s.all_offices,
                "department": departments.get(s.department_id) if s.department_id else None,
                "counter": s.counter_number,
            }
            for s in staff
        ],
    }


def staff_secret_data(session: Session, agency_code: str) -> dict[str, Any] | None:
    staff = _office_staff(session, agency_code)
    if staff is None:
        return None
    return {"agency": agency_code, "hashes": {s.username: s.password_hash for s in staff}}


def entry(session: Session, kind: str, key: str) -> dict[str, Any] | None:
    if kind == STAFF:
        return staff_data(session, key)
    if kind == STAFF_SECRET:
        return staff_secret_data(session, key)
    return None
