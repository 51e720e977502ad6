"""Encrypted backups: a passphrase (or the office key) → scrypt → AES-256-GCM, in chunks.

File layout: `KIOSKBK1` (8 bytes), a 16-byte salt, scrypt's log2(n), r and p (one byte each),
an 8-byte random nonce prefix, then chunks of at most 1 MiB, each written as a 4-byte length
and its AES-GCM ciphertext with tag. Chunk i's nonce is the prefix + i (4 bytes); the header and
a last-chunk flag are authenticated with every chunk, so a file cut short, reordered or
tampered with is refused instead of restoring half a database. The `cryptography` package does
the cryptography (OpenSSL underneath, wheels for Windows and Linux); nothing of ours is
home-made beyond the framing.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kiosk.errors import KioskError
from kiosk.privacy.files import restrict_to_owner
from kiosk.privacy.logsafe import mark_log_safe

MAGIC = b"KIOSKBK1"
CHUNK = 1 << 20
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # ~32 MB and ~0.1 s: slow for a guesser
_HEADER = struct.Struct(">8s16sBBB8s")


@mark_log_safe
class VaultError(KioskError):
    """Wrong key, damaged or truncated file: nothing was written."""


def is_encrypted(path: Path) -> bool:
    try:
        with Path(path).open("rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _key(secret: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    if not secret:
        raise VaultError(
            "an empty passphrase cannot protect a backup", "Mật khẩu không được để trống."
        )
    kdf = Scrypt(salt=salt, length=32, n=1 << log_n, r=r, p=p)
    return kdf.derive(secret.encode("utf-8"))


def _chunks(f: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    current = f.read(CHUNK)
    while True:
        following = f.read(CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_file(source: Path, target: Path, secret: str) -> None:
    """`source` encrypted with `secret` into `target` (written as .part, then renamed)."""
    salt, prefix = os.urandom(16), os.urandom(8)
    header = _HEADER.pack(MAGIC, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, prefix)
    aes = AESGCM(_key(secret, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P))
    part = target.with_name(target.name + ".part")
    try:
        with Path(source).open("rb") as src, part.open("wb") as out:
            restrict_to_owner(part)
            out.write(header)
            for i, (plain, last) in enumerate(_chunks(src)):
                nonce = prefix + struct.pack(">I", i)
                sealed = aes.encrypt(nonce, plain, header + (b"\x01" if last else b"\x00"))
                out.write(struct.pack(">I", len(sealed)) + sealed)
            out.flush()
            os.fsync(out.fileno())
        part.replace(target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def decrypt_file(source: Path, target: Path, secret: str) -> None:
    """The plain file of `source` at `target`; VaultError for a wrong key or a damaged file."""
    with Path(source).open("rb") as src:
        header = src.read(_HEADER.size)
        if len(header) != _HEADER.size or not header.startswith(MAGIC):
            raise VaultError(f"{source} is not an encrypted kiosk backup")
        _magic, salt, log_n, r, p, prefix = _HEADER.unpack(header)
        if not (10 <= log_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
            raise VaultError(f"{source} is damaged (bad key parameters)")
        aes = AESGCM(_key(secret, salt, log_n, r, p))
        part = target.with_name(target.name + ".part")
        try:
            with part.open("wb") as out:
                restrict_to_owner(part)
                i, ended = 0, False
                while True:
                    size_bytes = src.read(4)
                    if not size_bytes:
                        break
                    if ended or len(size_bytes) != 4:
                        raise VaultError(f"{source} is damaged (data after its end)")
                    (size,) = struct.unpack(">I", size_bytes)
                    sealed = src.read(size)
                    if len(sealed) != size or size > CHUNK + 16:
                        raise VaultError(f"{source} is cut short; use another backup")
                    nonce = prefix + struct.pack(">I", i)
                    plain = None
                    for flag in (b"\x00", b"\x01"):
                        try:
                            plain = aes.decrypt(nonce, sealed, header + flag)
                        except InvalidTag:
                            continue
                        ended = flag == b"\x01"
                        break
                    if plain is None:
                        raise VaultError(
                            f"wrong passphrase or key for {source} (or the file is damaged)",
                            "Sai mật khẩu hoặc khoá của bản sao lưu (hoặc tệp bị hỏng).",
                        )
                    out.write(plain)
                    i += 1
                if not ended:
                    raise VaultError(f"{source} is cut short; use another backup")
            part.replace(target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
