"""Checks of the machine itself: Qt's xcb libraries on Linux, the data folder and its disk.

Qt's xcb platform plugin (the usual Linux desktop) links against system libraries that the
PySide6 wheel does not ship. When one is missing Qt aborts with "Could not load the Qt platform
plugin xcb", which tells an installer nothing; `kiosk doctor` names the Debian/Ubuntu package.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.doctor.check import Check

# soname -> the Debian/Ubuntu package that ships it (the direct needs of libqxcb.so, Qt 6.5+)
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}
MIN_FREE_BYTES = 500 * 1024 * 1024  # a day's backups and logs with room to spare


def installed_libraries() -> set[str]:
    """Sonames the dynamic linker knows (`ldconfig -p`), plus any bundled in a frozen build."""
    found: set[str] = set()
    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None
    )
    if ldconfig:
        try:
            out = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            name = line.strip().split(" ", 1)[0]
            if ".so" in name:
                found.add(name)
    if not found:  # no ldconfig (a minimal container): ask ctypes, library by library
        for soname in XCB_LIBRARIES:
            short = soname[3:].split(".so", 1)[0]
            hit = ctypes.util.find_library(short)  # e.g. "libxcb-cursor.so.0"
            if hit:
                found.add(hit)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.update(p.name for p in Path(frozen).glob("*.so*"))
    found.update(p.name for p in _ld_library_path_libs())
    return found


def _ld_library_path_libs() -> Iterable[Path]:
    for folder in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep):
        if folder and os.path.isdir(folder):
            yield from Path(folder).glob("*.so*")


def check_qt_libraries(
    *,
    platform: str = sys.platform,
    qpa: str | None = None,
    present: Callable[[], set[str]] = installed_libraries,
) -> list[Check]:
    """One check for Qt's xcb libraries on Linux; nothing on other systems."""
    if not platform.startswith("linux"):
        return []
    qpa = os.environ.get("QT_QPA_PLATFORM", "") if qpa is None else qpa
    if qpa and not qpa.startswith("xcb"):
        return [Check("qt libraries", True, f"not needed: QT_QPA_PLATFORM={qpa}")]
    have = present()
    missing = sorted({pkg for lib, pkg in XCB_LIBRARIES.items() if lib not in have})
    if not missing:
        return [Check("qt libraries", True, f"the {len(XCB_LIBRARIES)} xcb/xkb libraries found")]
    return [
        Check(
            "qt libraries",
            False,
            "the windows cannot open on this Linux desktop: missing " + ", ".join(missing),
            "install them (Debian/Ubuntu): sudo apt-get install " + " ".join(missing),
        )
    ]


def check_data_folder(home: Path) -> list[Check]:
    """The data folder exists (or can be made), is writable, and its disk has room."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".doctor-write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return [
            Check(
                "data folder",
                False,
                f"cannot write in {home}: {exc.strerror or exc}",
                "give this user write access to the folder, or choose another with --home "
                "or KIOSK_HOME",
            )
        ]
    free = shutil.disk_usage(home).free
    if free < MIN_FREE_BYTES:
        return [
            Check(
                "data folder",
                False,
                f"{home}: only {free // (1024 * 1024)} MB free on its disk",
                "free some space (old files in backups/ can go to another disk); the database "
                "stops accepting dossiers when the disk is full",
            )
        ]
    return [Check("data folder", True, f"{home} ({free // (1024 * 1024)} MB free)")]
