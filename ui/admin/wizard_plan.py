"""What the set-up wizard has gathered, and its checks on the database worker.

Each page is checked by a dry run: everything gathered so far applied through the same
services as `kiosk setup --from` (kiosk.services.setup_file.apply_setup) inside a savepoint
that is rolled back. The end applies it once, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass
class Plan:
    office: dict[str, Any] = field(default_factory=dict)
    admin: dict[str, Any] = field(default_factory=dict)  # username, full_name, password_hash
    catalog: Any = None  # a kiosk.catalog.Catalog read from a file; None: the bundled one
    services: list[dict[str, Any]] = field(default_factory=list)
    counters: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)
    pin_hash: str | None = None

    def data(self, **extra: Any) -> dict[str, Any]:
        """The set-up data; `extra` replaces a section (a row being added, say). The admin
        account always comes first among the staff."""
        out: dict[str, Any] = {
            "office": self.office,
            "catalog": self.catalog,
            "services": self.services,
            "counters": self.counters,
            "staff": self.staff,
            "pin_hash": self.pin_hash,
        }
        out.update(extra)
        if self.admin:
            out["staff"] = [{**self.admin, "role": "admin"}, *out["staff"]]
        return out


class _Rollback(Exception):
    pass


def prepare(session: Session) -> dict[str, Any]:
    """Once, as the wizard opens: the placeholder office, calendar and bundled catalog (what
    `kiosk init` makes), and whether the office is set up already."""
    from sqlalchemy import select

    from kiosk.services.admin_office import office_details
    from kiosk.services.admin_sync import enrolled
    from kiosk.services.setup import init_database
    from kiosk.store.models import Procedure

    init_database(session)
    count = len(list(session.scalars(select(Procedure.id).where(Procedure.active))))
    return {
        "office": office_details(session),
        "procedures": count,
        "enrolled": enrolled(session),
    }


def dry_run(session: Session, data: dict[str, Any]) -> str:
    """Apply `data` and roll it back; a refusal comes out as it is (with its `field`)."""
    from kiosk.services.setup_file import apply_setup

    where = [""]
    try:
        with session.begin_nested():
            apply_setup(session, data, where)
            raise _Rollback
    except _Rollback:
        pass
    return where[0]


def hash_checked(password: str, field: str = "password") -> str:
    from kiosk.domain.people import InputError
    from kiosk.services.admin_staff import check_password
    from kiosk.services.setup import hash_password

    try:
        check_password(password)
    except InputError as exc:
        exc.field = field
        raise
    return hash_password(password)


def needs_setup(session: Session) -> bool:
    """The first start: no active admin account (and the PC is not enrolled with a server,
    whose office comes down by sync). `kiosk run` then opens the set-up wizard."""
    from sqlalchemy import select

    from kiosk.services.admin_sync import enrolled
    from kiosk.store.models import Staff

    if enrolled(session):
        return False
    admin = session.scalar(select(Staff.id).where(Staff.active, Staff.role == "admin").limit(1))
    return admin is None
