"""Staff accounts (admin actions) and what an account may see.

An account belongs to an office and, for a department officer, to a department; a supervisor
or an admin may instead belong explicitly to every office (`all_offices`). Passwords are
hashed here (kiosk.services.setup.hash_password) and never stored, logged or sent in plain
text. Accounts are never deleted — events name them — they are disabled.

`scope_of(staff)` is the one answer to "what may this account see" (the server's hardening
enforces it): its offices (None: every office) and its department (None: every department
of those offices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.admin_common import refuse, resolve_office, text, whole
from kiosk.services.admin_office import get_department
from kiosk.store.models import Agency, Department, Office, Staff

ROLES = ("clerk", "supervisor", "admin", "department")
ROLE_NAMES_VI = {
    "clerk": "cán bộ một cửa",
    "supervisor": "giám sát",
    "admin": "quản trị",
    "department": "cán bộ phòng chuyên môn",
}
MIN_PASSWORD = 6
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


@dataclass(frozen=True)
class StaffScope:
    """What an account may see: `office_ids` None = every office; `department_id` None = every
    department (of those offices)."""

    office_ids: frozenset[int] | None
    department_id: int | None

    def sees_office(self, office_id: int) -> bool:
        return self.office_ids is None or office_id in self.office_ids


def scope_of(staff: Staff) -> StaffScope:
    if staff.all_offices and staff.role in ("supervisor", "admin"):
        return StaffScope(None, None)
    offices = frozenset({staff.office_id}) if staff.office_id is not None else frozenset()
    dept = staff.department_id if staff.role == "department" else None
    return StaffScope(offices, dept)


class WindowRefused(KioskError):
    pass


def check_window(staff: Staff, window: str) -> None:
    """Refuse an account the window is not for. The admin account does not work at the
    counter as a clerk: it has its own window."""
    if window == "counter" and staff.role == "admin":
        raise WindowRefused(
            f"user {staff.username} is the administrator and does not sign in at the counter; "
            "use the admin window (kiosk run --role admin)",
            f"Tài khoản {staff.username} là tài khoản quản trị, không đăng nhập tại quầy; "
            "hãy dùng màn hình quản trị (kiosk run --role admin).",
        )


# -- checks -------------------------------------------------------------------------------------


def check_username(value: Any) -> str:
    name = text(value, "username", "Tên đăng nhập", max_len=80).lower()
    if not _USERNAME_RE.match(name):
        raise refuse(
            "username",
            f"user name '{name}' must be 2 to 80 lowercase letters, digits, '.', '_' or '-' "
            "(no spaces or accents)",
            "Tên đăng nhập gồm 2 đến 80 chữ thường không dấu, chữ số, '.', '_' hoặc '-'.",
        )
    return name


def check_role(value: Any) -> str:
    if value not in ROLES:
        raise refuse(
            "role", f"'{value}' is not a staff role ({', '.join(ROLES)})", "Vai trò không hợp lệ."
        )
    return str(value)


def check_password(password: Any) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise refuse(
            "password",
            f"a password needs at least {MIN_PASSWORD} characters",
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.",
        )
    if len(password) > 200:
        raise refuse("password", "a password may have at most 200 characters", "Mật khẩu quá dài.")
    return password


def get_staff(session: Session, username: str) -> Staff:
    staff = session.scalar(select(Staff).where(Staff.username == username.strip().lower()))
    if staff is None:
        raise refuse(
            "username",
            f"there is no staff account '{username}'",
            f"Không có tài khoản «{username}».",
        )
    return staff


def staff_row(session: Session, s: Staff) -> dict[str, Any]:
    office_code = None
    if s.office_id is not None:
        office_code = session.scalar(
            select(Agency.code)
            .join(Office, Office.agency_id == Agency.id)
            .where(Office.id == s.office_id)
        )
    dept = session.get(Department, s.department_id) if s.department_id else None
    return {
        "username": s.username,
        "full_name": s.full_name,
        "role": s.role,
        "office": office_code,
        "all_offices": s.all_offices,
        "department": dept.code if dept else None,
        "counter": s.counter_number,
        "active": s.active,
    }


def _office_departments(session: Session, office: Office) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Department)
            .where(Department.agency_id == office.agency_id)
        )
        or 0
    )


def _place(
    session: Session,
    staff: Staff,
    *,
    office: int | str | None,
    department: str | None,
    all_offices: bool,
    counter: Any,
    changing: set[str],
) -> None:
    """Check and set office, department, all_offices and counter together (they depend on the
    role and on each other). `changing`: the keys given (the others keep their value)."""
    if "all_offices" in changing:
        staff.all_offices = bool(all_offices)
    if staff.all_offices and staff.role not in ("supervisor", "admin"):
        raise refuse(
            "all_offices",
            "only a supervisor or an admin may belong to all offices",
            "Chỉ giám sát hoặc quản trị mới thuộc mọi bộ phận.",
        )
    if "office" in changing or staff.office_id is None:
        if staff.all_offices and office is None:
            staff.office_id = None
        else:
            staff.office_id = resolve_office(session, office).id
    home = session.get(Office, staff.office_id) if staff.office_id else None
    if "department" in changing:
        if department:
            dept = get_department(session, department)
            if home is not None and dept.agency_id != home.agency_id:
                raise refuse(
                    "department",
                    f"department {dept.code} is not a department of this account's office",
                    f"Phòng {dept.code} không thuộc bộ phận của tài khoản này.",
                )
            staff.department_id = dept.id
        else:
            staff.department_id = None
    if staff.department_id is not None and staff.role != "department":
        if "department" in changing and department:
            raise refuse(
                "department",
                "only a department officer belongs to a department",
                "Chỉ cán bộ phòng chuyên môn mới thuộc một phòng.",
            )
        staff.department_id = None  # a role change away from department
    if (
        staff.role == "department"
        and staff.department_id is None
        and home is not None
        and _office_departments(session, home)
    ):
        raise refuse(
            "department",
            "a department officer needs a department (--department CODE; see kiosk department "
            "list)",
            "Cán bộ phòng chuyên môn cần thuộc một phòng.",
        )
    if "counter" in changing:
        staff.counter_number = (
            None if counter in (None, "", 0) else whole(counter, "counter", "Quầy", 1, 999)
        )
        if staff.counter_number is not None and home is not None:
            from kiosk.store.models import Counter

            if (
                session.scalar(
                    select(Counter.id).where(
                        Counter.office_id == home.id,
                        Counter.number == staff.counter_number,
                        Counter.active,
                    )
                )
                is None
            ):
                raise refuse(
                    "counter",
                    f"there is no counter {staff.counter_number} (add it first: kiosk counter add)",
                    f"Không có quầy số {staff.counter_number}.",
                )


# -- actions ------------------------------------------------------------------------------------


def add_staff(
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str | None = None,
    *,
    password_hash: str | None = None,
    office: int | str | None = None,
    department: str | None = None,
    counter: Any = None,
    all_offices: bool = False,
) -> Staff:
    """A new account; the password is given in plain text (hashed here) or already hashed
    (an account made on another PC, sent through sync)."""
    from kiosk.services.setup import hash_password

    name = check_username(username)
    if session.scalar(select(Staff.id).where(Staff.username == name)) is not None:
        raise refuse(
            "username",
            f"user name {name} is already taken",
            f"Tên đăng nhập {name} đã có người dùng.",
        )
    if password_hash is None:
        password_hash = hash_password(check_password(password))
    staff = Staff(
        username=name,
        full_name=text(full_name, "full_name", "Họ và tên"),
        role=check_role(role),
        password_hash=password_hash,
        active=True,
        all_offices=False,
    )
    _place(
        session,
        staff,
        office=office,
        department=department,
        all_offices=all_offices,
        counter=counter,
        changing={"office", "department", "all_offices", "counter"},
    )
    session.add(staff)
    session.flush()
    return staff


STAFF_KEYS = ("full_name", "role", "office", "department", "counter", "all_offices", "active")


def set_staff(session: Session, username: str, changes: dict[str, Any]) -> Staff:
    unknown = set(changes) - set(STAFF_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise refuse(key, f"'{key}' is not a setting of an account", "Thông tin không hợp lệ.")
    staff = get_staff(session, username)
    role = check_role(changes["role"]) if "role" in changes else staff.role
    active = bool(changes["active"]) if "active" in changes else staff.active
    if staff.role == "admin" and staff.active and not (role == "admin" and active):
        _keep_an_admin(session, staff, "active" if not active else "role")
    if "full_name" in changes:
        staff.full_name = text(changes["full_name"], "full_name", "Họ và tên")
    staff.role, staff.active = role, active
    _place(
        session,
        staff,
        office=changes.get("office"),
        department=changes.get("department"),
        all_offices=bool(changes.get("all_offices")),
        counter=changes.get("counter"),
        changing=set(changes),
    )
    session.flush()
    return staff


def _keep_an_admin(session: Session, staff: Staff, field: str) -> None:
    """Nobody could administer the database any more: refused."""
    others = session.scalar(
        select(func.count())
        .select_from(Staff)
        .where(Staff.role == "admin", Staff.active, Staff.id != staff.id)
    )
    if not others:
        raise refuse(
            field,
            f"{staff.username} is the last active admin account; add another admin first",
            f"{staff.username} là tài khoản quản trị cuối cùng; hãy thêm tài khoản quản trị khác "
            "trước.",
        )


def set_password(
    session: Session, username: str, password: str | None, *, password_hash: str | None = None
) -> Staff:
    from kiosk.services.setup import hash_password

    staff = get_staff(session, username)
    staff.password_hash = password_hash or hash_password(check_password(password))
    session.flush()
    return staff


def disable_staff(session: Session, username: str) -> Staff:
    return set_staff(session, username, {"active": False})


def list_staff(
    session: Session, office: int | str | None = None, *, disabled: bool = True
) -> list[dict[str, Any]]:
    query = select(Staff).order_by(Staff.username)
    if office is not None:
        o = resolve_office(session, office)
        query = query.where(or_(Staff.office_id == o.id, Staff.all_offices))
    if not disabled:
        query = query.where(Staff.active)
    return [staff_row(session, s) for s in session.scalars(query)]
