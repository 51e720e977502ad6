#!/usr/bin/env python3
"""Set up a development machine and run the demo or the whole test suite.

    python3 scripts/dev.py demo   # venv + packages, demo database, the app with simulated devices
    python3 scripts/dev.py test   # venv + packages (+ Debian packages as root), lint, types, tests

Works on Windows (`py scripts\\dev.py demo`) and Linux. On Debian/Ubuntu as root it also installs
the system packages: for `demo` Qt's xcb libraries, for `test` also those the tests use
(poppler, zbar, PostgreSQL, CUPS).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
QT_PACKAGES = [  # what Qt's xcb platform needs to open a window (the demo needs these too)
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
]
DEBIAN_PACKAGES = [
    "poppler-utils",  # pdftotext, pdftoppm, pdffonts: read back the printed forms
    "zbar-tools",  # zbarimg: decode the printed barcodes and QR codes
    "chromium-headless-shell",  # open the exported website in a real browser, screenshots
    "postgresql",  # the real server of the integration tests
    "cups",  # a real print spooler: A4 forms printed through QPrinter (tests/ui/test_print_a4.py)
    "printer-driver-cups-pdf",  # ... to a CUPS-PDF printer whose output is read back
    *QT_PACKAGES,  # Qt's platforms
]


def run(*cmd: str | Path, **kw: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)  # type: ignore[arg-type]


def debian_packages(packages: list[str] = DEBIAN_PACKAGES) -> None:
    if os.name == "nt" or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    missing = [
        p
        for p in packages
        if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0
    ]
    if missing:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-q", env=env)
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=env)


def python_env(dev: bool) -> None:
    if not PY.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / (".installed-dev" if dev else ".installed")
    spec = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < spec.stat().st_mtime:
        run(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "-q", "-e", ".[dev]" if dev else ".")
        stamp.touch()


def demo() -> int:
    debian_packages(QT_PACKAGES)  # as root on Debian/Ubuntu: the libraries a Qt window needs
    python_env(dev=False)
    home = ROOT / ".demo-home"
    kiosk = BIN / ("kiosk.exe" if os.name == "nt" else "kiosk")
    run(kiosk, "--home", home, "init", "--demo")
    extra = sys.argv[2:]
    return subprocess.run(
        [str(kiosk), "--home", str(home), "run", "--demo", *extra], cwd=ROOT
    ).returncode


def test() -> int:
    debian_packages()
    python_env(dev=True)
    run(PY, "-m", "ruff", "check", "kiosk", "printing", "ui", "tests", "scripts")
    run(PY, "-m", "mypy")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(PY), "-m", "pytest", *sys.argv[2:]], cwd=ROOT, env=env).returncode


def main() -> int:
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "demo":
        return demo()
    if action == "test":
        return test()
    if action == "setup":
        debian_packages()
        python_env(dev=True)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
