"""`kiosk init --place`, `kiosk print receipt` (issue, then reprint), `kiosk hand-over` and
`kiosk print form control-sheet` as real processes (issue 13)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import kiosk, kj
from tests.integration.test_print_cli import pdf_text, receive


def test_receipt_is_issued_once_then_reprinted(home: Path, tmp_path: Path) -> None:
    assert kj(home, "init", "--place", "Thanh Hóa")["place"] == "Thanh Hóa"
    code = receive(home)
    first = kj(home, "print", "receipt", code, "--out", str(tmp_path / "a.pdf"))
    assert first["reprint"] is False and first["kind"] == "receipt" and len(first["sha256"]) == 64
    assert first["issued_at"].startswith("2026-02-09T09:00")
    kiosk(home, "apologise", code, "--new-due", "2026-02-20T16:00", "--reason", "Chậm",
          "--at", "2026-02-10T08:00")  # fmt: skip
    again = kj(home, "print", "receipt", code, "--out", str(tmp_path / "b.pdf"))
    assert again["reprint"] is True and again["sha256"] == first["sha256"]
    a, b = pdf_text(tmp_path / "a.pdf"), pdf_text(tmp_path / "b.pdf")
    assert "Thanh Hóa, ngày 09 tháng 02 năm 2026" in a
    assert "Bản in lại ngày" not in a and "Bản in lại ngày" in b
    assert "20/02/2026" not in b  # the appointment given stays on the receipt


def test_hand_over_and_the_control_sheet(home: Path, tmp_path: Path) -> None:
    code = receive(home)
    out = kj(home, "hand-over", code, "--from", "canbo1", "--to", "chuyenvien",
             "--at", "2026-02-09T10:00")  # fmt: skip
    assert out["from"] == "Nguyễn Thị Lan (Bộ phận Một cửa)"
    assert out["to"].startswith("Hoàng Văn Đức (") and out["at"].startswith("2026-02-09T10:00")
    kiosk(home, "advance", code, "--to", "4", "--actor", "chuyenvien", "--at", "2026-02-09T10:05")
    kiosk(home, "advance", code, "--to", "9", "--actor", "chuyenvien", "--at", "2026-02-10T08:00")
    bad = kiosk(home, "hand-over", code, "--from", "canbo1", "--to", "canbo1", ok=False)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "different" in bad.stderr
    sheet = tmp_path / "control.pdf"
    kiosk(home, "print", "form", "control-sheet", code, "--out", str(sheet))
    flat = " ".join(pdf_text(sheet).split())
    assert "Giao: Nguyễn Thị Lan (Bộ phận Một cửa)" in flat
    assert "Nhận: Hoàng Văn Đức" in flat
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: ....." not in flat
    assert "Trước hạn" in flat  # the result came back before the due date (10/02 09:00)
