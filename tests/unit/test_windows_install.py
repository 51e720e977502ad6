"""Issue 19, items 11-12: where the data lives on Windows, and the installer's choices.

Installed for all users, the data is per PC (%ProgramData%\\kiosk-mot-cua): two Windows accounts
on one counter PC share one database. The installer records the choice in install.ini next to
the exe. Simulated: a frozen exe in a folder with spaces, `#`, `%` and Vietnamese letters."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kiosk.paths
from kiosk.paths import default_home

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    app = tmp_path / "Program Files" / "Một cửa #1 %20"
    app.mkdir(parents=True)
    (app / "kiosk.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "kiosk.exe"))
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: True)
    monkeypatch.setenv("ProgramData", str(tmp_path / "ProgramData"))
    monkeypatch.delenv("KIOSK_HOME", raising=False)
    return app


def test_installed_for_all_users_the_data_is_per_pc(frozen: Path, tmp_path: Path) -> None:
    # as Inno Setup's [INI] section writes it
    (frozen / "install.ini").write_bytes(b"[kiosk]\r\ndata=all-users\r\n")
    assert default_home() == tmp_path / "ProgramData" / "kiosk-mot-cua"


def test_installed_for_one_user_the_data_is_per_user(frozen: Path, tmp_path: Path) -> None:
    (frozen / "install.ini").write_bytes(b"[kiosk]\r\ndata=per-user\r\n")
    assert "ProgramData" not in str(default_home())
    (frozen / "install.ini").unlink()
    assert "ProgramData" not in str(default_home())


def test_kiosk_home_wins(frozen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (frozen / "install.ini").write_bytes(b"[kiosk]\r\ndata=all-users\r\n")
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "Phòng #2 %20 Một cửa"))
    assert default_home() == tmp_path / "Phòng #2 %20 Một cửa"


def test_the_installer_records_the_choice_and_autostarts_the_kiosk_account() -> None:
    iss = (ROOT / "packaging" / "windows" / "kiosk.iss").read_text(encoding="utf-8-sig")
    ini = 'Filename: "{app}\\install.ini"; Section: "kiosk"; Key: "data"; String: "all-users"'
    assert ini in iss
    assert "{commonappdata}\\kiosk-mot-cua" in iss and "users-modify" not in iss
    assert "localgroup KioskMotCua" in iss and '""KioskMotCua:(OI)(CI)M""' in iss
    # autostart: the kiosk account's logon (a scheduled task), not the elevating admin's Startup
    for role in ("counter", "dispenser", "selfcheck", "display"):
        assert f'/TN ""KioskMotCua\\{role}""' in iss
    assert "/SC ONLOGON" in iss and "{code:KioskUser}" in iss
    for line in iss.splitlines():
        if line.startswith('Name: "{userstartup}'):
            assert "Check: not IsAdminInstallMode" in line, line
    assert "VersionInfoVersion=" in iss and "SetupIconFile=" in iss


def test_icon_and_version_resources_are_generated(tmp_path: Path) -> None:
    import ast
    import subprocess
    import sys

    from PIL import Image

    # as the build runs it: in a process of its own (it makes a QGuiApplication, which must not
    # be the one the UI tests of this process find later)
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "windows_resources.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    made = {
        name: Path(path)
        for name, path in (line.split(": ", 1) for line in done.stdout.splitlines())
    }
    with Image.open(made["icon"]) as ico:
        assert ico.format == "ICO"
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    for exe in ("kiosk", "kiosk-app"):
        text = made[exe].read_text(encoding="utf-8")
        tree = ast.parse(text)  # PyInstaller evaluates it as one Python expression
        assert isinstance(tree.body[0], ast.Expr)
        assert f"'OriginalFilename', '{exe}.exe'" in text and "'ProductName', 'Một cửa'" in text
        assert "filevers=(0, 1, 0, 0)" in text
    spec_text = (ROOT / "packaging" / "kiosk.spec").read_text(encoding="utf-8")
    assert "version=str(RESOURCES[name])" in spec_text
    assert 'icon=str(RESOURCES["icon"])' in spec_text
    assert '("X utf8", None, "OPTION")' in spec_text


def test_the_per_pc_folder_is_shared_with_the_kiosk_group_only(
    frozen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.privacy.files import icacls_command

    monkeypatch.setenv("USERNAME", "canbo1")
    monkeypatch.setenv("USERDOMAIN", "QUAY-01")
    (frozen / "install.ini").write_bytes(b"[kiosk]\r\ndata=all-users\r\n")
    home = default_home()
    home.mkdir(parents=True)
    cmd = icacls_command(home / "kiosk.sqlite3", False)
    assert cmd[:3] == ["icacls", str(home / "kiosk.sqlite3"), "/inheritance:r"]
    assert cmd[3:] == ["/grant:r", "QUAY-01\\canbo1:F", "/grant:r", "KioskMotCua:F"]
    other = tmp_path / "elsewhere"
    assert icacls_command(other, True)[3:] == ["/grant:r", "QUAY-01\\canbo1:(OI)(CI)F"]
    (frozen / "install.ini").write_bytes(b"[kiosk]\r\ndata=per-user\r\n")
    assert "KioskMotCua:F" not in icacls_command(home / "kiosk.sqlite3", False)
