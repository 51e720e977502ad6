"""Enrollment codes that pin the server's certificate authority (kiosk.server.tls makes it).

A code reads `ABCD-EFGH-JKLM-PQRS-TUVW-XYZ2-3456`: 12 characters of one-time code, then the
first 80 bits of the SHA-256 of the server CA's certificate (DER), in the same 32 letters
(no 0/O, 1/I: codes are read aloud). Standard library only: the PC needs no crypto package.
"""

from __future__ import annotations

import hashlib
import ssl

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_CHARS = 12
PIN_CHARS = 16  # 80 bits


def fingerprint_pin(ca_pem: str) -> str:
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(ca_pem)).digest()
    bits = int.from_bytes(digest[:10], "big")
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(PIN_CHARS)))


def split_code(code: str) -> tuple[str, str | None]:
    """An enrollment code as typed -> (the one-time code, the CA pin, or None for a server
    that runs without TLS)."""
    chars = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(chars) == ONE_TIME_CHARS + PIN_CHARS:
        return chars[:ONE_TIME_CHARS], chars[ONE_TIME_CHARS:]
    return chars, None


def join_code(one_time: str, pin: str | None) -> str:
    chars = "".join(ch for ch in one_time.upper() if ch.isalnum()) + (pin or "")
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def pinned_context(ca_pem: str) -> ssl.SSLContext:
    """Trust this CA alone; no host-name check (only the server holds a key it signed)."""
    ctx = ssl.create_default_context(cadata=ca_pem)
    ctx.check_hostname = False
    return ctx
