"""Setting up a database: the agency and office, the calendar, the catalog, staff and counters."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog import Catalog, CatalogError, ProcedureSpec, load_bundled_catalog, load_catalog
from kiosk.domain.calendar import WorkCalendar
from kiosk.domain.codes import check_agency_code
from kiosk.domain.people import fold
from kiosk.errors import KioskError
from kiosk.services.calendar_store import store_calendar
from kiosk.services.context import device_id, get_setting, set_setting
from kiosk.store.models import (
    Agency,
    CalendarDay,
    Counter,
    CounterService,
    Field,
    Office,
    Procedure,
    RequiredDocument,
    RouteStep,
    Service,
    Staff,
)

DEFAULT_AGENCY_CODE = "000.00.00.H55"
DEFAULT_AGENCY_NAME = "Trung tâm Phục vụ hành chính công"
ROLES = ("clerk", "supervisor", "admin", "department")


# -- staff passwords (scrypt, stdlib: no plain text is ever stored) ---------------------------

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt_b64), dklen=32, **_SCRYPT)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def add_staff(session: Session, username: str, full_name: str, role: str, password: str) -> Staff:
    """A staff account of the database's office (kiosk.services.admin_staff has the options)."""
    from kiosk.services.admin_staff import add_staff as add

    return add(session, username, full_name, role, password)


def authenticate(session: Session, username: str, password: str) -> Staff:
    staff = session.scalar(select(Staff).where(Staff.username == username.strip()))
    if staff is None or not staff.active or not verify_password(password, staff.password_hash):
        raise KioskError("wrong user name or password", "Sai tên đăng nhập hoặc mật khẩu.")
    return staff


# -- catalog ------------------------------------------------------------------------------------


def import_catalog(session: Session, catalog: Catalog) -> int:
    """Insert or update every procedure of the catalog (by national code); returns the count."""
    fields = {f.name: f for f in session.scalars(select(Field))}
    existing = {p.code: p for p in session.scalars(select(Procedure))}
    for spec in catalog.procedures:
        fld = fields.get(spec.field)
        if fld is None:
            fld = fields[spec.field] = Field(name=spec.field)
            session.add(fld)
        proc = existing.get(spec.code)
        if proc is None:
            proc = Procedure(code=spec.code)
            session.add(proc)
        _fill_procedure(proc, spec, fld)
    session.flush()
    return len(catalog.procedures)


def _fill_procedure(proc: Procedure, spec: ProcedureSpec, fld: Field) -> None:
    proc.name = spec.name
    proc.search_key = fold(f"{spec.code} {spec.name}")
    proc.field = fld
    proc.level = spec.level
    proc.agency = spec.agency
    proc.time_limit = spec.time_limit
    proc.time_unit = spec.time_unit
    proc.time_text = spec.time_text
    proc.fee_vnd = spec.fee_vnd
    proc.fee_text = spec.fee_text
    proc.result = spec.result
    proc.result_places = list(spec.result_places)
    proc.sample = spec.sample
    proc.active = True
    proc.legal_basis = list(spec.legal_basis)
    proc.notes = spec.notes
    proc.documents = [
        RequiredDocument(
            position=i,
            name=d.name,
            originals=d.originals,
            copies=d.copies,
            required=d.required,
            note=d.note,
        )
        for i, d in enumerate(spec.documents)
    ]
    proc.route = [
        RouteStep(position=i, agency=r.agency, task=r.task, days=r.days)
        for i, r in enumerate(spec.route)
    ]


def import_catalog_file(session: Session, path: str | Path) -> int:
    try:
        catalog = load_catalog(path)
    except CatalogError as exc:
        raise KioskError(str(exc), f"Tệp danh mục thủ tục không hợp lệ: {exc}") from exc
    return import_catalog(session, catalog)


# -- init ---------------------------------------------------------------------------------------


@dataclass
class InitResult:
    agency_code: str
    procedures: int


def init_database(
    session: Session, agency_code: str | None = None, agency_name: str | None = None
) -> InitResult:
    """Create the agency, office, calendar and catalog if missing; safe to run again."""
    current = get_setting(session, "agency_code")
    code = check_agency_code(agency_code) if agency_code else (current or DEFAULT_AGENCY_CODE)
    if current and agency_code and current != code:
        raise KioskError(
            f"this database belongs to agency {current}; dossier codes cannot change agency",
            f"Cơ sở dữ liệu này thuộc cơ quan {current}.",
        )
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        agency = Agency(code=code, name=agency_name or DEFAULT_AGENCY_NAME)
        session.add(agency)
    elif agency_name:
        agency.name = agency_name
    if session.scalar(select(Office).where(Office.agency == agency)) is None:
        session.add(Office(agency=agency, name=f"Bộ phận Một cửa – {agency.name}"))
    set_setting(session, "agency_code", code)
    set_setting(session, "agency_name", agency.name)
    device_id(session)
    if session.scalar(select(CalendarDay).limit(1)) is None:
        store_calendar(session, WorkCalendar.bundled())
    if session.scalar(select(Procedure).limit(1)) is None:
        import_catalog(session, load_bundled_catalog())
    session.flush()
    count = len(list(session.scalars(select(Procedure.id).where(Procedure.active))))
    return InitResult(code, count)


def office(session: Session) -> Office:
    o = session.scalar(select(Office).order_by(Office.id))
    if o is None:
        raise KioskError("run 'kiosk init' first", "Chưa khởi tạo cơ sở dữ liệu.")
    return o


def add_counter(
    session: Session, number: int, services: list[Service], name: str | None = None
) -> Counter:
    counter = Counter(office_id=office(session).id, number=number, name=name or f"Quầy số {number}")
    session.add(counter)
    session.flush()
    for svc in services:
        session.add(CounterService(counter_id=counter.id, service_id=svc.id))
    return counter


def add_service(
    session: Session,
    code: str,
    name: str,
    prefix: str,
    fields: list[str],
    daily_limit: int | None = None,
) -> Service:
    svc = Service(
        office_id=office(session).id,
        code=code,
        name=name,
        prefix=prefix,
        fields=fields,
        daily_limit=daily_limit,
    )
    session.add(svc)
    session.flush()
    return svc
