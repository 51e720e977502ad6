"""Who may talk to the server: enrolled devices and signed-in staff.

Device secrets and staff session tokens are 256 random bits, so a plain SHA-256 is enough to
keep them unusable from a stolen database (a slow hash protects low-entropy passwords; staff
passwords themselves are argon2id: kiosk.services.passwords, kiosk.server.logins). Enrollment
codes are short for typing, one-time and expire after a day.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.codes import MAX_PER_DAY, SlotRange, check_agency_code, parse_code
from kiosk.errors import KioskError
from kiosk.privacy.roles import parse_roles
from kiosk.services.context import get_setting, now, set_setting
from kiosk.store.models import Agency, Dossier, Office, Staff
from kiosk.store.server_models import Device, EnrollmentCode, StaffToken
from kiosk.wire.pin import fingerprint_pin, join_code, split_code

ENROLL_TTL = timedelta(hours=24)
CA_SETTING = "server_ca_pem"  # the TLS CA certificate (kiosk.server.tls), public
DEFAULT_SLOTS = 10  # up to 10 PCs per office, 999 dossier numbers each per day
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


class AuthError(KioskError):
    """Refused credentials: 401 (unknown or wrong) or 403 (revoked, not allowed)."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.status = status


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def ensure_office(session: Session, agency_code: str, name: str | None = None) -> Agency:
    """The agency and its one-stop office, created on first use (a server hosts many)."""
    code = check_agency_code(agency_code)
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        agency = Agency(code=code, name=name or f"Cơ quan {code}")
        session.add(agency)
        session.flush()
    if session.scalar(select(Office).where(Office.agency_id == agency.id)) is None:
        session.add(Office(agency_id=agency.id, name=f"Bộ phận Một cửa – {agency.name}"))
    return agency


def office_of(session: Session, agency_code: str) -> Office:
    office = session.scalar(
        select(Office).join(Agency).where(Agency.code == agency_code).order_by(Office.id)
    )
    if office is None:
        raise KioskError(f"agency {agency_code} has no office on this server")
    return office


def add_device_code(
    session: Session, agency_code: str, slots: int | None = None, roles: str | None = None
) -> tuple[str, datetime]:
    """A one-time enrollment code for a PC of this agency's office; only its hash is stored.
    `roles` (kiosk/privacy/roles.py) decide what the PC will be sent; default: a counter."""
    try:
        roles = parse_roles(roles)
    except ValueError as exc:
        raise KioskError(str(exc)) from None
    agency = ensure_office(session, agency_code)
    key = f"code_slots:{agency.code}"
    if get_setting(session, key) is None:
        set_setting(session, key, str(slots or DEFAULT_SLOTS))
    elif slots is not None and int(get_setting(session, key) or 0) != slots:
        raise KioskError(
            f"office {agency.code} already splits dossier numbers into "
            f"{get_setting(session, key)} slots; that cannot change once PCs are enrolled"
        )
    SlotRange(0, int(get_setting(session, key) or DEFAULT_SLOTS))  # validates 1..99
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    at = now()
    session.add(
        EnrollmentCode(
            code_hash=hash_secret(raw),
            agency_code=agency.code,
            created_at=at,
            expires_at=at + ENROLL_TTL,
            roles=roles,
        )
    )
    # A TLS server's code also pins its certificate authority (kiosk.wire.pin).
    ca_pem = get_setting(session, CA_SETTING)
    return join_code(raw, fingerprint_pin(ca_pem) if ca_pem else None), at + ENROLL_TTL


@dataclass
class Enrollment:
    device: Device
    secret: str
    agency_name: str
    sequences: list[dict[str, object]]


def enroll(session: Session, code: str, name: str, first_seq: int) -> Enrollment:
    """Use a one-time code: a new device with its own secret and its own dossier-number slot."""
    one_time, _pin = split_code(code)  # the pin is the PC's business; a full code is fine
    row = session.get(EnrollmentCode, hash_secret(_normalize_code(one_time)), with_for_update=True)
    at = now()
    if row is None or row.used_at is not None or row.expires_at < at:
        raise AuthError("the enrollment code is unknown, already used or expired", 403)
    slots = int(get_setting(session, f"code_slots:{row.agency_code}") or DEFAULT_SLOTS)
    active = session.scalars(
        select(Device).where(Device.agency_code == row.agency_code).with_for_update()
    ).all()
    taken = {d.code_slot for d in active if d.revoked_at is None}
    free = [s for s in range(slots) if s not in taken]
    if not free:
        raise AuthError(
            f"all {slots} dossier-number slots of office {row.agency_code} are in use; "
            "revoke a device that is no longer used first",
            409,
        )
    secret = secrets.token_urlsafe(32)
    device = Device(
        id=uuid.uuid4().hex[:16],
        agency_code=row.agency_code,
        name=name[:200],
        secret_hash=hash_secret(secret),
        code_slot=free[0],
        code_slots=slots,
        enrolled_at=at,
        last_seq=max(first_seq - 1, 0),
        roles=row.roles or "counter",
    )
    session.add(device)
    row.used_at, row.device_id = at, device.id
    agency = session.scalar(select(Agency).where(Agency.code == row.agency_code))
    rng = SlotRange(device.code_slot, slots)
    return Enrollment(
        device, secret, agency.name if agency else "", _used_numbers(session, device, rng)
    )


def _used_numbers(session: Session, device: Device, rng: SlotRange) -> list[dict[str, object]]:
    """A slot freed by a revoked PC may have numbers in use today: start after them."""
    since = now() - timedelta(days=2)
    last: dict[str, int] = {}
    for code in session.scalars(
        select(Dossier.code).where(
            Dossier.agency_code == device.agency_code, Dossier.created_at >= since
        )
    ):
        _, day, number = parse_code(code)
        if rng.first <= number <= min(rng.last, MAX_PER_DAY):
            last[day.isoformat()] = max(last.get(day.isoformat(), 0), number)
    return [{"day": d, "last": n} for d, n in sorted(last.items())]


def revoke_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise KioskError(f"there is no device '{device_id}' on this server")
    device.revoked_at = device.revoked_at or now()
    return device


def parse_bearer(header: str | None) -> tuple[str, str]:
    """`Bearer <id>.<secret>` (a device) or `Bearer staff.<id>.<secret>` -> (id, secret)."""
    if not header or not header.startswith("Bearer "):
        raise AuthError("this request needs credentials (Authorization: Bearer ...)")
    token = header[7:].strip()
    ident, _, secret = token.rpartition(".")
    if not ident or not secret or len(token) > 200:
        raise AuthError("the credentials are malformed")
    return ident, secret


def authenticate_device(session: Session, device_id: str, secret: str) -> Device:
    """The device whose secret this is. The next secret of a rotation (rotate_secret) is
    accepted too, and its first use makes it the only one (the old one stops working)."""
    device = session.get(Device, device_id) if len(device_id) <= 32 else None
    given = hash_secret(secret)
    expected = device.secret_hash if device is not None else hash_secret("")
    current = hmac.compare_digest(expected, given)
    following = (
        device is not None
        and device.next_secret_hash is not None
        and hmac.compare_digest(device.next_secret_hash, given)
    )
    if device is None or not (current or following):
        raise AuthError("unknown device or wrong secret")
    if device.revoked_at is not None:
        raise AuthError(f"device {device.id} was revoked; enroll this PC again", 403)
    if following:
        assert device.next_secret_hash is not None
        device.secret_hash, device.next_secret_hash = device.next_secret_hash, None
        device.secret_rotated_at = now()
    return device


def rotate_secret(session: Session, device: Device) -> str:
    """A new secret for this device, valid beside the current one until first used: an
    answer lost on the way never locks the PC out (it keeps using the old one, and asks
    again later)."""
    secret = secrets.token_urlsafe(32)
    row = session.get(Device, device.id, with_for_update=True)
    assert row is not None
    row.next_secret_hash = hash_secret(secret)
    return secret


def authenticate_staff(session: Session, token_id: str, secret: str) -> Staff:
    return authenticate_staff_token(session, token_id, secret).staff


def authenticate_staff_token(session: Session, token_id: str, secret: str) -> StaffToken:
    token = session.get(StaffToken, token_id) if len(token_id) <= 32 else None
    expected = token.secret_hash if token is not None else hash_secret("")
    if token is None or not hmac.compare_digest(expected, hash_secret(secret)):
        raise AuthError("unknown or wrong staff session; sign in again")
    if token.revoked_at is not None or token.expires_at < now() or not token.staff.active:
        raise AuthError("the staff session has expired; sign in again")
    return token
