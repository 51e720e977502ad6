"""The PC's secrets (the device's sync secret, the office backup key) outside the database.

They go to the OS credential store through `keyring`: Windows Credential Manager on Windows,
the Secret Service (GNOME Keyring, KWallet) on a Linux desktop, the Keychain on macOS. Where
there is none — a Linux PC without a desktop session's keyring, CI, a service account — they
go to a file readable by the user alone (0600, in a 0700 folder `private/` beside the
database), never into the database: so they are in no backup and no copy of the database.
`where()` says which, and `kiosk doctor` reports it.

Each secret is named after the database file it belongs to, so two data folders on one PC
(a trial and the real one) do not share a device secret.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from kiosk.privacy.files import ensure_private_dir, restrict_to_owner

SERVICE = "kiosk-mot-cua"
PRIVATE_DIR = "private"
log = logging.getLogger("kiosk.privacy.secrets")


def _backend_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - no keyring at all: the private file
        return False
    if isinstance(backend, fail.Keyring):
        return False
    chained = getattr(backend, "backends", None)
    return not (chained is not None and not chained)


def where() -> str:
    """Where secrets are kept on this PC, in words."""
    if _backend_usable():
        import keyring

        return f"the OS credential store ({type(keyring.get_keyring()).__name__})"
    return "a file readable by this user alone (no OS credential store on this PC)"


def _account(db_file: Path, name: str) -> str:
    digest = hashlib.sha256(str(Path(db_file).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{name}@{digest}"


def _file(db_file: Path, name: str) -> Path:
    return Path(db_file).parent / PRIVATE_DIR / f"{name}.secret"


def get_secret(db_file: Path, name: str) -> str | None:
    if _backend_usable():
        import keyring

        try:
            value = keyring.get_password(SERVICE, _account(db_file, name))
        except Exception:  # noqa: BLE001 - a locked or broken store: try the file below
            log.warning("the credential store could not be read; using the private file")
            value = None
        if value:
            return value
    path = _file(db_file, name)
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def set_secret(db_file: Path, name: str, value: str) -> str:
    """Keep `value`; returns where (see `where`)."""
    if _backend_usable():
        import keyring

        try:
            keyring.set_password(SERVICE, _account(db_file, name), value)
            _file(db_file, name).unlink(missing_ok=True)
            return where()
        except Exception:  # noqa: BLE001 - fall back to the private file
            log.warning("the credential store refused the secret; using the private file")
    folder = ensure_private_dir(_file(db_file, name).parent)
    path = folder / f"{name}.secret"
    # a temporary name of its own: two writers at once (threads, processes) each replace whole
    fd, tmp_name = tempfile.mkstemp(prefix=f"{name}.", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        restrict_to_owner(tmp)
        tmp.write_text(value, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return "a file readable by this user alone"


def delete_secret(db_file: Path, name: str) -> None:
    if _backend_usable():
        import keyring

        try:
            keyring.delete_password(SERVICE, _account(db_file, name))
        except Exception:  # noqa: BLE001 - not there: nothing to delete
            pass
    _file(db_file, name).unlink(missing_ok=True)
