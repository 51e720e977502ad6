"""Packaging: the PyInstaller one-folder app really builds and runs; the installer scripts agree
with the app (every role has its entry) and install where they say."""

from __future__ import annotations

import ast
import configparser
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"


def run_roles() -> set[str]:
    """The roles `kiosk run --role` accepts, read from the real parser (minus 'all')."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    run = sub.choices["run"]  # type: ignore[index]
    role = next(a for a in run._actions if a.dest == "role")
    return set(role.choices) - {"all"}


def desktop_file(path: Path) -> configparser.ConfigParser:
    cp = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",), strict=True)
    cp.optionxform = str  # type: ignore[assignment,method-assign]
    cp.read(path, encoding="utf-8")
    return cp


def _spec_list(name: str) -> list[str]:
    """The literal strings and `collect_submodules("x")` calls of a list in kiosk.spec."""
    tree = ast.parse((PACKAGING / "kiosk.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            assert isinstance(node.value, ast.List)
            found: list[str] = []
            for item in node.value.elts:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    found.append(item.value)
                elif isinstance(item, ast.Starred) and isinstance(item.value, ast.Call):
                    call, first = item.value, item.value.args[0]
                    assert isinstance(call.func, ast.Name) and isinstance(first, ast.Constant)
                    found.append(f"{call.func.id}:{first.value}")
            return found
    raise AssertionError(f"no list {name} in kiosk.spec")


def test_the_spec_bundles_the_sqlcipher_driver_and_keyring_backends() -> None:
    """Without sqlcipher3's C extension the frozen app cannot open its (encrypted) database;
    without keyring's backends and metadata it cannot find the database key."""
    hidden = _spec_list("hiddenimports")
    assert {"sqlcipher3", "sqlcipher3.dbapi2", "sqlcipher3._sqlite3"} <= set(hidden)
    assert "collect_submodules:keyring.backends" in hidden
    assert 'copy_metadata("keyring")' in (PACKAGING / "kiosk.spec").read_text(encoding="utf-8")
    import sqlcipher3.dbapi2  # the module the spec names really exists under that name

    assert sqlcipher3.dbapi2.sqlite_version_info >= (3, 40)


def test_windows_installer_has_a_start_menu_entry_per_role() -> None:
    iss = (PACKAGING / "windows" / "kiosk.iss").read_text(encoding="utf-8-sig")
    icons = iss.split("[Icons]", 1)[1].split("\n[", 1)[0]
    menu = [line for line in icons.splitlines() if line.startswith('Name: "{group}')]
    roles = {
        line.split("run --role ", 1)[1].split()[0].strip('"') for line in menu if "--role" in line
    }
    assert roles == run_roles()
    assert "{userstartup}" in icons and "autostart\\display" in icons
    assert 'Parameters: "init"' in iss  # the database is made (or upgraded) on install
    assert '#define Gui "{app}\\kiosk-app.exe"' in iss  # no console window behind the GUI


def test_linux_desktop_entries_name_real_roles() -> None:
    menu = desktop_file(LINUX / "kiosk-mot-cua.desktop")
    entry = menu["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"].endswith("run --role counter")
    actions = [a for a in entry["Actions"].split(";") if a]
    roles = {"counter"} | {
        menu[f"Desktop Action {a}"]["Exec"].split("--role ", 1)[1].split()[0] for a in actions
    }
    assert roles == run_roles()
    auto = desktop_file(LINUX / "kiosk-mot-cua-autostart.desktop")["Desktop Entry"]
    assert "--fullscreen" in auto["Exec"] and auto["X-GNOME-Autostart-enabled"] == "true"
    validate = shutil.which("desktop-file-validate")
    if validate:
        for name in ("kiosk-mot-cua.desktop", "kiosk-mot-cua-autostart.desktop"):
            proc = subprocess.run([validate, str(LINUX / name)], capture_output=True, text=True)
            assert proc.returncode == 0, proc.stdout + proc.stderr


def test_server_unit_runs_kiosk_server_as_its_own_user() -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(LINUX / "kiosk-server.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"].startswith("/opt/kiosk-mot-cua/kiosk server --host ")
    assert service["User"] == "kiosk" and service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/kiosk-mot-cua/server.env"
    env = (LINUX / "server.env.example").read_text(encoding="utf-8")
    assert "KIOSK_DB=postgresql://" in env
    verify = shutil.which("systemd-analyze")
    if verify and os.path.isdir("/run/systemd/system"):
        proc = subprocess.run(
            [verify, "verify", str(LINUX / "kiosk-server.service")],
            capture_output=True,
            text=True,
        )
        assert "Unknown" not in proc.stderr and "Invalid" not in proc.stderr, proc.stderr


@pytest.mark.skipif(os.name == "nt", reason="a POSIX shell script")
def test_linux_install_script_into_a_destdir(tmp_path: Path) -> None:
    app = tmp_path / "build" / "kiosk"
    (app / "_internal").mkdir(parents=True)
    (app / "kiosk").write_text("#!/bin/sh\necho kiosk\n", encoding="utf-8")
    (app / "kiosk").chmod(0o755)
    root = tmp_path / "root"
    env = dict(os.environ, DESTDIR=str(root))
    cmd = ["sh", str(LINUX / "install.sh"), "--from", str(app)]
    proc = subprocess.run(
        [*cmd, "--autostart", "display", "--server"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert os.access(root / "opt/kiosk-mot-cua/kiosk", os.X_OK)
    assert os.readlink(root / "usr/local/bin/kiosk") == "/opt/kiosk-mot-cua/kiosk"
    assert (root / "usr/share/applications/kiosk-mot-cua.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/scalable/apps/kiosk-mot-cua.svg").is_file()
    auto = desktop_file(root / "etc/xdg/autostart/kiosk-mot-cua-display.desktop")
    assert auto["Desktop Entry"]["Exec"].endswith("run --role display --fullscreen")
    assert (root / "etc/systemd/system/kiosk-server.service").is_file()
    (root / "etc/kiosk-mot-cua/server.env").write_text("KIOSK_DB=mine\n", encoding="utf-8")
    # an upgrade replaces the app whole and keeps the admin's settings
    (root / "opt/kiosk-mot-cua/_internal/old-library.so").write_bytes(b"old")
    proc = subprocess.run([*cmd, "--server"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not (root / "opt/kiosk-mot-cua/_internal/old-library.so").exists()
    assert (root / "etc/kiosk-mot-cua/server.env").read_text(encoding="utf-8") == "KIOSK_DB=mine\n"
    bad = subprocess.run([*cmd, "--autostart", "boss"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "--autostart" in bad.stderr


# -- the real build --------------------------------------------------------------------------


def frozen(
    app: Path, home: Path, *args: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_HOME", None)
    env.pop("KIOSK_DB", None)
    exe = app / ("kiosk.exe" if os.name == "nt" else "kiosk")
    proc = subprocess.run(
        [str(exe), "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=app.parent,  # not the source tree: nothing may be found there by accident
        timeout=timeout,
    )
    assert proc.returncode == 0, f"{args}: {proc.stderr}"
    return proc


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_one_folder_app_builds_and_runs(tmp_path_factory: pytest.TempPathFactory) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("PyInstaller is not installed (pip install -e .[dev] brings it)")
        pytest.skip("PyInstaller is not installed")
    out = tmp_path_factory.mktemp("build")
    t0 = time.monotonic()
    build = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "--no-smoke"]
        + ["--dist", str(out / "dist"), "--work", str(out / "work")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=840,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    seconds = time.monotonic() - t0
    app = out / "dist" / "kiosk"
    size = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"built in {seconds:.0f} s, {size / 1e6:.0f} MB")
    assert (app / "_internal" / "resources" / "fonts" / "NotoSans-Regular.ttf").is_file()
    assert (app / "_internal" / "kiosk" / "store" / "migrations" / "env.py").is_file()

    home = out / "home"
    init = json.loads(frozen(app, home, "init", "--demo", "--json").stdout)
    assert init["procedures"] >= 30  # catalog from the bundled resources, schema by Alembic
    # made encrypted by the bundled SQLCipher driver
    assert not (home / "kiosk.sqlite3").read_bytes().startswith(b"SQLite format 3")
    ready = frozen(app, home, "run", "--role", "display", "--quit-after-ready").stdout
    assert any(line.startswith("ready ") for line in ready.splitlines()), ready
    # the entry points were found (run, print), and the doctor's printer hook
    doctor = json.loads(frozen(app, home, "doctor", "--json").stdout)
    assert doctor["ok"] is True and "printers" in {c["name"] for c in doctor["checks"]}
    code = json.loads(frozen(app, home, "search", "--json").stdout)["dossiers"][0]["code"]
    pdf = out / "receipt.pdf"
    frozen(app, home, "print", "receipt", code, "--out", str(pdf))
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "GIẤY TIẾP NHẬN" in text.upper() and code in text
    (out / "backups").mkdir()  # backup writes into a folder that exists, never makes one
    frozen(app, home, "backup", "--out", str(out / "backups") + "/")  # the office key: keyring
    assert len(list((out / "backups").glob("kiosk-*.sqlite3.enc"))) == 1  # encrypted
