"""Issue 19, item 6: the translation tools are found in a Windows venv (`Scripts\\NAME.exe`,
the venv not activated, so not on PATH): `scripts/build_translations.py` and the demo's
`--lang en` (which compiles a stale .qm at start) work there. Simulated: a venv-shaped folder
and `is_windows()` patched."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kiosk.paths
from kiosk.paths import find_executable

ROOT = Path(__file__).resolve().parents[2]


def windows_venv(tmp_path: Path) -> Path:
    scripts = tmp_path / "Lê Văn #1 %20" / ".venv" / "Scripts"
    scripts.mkdir(parents=True)
    for name in ("python.exe", "pyside6-lrelease.exe", "pyside6-lupdate.exe"):
        (scripts / name).write_bytes(b"MZ")
    return scripts


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    scripts = windows_venv(tmp_path)
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: True)
    monkeypatch.setattr(sys, "executable", str(scripts / "python.exe"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(kiosk.paths.sysconfig, "get_path", lambda _name: str(tmp_path / "none"))
    return scripts


def test_the_exe_beside_python_is_found(on_windows: Path) -> None:
    assert find_executable("pyside6-lrelease") == str(on_windows / "pyside6-lrelease.exe")


def test_build_translations_finds_lrelease_exe(on_windows: Path) -> None:
    script = load_script()
    assert script.tool("pyside6-lrelease") == str(on_windows / "pyside6-lrelease.exe")
    assert script.tool("pyside6-lupdate") == str(on_windows / "pyside6-lupdate.exe")


def test_the_app_finds_lrelease_exe(on_windows: Path) -> None:
    from ui import i18n

    assert i18n.lrelease_tool() == str(on_windows / "pyside6-lrelease.exe")


def test_python_in_the_venv_root_as_on_posix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: False)
    bin_ = tmp_path / "v" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "pyside6-lrelease").write_bytes(b"#!")
    assert find_executable("pyside6-lrelease", python=str(bin_ / "python3")) == str(
        bin_ / "pyside6-lrelease"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_executable("no-such-tool-here", python=str(bin_ / "python3")) is None
