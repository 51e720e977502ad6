"""Issue 19, item 5: on Windows a file held open by Acrobat or Excel cannot be replaced, and an
antivirus holds a new file for a moment. Simulated by refusing os.replace with PermissionError,
as Windows does (WinError 5/32): outputs get a new name per print, retries ride out a short
lock, a chosen file that stays locked is saved beside it, and nothing half-written is left."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from kiosk import outfiles
from kiosk.outfiles import new_name, replace_retrying, stamped_name, write_file
from printing.jobs import write_pdf

FOLDER = "Phòng #2 %20 Một cửa"


class Locks:
    """Paths Windows would refuse to replace: held open for good, or for `n` attempts."""

    def __init__(self) -> None:
        self.held: set[Path] = set()
        self.briefly: dict[Path, int] = {}
        self.refused = 0

    def replace(self, src: str | Path, dst: str | Path) -> None:
        target = Path(dst)
        if target in self.held or self.briefly.get(target, 0) > 0:
            if target in self.briefly:
                self.briefly[target] -= 1
            self.refused += 1
            raise PermissionError(13, "The process cannot access the file", str(dst))
        REAL_REPLACE(src, dst)


REAL_REPLACE = os.replace


@pytest.fixture
def locks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Locks]:
    lk = Locks()
    monkeypatch.setattr(outfiles.os, "replace", lk.replace)
    monkeypatch.setattr(outfiles.time, "sleep", lambda _s: None)
    yield lk


def test_a_short_antivirus_lock_is_retried(tmp_path: Path, locks: Locks) -> None:
    target = tmp_path / FOLDER / "a.pdf"
    locks.briefly[target] = 3
    assert write_file(target, b"%PDF-1") == target
    assert target.read_bytes() == b"%PDF-1" and locks.refused == 3
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]  # no .part left


def test_a_file_open_in_a_viewer_is_not_replaced(tmp_path: Path, locks: Locks) -> None:
    target = tmp_path / "bao-cao.csv"
    target.write_bytes(b"old")
    locks.held.add(target)
    with pytest.raises(PermissionError):
        write_file(target, b"new")
    written = write_file(target, b"new", fallback=True)
    assert written != target and written.parent == tmp_path and written.suffix == ".csv"
    assert target.read_bytes() == b"old" and written.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao-moi.csv", "bao-cao.csv"]
    assert write_pdf(b"%PDF", target.with_suffix(".pdf")) == target.with_suffix(".pdf")


def test_retries_give_up_after_about_a_second_and_a_half(locks: Locks, tmp_path: Path) -> None:
    slept: list[float] = []
    locks.held.add(tmp_path / "x")
    (tmp_path / "y").write_bytes(b"")
    with pytest.raises(PermissionError):
        replace_retrying(tmp_path / "y", tmp_path / "x", sleep=slept.append)
    assert 1.0 <= sum(slept) <= 2.0 and len(slept) == len(outfiles.RETRY_DELAYS)


def test_every_print_gets_a_new_name(tmp_path: Path) -> None:
    at = datetime(2026, 2, 9, 9, 30, 5)
    first = new_name(tmp_path, "so-theo-doi", ".pdf", now=at)
    assert first.name == "so-theo-doi-20260209-093005.pdf"
    first.write_bytes(b"")
    again = new_name(tmp_path, "so-theo-doi", ".pdf", now=at)
    assert again.name == "so-theo-doi-20260209-093005-2.pdf"
    name = stamped_name(tmp_path, "H56-0001-{stamp}-mau01-giay-tiep-nhan.pdf", now=at)
    assert name.name == "H56-0001-20260209-093005-mau01-giay-tiep-nhan.pdf"
