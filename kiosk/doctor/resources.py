"""Checks of the bundled resources: fonts, catalog, calendar, translations, styles, sounds."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.doctor.check import Check
from kiosk.paths import resources_dir

# Forms (reportlab), thermal raster text and the public screens all draw with these.
FONTS = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSerif-Regular.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-Italic.ttf",
)
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO")
REINSTALL = "reinstall the app (its resources folder is incomplete)"


def _font_problem(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return None if head in _FONT_MAGIC else "not a TrueType/OpenType font"


def check_fonts(root: Path | None = None) -> list[Check]:
    folder = (root or resources_dir()) / "fonts"
    bad = [f"{name} {why}" for name in FONTS if (why := _font_problem(folder / name))]
    if bad:
        return [
            Check(
                "fonts",
                False,
                f"in {folder}: " + "; ".join(bad),
                f"{REINSTALL}; printed forms and receipts need these fonts for Vietnamese text",
            )
        ]
    return [Check("fonts", True, f"{len(FONTS)} Noto fonts in {folder}")]


def _json_problem(path: Path) -> str | None:
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError) as exc:
        return f"unreadable ({exc})"
    return None


def check_resources(root: Path | None = None) -> list[Check]:
    """Catalog and calendar (JSON), style sheet, call sounds; the English translation."""
    base = root or resources_dir()
    checks: list[Check] = []
    for name, rel in (
        ("catalog", "catalog/procedures.json"),
        ("calendar", "calendar/vn-2025-2026.json"),
    ):
        why = _json_problem(base / rel)
        if why:
            checks.append(Check(name, False, f"{base / rel}: {why}", REINSTALL))
        else:
            checks.append(Check(name, True, str(base / rel)))
    missing = [
        rel
        for rel in ("styles/app.qss", "sounds/chime.wav", "translations/kiosk_en.ts")
        if not (base / rel).is_file()
    ]
    if missing:
        checks.append(
            Check("resources", False, f"missing in {base}: " + ", ".join(missing), REINSTALL)
        )
    else:
        checks.append(Check("resources", True, f"styles, sounds and translations in {base}"))
    return checks
