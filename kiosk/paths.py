"""Where bundled resources and the user's data live, portably (Windows, Linux, frozen)."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path
from urllib.parse import quote

import platformdirs

APP_NAME = "kiosk-mot-cua"


def resources_dir() -> Path:
    """The bundled `resources/` folder: beside the packages, or inside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path(name: str = "NotoSans-Regular.ttf") -> Path:
    return resource("fonts", name)


INSTALL_INI = "install.ini"  # written by the Windows installer next to kiosk.exe
# The local group of the PC's accounts that use the per-PC data folder (made by the installer)
SHARED_GROUP = "KioskMotCua"


def default_home() -> Path:
    """The data folder: `$KIOSK_HOME`; else the per-PC folder when the app was installed for
    all users (the installer's choice, recorded in `install.ini` next to the exe); else the
    platform's per-user data folder (%LOCALAPPDATA%\\kiosk-mot-cua, ~/.local/share/...).

    Per PC matters on Windows: a counter PC used by two Windows accounts (a clerk's and the
    kiosk account) must have one database, one enrollment and one number slot, not one each.
    """
    env = os.environ.get("KIOSK_HOME")
    if env:
        return Path(env).expanduser()
    chosen = installed_data_choice()
    if chosen == "all-users":
        return common_data_dir()
    if chosen and Path(chosen).is_absolute():
        return Path(chosen)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def install_ini() -> Path | None:
    """`install.ini` beside the frozen exe; None when running from source or a pip install."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent / INSTALL_INI


def installed_data_choice() -> str | None:
    """`data` in the [kiosk] section of install.ini: "all-users", "per-user" or a folder."""
    import configparser

    ini = install_ini()
    if ini is None or not ini.is_file():
        return None
    parser = configparser.ConfigParser()
    try:
        # Inno Setup writes INI files in the ANSI code page; the values here are ASCII
        parser.read_string(ini.read_bytes().decode("utf-8-sig", errors="replace"))
    except configparser.Error:
        return None
    value = parser.get("kiosk", "data", fallback="").strip()
    return value or None


def common_data_dir() -> Path:
    """The per-PC data folder: %ProgramData%\\kiosk-mot-cua on Windows, /var/lib elsewhere."""
    if is_windows():
        return Path(os.environ.get("ProgramData") or r"C:\ProgramData") / APP_NAME
    return Path("/var/lib") / APP_NAME


def sqlite_url(path: Path) -> str:
    """`sqlite:///<path>` with the path escaped, so that SQLAlchemy reads back the same path.

    SQLAlchemy decodes `%XX` in a URL and stops the path at `?`: a data folder named
    `Phòng #2 %20 Một cửa` (Windows user names allow all of these) must not become
    `Phòng #2   Một cửa`. Same result as `URL.create("sqlite", database=...)`, without
    importing SQLAlchemy (the command line loads it only when a command opens the store).
    """
    return "sqlite:///" + quote(Path(path).as_posix(), safe="/:")


def sqlite_uri(path: Path, **params: str) -> str:
    """A `file:` URI for `sqlite3.connect(..., uri=True)`, every special letter escaped."""
    uri = Path(path).resolve().as_uri()
    return uri + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def is_windows() -> bool:
    """os.name == "nt"; a function, so that tests can simulate Windows code paths."""
    return os.name == "nt"


def find_executable(name: str, *, python: str | None = None) -> str | None:
    """A console tool installed with our Python packages (e.g. `pyside6-lrelease`), else None.

    Looked for beside the running interpreter (a venv's `bin/`, or `Scripts\\` on Windows, where
    the tool is `NAME.exe` and the venv need not be activated), in the interpreter's scripts
    folder, then on PATH (which also knows PATHEXT on Windows).
    """
    exe = Path(python or sys.executable)
    names = [f"{name}.exe", name] if is_windows() else [name]
    folders = [exe.parent, exe.parent / ("Scripts" if is_windows() else "bin")]
    if python is None:
        folders.append(Path(sysconfig.get_path("scripts")))
    for folder in folders:
        for candidate in names:
            if (folder / candidate).is_file():
                return str(folder / candidate)
    return shutil.which(name)


def documents_dir() -> Path:
    """The user's Documents folder (where saved reports and exports are suggested): visible,
    unlike the data folder under AppData; the home folder when there is none."""
    try:
        found = Path(platformdirs.user_documents_dir())
    except Exception:  # noqa: BLE001 - an odd desktop: fall back to the home folder
        return Path.home()
    return found if found.is_dir() else Path.home()
