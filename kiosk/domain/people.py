"""Applicant data: validation of what a clerk types or scans, and masking for public screens."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.errors import KioskError

CITIZEN_ID_RE = re.compile(r"^\d{12}$")
PHONE_RE = re.compile(r"^(0|\+84)(3|5|7|8|9|2\d)\d{7,8}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InputError(KioskError, ValueError):
    """Bad input in a named field; `field` lets a form put the message next to it."""

    def __init__(self, field: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en, message_vi)
        self.field = field


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_D_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Accent-insensitive key: "Đăng Ký  khai sinh" -> "dang ky khai sinh"."""
    # Ð/ð (eth) is what Đ often becomes after a trip through a Latin-1 system.
    text = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def clean_name(name: str) -> str:
    name = " ".join(nfc(name).split())
    if not name:
        raise InputError("name", "the applicant's name is empty", "Chưa nhập họ tên người nộp.")
    if len(name) > 200 or any(ch.isdigit() for ch in name):
        raise InputError(
            "name", f"'{name}' is not a person's name", "Họ tên không hợp lệ (không chứa chữ số)."
        )
    return name


def clean_citizen_id(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip().replace(" ", "")
    if not CITIZEN_ID_RE.match(value):
        raise InputError(
            "id_number",
            f"'{value}' is not a citizen ID number (must be 12 digits)",
            "Số CCCD phải gồm đúng 12 chữ số.",
        )
    return value


def clean_phone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = re.sub(r"[\s.\-()]", "", value.strip())
    if not PHONE_RE.match(value):
        raise InputError(
            "phone",
            f"'{value}' is not a Vietnamese phone number",
            "Số điện thoại không hợp lệ (ví dụ 0912345678).",
        )
    return value


def clean_email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not EMAIL_RE.match(value):
        raise InputError(
            "email", f"'{value}' is not an e-mail address", "Địa chỉ email không hợp lệ."
        )
    return value


def mask_name(name: str) -> str:
    """Public screens show initials and the given name only: "Nguyễn Thị Hồng" -> "N. T. Hồng"."""
    parts = name.split()
    if len(parts) <= 1:
        return (parts[0][0] + "***") if parts else ""
    return " ".join(p[0] + "." for p in parts[:-1]) + " " + parts[-1]


def mask_phone(phone: str | None) -> str:
    return "" if not phone else "*" * max(0, len(phone) - 3) + phone[-3:]


def mask_id(id_number: str | None) -> str:
    return "" if not id_number else "*" * 8 + id_number[-4:]


@dataclass(frozen=True)
class CitizenCard:
    """The fields of a CCCD chip card's QR: id|old id|name|ddmmyyyy|sex|address|issue date."""

    id_number: str
    old_id: str | None
    name: str
    birth_date: date
    sex: str
    address: str
    issue_date: date | None


def _ddmmyyyy(text: str) -> date:
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError(text)
    return date(int(text[4:]), int(text[2:4]), int(text[:2]))


def parse_citizen_card(payload: str) -> CitizenCard:
    parts = nfc(payload.strip()).split("|")
    if len(parts) < 6:
        raise ValueError("not a citizen ID card QR (expected 7 fields separated by |)")
    id_number = clean_citizen_id(parts[0])
    if id_number is None:
        raise ValueError("the citizen ID card QR has no ID number")
    try:
        birth = _ddmmyyyy(parts[3])
        issued = _ddmmyyyy(parts[6]) if len(parts) > 6 and parts[6] else None
    except ValueError as exc:
        raise ValueError("the citizen ID card QR has an impossible date") from exc
    return CitizenCard(
        id_number=id_number,
        old_id=parts[1] or None,
        name=clean_name(parts[2]),
        birth_date=birth,
        sex=parts[4],
        address=parts[5],
        issue_date=issued,
    )
