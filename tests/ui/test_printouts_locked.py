"""Issue 19, item 5: "Mở PDF" then "In lại". On Windows the PDF open in Acrobat cannot be
replaced (simulated: os.replace refused with PermissionError for it); the reprint writes a new
file, and the thermal slip prints whatever happens to the PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk import outfiles
from kiosk.store.models import Dossier
from printing.escpos.sim import sim_printer
from ui.context import AppContext
from ui.counter.printouts import make_receipt, print_papers

REAL_REPLACE = os.replace


def receipt(ctx: AppContext) -> object:
    with ctx.tasks.store.begin() as s:
        d = s.scalars(select(Dossier).where(Dossier.due_at.is_not(None))).first()
        assert d is not None
        return make_receipt(s, d)


def test_reprint_while_the_first_pdf_is_open(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = receipt(ctx)
    out = tmp_path / "Phòng #2 %20 Một cửa" / "printouts"
    printer = sim_printer("locked-pdf")
    printer.reset()
    first = print_papers(p, out, "sim://locked-pdf", "sim://forms")  # type: ignore[arg-type]
    assert first.pdf is not None and first.slip_printed and first.forms_error is None
    held = {first.pdf}  # "Mở PDF": Acrobat holds it

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) in held:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        REAL_REPLACE(src, dst)

    monkeypatch.setattr(outfiles.os, "replace", replace)
    monkeypatch.setattr(outfiles.time, "sleep", lambda _s: None)
    again = print_papers(p, out, "sim://locked-pdf", "sim://forms")  # type: ignore[arg-type]
    assert again.forms_error is None and again.slip_printed
    assert again.pdf is not None and again.pdf != first.pdf
    assert again.pdf.name.endswith("mau01-giay-tiep-nhan.pdf")
    assert first.pdf.read_bytes().startswith(b"%PDF") and again.pdf.read_bytes().startswith(b"%PDF")
    assert len(printer.jobs) == 2


def test_the_slip_prints_when_the_pdf_cannot_be_written(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = receipt(ctx)
    printer = sim_printer("slip-alone")
    printer.reset()

    def refuse(src: str | Path, dst: str | Path) -> None:
        raise PermissionError(13, "Access is denied", str(dst))

    monkeypatch.setattr(outfiles.os, "replace", refuse)
    monkeypatch.setattr(outfiles.time, "sleep", lambda _s: None)
    r = print_papers(p, tmp_path / "printouts", "sim://slip-alone", "sim://forms")  # type: ignore[arg-type]
    assert r.slip_printed and len(printer.jobs) == 1
    assert r.pdf is None and r.forms_error and "Access is denied" in r.forms_error
    assert list((tmp_path / "printouts").iterdir()) == []  # no .part left behind
