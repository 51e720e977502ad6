"""The department officer prints the selected dossier's control sheet (phiếu kiểm soát quá trình
giải quyết hồ sơ) off the GUI thread; the PDF's text has the dossier code and the hand-overs."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier
from ui.context import AppContext

from .test_department import open_department, receive, select_code


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_control_sheet_of_the_selected_dossier(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    code = receive(ctx, "Trần Thị Kiểm Soát")
    with ctx.store.begin() as s:
        advance_dossier(s, code, Status.IN_PROCESS, Actor("chuyenvien"), note="Nhận xử lý")
    w = open_department(qtbot, ctx, wait_idle)
    wait_idle()
    assert not w.control_button.isEnabled()  # nothing selected yet
    select_code(w, code, wait_idle)
    assert w.control_button.isEnabled()
    w.control_button.click()
    assert w.control_button.text() == "Đang in…" and not w.control_button.isEnabled()
    qtbot.waitUntil(lambda: w.last_print is not None, timeout=30_000)
    wait_idle(w.io)
    r = w.last_print
    assert r is not None and r.pdf is not None and r.pdf.name.endswith("mau06-phieu-kiem-soat.pdf")
    assert w.banner.text() == f"Đã tạo {r.pdf.name}."
    assert w.control_button.isEnabled() and w.control_button.text() == "In phiếu kiểm soát (Mẫu 06)"
    text = subprocess.run(
        ["pdftotext", "-layout", str(r.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert code in text
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Trần Thị Kiểm Soát" in text
    flat = " ".join(text.split())
    # The hand-over row names the unit, not "Phòng chuyên môn"; the handling unit is filled.
    assert "Phòng chuyên môn" not in flat and "Giao: Nguyễn Thị Lan (Bộ phận" in flat
    assert "Nhận: Hoàng Văn Đức (UBND cấp xã)" in flat
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: UBND cấp xã" in flat
    shot(w, "department_control_sheet")
