"""Issue 19, item 13: saved reports are suggested in Documents (the data folder is hidden
AppData on Windows), and a CSV still open in Excel (Windows refuses to replace it; simulated)
is left as it is while the new one is saved beside it, the banner naming it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import kiosk.paths
from kiosk import outfiles
from tests.ui.test_supervisor import march, window  # noqa: F401 - the fixture
from ui.supervisor import widgets
from ui.supervisor.window import SupervisorWindow

REAL_REPLACE = os.replace


def test_reports_are_suggested_in_documents_and_a_locked_csv_is_kept(
    window: SupervisorWindow,  # noqa: F811
    wait_idle: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "Tài liệu"
    documents.mkdir()
    monkeypatch.setattr(kiosk.paths.platformdirs, "user_documents_dir", lambda: str(documents))
    march(window, wait_idle)
    tab = window.results
    asked: list[str] = []
    target = documents / "bao-cao.csv"
    target.write_bytes(b"old, open in Excel")

    def ask(_parent: Any, _title: str, suggested: str, _filter: str) -> str:
        asked.append(suggested)
        return str(target)

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == target:
            raise PermissionError(32, "The process cannot access the file", str(dst))
        REAL_REPLACE(src, dst)

    monkeypatch.setattr(widgets, "ask_save_path", ask)
    monkeypatch.setattr(outfiles.os, "replace", replace)
    monkeypatch.setattr(outfiles.time, "sleep", lambda _s: None)
    tab.csv_button.click()
    wait_idle()
    assert Path(asked[0]).parent == documents and asked[0].endswith(".csv")
    assert target.read_bytes() == b"old, open in Excel"
    saved = documents / "bao-cao-moi.csv"
    assert saved.is_file() and saved.read_bytes().startswith(b"\xef\xbb\xbf")
    assert str(saved) in tab.banner.text()
