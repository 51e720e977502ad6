"""Counters and queue services of an office (admin actions).

A counter or a service with history (tickets, dossiers, the duty roster) is retired when it
is removed — kept, inactive, so reports of the past still name it — and deleted only when it
never served anyone. Adding one with the number or code of a retired one brings it back.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from kiosk.services.admin_common import (
    printer_url,
    refuse,
    resolve_office,
    scanner_url,
    text,
    whole,
)
from kiosk.services.queue import PRIORITY_KINDS
from kiosk.store.models import (
    Counter,
    CounterService,
    Dossier,
    Field,
    Office,
    Procedure,
    RosterEntry,
    Service,
    Ticket,
)

_CODE_RE = re.compile(r"^[A-Z0-9]{1,20}$")
_PREFIX_RE = re.compile(r"^[A-Z]{1,2}$")
MAX_COUNTER = 999


# -- services -----------------------------------------------------------------------------------


def service_row(session: Session, s: Service) -> dict[str, Any]:
    counters = session.scalars(
        select(Counter.number)
        .join(CounterService, CounterService.counter_id == Counter.id)
        .where(CounterService.service_id == s.id)
        .order_by(Counter.number)
    )
    return {
        "code": s.code,
        "name": s.name,
        "prefix": s.prefix,
        "fields": list(s.fields or []),
        "procedures": list(s.procedures or []),
        "daily_limit": s.daily_limit,
        "priority_kinds": None if s.priority_kinds is None else list(s.priority_kinds),
        "priority_first": s.priority_first,
        "active": s.active,
        "counters": list(counters),
    }


def _find_service(session: Session, office: Office, code: str) -> Service | None:
    return session.scalar(
        select(Service).where(Service.office_id == office.id, Service.code == code.strip().upper())
    )


def _service(session: Session, office: Office, code: str, field: str = "code") -> Service:
    s = _find_service(session, office, code)
    if s is None:
        raise refuse(field, f"there is no queue service '{code}'", f"Không có dịch vụ «{code}».")
    return s


def _service_code(value: Any) -> str:
    code = text(value, "code", "Mã dịch vụ", max_len=20).upper()
    if not _CODE_RE.match(code):
        raise refuse(
            "code",
            f"service code '{code}' must be 1 to 20 letters or digits (e.g. HT)",
            "Mã dịch vụ gồm 1 đến 20 chữ cái hoặc chữ số (ví dụ HT).",
        )
    return code


def _prefix(session: Session, office: Office, value: Any, own: Service | None) -> str:
    prefix = text(value, "prefix", "Chữ đầu số thứ tự", max_len=2).upper()
    if not _PREFIX_RE.match(prefix):
        raise refuse(
            "prefix",
            f"ticket prefix '{prefix}' must be one or two letters A-Z (e.g. A)",
            "Chữ đầu số thứ tự là một hoặc hai chữ cái A-Z.",
        )
    other = session.scalar(
        select(Service).where(
            Service.office_id == office.id, Service.prefix == prefix, Service.active
        )
    )
    if other is not None and other is not own:
        raise refuse(
            "prefix",
            f"ticket prefix {prefix} is already used by service {other.code}",
            f"Chữ {prefix} đã dùng cho dịch vụ {other.code}.",
        )
    return prefix


def _fields(session: Session, names: Any) -> list[str]:
    if not isinstance(names, list):
        raise refuse("fields", "fields must be a list of field names", "Lĩnh vực không hợp lệ.")
    clean = [text(n, "fields", "Lĩnh vực") for n in names]
    known = set(session.scalars(select(Field.name).where(Field.name.in_(clean))))
    for n in clean:
        if n not in known:
            raise refuse(
                "fields",
                f"there is no field '{n}' in the catalog",
                f"Không có lĩnh vực «{n}» trong danh mục.",
            )
    return list(dict.fromkeys(clean))


def _procedures(session: Session, codes: Any) -> list[str]:
    if not isinstance(codes, list):
        raise refuse("procedures", "procedures must be a list of codes", "Thủ tục không hợp lệ.")
    clean = [text(c, "procedures", "Mã thủ tục", max_len=40) for c in codes]
    known = set(session.scalars(select(Procedure.code).where(Procedure.code.in_(clean))))
    for c in clean:
        if c not in known:
            raise refuse(
                "procedures",
                f"there is no procedure '{c}' in the catalog",
                f"Không có thủ tục «{c}» trong danh mục.",
            )
    return list(dict.fromkeys(clean))


def _priority_kinds(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise refuse("priority_kinds", "priority kinds must be a list", "Đối tượng ưu tiên sai.")
    for kind in value:
        if kind not in PRIORITY_KINDS:
            raise refuse(
                "priority_kinds",
                f"'{kind}' is not a priority kind ({', '.join(PRIORITY_KINDS)})",
                "Đối tượng ưu tiên không hợp lệ.",
            )
    return list(dict.fromkeys(value))


def _limit(value: Any) -> int | None:
    return None if value in (None, "", 0) else whole(value, "daily_limit", "Giới hạn", 1, 9999)


def add_service(
    session: Session,
    code: str,
    name: str,
    prefix: str,
    fields: list[str] | None = None,
    *,
    procedures: list[str] | None = None,
    daily_limit: int | None = None,
    priority_kinds: list[str] | None = None,
    priority_first: bool = True,
    office: int | str | None = None,
) -> dict[str, Any]:
    o = resolve_office(session, office)
    clean = _service_code(code)
    svc = _find_service(session, o, clean)
    if svc is not None and svc.active:
        raise refuse("code", f"queue service {clean} already exists", f"Đã có dịch vụ {clean}.")
    values = {
        "name": text(name, "name", "Tên dịch vụ"),
        "prefix": _prefix(session, o, prefix, svc),
        "fields": _fields(session, fields or []),
        "procedures": _procedures(session, procedures or []),
        "daily_limit": _limit(daily_limit),
        "priority_kinds": _priority_kinds(priority_kinds),
        "priority_first": bool(priority_first),
    }
    if svc is None:  # a retired service of that code comes back instead
        svc = Service(office_id=o.id, code=clean)
        session.add(svc)
    for key, value in values.items():
        setattr(svc, key, value)
    svc.active = True
    session.flush()
    return service_row(session, svc)


SERVICE_KEYS = ("name", "prefix", "fields", "procedures", "daily_limit", "priority_kinds",
                "priority_first", "active")  # fmt: skip


def set_service(
    session: Session, code: str, changes: dict[str, Any], office: int | str | None = None
) -> dict[str, Any]:
    unknown = set(changes) - set(SERVICE_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise refuse(key, f"'{key}' is not a setting of a service", "Thông tin không hợp lệ.")
    o = resolve_office(session, office)
    svc = _service(session, o, code)
    if "name" in changes:
        svc.name = text(changes["name"], "name", "Tên dịch vụ")
    if changes.get("active") is True and not svc.active:
        svc.active = True
        _prefix(session, o, svc.prefix, svc)  # its letter may have gone to another meanwhile
    if "prefix" in changes:
        svc.prefix = _prefix(session, o, changes["prefix"], svc)
    if "fields" in changes:
        svc.fields = _fields(session, changes["fields"])
    if "procedures" in changes:
        svc.procedures = _procedures(session, changes["procedures"])
    if "daily_limit" in changes:
        svc.daily_limit = _limit(changes["daily_limit"])
    if "priority_kinds" in changes:
        svc.priority_kinds = _priority_kinds(changes["priority_kinds"])
    if "priority_first" in changes:
        svc.priority_first = bool(changes["priority_first"])
    if changes.get("active") is False:
        svc.active = False
    session.flush()
    return service_row(session, svc)


def remove_service(session: Session, code: str, office: int | str | None = None) -> str:
    """'retired' (it has tickets: kept for the reports) or 'removed'."""
    o = resolve_office(session, office)
    svc = _service(session, o, code)
    used = session.scalar(
        select(
            exists().where(
                or_(
                    Ticket.service_id == svc.id,
                    Ticket.queue_service_id == svc.id,
                    Ticket.transferred_from == svc.id,
                )
            )
        )
    )
    if used:
        svc.active = False
        session.flush()
        return "retired"
    session.execute(delete(CounterService).where(CounterService.service_id == svc.id))
    session.delete(svc)
    session.flush()
    return "removed"


def list_services(
    session: Session, office: int | str | None = None, *, retired: bool = False
) -> list[dict[str, Any]]:
    o = resolve_office(session, office)
    query = select(Service).where(Service.office_id == o.id).order_by(Service.prefix, Service.code)
    if not retired:
        query = query.where(Service.active)
    return [service_row(session, s) for s in session.scalars(query)]


# -- counters -----------------------------------------------------------------------------------


def counter_row(session: Session, c: Counter) -> dict[str, Any]:
    services = session.scalars(
        select(Service.code)
        .join(CounterService, CounterService.service_id == Service.id)
        .where(CounterService.counter_id == c.id)
        .order_by(Service.code)
    )
    return {
        "number": c.number,
        "name": c.name,
        "services": list(services),
        "printer": c.printer_url,
        "scanner": c.scanner_url,
        "active": c.active,
    }


def _find_counter(session: Session, office: Office, number: int) -> Counter | None:
    return session.scalar(
        select(Counter).where(Counter.office_id == office.id, Counter.number == number)
    )


def _counter(session: Session, office: Office, number: Any) -> Counter:
    n = whole(number, "number", "Số quầy", 1, MAX_COUNTER)
    c = _find_counter(session, office, n)
    if c is None:
        raise refuse("number", f"there is no counter {n}", f"Không có quầy số {n}.")
    return c


def _counter_services(session: Session, office: Office, codes: Any) -> list[Service]:
    if not isinstance(codes, list):
        raise refuse("services", "services must be a list of codes", "Dịch vụ không hợp lệ.")
    found = []
    for code in codes:
        svc = _find_service(session, office, str(code))
        if svc is None or not svc.active:
            raise refuse(
                "services",
                f"there is no queue service '{code}' (add it first: kiosk service add)",
                f"Không có dịch vụ «{code}».",
            )
        if svc not in found:
            found.append(svc)
    return found


def _link(session: Session, c: Counter, services: list[Service]) -> None:
    session.execute(delete(CounterService).where(CounterService.counter_id == c.id))
    for svc in services:
        session.add(CounterService(counter_id=c.id, service_id=svc.id))


def add_counter(
    session: Session,
    number: Any,
    name: str | None = None,
    services: list[str] | None = None,
    *,
    printer: str | None = None,
    scanner: str | None = None,
    office: int | str | None = None,
) -> dict[str, Any]:
    o = resolve_office(session, office)
    n = whole(number, "number", "Số quầy", 1, MAX_COUNTER)
    c = _find_counter(session, o, n)
    if c is not None and c.active:
        raise refuse("number", f"counter {n} already exists", f"Đã có quầy số {n}.")
    served = _counter_services(session, o, services or [])
    values = {
        "name": text(name or f"Quầy số {n}", "name", "Tên quầy"),
        "printer_url": printer_url(printer),
        "scanner_url": scanner_url(scanner),
    }
    if c is None:  # a retired counter of that number comes back instead
        c = Counter(office_id=o.id, number=n)
        session.add(c)
    for key, value in values.items():
        setattr(c, key, value)
    c.active = True
    session.flush()
    _link(session, c, served)
    session.flush()
    return counter_row(session, c)


COUNTER_KEYS = ("name", "services", "printer", "scanner", "active")


def set_counter(
    session: Session, number: Any, changes: dict[str, Any], office: int | str | None = None
) -> dict[str, Any]:
    unknown = set(changes) - set(COUNTER_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise refuse(key, f"'{key}' is not a setting of a counter", "Thông tin không hợp lệ.")
    o = resolve_office(session, office)
    c = _counter(session, o, number)
    if "name" in changes:
        c.name = text(changes["name"], "name", "Tên quầy")
    if "printer" in changes:
        c.printer_url = printer_url(changes["printer"])
    if "scanner" in changes:
        c.scanner_url = scanner_url(changes["scanner"])
    if "services" in changes:
        _link(session, c, _counter_services(session, o, changes["services"]))
    if "active" in changes:
        c.active = bool(changes["active"])
    session.flush()
    return counter_row(session, c)


def remove_counter(session: Session, number: Any, office: int | str | None = None) -> str:
    """'retired' (it has served tickets or dossiers, or is on the roster) or 'removed'."""
    o = resolve_office(session, office)
    c = _counter(session, o, number)
    office_services = select(Service.id).where(Service.office_id == o.id)
    used = (
        session.scalar(
            select(
                exists().where(
                    Ticket.service_id.in_(office_services),
                    or_(Ticket.counter_number == c.number, Ticket.target_counter == c.number),
                )
            )
        )
        or session.scalar(select(exists().where(Dossier.counter_number == c.number)))
        or session.scalar(select(exists().where(RosterEntry.counter_number == c.number)))
    )
    if used:
        c.active = False
        session.flush()
        return "retired"
    session.execute(delete(CounterService).where(CounterService.counter_id == c.id))
    session.delete(c)
    session.flush()
    return "removed"


def list_counters(
    session: Session, office: int | str | None = None, *, retired: bool = False
) -> list[dict[str, Any]]:
    o = resolve_office(session, office)
    query = select(Counter).where(Counter.office_id == o.id).order_by(Counter.number)
    if not retired:
        query = query.where(Counter.active)
    return [counter_row(session, c) for c in session.scalars(query)]


def counter_devices(session: Session, number: int) -> dict[str, str]:
    """The printer and scanner stored for this PC's counter (`printer`, `scanner`; only those
    set): the counter window uses them before config.toml's (ui/devices/counter_devices.py)."""
    c = session.scalar(
        select(Counter).where(Counter.number == number, Counter.active).order_by(Counter.id)
    )
    if c is None:
        return {}
    found = {"printer": c.printer_url, "scanner": c.scanner_url}
    return {k: v for k, v in found.items() if v}
