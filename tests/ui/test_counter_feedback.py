"""What the screens tell the clerk and the operator when something is not right (issue 17.8):
no PDF viewer, no sound, a stale warning, a printer gone (in test_devices_manager.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.counter.printouts import PrintResult
from ui.widgets import open_file

from .test_counter_flow import open_counter
from .test_counter_more import fill_applicant


@pytest.fixture
def no_viewer(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def refuse(url: Any) -> bool:
        asked.append(url.toLocalFile())
        return False  # what QDesktopServices.openUrl says on a PC without a PDF viewer

    monkeypatch.setattr(open_file, "_open_url", refuse)
    return asked


def test_open_pdf_without_a_viewer_says_where_the_file_is(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, tmp_path: Path, no_viewer: list[str]
) -> None:
    pdf = tmp_path / "000.17.22.H56-260302-0001-mau01.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    w = open_counter(qtbot, ctx, wait_idle)
    card = w.reception.result
    card.last_print = PrintResult("receipt", "000.17.22.H56-260302-0001", pdf)
    card.open_pdf_button.setEnabled(True)
    card.open_pdf_button.click()
    assert no_viewer == [str(pdf)]
    assert "chưa có chương trình mở tệp PDF" in card.print_state.text()
    assert str(pdf) in card.print_state.text()

    book = w.work.book
    book.pdf = pdf
    book.open_pdf()
    assert not book.banner.isHidden() and str(pdf) in book.banner.text()


def test_open_pdf_with_a_viewer_says_nothing(tmp_path: Path, monkeypatch: Any, qapp: Any) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(open_file, "_open_url", lambda url: True)
    assert open_file.open_file(pdf) is None
    assert "Không còn tệp" in (open_file.open_file(tmp_path / "gone.pdf") or "")


def test_the_missing_documents_warning_goes_when_the_checklist_is_complete(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    """A stale "Chưa đủ giấy tờ bắt buộc (3)…" stayed under "Đủ giấy tờ bắt buộc"."""
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    fill_applicant(w)
    assert page.checklist.missing_required()
    page.receive_button.click()
    assert page.banner.isVisibleTo(w) and "Chưa đủ giấy tờ bắt buộc" in page.banner.text()
    page.checklist.set_all(True)
    assert "Đủ giấy tờ bắt buộc" in page.checklist.summary.text()
    assert not page.banner.isVisibleTo(w) and page.banner.text() == ""


def test_another_message_is_not_cleared_by_the_checklist(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    fill_applicant(w)
    page.receive_button.click()
    page.banner.show_message("Máy in A4 chưa sẵn sàng.", "warning")  # something else since
    page.checklist.set_all(True)
    assert page.banner.text() == "Máy in A4 chưa sẵn sàng."
