"""Issue 19, item 13: the test suite (and the app) can be collected on Windows.

`tty`, `termios`, `pty`, `fcntl`, `grp`, `pwd` and `resource` do not exist there, nor
`os.geteuid` or `signal.SIGKILL`: a module that imports them at the top (or uses them outside a
guard) stops pytest before the first Windows test runs. Checked here by reading every module.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POSIX_MODULES = {"tty", "termios", "pty", "fcntl", "grp", "pwd", "resource", "posix"}
POSIX_ATTRS = {("os", "geteuid"), ("os", "getuid"), ("signal", "SIGKILL"), ("os", "openpty")}
# the one place that wraps them, and the few tests that guard their use themselves
GUARDED = {"tests/posix.py"}


def modules() -> list[Path]:
    found: list[Path] = []
    for top in ("kiosk", "printing", "ui", "tests", "packaging"):
        found += sorted((ROOT / top).rglob("*.py"))
    return [p for p in found if str(p.relative_to(ROOT)) not in GUARDED]


def top_level_imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_posix_only_module_is_imported_at_the_top() -> None:
    bad = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hit = top_level_imports(tree) & POSIX_MODULES
        if hit:
            bad.append(f"{path.relative_to(ROOT)}: {', '.join(sorted(hit))}")
    assert not bad, "import these inside the function that needs them: " + "; ".join(bad)


def test_posix_only_calls_go_through_tests_posix_or_a_guard() -> None:
    bad = []
    for path in modules():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in POSIX_ATTRS
            ):
                line = source.splitlines()[node.lineno - 1]
                # a call preceded by a require_posix()/skip in the same test is fine
                before = "\n".join(source.splitlines()[max(0, node.lineno - 4) : node.lineno])
                if "require_posix" in before or "os.name" in line or "skipif" in before:
                    continue
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {line.strip()}")
    assert not bad, "use tests/posix.py (is_root, require_posix) or proc.kill(): " + "; ".join(bad)


def test_gitattributes_keep_scripts_lf_and_fonts_binary() -> None:
    import shutil
    import subprocess

    import pytest

    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    files = [
        "packaging/linux/install.sh",
        "packaging/linux/kiosk-server.service",
        "kiosk/cli/__init__.py",
    ]
    out = subprocess.run(
        ["git", "check-attr", "eol", "text", "--", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for f in files:
        assert f"{f}: eol: lf" in out, out
    fonts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "resources" / "fonts").glob("*.ttf"))
    out = subprocess.run(
        ["git", "check-attr", "binary", "--", *fonts],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert fonts and out.count(": binary: set") == len(fonts), out
