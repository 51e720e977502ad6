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


def default_home() -> Path:
    """The data folder: `$KIOSK_HOME`, else the platform's user data folder."""
    env = os.environ.get("KIOSK_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
