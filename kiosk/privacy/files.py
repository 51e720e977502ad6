"""The data folder and every file the app writes: readable by the user alone.

On Linux and macOS the folder is 0700 and each file 0600: the process runs with umask 077
(`private_umask`, called first thing by the command line and the app), and the places that
create files also set the mode explicitly (`restrict_to_owner`), so a file is private even when
the code is used as a library. On Windows `restrict_to_owner` replaces the inherited ACL by one
entry for the current user (icacls), for the folder (inherited by what is created in it) and
for files; under the per-PC data folder of an installation for all users (%ProgramData%,
shared by the PC's accounts) the installer's local group `KioskMotCua` is granted too.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
UMASK = 0o077


def private_umask() -> int:
    """Files and folders created from now on by this process are the user's alone."""
    return os.umask(UMASK)


def _windows_user() -> str:
    domain = os.environ.get("USERDOMAIN", "")
    user = os.environ.get("USERNAME", "")
    return f"{domain}\\{user}" if domain and user else user


def windows_grantees(path: Path) -> list[str]:
    """Who may use `path` on Windows: the current user; under the per-PC data folder of an
    installation for all users (%ProgramData%\\kiosk-mot-cua, kiosk/paths.py) also the PC's
    kiosk accounts, i.e. the local group the installer creates (`KioskMotCua`), since every
    Windows account of that PC works on the one database."""
    from kiosk import paths

    who = [_windows_user()]
    try:
        shared = paths.common_data_dir().resolve()
        if paths.installed_data_choice() == "all-users" and (
            path.resolve() == shared or shared in path.resolve().parents
        ):
            who.append(paths.SHARED_GROUP)
    except OSError:
        pass
    return who


def icacls_command(path: Path, is_dir: bool) -> list[str]:
    """icacls replacing the ACL of `path` by full control for `windows_grantees(path)`."""
    grant = "(OI)(CI)F" if is_dir else "F"
    cmd = ["icacls", str(path), "/inheritance:r"]
    for who in windows_grantees(path):
        cmd += ["/grant:r", f"{who}:{grant}"]
    return cmd


def restrict_to_owner(path: str | os.PathLike[str]) -> None:
    """Make `path` (a file or a folder) readable and writable by the current user only.

    Linux/macOS: chmod 0600 (file) or 0700 (folder). Windows: an ACL with the current user alone
    (inheritance removed; a folder's entry is inherited by its files and sub-folders).
    A missing path is ignored; a failure to change it raises OSError.
    """
    p = Path(path)
    if not p.exists():
        return
    if sys.platform == "win32":  # pragma: no cover - exercised on the Windows builds
        subprocess.run(
            icacls_command(p, p.is_dir()),
            check=True,
            capture_output=True,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        return
    os.chmod(p, PRIVATE_DIR if p.is_dir() else PRIVATE_FILE)


def ensure_private_dir(path: str | os.PathLike[str]) -> Path:
    """Create `path` (and parents) if needed; the folder itself ends up private."""
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    restrict_to_owner(p)
    return p


def restrict_files(paths: Iterable[str | os.PathLike[str]]) -> None:
    for p in paths:
        try:
            restrict_to_owner(p)
        except OSError:  # e.g. a WAL file removed meanwhile: nothing to protect any more
            pass


def too_open(home: Path) -> Iterator[tuple[Path, int]]:
    """Files and folders under `home` (itself included) that others than the user can read."""
    if sys.platform == "win32" or not home.exists():  # pragma: no cover - ACLs: see doctor
        return
    for p in [home, *home.rglob("*")]:
        try:
            mode = stat.S_IMODE(p.lstat().st_mode)
        except OSError:
            continue
        if p.is_symlink():
            continue
        if mode & 0o077:
            yield p, mode


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` whole or not at all (a `.part` renamed), the file the user's alone."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        restrict_to_owner(tmp)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
