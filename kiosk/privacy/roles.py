"""Minimisation by role: what the server sends a PC depends on what the PC is for.

A PC is enrolled with its roles (`kiosk server add-device --roles ...`, kept on the device).
A *public-only* PC — only dispenser, self-check and/or display — gets each dossier with the
applicant's name masked ("N. T. H. Nhung"), no ID number, phone, address or e-mail, no free-text
event notes, and the second factor (the phone's last 4 digits, the receipt's lookup token) only
as salted hashes in `second_factor`: enough for the self-check to check an answer, nothing to
read. Any other role (counter, supervisor, department) gets its office's dossiers whole.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from kiosk.domain.people import fold, mask_name

ROLES = ("counter", "supervisor", "department", "dispenser", "selfcheck", "display")
PUBLIC = frozenset({"dispenser", "selfcheck", "display"})
DEFAULT = "counter"


def parse_roles(text: str | None) -> str:
    """'selfcheck, display' -> 'display,selfcheck'; ValueError names a role we do not know."""
    wanted = sorted({r.strip().lower() for r in (text or DEFAULT).split(",") if r.strip()})
    unknown = [r for r in wanted if r not in ROLES]
    if unknown or not wanted:
        raise ValueError(
            f"unknown role {', '.join(unknown) or '(none)'}; use {', '.join(ROLES)} "
            "(several separated by commas)"
        )
    return ",".join(wanted)


def public_only(roles: str | None) -> bool:
    found = {r for r in (roles or DEFAULT).split(",") if r}
    return bool(found) and found <= PUBLIC


def _digest(salt: str, kind: str, value: str) -> str:
    return hashlib.sha256(f"{salt}:{kind}:{value}".encode()).hexdigest()[:24]


def second_factor(phone: str | None, token: str | None, salt: str | None = None) -> str | None:
    """`salt$phone-hash$token-hash` (either hash may be empty), or None without either."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 4 and not token:
        return None
    salt = salt or secrets.token_hex(8)
    p = _digest(salt, "phone", digits[-4:]) if len(digits) >= 4 else ""
    t = _digest(salt, "token", token.lower()) if token else ""
    return f"{salt}${p}${t}"


def check_second_factor(stored: str, answer: str) -> bool:
    try:
        salt, p, t = stored.split("$")
    except ValueError:
        return False
    answer = answer.strip().lower()
    ok_phone = (
        bool(p) and len(answer) == 4 and hmac.compare_digest(p, _digest(salt, "phone", answer))
    )
    ok_token = bool(t) and hmac.compare_digest(t, _digest(salt, "token", answer))
    return ok_phone or ok_token


PERSONAL = (
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
    "fee_note",
)


def public_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A pulled dossier entry as a public-only PC may have it."""
    row = dict(entry["dossier"])
    row["second_factor"] = second_factor(row.get("applicant_phone"), row.get("lookup_token"))
    row["applicant_name"] = mask_name(str(row.get("applicant_name") or ""))
    row["applicant_name_key"] = fold(row["applicant_name"])
    for key in (*PERSONAL, "lookup_token"):
        row[key] = None
    events = []
    for ev in entry.get("events", []):
        ev = dict(ev)
        ev["note"] = None
        if isinstance(ev.get("data"), dict):
            ev["data"] = {
                k: v
                for k, v in ev["data"].items()
                if k in ("result", "to_agency", "new_due_at", "missing")
            }
        events.append(ev)
    out = {**entry, "dossier": row, "events": events}
    out.pop("issued", None)  # documents issued name the citizen: counter PCs only
    return out
