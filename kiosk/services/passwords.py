"""Staff passwords and kiosk PINs: argon2id (argon2-cffi), the parameters inside the hash.

A hash reads `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<digest>`: the algorithm and its cost are
kept with it, so raising the cost later only needs new parameters here; an older hash is still
verified and `needs_rehash` says it should be replaced at the next successful sign-in. The
parameters are OWASP's first argon2id choice (19 MiB, 2 passes, 1 lane: ~20 ms here).

Older databases hold `scrypt$<salt>$<digest>` (scrypt N=2^14, r=8, p=1, parameters implied):
verified as before and always reported as needing a rehash.

`verify_dummy` spends the time of one verification on nothing: a sign-in for an unknown or
disabled account costs what a wrong password for a real one costs, so timing tells nobody
which accounts exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_LEGACY_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_dummy: str | None = None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("$argon2"):
        try:
            return _HASHER.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    return _verify_scrypt(password, stored)


def needs_rehash(stored: str) -> bool:
    if not stored.startswith("$argon2"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def verify_dummy(password: str) -> None:
    global _dummy
    if _dummy is None:
        _dummy = hash_password("not a password of anyone")
    verify_password(password, _dummy)


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        kind, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_LEGACY_SCRYPT)
    return hmac.compare_digest(digest, expected)


def legacy_scrypt_hash(password: str, salt: bytes) -> str:
    """A hash as older versions made it (tests of the upgrade use it)."""
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_LEGACY_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()
