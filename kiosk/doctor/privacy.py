"""`kiosk doctor`'s privacy checks (issue 16): file permissions, disk encryption, kiosk lock-down.

They warn rather than fail: a PC whose disk is not encrypted still works, but its owner must
know. Each is best-effort and says what it looked at:

- permissions: every file and folder in the data folder is the user's alone (no group/other
  bits on Linux; on Windows, `icacls` shows no entry for Everyone / Users / Authenticated Users);
- disk encryption: Linux — the device the data folder is on (`findmnt`) has a `crypt` layer
  below it (`lsblk -s`, i.e. LUKS/dm-crypt); Windows — `manage-bde -status` for the drive says
  the protection is on (needs an administrator; otherwise "could not tell");
- the admin PIN: a plain `admin_pin` in config.toml (only a hash should be kept);
- lock-down (a public PC: --public, or a public screen has run from this data folder): Linux —
  the session is a kiosk session (GNOME Kiosk, cage: XDG_SESSION_DESKTOP / XDG_CURRENT_DESKTOP
  / DESKTOP_SESSION); Windows — Shell Launcher (the Winlogon shell is not explorer.exe) or an
  Assigned Access configuration, and Task Manager disabled by policy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from kiosk.doctor.check import Check
from kiosk.privacy.files import too_open

PUBLIC_LOGS = ("kiosk-dispenser.log", "kiosk-selfcheck.log", "kiosk-display.log")


def _run(args: list[str], timeout: float = 5.0) -> str | None:
    if shutil.which(args[0]) is None:
        return None
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def check_permissions(home: Path) -> list[Check]:
    if not home.exists():
        return []
    if sys.platform == "win32":  # pragma: no cover - Windows
        out = _run(["icacls", str(home)]) or ""
        open_to = [g for g in ("Everyone", "BUILTIN\\Users", "Authenticated Users") if g in out]
        if open_to:
            return [
                Check(
                    "permissions",
                    True,
                    f"warning: {home} can be read by {', '.join(open_to)}",
                    "restart the app once (it restricts the folder to this user), or run "
                    f'icacls "{home}" /inheritance:r /grant:r "%USERNAME%:(OI)(CI)F"',
                    warning=True,
                )
            ]
        return [Check("permissions", True, f"{home}: this user only")]
    loose = list(too_open(home))
    if loose:
        shown = ", ".join(f"{p.relative_to(home).as_posix() or '.'} {oct(m)}" for p, m in loose[:3])
        more = f" and {len(loose) - 3} more" if len(loose) > 3 else ""
        return [
            Check(
                "permissions",
                True,
                f"warning: readable by other users: {shown}{more}",
                f"chmod -R go-rwx '{home}' (the app creates new files 0600 itself)",
                warning=True,
            )
        ]
    return [Check("permissions", True, f"{home}: this user only (0700/0600)")]


def disk_encrypted(home: Path) -> bool | None:
    """True/False when it could tell, None when not."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        drive = os.path.splitdrive(str(home.resolve()))[0] or "C:"
        out = _run(["manage-bde", "-status", drive])
        if out is None:
            return None
        text = out.lower()
        if "protection on" in text or "fully encrypted" in text:
            return True
        if "protection off" in text or "fully decrypted" in text:
            return False
        return None
    source = _run(["findmnt", "-n", "-o", "SOURCE", "--target", str(home)])
    if not source or not source.strip().startswith("/dev/"):
        return None
    device = source.strip().split("[")[0]
    layers = _run(["lsblk", "-s", "-n", "-o", "TYPE", device])
    if layers is None:
        return None
    return "crypt" in layers.split()


def check_disk_encryption(home: Path) -> list[Check]:
    found = disk_encrypted(home if home.exists() else home.parent)
    how = "BitLocker" if sys.platform == "win32" else "LUKS"
    if found is True:
        return [Check("disk encryption", True, f"the data folder's disk is encrypted ({how})")]
    fix = (
        "turn on BitLocker for this drive (Settings > Privacy & security > Device encryption)"
        if sys.platform == "win32"
        else "install the PC with an encrypted disk (LUKS, the installer's 'encrypt' option)"
    )
    detail = (
        f"warning: the data folder's disk is not encrypted ({how} not found)"
        if found is False
        else "warning: could not tell whether the data folder's disk is encrypted"
    )
    return [Check("disk encryption", True, detail, fix, warning=True)]


def is_public_pc(home: Path) -> bool:
    return any((home / "logs" / name).exists() for name in PUBLIC_LOGS)


def locked_down() -> tuple[bool | None, str]:
    if sys.platform == "win32":  # pragma: no cover - Windows
        try:
            import winreg

            with winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
            ) as k:
                shell = str(winreg.QueryValueEx(k, "Shell")[0])
        except OSError:
            shell = "explorer.exe"
        assigned = False
        try:
            winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE,
                r"SOFTWARE\Microsoft\Windows\AssignedAccessConfiguration",
            ).Close()
            assigned = True
        except OSError:
            pass
        task_manager_off = False
        try:
            with winreg.OpenKey(
                winreg.HKEY_CURRENT_USER,
                r"Software\Microsoft\Windows\CurrentVersion\Policies\System",
            ) as k:
                task_manager_off = int(winreg.QueryValueEx(k, "DisableTaskMgr")[0]) == 1
        except OSError:
            pass
        kiosk = assigned or shell.lower() not in ("explorer.exe", "")
        what = f"shell {shell}, Assigned Access {'on' if assigned else 'off'}, Task Manager "
        what += "disabled" if task_manager_off else "enabled"
        return kiosk and task_manager_off, what
    session = " ".join(
        os.environ.get(v, "")
        for v in ("XDG_SESSION_DESKTOP", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION")
    ).lower()
    if not session.strip():
        return None, "no desktop session seen from here (run doctor inside the kiosk session)"
    kiosk = any(word in session for word in ("kiosk", "cage"))
    return kiosk, f"session '{session.strip()}'"


def check_lockdown(home: Path, public: bool) -> list[Check]:
    if not (public or is_public_pc(home)):
        return []
    state, what = locked_down()
    if state:
        return [Check("kiosk lock-down", True, f"this public PC is locked down ({what})")]
    return [
        Check(
            "kiosk lock-down",
            True,
            f"warning: this public PC does not look locked down ({what})",
            "follow docs/install.md, 'Locking a public PC down'",
            warning=True,
        )
    ]


def check_plain_pin(home: Path) -> list[Check]:
    """The admin PIN must be kept as a hash only: a plain `admin_pin` in config.toml is not."""
    try:
        with (home / "config.toml").open("rb") as f:
            config = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    if "admin_pin" not in config:
        return []
    return [
        Check(
            "admin PIN",
            True,
            "warning: config.toml holds the public screens' admin PIN in plain text",
            "run 'kiosk kiosk-pin set' (only a hash is kept), then delete admin_pin from "
            "config.toml",
            warning=True,
        )
    ]


def check_privacy(home: Path, *, public: bool = False) -> list[Check]:
    return (
        check_permissions(home)
        + check_disk_encryption(home)
        + check_lockdown(home, public)
        + check_plain_pin(home)
    )


def check_database_encryption(db_url: str) -> list[Check]:
    """A PC's SQLite database should be encrypted (SQLCipher); a plain one made by an older
    version is converted by `kiosk db encrypt`, or by the app when it next starts."""
    from kiosk.store import cipher

    path = cipher.sqlite_file(db_url)
    if path is None or not path.is_file():
        return []  # PostgreSQL, in memory, or no database yet (the database check says so)
    kind = cipher.file_kind(path)
    if kind == "plain":
        return [
            Check(
                "database encryption",
                True,
                "warning: the database is not encrypted (it was made by an older version)",
                "run 'kiosk db encrypt' with the app closed (the app also does it when it starts)",
                warning=True,
            )
        ]
    if kind == "encrypted" and cipher.stored_key(path) is not None:
        from kiosk.privacy.secrets import where

        return [Check("database encryption", True, f"encrypted; its key is kept in {where()}")]
    return []  # no key, or not a database: the database check fails and says why

