"""Issue 19, item 3: in the windowed exe (no console) a start that fails before its first
window shows a message box naming the problem and writes the log; nothing silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.cli import main

CONFIG_1258 = "counter = 2\n# Qu\xe2\xecy s\xf4\xcc 2\n".encode("latin-1")  # cp1258 bytes


def close_box_later(seen: list[str]) -> None:
    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)


@pytest.mark.parametrize("role", ["counter", "display"])
def test_windowed_start_with_a_cp1258_config_shows_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    home = tmp_path / "Phòng #2 %20 Một cửa"
    home.mkdir()
    (home / "config.toml").write_bytes(CONFIG_1258)
    monkeypatch.setenv("KIOSK_WINDOWED", "1")
    seen: list[str] = []
    close_box_later(seen)
    assert main(["--home", str(home), "run", "--role", role]) == 1
    assert len(seen) == 1
    assert "không phải văn bản UTF-8" in seen[0] and "save it as UTF-8" in seen[0]
    assert "config.toml" in seen[0] and f"kiosk-{role}.log" in seen[0]
    log = (home / "logs" / f"kiosk-{role}.log").read_text(encoding="utf-8")
    assert "start failed before the first window" in log


def test_console_start_shows_no_box(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_WINDOWED", raising=False)
    (tmp_path / "config.toml").write_bytes(CONFIG_1258)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("no box on a console"))
    assert main(["--home", str(tmp_path), "run", "--role", "display"]) == 1
    assert (tmp_path / "logs" / "kiosk-display.log").is_file()
