"""What the admin services share: refusals that name their field, checked text, the office.

Every admin action (kiosk.services.admin_office, admin_queue, admin_staff) checks its input
and refuses bad input with a KioskError whose `field` names the input at fault, in English
(the command line) and Vietnamese (next to the field in a window). Duplicates and unknown
references are looked up first, so nobody reads "UNIQUE constraint failed".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.people import InputError
from kiosk.errors import KioskError
from kiosk.store.models import Agency, Office

PRINTER_SCHEMES = ("tcp", "serial", "usb", "file", "win", "sim")


def refuse(field: str, message_en: str, message_vi: str) -> InputError:
    return InputError(field, message_en, message_vi)


def text(
    value: Any, field: str, label_vi: str, *, max_len: int = 200, required: bool = True
) -> str:
    """A name or a line of an address: NFC, trimmed, not empty (if required), not too long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise refuse(field, f"{field} must be text", f"{label_vi} phải là chữ.")
    clean = " ".join(unicodedata.normalize("NFC", value).split())
    if required and not clean:
        raise refuse(field, f"{field} cannot be empty", f"Cần nhập {label_vi.lower()}.")
    if len(clean) > max_len:
        raise refuse(
            field,
            f"{field} is longer than {max_len} characters",
            f"{label_vi} dài quá {max_len} ký tự.",
        )
    return clean


def optional_text(value: Any, field: str, label_vi: str, *, max_len: int = 200) -> str | None:
    return text(value, field, label_vi, max_len=max_len, required=False) or None


def whole(value: Any, field: str, label_vi: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise refuse(field, f"{field} must be a whole number", f"{label_vi} phải là số nguyên.")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise refuse(
            field, f"{field} must be a whole number, not {value!r}", f"{label_vi} phải là số."
        ) from None
    if not low <= number <= high:
        raise refuse(
            field,
            f"{field} must be from {low} to {high}, not {number}",
            f"{label_vi} phải từ {low} đến {high}.",
        )
    return number


_PHONE_RE = re.compile(r"^\+?[0-9][0-9 .\-()]{5,38}$")


def phone(value: Any, field: str = "phone") -> str | None:
    clean = optional_text(value, field, "Số điện thoại", max_len=40)
    if clean and not _PHONE_RE.match(clean):
        raise refuse(
            field,
            f"'{clean}' is not a telephone number (digits, spaces, dots, dashes)",
            "Số điện thoại không hợp lệ.",
        )
    return clean


def printer_url(value: Any, field: str = "printer") -> str | None:
    """A printer URL (tcp://HOST:PORT, serial://DEVICE, usb://, file://, win://, sim://); the
    printing package checks it in full when it prints (the core cannot import it)."""
    clean = optional_text(value, field, "Máy in", max_len=300)
    if clean is None:
        return None
    scheme, sep, rest = clean.partition("://")
    if not sep or scheme.lower() not in PRINTER_SCHEMES:
        raise refuse(
            field,
            f"'{clean}' is not a printer address (use tcp://HOST:PORT, serial://DEVICE, "
            "usb://DEVICE, file://PATH, win://NAME or sim://)",
            "Địa chỉ máy in không hợp lệ.",
        )
    if scheme.lower() == "tcp":
        host, _, port = rest.rstrip("/").rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise refuse(
                field,
                f"'{clean}' needs a host and a port, like tcp://192.168.1.50:9100",
                "Địa chỉ máy in mạng cần máy và cổng, ví dụ tcp://192.168.1.50:9100.",
            )
    return clean


def scanner_url(value: Any, field: str = "scanner") -> str | None:
    from kiosk.devices.urls import DeviceUrlError, parse_scanner_url

    clean = optional_text(value, field, "Máy quét", max_len=300)
    if clean is None:
        return None
    try:
        parse_scanner_url(clean)
    except DeviceUrlError as exc:
        raise refuse(field, str(exc), exc.message_vi) from None
    return clean


def resolve_office(session: Session, office: int | str | None = None) -> Office:
    """The office meant: an id, an agency code, or None for the only office of the database
    (a PC holds one; a server several, and then it must be named)."""
    if isinstance(office, int):
        found = session.get(Office, office)
        if found is None:
            raise refuse("office", f"there is no office {office}", "Không có bộ phận này.")
        return found
    if isinstance(office, str) and office.strip():
        code = office.strip().upper()
        found = session.scalar(
            select(Office).join(Agency).where(Agency.code == code).order_by(Office.id)
        )
        if found is None:
            raise refuse(
                "office",
                f"there is no office of agency {code} in this database",
                f"Không có bộ phận một cửa của cơ quan {code}.",
            )
        return found
    offices = list(session.scalars(select(Office).order_by(Office.id).limit(2)))
    if not offices:
        raise KioskError("run 'kiosk init' first", "Chưa khởi tạo cơ sở dữ liệu.")
    if len(offices) > 1:
        raise refuse(
            "office",
            "this database holds several offices; say which one (--office AGENCY_CODE)",
            "Cơ sở dữ liệu có nhiều bộ phận một cửa; hãy chọn bộ phận.",
        )
    return offices[0]


def agency_of(session: Session, office: Office) -> Agency:
    agency = session.get(Agency, office.agency_id)
    assert agency is not None
    return agency
