"""The fee collected at reception on the thermal receipt slip (issue 14): the line is there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from kiosk.services.fees import Collected, fee_line, vnd
from kiosk.store.models import Dossier
from printing.escpos.builder import JobBuilder
from printing.thermal import ReceiptSlip, render_receipt_slip


def _slip_lines(monkeypatch: pytest.MonkeyPatch, fee: str | None) -> list[str]:
    lines: list[str] = []
    original = JobBuilder.text

    def spy(self: JobBuilder, text: str, **kw: Any) -> int:
        lines.append(text)
        return original(self, text, **kw)

    monkeypatch.setattr(JobBuilder, "text", spy)
    at = datetime(2026, 3, 4, 8, 0)
    render_receipt_slip(
        ReceiptSlip("UBND phường Quang Trung", "000.17.22.H56-260304-0001",
                    "Đăng ký khai sinh", "Nguyễn V. A", at, at, "x", fee=fee)  # fmt: skip
    )
    return lines


def test_the_slip_prints_what_was_collected(monkeypatch: pytest.MonkeyPatch) -> None:
    d = Dossier(fee_mode="paid", fee_paid_vnd=18000, fee_receipt="0001234")
    line = fee_line(d)
    assert line == "Đã thu: 18.000 đồng (biên lai số 0001234)"
    assert "Phí, lệ phí: " + line in _slip_lines(monkeypatch, line)
    assert not any(t.startswith("Phí, lệ phí") for t in _slip_lines(monkeypatch, None))
    exempt = Dossier(fee_mode="exempt", fee_note="Hộ nghèo")
    assert fee_line(exempt) == "Miễn phí, lệ phí: Hộ nghèo"
    assert fee_line(Dossier()) is None
    assert vnd(1234567) == "1.234.567 đồng"
    assert Collected("none").amount_vnd is None
