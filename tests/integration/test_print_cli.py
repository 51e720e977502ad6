"""`kiosk print ...` and `kiosk ticket issue --printer` end to end: real PDFs, real sockets."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from printing.escpos.decoder import QRCode, TextLine, decode
from tests.integration.conftest import kiosk, kj
from tests.integration.test_printer_transports import tcp_printer

NAME = "Nguyễn Thị Hồng Nhung"


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode())


def barcodes(path: Path, tmp: Path) -> set[str]:
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(path), str(tmp / "page")],
        check=True,
    )
    found: set[str] = set()
    for png in tmp.glob("page*.png"):
        out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True)
        found |= {line for line in out.stdout.decode().splitlines() if line}
    return found


def receive(home: Path) -> str:
    return str(
        kj(
            home,
            "receive",
            "--procedure",
            "1.001570",
            "--name",
            NAME,
            "--phone",
            "0912345678",
            "--at",
            "2026-02-09T09:00:00",
        )["code"]
    )


def test_print_receipt_pdf(home: Path, tmp_path: Path) -> None:
    code = receive(home)
    out = tmp_path / "receipt.pdf"
    kiosk(home, "print", "receipt", code, "--out", str(out))
    text = pdf_text(out)
    assert NAME in text and code in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "09/02/2026" in text and "10/02/2026" in text  # received, due
    codes = barcodes(out, tmp_path)
    assert code in codes  # Code128
    assert any(c.startswith(code + "#") for c in codes)  # QR with the lookup token


def test_print_other_forms_and_book(home: Path, tmp_path: Path) -> None:
    code = receive(home)
    kiosk(
        home,
        "supplement",
        code,
        "--reason",
        "Thiếu bản sao giấy khai sinh",
        "--missing",
        "Bản sao Giấy khai sinh",
        "--at",
        "2026-02-09T10:00:00",
    )
    kiosk(home, "print", "form", "supplement", code, "--out", str(tmp_path / "s.pdf"))
    assert "Bản sao Giấy khai sinh" in pdf_text(tmp_path / "s.pdf")
    kiosk(home, "print", "form", "control-sheet", code, "--out", str(tmp_path / "c.pdf"))
    assert code in pdf_text(tmp_path / "c.pdf")
    p = kiosk(home, "print", "form", "apology", code, "--out", str(tmp_path / "a.pdf"), ok=False)
    assert p.returncode == 1 and "no apology event" in p.stderr
    assert not (tmp_path / "a.pdf").exists()
    kiosk(
        home,
        "print",
        "book",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
        "--out",
        str(tmp_path / "book.pdf"),
    )
    text = pdf_text(tmp_path / "book.pdf")
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Nguyễn Thị Hồng" in text  # the cell wraps the name


def test_unknown_code_prints_nothing(home: Path, tmp_path: Path) -> None:
    p = kiosk(
        home,
        "print",
        "receipt",
        "000.17.22.H56-260209-0999",
        "--out",
        str(tmp_path / "x.pdf"),
        ok=False,
    )
    assert p.returncode == 1 and "no dossier" in p.stderr and not (tmp_path / "x.pdf").exists()


def test_ticket_issue_prints_over_tcp(home: Path) -> None:
    with tcp_printer() as (url, printers):
        t = kj(home, "ticket", "issue", "--service", "HT", "--printer", url)
        assert t["number"] == "A001" and t["ahead"] == 0
        received = printers[0].wait_for(1000)
    elements = decode(received)
    assert "A001" in [e.text for e in elements if isinstance(e, TextLine)]
    assert any(isinstance(e, QRCode) and "A001" in e.payload for e in elements)


def test_ticket_not_issued_when_printer_out_of_paper(home: Path) -> None:
    with tcp_printer(states=[{"paper_out": True}]) as (url, _):
        p = kiosk(home, "ticket", "issue", "--service", "HT", "--printer", url, "--json", ok=False)
    assert p.returncode == 1 and p.stdout == "" and "paper" in p.stderr.lower()
    assert kj(home, "ticket", "issue", "--service", "HT")["number"] == "A001"  # not counted


def test_unreachable_or_malformed_printer(home: Path) -> None:
    p = kiosk(home, "print", "test", "--printer", "tcp://127.0.0.1:1", ok=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1
    p = kiosk(home, "print", "test", "--printer", "bogus://x", ok=False)
    assert p.returncode == 1 and "bogus://x" in p.stderr


def test_ticket_receipt_to_file(home: Path, tmp_path: Path) -> None:
    code = receive(home)
    out = tmp_path / "slip.bin"
    kiosk(home, "print", "ticket-receipt", code, "--printer", f"file://{out}")
    elements = decode(out.read_bytes())
    assert [e.payload for e in elements if isinstance(e, QRCode)][0].startswith(code)
