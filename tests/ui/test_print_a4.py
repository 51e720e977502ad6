"""Issue 19, item 1: the A4 forms print in-process through QPrinter, on a printer chosen by
name, the same way on Windows (spooler) and Linux (CUPS).

The real test prints a receipt (Mẫu 01) to a CUPS-PDF printer (Debian's `cups` and
`printer-driver-cups-pdf`; the fixture starts cupsd when it is not running and may be, or skips
saying why) and reads the output back: A4 pages, and the dossier's QR code decoded by zbarimg.
CUPS-PDF passes every job through PostScript and Ghostscript, which keeps the text's shapes but
not its Unicode, so pdftotext reads the same pages printed by the same code to Qt's PDF writer.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.store.models import Dossier
from printing.jobs import write_pdf
from tests.posix import is_root
from ui.context import AppContext
from ui.counter.printouts import make_receipt, print_papers, render_pdf
from ui.print_a4 import A4PrintError, find_printer, print_pdf

PRINTER = "KioskTestPDF"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


def _scheduler_running() -> bool:
    return subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout.startswith(
        "scheduler is running"
    )


@pytest.fixture(scope="module")
def cups_pdf() -> Iterator[str]:
    if os.name == "nt":
        pytest.skip("CUPS is the Linux spooler; Windows printing runs on a Windows runner")
    if not (shutil.which("lpstat") and shutil.which("lpadmin") and PPD.exists()):
        pytest.skip("cups and printer-driver-cups-pdf are not installed (scripts/dev.py test)")
    started: subprocess.Popen[bytes] | None = None
    if not _scheduler_running():
        if not is_root() or not Path("/usr/sbin/cupsd").exists():
            pytest.skip("cupsd is not running and only root can start it")
        started = subprocess.Popen(["/usr/sbin/cupsd", "-f"])
        deadline = time.monotonic() + 20
        while not _scheduler_running():
            if time.monotonic() > deadline:
                started.terminate()
                pytest.skip("cupsd did not start")
            time.sleep(0.2)
    added = subprocess.run(
        ["lpadmin", "-p", PRINTER, "-v", "cups-pdf:/", "-E", "-P", str(PPD)],
        capture_output=True, text=True,
    )
    if added.returncode != 0:
        if started:
            started.terminate()
        pytest.skip(f"cannot add a CUPS-PDF printer: {added.stderr.strip()}")
    try:
        yield PRINTER
    finally:
        subprocess.run(["lpadmin", "-x", PRINTER], capture_output=True)
        if started is not None:
            started.terminate()
            started.wait(20)


def cups_pdf_outputs() -> list[Path]:
    folders = [Path.home() / "PDF", Path("/var/spool/cups-pdf") / os.environ.get("USER", "root")]
    return [p for f in folders if f.is_dir() for p in f.glob("*.pdf")]


def wait_for_output(before: set[Path], title: str, timeout: float = 90.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = subprocess.run(["lpstat", "-o", PRINTER], capture_output=True, text=True)
        for p in set(cups_pdf_outputs()) - before:
            if title[:20] in p.name and not pending.stdout.strip() and p.stat().st_size > 0:
                return p  # the job is done: Ghostscript has finished writing
        time.sleep(0.3)
    raise AssertionError(f"no CUPS-PDF output for {title} within {timeout} s")


def pages(pdfinfo: str) -> int:
    found = re.search(r"Pages:\s+(\d+)", pdfinfo)
    assert found, pdfinfo
    return int(found.group(1))


def a_receipt(ctx: AppContext) -> tuple[object, str]:
    with ctx.tasks.store.begin() as s:
        d = s.scalars(select(Dossier).where(Dossier.due_at.is_not(None))).first()
        assert d is not None
        return make_receipt(s, d), d.code


def test_a_receipt_prints_on_a_cups_pdf_printer(
    ctx: AppContext, cups_pdf: str, tmp_path: Path
) -> None:
    printout, code = a_receipt(ctx)
    assert find_printer(cups_pdf).printerName() == cups_pdf
    before = set(cups_pdf_outputs())
    r = print_papers(printout, tmp_path / "printouts", None, f"pdf://{cups_pdf}")  # type: ignore[arg-type]
    assert r.forms_error is None and r.pdf is not None
    out = wait_for_output(before, r.pdf.stem)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    source = subprocess.run(["pdfinfo", str(r.pdf)], capture_output=True, text=True).stdout
    assert pages(info) == pages(source) >= 1
    assert "(A4)" in info
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        png = tmp_path / "page"
        subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(out), str(png)],
                       check=True, capture_output=True)
        [image] = tmp_path.glob("page*.png")
        decoded = subprocess.run(["zbarimg", "-q", str(image)], capture_output=True, text=True)
        assert code in decoded.stdout, decoded.stdout
    out.unlink()


def test_the_printed_pages_keep_their_text(ctx: AppContext, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    printout, code = a_receipt(ctx)
    source = write_pdf(render_pdf(printout), tmp_path / "source.pdf")  # type: ignore[arg-type]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(source, printer) >= 1
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "printed.pdf"), "-"], capture_output=True, text=True
    ).stdout
    squeezed = "".join(text.split())
    assert code in squeezed
    for words in ("GIẤY TIẾP NHẬN HỒ SƠ", "CHỦ NGHĨA VIỆT NAM", "NGƯỜI TIẾP NHẬN HỒ SƠ"):
        assert "".join(words.split()) in squeezed.upper()


def test_a_printer_that_is_not_installed_is_named(ctx: AppContext, tmp_path: Path) -> None:
    printout, _code = a_receipt(ctx)
    r = print_papers(printout, tmp_path, None, "pdf://Máy in tầng 2")  # type: ignore[arg-type]
    assert r.pdf is not None and r.pdf.is_file()  # the office's copy is kept
    assert r.forms_error and "Máy in tầng 2" in r.forms_error
    with pytest.raises(A4PrintError, match="not installed"):
        find_printer("Máy in tầng 2")


def test_the_print_dialog_sends_the_last_pdf(
    ctx: AppContext, cups_pdf: str, tmp_path: Path, qtbot: QtBot
) -> None:
    """"In…": the system's print dialog, then the chosen printer gets the PDF."""
    from ui.counter.printouts import PrintResult
    from ui.counter.result_card import ResultCard
    from ui.widgets.background import IoRunner

    printout, _code = a_receipt(ctx)
    pdf = write_pdf(render_pdf(printout), tmp_path / "mau01-in-lai.pdf")  # type: ignore[arg-type]
    ctx.config["printers"]["forms"] = f"pdf://{cups_pdf}"
    io = IoRunner("kiosk-print-test")
    card = ResultCard(ctx, io)
    qtbot.addWidget(card)
    card.show()
    card.last_print = PrintResult("receipt", "x", pdf)
    card.print_dialog_button.setEnabled(True)
    before = set(cups_pdf_outputs())
    qtbot.mouseClick(card.print_dialog_button, Qt.MouseButton.LeftButton)
    dialog = card._dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.printer().printerName() == cups_pdf
    dialog.accept()
    qtbot.waitUntil(lambda: card.print_state.text() == "Đã gửi tới máy in.", timeout=60_000)
    out = wait_for_output(before, pdf.stem)
    assert "(A4)" in subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    out.unlink()
    io.shutdown()


def test_doctor_checks_the_forms_printer_by_name(cups_pdf: str) -> None:
    from printing.doctor import probe

    ok, detail, _fix = probe(f"pdf://{cups_pdf}")
    assert ok and cups_pdf in detail
    ok, detail, fix = probe("pdf://Máy in tầng 2")
    assert not ok and "is not installed" in detail and cups_pdf in detail
    assert "lpstat -p" in fix or "Printers" in fix
