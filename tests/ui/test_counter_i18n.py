"""Every string of every window (staff, public, supervisor, devices) has its English
translation, lupdate sees every literal `tr(...)`, and the translation loads and applies."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.i18n import compile_if_stale, install_translator, qm_path, status_name

ROOT = Path(__file__).resolve().parents[2]
MINE = ("ui",)  # every window: counter, department, public, supervisor, devices, widgets
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            tr = m.find("translation")
            text = tr.text if tr is not None else None
            if tr is not None and m.get("numerus") == "yes":  # every plural form filled in
                forms = [f.text or "" for f in tr.iter("numerusform")]
                text = forms[0] if forms and all(f.strip() for f in forms) else None
            done = tr is not None and tr.get("type") is None and bool(text and text.strip())
            out[(name, m.findtext("source") or "")] = text if done else None
    return out


def ui_files() -> list[str]:
    return sorted(
        str(p)
        for m in MINE
        for p in ((ROOT / m).rglob("*.py") if (ROOT / m).is_dir() else [ROOT / m])
    )


def literal_sources(path: str) -> set[str]:
    """The source text of every `x.tr("...")` / `translate("Ctx", "...")` call in a file."""
    out = set()
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute | ast.Name):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        index = {"tr": 0, "translate": 1}.get(name)
        if index is None or len(node.args) <= index:
            continue
        arg = node.args[index]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out.add(arg.value)
    return out


@pytest.mark.skipif(
    not LUPDATE.exists() and shutil.which("pyside6-lupdate") is None, reason="no lupdate"
)
def test_every_string_of_every_window_is_translated(tmp_path: Path) -> None:
    files = ui_files()
    fresh = tmp_path / "fresh.ts"
    tool = str(LUPDATE) if LUPDATE.exists() else "pyside6-lupdate"
    subprocess.run([tool, *files, "-ts", str(fresh)], check=True, capture_output=True)
    found = messages(fresh)
    assert len(found) > 550  # the extraction really ran over the windows
    # a literal lupdate cannot see (inside an f-string, say) would stay Vietnamese for ever
    extracted = {source for _context, source in found}
    unseen = sorted({s for f in files for s in literal_sources(f)} - extracted)
    assert unseen == [], "lupdate does not see these tr() strings: " + repr(unseen[:10])
    committed = messages(ROOT / "resources" / "translations" / "kiosk_en.ts")
    missing = sorted(k for k in found if not committed.get(k))
    assert missing == [], "run scripts/build_translations.py and translate: " + repr(missing[:10])
    for (_context, source), english in committed.items():
        if english and "{" in source:  # placeholders survive translation
            assert source.count("{") == english.count("{"), (source, english)
        for mark in ("%1", "%2", "%3"):
            if english and mark in source:
                assert mark in english, (source, english)


def test_the_english_translation_loads(qapp: object) -> None:
    assert compile_if_stale("en") and qm_path("en").exists()
    try:
        assert install_translator("en")
        assert status_name(10) == "Returned"
    finally:
        install_translator("vi")
    assert status_name(10) == "Đã trả kết quả"
