"""The office's details, its departments and the public kiosks' PIN (admin actions).

One source for each fact:
- the agency code and name: the `agency` row (and the `agency_code` / `agency_name` settings
  every other part reads on a PC, kept equal here);
- the parent agency: `agency.parent`;
- the place name of "…, ngày … tháng … năm", the address, the phone: the `office` row
  (`place_name(session)` is what the forms read);
- office hours and the afternoon cut-off: on a PC the `office_hours` setting, which the
  calendar and the due dates read (kiosk.services.calendar_store); `office.hours` keeps the
  same value for the office, so the server can hold one per office and send it down.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.calendar import FORMAT as CALENDAR_FORMAT
from kiosk.domain.calendar import CalendarError, OfficeHours, WorkCalendar
from kiosk.domain.codes import CodeError, check_agency_code
from kiosk.services.admin_common import (
    agency_of,
    optional_text,
    phone,
    refuse,
    resolve_office,
    text,
)
from kiosk.services.context import get_setting, set_setting
from kiosk.store.models import Agency, Department, Dossier, Field, Office

OFFICE_KEYS = ("agency_code", "agency_name", "name", "parent_name", "parent_code", "place_name",
               "address", "phone", "hours", "cutoff")  # fmt: skip


# -- reading ------------------------------------------------------------------------------------


def is_own_office(session: Session, office: Office) -> bool:
    """Whether `office` is this PC's own (the one its dossier codes carry)."""
    return agency_of(session, office).code == get_setting(session, "agency_code")


def office_hours(session: Session, office: Office) -> OfficeHours:
    data = office.hours
    if data is None and is_own_office(session, office):
        raw = get_setting(session, "office_hours")
        data = json.loads(raw) if raw else None
    if not data:
        return OfficeHours()
    return _hours(data["periods"], data["cutoff"])


def office_details(session: Session, office: int | str | None = None) -> dict[str, Any]:
    o = resolve_office(session, office)
    agency = agency_of(session, o)
    parent = agency.parent
    hours = office_hours(session, o)
    return {
        "agency_code": agency.code,
        "agency_name": agency.name,
        "name": o.name,
        "parent_name": parent.name if parent else None,
        "parent_code": parent.code if parent and not parent.code.startswith("~") else None,
        "place_name": o.place_name,
        "address": o.address,
        "phone": o.phone,
        "hours": [[p[0].strftime("%H:%M"), p[1].strftime("%H:%M")] for p in hours.periods],
        "cutoff": hours.cutoff.strftime("%H:%M"),
        "kiosk_pin_set": bool(o.kiosk_pin_hash),
    }


def place_name(session: Session) -> str | None:
    """The place of "…, ngày … tháng … năm" on this PC's forms (None: not set yet)."""
    o = session.scalar(
        select(Office)
        .join(Agency)
        .where(Agency.code == (get_setting(session, "agency_code") or ""))
        .order_by(Office.id)
    )
    if o is not None and o.place_name:
        return o.place_name
    return get_setting(session, "office.place_name") or get_setting(session, "place")


# -- changing -----------------------------------------------------------------------------------


def parse_hours(value: Any) -> list[tuple[str, str]]:
    """ "07:30-11:30,13:30-17:00" or [["07:30", "11:30"], …] -> pairs (checked later)."""
    if isinstance(value, str):
        pairs = []
        for part in value.replace(";", ",").split(","):
            start, sep, end = part.strip().partition("-")
            if not sep:
                raise refuse(
                    "hours",
                    f"office hours '{value}' must be periods like 07:30-11:30,13:30-17:00",
                    "Giờ làm việc phải có dạng 07:30-11:30,13:30-17:00.",
                )
            pairs.append((start.strip(), end.strip()))
        return pairs
    if isinstance(value, list) and all(isinstance(p, list | tuple) and len(p) == 2 for p in value):
        return [(str(a), str(b)) for a, b in value]
    raise refuse("hours", "office hours must be a list of periods", "Giờ làm việc không hợp lệ.")


def _hours(periods: Any, cutoff: Any) -> OfficeHours:
    try:
        data = {"office_hours": [list(p) for p in parse_hours(periods)], "cutoff": cutoff}
        return WorkCalendar.from_dict({"format": CALENDAR_FORMAT, **data}).hours
    except CalendarError as exc:
        field = "cutoff" if "cutoff" in str(exc) else "hours"
        raise refuse(field, str(exc).rstrip("."), f"Giờ làm việc không hợp lệ: {exc}") from None


def set_office(
    session: Session, changes: dict[str, Any], office: int | str | None = None
) -> dict[str, Any]:
    """Change the office's details (keys of OFFICE_KEYS; absent ones stay as they are)."""
    unknown = set(changes) - set(OFFICE_KEYS)
    if unknown:
        name = sorted(unknown)[0]
        raise refuse(name, f"'{name}' is not a detail of an office", "Thông tin không hợp lệ.")
    o = resolve_office(session, office)
    agency = agency_of(session, o)
    own = is_own_office(session, o)
    if "agency_code" in changes and changes["agency_code"] is not None:
        _change_agency_code(session, agency, str(changes["agency_code"]), own)
    if "agency_name" in changes:
        agency.name = text(changes["agency_name"], "agency_name", "Tên cơ quan", max_len=300)
        if own:
            set_setting(session, "agency_name", agency.name)
    if "name" in changes:
        o.name = text(changes["name"], "name", "Tên bộ phận một cửa", max_len=300)
    if "parent_name" in changes or "parent_code" in changes:
        _set_parent(session, agency, changes.get("parent_name"), changes.get("parent_code"))
    if "place_name" in changes:
        o.place_name = optional_text(changes["place_name"], "place_name", "Địa danh")
    if "address" in changes:
        o.address = optional_text(changes["address"], "address", "Địa chỉ", max_len=300)
    if "phone" in changes:
        o.phone = phone(changes["phone"])
    if "hours" in changes or "cutoff" in changes:
        current = office_hours(session, o)
        periods = changes.get("hours") or [
            [a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in current.periods
        ]
        cutoff = changes.get("cutoff") or current.cutoff.strftime("%H:%M")
        hours = _hours(periods, cutoff)
        o.hours = {
            "periods": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in hours.periods],
            "cutoff": hours.cutoff.strftime("%H:%M"),
        }
        if own:
            set_setting(session, "office_hours", json.dumps(o.hours))
    session.flush()
    return office_details(session, o.id)


def _change_agency_code(session: Session, agency: Agency, value: str, own: bool) -> None:
    try:
        code = check_agency_code(value)
    except CodeError as exc:
        raise refuse(
            "agency_code", str(exc), "Mã định danh cơ quan không đúng định dạng."
        ) from None
    if code == agency.code:
        return
    if session.scalar(select(Agency.id).where(Agency.code == code)) is not None:
        raise refuse(
            "agency_code",
            f"agency code {code} is already used by another agency in this database",
            f"Mã định danh {code} đã được dùng.",
        )
    if own and get_setting(session, "sync_secret"):
        raise refuse(
            "agency_code",
            "this PC is enrolled with a server: its agency code comes from the server",
            "Máy đã đăng ký với máy chủ: mã cơ quan do máy chủ quy định.",
        )
    used = session.scalar(
        select(func.count()).select_from(Dossier).where(Dossier.agency_code == agency.code)
    )
    if used:
        raise refuse(
            "agency_code",
            f"{used} dossiers already carry agency code {agency.code} in their codes; "
            "it cannot change",
            f"Đã có {used} hồ sơ mang mã cơ quan {agency.code}; không thể đổi.",
        )
    from kiosk.store.server_models import Device

    if session.scalar(select(Device.id).where(Device.agency_code == agency.code).limit(1)):
        raise refuse(
            "agency_code",
            f"PCs are enrolled for agency {agency.code}; its code cannot change",
            f"Đã có máy trạm đăng ký cho cơ quan {agency.code}; không thể đổi mã.",
        )
    agency.code = code
    if own:
        set_setting(session, "agency_code", code)


def _set_parent(session: Session, agency: Agency, name: Any, code: Any) -> None:
    clean = optional_text(name, "parent_name", "Cơ quan chủ quản", max_len=300)
    if clean is None and not code:
        agency.parent = None
        return
    parent_code = None
    if code:
        try:
            parent_code = check_agency_code(str(code))
        except CodeError as exc:
            raise refuse("parent_code", str(exc), "Mã cơ quan chủ quản không hợp lệ.") from None
        if parent_code == agency.code:
            raise refuse(
                "parent_code",
                "an agency cannot be its own parent",
                "Cơ quan không thể là cơ quan chủ quản của chính nó.",
            )
    parent = agency.parent
    if parent_code is not None:
        found = session.scalar(select(Agency).where(Agency.code == parent_code))
        if found is not None:
            parent = found
    if parent is None:
        parent = Agency(code=parent_code or f"~{agency.code}", name=clean or "")
        session.add(parent)
    elif parent_code is not None and parent.code.startswith("~"):
        parent.code = parent_code
    if clean is not None:
        parent.name = clean
    if not parent.name:
        raise refuse("parent_name", "parent_name cannot be empty", "Cần nhập cơ quan chủ quản.")
    agency.parent = parent


# -- the public kiosks' PIN ---------------------------------------------------------------------


def check_pin(pin: str) -> str:
    pin = pin.strip()
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise refuse("pin", "the kiosk PIN must be 4 to 12 digits", "Mã PIN gồm 4 đến 12 chữ số.")
    return pin


def set_kiosk_pin(session: Session, pin: str, office: int | str | None = None) -> None:
    from kiosk.services.setup import hash_password

    resolve_office(session, office).kiosk_pin_hash = hash_password(check_pin(pin))


def kiosk_pin_hash(session: Session) -> str | None:
    """This PC's office's kiosk PIN hash (None: not set in the database)."""
    o = session.scalar(
        select(Office)
        .join(Agency)
        .where(Agency.code == (get_setting(session, "agency_code") or ""))
        .order_by(Office.id)
    )
    return o.kiosk_pin_hash if o is not None else None


def pin_matches(stored: str, typed: str) -> bool:
    """A typed PIN against the stored one: a hash ($argon2id$…, or scrypt$… from older
    versions) or, as older config files keep it, the PIN in plain text."""
    from kiosk.services.setup import verify_password

    if stored.startswith(("scrypt$", "$argon2")):
        return verify_password(typed, stored)
    return hmac.compare_digest(typed.encode(), stored.encode())


# -- departments --------------------------------------------------------------------------------


def department_row(session: Session, d: Department) -> dict[str, Any]:
    fields = session.scalars(
        select(Field.name).where(Field.department_id == d.id).order_by(Field.name)
    )
    agency = session.get(Agency, d.agency_id)
    return {
        "code": d.code,
        "name": d.name,
        "agency_code": agency.code if agency else None,
        "fields": list(fields),
    }


def get_department(session: Session, code: str, field: str = "department") -> Department:
    wanted = code.strip().upper()
    d = session.scalar(select(Department).where(Department.code == wanted))
    if d is None:
        raise refuse(
            field, f"there is no department '{code}'", f"Không có phòng chuyên môn «{code}»."
        )
    return d


def list_departments(session: Session, office: int | str | None = None) -> list[dict[str, Any]]:
    query = select(Department).order_by(Department.code)
    if office is not None:
        query = query.where(Department.agency_id == resolve_office(session, office).agency_id)
    return [department_row(session, d) for d in session.scalars(query)]


def _department_code(value: Any) -> str:
    code = text(value, "code", "Mã phòng", max_len=40).upper()
    if not all(c.isalnum() or c in "-_." for c in code):
        raise refuse(
            "code",
            f"department code '{code}' may hold only letters, digits, '-', '_' and '.'",
            "Mã phòng chỉ gồm chữ, số, '-', '_' và '.'.",
        )
    return code


def _set_fields(session: Session, d: Department, names: list[str]) -> None:
    found = {f.name: f for f in session.scalars(select(Field).where(Field.name.in_(names)))}
    missing = [n for n in names if n not in found]
    if missing:
        raise refuse(
            "fields",
            f"there is no field '{missing[0]}' in the catalog",
            f"Không có lĩnh vực «{missing[0]}» trong danh mục.",
        )
    for f in session.scalars(select(Field).where(Field.department_id == d.id)):
        if f.name not in found:
            f.department_id = None
    for f in found.values():
        f.department_id = d.id


def add_department(
    session: Session,
    code: str,
    name: str,
    fields: list[str] | None = None,
    office: int | str | None = None,
) -> dict[str, Any]:
    clean = _department_code(code)
    if session.scalar(select(Department.id).where(Department.code == clean)) is not None:
        raise refuse("code", f"department {clean} already exists", f"Đã có phòng {clean}.")
    o = resolve_office(session, office)
    d = Department(
        agency_id=o.agency_id, code=clean, name=text(name, "name", "Tên phòng", max_len=300)
    )
    session.add(d)
    session.flush()
    _set_fields(session, d, [text(f, "fields", "Lĩnh vực") for f in fields or []])
    session.flush()
    return department_row(session, d)


def set_department(
    session: Session, code: str, name: str | None = None, fields: list[str] | None = None
) -> dict[str, Any]:
    d = get_department(session, code, "code")
    if name is not None:
        d.name = text(name, "name", "Tên phòng", max_len=300)
    if fields is not None:
        _set_fields(session, d, [text(f, "fields", "Lĩnh vực") for f in fields])
    session.flush()
    return department_row(session, d)
