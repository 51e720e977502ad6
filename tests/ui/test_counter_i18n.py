"""Every string of the staff windows has its English translation, and it loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.i18n import compile_if_stale, install_translator, qm_path, status_name

ROOT = Path(__file__).resolve().parents[2]
MINE = ("ui/counter", "ui/department", "ui/widgets", "ui/i18n.py")
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            tr = m.find("translation")
            done = tr is not None and tr.get("type") is None and bool(tr.text)
            out[(name, m.findtext("source") or "")] = tr.text if done and tr is not None else None
    return out


@pytest.mark.skipif(
    not LUPDATE.exists() and shutil.which("pyside6-lupdate") is None, reason="no lupdate"
)
def test_every_string_of_the_staff_windows_is_translated(tmp_path: Path) -> None:
    files = sorted(
        str(p)
        for m in MINE
        for p in ((ROOT / m).rglob("*.py") if (ROOT / m).is_dir() else [ROOT / m])
    )
    fresh = tmp_path / "fresh.ts"
    tool = str(LUPDATE) if LUPDATE.exists() else "pyside6-lupdate"
    subprocess.run([tool, *files, "-ts", str(fresh)], check=True, capture_output=True)
    found = messages(fresh)
    assert len(found) > 250  # the extraction really ran over the windows
    committed = messages(ROOT / "resources" / "translations" / "kiosk_en.ts")
    missing = sorted(k for k in found if not committed.get(k))
    assert missing == [], "run scripts/build_translations.py and translate: " + repr(missing[:10])
    for (_context, source), english in committed.items():
        if english and "{" in source:  # placeholders survive translation
            assert source.count("{") == english.count("{"), (source, english)


def test_the_english_translation_loads(qapp: object) -> None:
    assert compile_if_stale("en") and qm_path("en").exists()
    try:
        assert install_translator("en")
        assert status_name(10) == "Returned"
    finally:
        install_translator("vi")
    assert status_name(10) == "Đã trả kết quả"
