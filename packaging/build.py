#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller (Linux or Windows), then smoke-test it.

    .venv/bin/python packaging/build.py              # -> dist/kiosk/ (kiosk, _internal/)
    .venv/bin/python packaging/build.py --installer  # Windows: also the Inno Setup installer
    .venv/bin/python packaging/build.py --archive    # Linux: + a .tar.gz with install.sh
    .venv/bin/python packaging/build.py --no-smoke --dist OUT --work TMP

Steps: compile the interface translations (.ts -> .qm; generated files are not in git), run
PyInstaller on packaging/kiosk.spec, then start the built app: `kiosk --home TMP init` and
`kiosk run --role display --quit-after-ready` on Qt's offscreen platform. Prints the size and
the time taken. Needs the dev extra (`pip install -e .[dev]`, which brings PyInstaller).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "kiosk.spec"
ISS = ROOT / "packaging" / "windows" / "kiosk.iss"
WINDOWS = os.name == "nt"


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, cwd=ROOT, **kw)  # type: ignore[call-overload]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def app_executable(app_dir: Path) -> Path:
    return app_dir / ("kiosk.exe" if WINDOWS else "kiosk")


def build(dist: Path, work: Path, *, clean: bool = False) -> Path:
    """PyInstaller on the spec; returns the app folder (dist/kiosk)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is not installed: pip install -e .[dev]")
    run([sys.executable, str(ROOT / "scripts" / "build_translations.py"), "--release"])
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work)]
    if clean:
        cmd.append("--clean")
    run(cmd)
    return dist / "kiosk"


def smoke(app_dir: Path) -> int:
    """Start the built app on a fresh data folder; returns the start-up time in ms."""
    exe = str(app_executable(app_dir))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_HOME", None)
    env.pop("KIOSK_DB", None)
    with tempfile.TemporaryDirectory(prefix="kiosk-smoke-") as home:
        run([exe, "--home", home, "init", "--json"], env=env, capture_output=True, timeout=180)
        out = run(
            [exe, "--home", home, "run", "--role", "display", "--quit-after-ready"],
            env=env,
            capture_output=True,
            timeout=180,
        ).stdout
    ready = [line for line in out.splitlines() if line.startswith("ready ")]
    if not ready:
        raise SystemExit(f"the built app did not print 'ready <ms>': {out!r}")
    return int(ready[-1].split()[1])


def archive(app_dir: Path) -> Path:
    """Linux: kiosk-mot-cua-<version>-linux-<machine>.tar.gz with the app and install.sh."""
    import platform
    import tarfile
    from importlib.metadata import version

    name = f"kiosk-mot-cua-{version('kiosk')}-linux-{platform.machine()}"
    out = app_dir.parent / f"{name}.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(app_dir, arcname=f"{name}/kiosk")
        for extra in sorted((ROOT / "packaging" / "linux").iterdir()):
            tar.add(extra, arcname=f"{name}/{extra.name}")
        tar.add(ROOT / "docs" / "install.md", arcname=f"{name}/install.md")
    return out


def installer(app_dir: Path) -> Path | None:
    """The Windows installer (Inno Setup's ISCC on PATH or in its default folder)."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"))
    candidate = default / "Inno Setup 6" / "ISCC.exe"
    if not iscc and candidate.exists():
        iscc = str(candidate)
    if not iscc:
        print("Inno Setup (ISCC.exe) not found: install it to build the installer", flush=True)
        return None
    run([iscc, f"/DAppDir={app_dir}", f"/O{app_dir.parent}", str(ISS)])
    return next(app_dir.parent.glob("kiosk-mot-cua-setup-*.exe"), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--clean", action="store_true", help="ignore PyInstaller's cache")
    parser.add_argument("--no-smoke", action="store_true", help="do not start the built app")
    parser.add_argument("--installer", action="store_true", help="Windows: run Inno Setup too")
    parser.add_argument("--archive", action="store_true", help="Linux: a .tar.gz to install")
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    app_dir = build(args.dist.resolve(), args.work.resolve(), clean=args.clean)
    built = time.monotonic() - t0
    size = folder_size(app_dir)
    print(f"built {app_dir} in {built:.0f} s: {size / 1e6:.0f} MB", flush=True)
    if not args.no_smoke:
        print(f"smoke test: ready in {smoke(app_dir)} ms", flush=True)
    if args.archive and not WINDOWS:
        print(f"archive: {archive(app_dir)}", flush=True)
    if args.installer:
        if not WINDOWS:
            print("--installer: the Windows installer is built on Windows", flush=True)
        elif (setup := installer(app_dir)) is not None:
            print(f"installer: {setup}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
