"""The import direction of DESIGN.md §4: ui -> printing -> kiosk; kiosk is Qt-free."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports_of(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{file}: {name}"
        for file, names in imports_of(package).items()
        for name in names
        if name.split(".")[0] in forbidden or name.startswith(forbidden)
    )


def test_kiosk_imports_no_qt_no_ui_no_printing() -> None:
    assert offenders("kiosk", ("PySide6", "ui", "printing")) == []


def test_printing_imports_no_widgets_no_ui() -> None:
    assert offenders("printing", ("PySide6.QtWidgets", "ui")) == []


def test_the_checker_can_fail(tmp_path: Path) -> None:
    sample = ast.parse("from PySide6.QtWidgets import QWidget\nimport ui.main\n")
    names = {n.module for n in ast.walk(sample) if isinstance(n, ast.ImportFrom)}
    assert "PySide6.QtWidgets" in names


def test_migration_head_read_without_alembic_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kiosk.store.db import MIGRATIONS_DIR, known_revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    revisions, head = known_revisions()
    assert head == script.get_current_head()
    assert revisions == {r.revision for r in script.walk_revisions()}
