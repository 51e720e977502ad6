"""The results report as PDF: the text a person reads, extracted with pdftotext, and its fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.services.reports import results_report
from kiosk.store.db import Store
from printing.forms.data import AgencyHeader
from printing.forms.report import render_results_report
from tests.unit.test_reports import MADE_ON, MARCH, build_march

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
HEADER = AgencyHeader("UBND phường Quang Trung", "UBND tỉnh Thanh Hóa", "Thanh Hóa")


def text_of(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return out.stdout


def numbers_on(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"(?<![\d(/])\d+(?![\d)/])", line)]


def test_march_report_pdf(store: Store, output_dir: Path) -> None:
    build_march(store)
    with store.begin() as s:
        report = results_report(s, *MARCH, at=MADE_ON)
    pdf = output_dir / "results_march.pdf"
    data = render_results_report(
        report, HEADER, made_on=date(2026, 4, 15), maker="Lê Thị Thu Hà", out=pdf
    )
    assert data.startswith(b"%PDF") and pdf.read_bytes() == data
    text = text_of(pdf)
    flat = " ".join(text.split())
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in flat
    assert "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026" in flat
    assert "UBND PHƯỜNG QUANG TRUNG" in flat and "Thanh Hóa, ngày 15 tháng 04 năm 2026" in flat
    assert "Biểu số II.06a" in flat and "Lê Thị Thu Hà" in flat
    assert "hết ngày 31/03/2026" in flat  # when "pending" was measured
    assert all(f"({i})" in flat for i in range(1, 14))
    lines = {
        name: next(li for li in text.splitlines() if name in li)
        for name in ("Hộ tịch", "Đăng ký, quản lý cư trú", "Tổng cộng")
    }
    # The same numbers as the JSON: columns 1 and 3-13 of each row.
    assert numbers_on(lines["Đăng ký, quản lý cư trú"]) == [1, 7, 1, 4, 2, 3, 0, 3, 0, 4, 2, 2]
    assert numbers_on(lines["Hộ tịch"]) == [2, 9, 1, 5, 3, 7, 2, 2, 3, 2, 2, 0]
    assert numbers_on(lines["Tổng cộng"]) == [16, 2, 9, 5, 10, 2, 5, 3, 6, 4, 2]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSerif" in fonts and "Helvetica" not in fonts


def test_procedure_drill_down_and_empty_report(store: Store, output_dir: Path) -> None:
    build_march(store)
    with store.begin() as s:
        by_proc = results_report(s, *MARCH, by="procedure", at=MADE_ON)
        empty = results_report(s, date(2025, 1, 1), date(2025, 1, 31), at=MADE_ON)
    render_results_report(by_proc, HEADER, out=output_dir / "results_by_procedure.pdf")
    flat = " ".join(text_of(output_dir / "results_by_procedure.pdf").split())
    assert "Thủ tục hành chính" in flat and "(1.004884)" in flat
    render_results_report(empty, HEADER, out=output_dir / "results_empty.pdf")
    flat = " ".join(text_of(output_dir / "results_empty.pdf").split())
    assert "Không có hồ sơ trong kỳ báo cáo." in flat
