"""Build the interface translations: pyside6-lupdate (ui/**/*.py -> .ts), pyside6-lrelease (.qm).

Vietnamese is the source language of every string (`self.tr("...")`,
`QCoreApplication.translate(...)`); `resources/translations/kiosk_<lang>.ts` holds the other
languages and is edited with Qt Linguist (`pyside6-linguist`) or by hand. The compiled `.qm` is
generated (git-ignored); the app also compiles a stale one on start when the tool is installed.

    python scripts/build_translations.py            # update the .ts files, then compile
    python scripts/build_translations.py --release  # only compile (.ts -> .qm)
    python scripts/build_translations.py --check    # fail if a string has no translation
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kiosk.paths import find_executable  # noqa: E402

TRANSLATIONS = ROOT / "resources" / "translations"
LANGS = ("en",)


def tool(name: str) -> str:
    found = find_executable(name)  # NAME.exe in the venv's Scripts folder on Windows
    if not found:
        sys.exit(f"{name} not found: install PySide6 (pip install -e .[dev])")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def update(lang: str) -> None:
    ts = TRANSLATIONS / f"kiosk_{lang}.ts"
    # -locations none: line numbers would churn the file on every edit of the code
    cmd = [tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete"]
    cmd += ["-source-language", "vi_VN", "-target-language", f"{lang}", "-ts", str(ts)]
    subprocess.run(cmd, cwd=ROOT, check=True)


def release(lang: str) -> Path:
    ts = TRANSLATIONS / f"kiosk_{lang}.ts"
    qm = ts.with_suffix(".qm")
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True)
    return qm


def unfinished(lang: str) -> list[tuple[str, str]]:
    tree = ET.parse(TRANSLATIONS / f"kiosk_{lang}.ts")
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            if (
                tr is None
                or tr.get("type") in ("unfinished", "vanished", "obsolete")
                or not tr.text
            ):
                if tr is None or tr.get("type") not in ("vanished", "obsolete"):
                    missing.append((name, message.findtext("source") or ""))
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile .ts -> .qm")
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    args = parser.parse_args()
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    status = 0
    for lang in LANGS:
        if not args.release:
            update(lang)
        release(lang)
        missing = unfinished(lang)
        for context, source in missing:
            print(f"untranslated ({lang}) {context}: {source}", file=sys.stderr)
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
