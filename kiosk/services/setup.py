"""Setting up a database: the agency and office, the calendar, the catalog, staff and counters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog import Catalog, load_bundled_catalog
from kiosk.domain.calendar import WorkCalendar
from kiosk.domain.codes import check_agency_code
from kiosk.errors import KioskError
from kiosk.services import catalog_store
from kiosk.services.calendar_store import store_calendar
from kiosk.services.context import device_id, get_setting, set_setting
from kiosk.services.passwords import hash_password, needs_rehash, verify_dummy, verify_password
from kiosk.store.models import (
    Agency,
    CalendarDay,
    Counter,
    CounterService,
    Office,
    Procedure,
    Service,
    Staff,
)

DEFAULT_AGENCY_CODE = "000.00.00.H55"
DEFAULT_AGENCY_NAME = "Trung tâm Phục vụ hành chính công"
ROLES = ("clerk", "supervisor", "admin", "department")


# -- staff passwords (argon2id; kiosk.services.passwords) -------------------------------------

def add_staff(session: Session, username: str, full_name: str, role: str, password: str) -> Staff:
    """A staff account, as before issue 14 (the demo, older scripts): of the database's only
    office, if it has one office; no department asked. kiosk.services.admin_staff.add_staff
    is the admin action, with every check and option."""
    from kiosk.services.admin_staff import check_password, check_role, refuse

    check_role(role)
    check_password(password)
    if session.scalar(select(Staff.id).where(Staff.username == username)) is not None:
        raise refuse(
            "username", f"user name {username} is already taken", f"Tên đăng nhập {username} đã có."
        )
    offices = session.scalars(select(Office.id).limit(2)).all()
    staff = Staff(
        username=username,
        full_name=full_name,
        role=role,
        password_hash=hash_password(password),
        office_id=offices[0] if len(offices) == 1 else None,
    )
    session.add(staff)
    return staff


def authenticate(
    session: Session, username: str, password: str, *, upgrade: bool = False
) -> Staff:
    """The account, or one refusal for every failure (unknown, disabled, wrong password) that
    costs the same time (a dummy verification when there is no hash to check). `upgrade`: an
    old-format hash is replaced by a current one once the password has proved right."""
    staff = session.scalar(select(Staff).where(Staff.username == username.strip()))
    if staff is None:
        verify_dummy(password)
    elif verify_password(password, staff.password_hash) and staff.active:
        if upgrade and needs_rehash(staff.password_hash):
            staff.password_hash = hash_password(password)
        return staff
    raise KioskError("wrong user name or password", "Sai tên đăng nhập hoặc mật khẩu.")


# -- catalog ------------------------------------------------------------------------------------


def import_catalog(session: Session, catalog: Catalog) -> int:
    """Insert or update every procedure of the catalog (by national code); returns the count."""
    catalog_store.import_catalog(session, catalog)
    return len(catalog.procedures)


def import_catalog_file(session: Session, path: str | Path) -> int:
    return import_catalog(session, catalog_store.read_catalog_file(path))


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
