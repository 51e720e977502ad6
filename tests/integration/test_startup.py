"""Start-up (issue 6): `kiosk X` imports only X's module, the first window comes before
SQLAlchemy, and a database that cannot be opened still ends `kiosk run` with one sentence and
exit status 1 (it is found on the database worker, after the window is up)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kiosk.cli as cli
from kiosk.cli.common import make_parents
from kiosk.store import cipher
from tests.integration.conftest import ROOT, kj


def run_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_HOME", None)
    env.pop("KIOSK_DB", None)
    return env


def python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=run_env(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_the_command_map_names_what_each_module_registers() -> None:
    for module in set(cli.CORE.values()):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="c")
        cli.core_module(module).register(sub, make_parents())
        assert {k for k, v in cli.CORE.items() if v == module} == set(sub.choices), module


def test_every_command_is_in_the_full_parser_and_plugins_are_named_after_theirs() -> None:
    full = cli.build_parser()
    sub = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    plugins = {ep.name for ep in cli.entry_points(group=cli.GROUP)}
    assert plugins == {"run", "ticket", "print", "report"}
    assert set(sub.choices) == set(cli.CORE) | plugins
    for name in plugins:  # each entry point registers exactly the command it is named after
        one = cli.build_parser([name])
        sub = next(a for a in one._actions if isinstance(a, argparse._SubParsersAction))
        assert set(sub.choices) == {name}


def test_a_core_command_imports_neither_qt_nor_printing() -> None:
    out = python(
        """
        import sys
        import kiosk.cli as cli
        cli.build_parser(["--home", "x", "lookup", "H01.01-260101-0001"])
        print(sorted(m for m in ("PySide6", "printing", "ui", "reportlab", "kiosk.cli.data")
                     if m in sys.modules))
        """
    )
    assert out == "[]"


def test_the_counter_window_module_does_not_load_sqlalchemy() -> None:
    """What the first paint needs: SQLAlchemy, reportlab and the models load behind it."""
    out = python(
        """
        import sys
        import kiosk.cli as cli
        cli.build_parser(["run", "--role", "counter"])
        import ui.app, ui.counter.window
        print(sorted(m for m in ("sqlalchemy", "reportlab", "kiosk.store.models")
                     if m in sys.modules))
        """
    )
    assert out == "[]"


@pytest.mark.slow
def test_run_on_a_database_that_is_not_ours_exits_1_after_the_window(tmp_path: Path) -> None:
    (tmp_path / "kiosk.sqlite3").write_bytes(b"this is not a database\n" * 100)
    before = (tmp_path / "kiosk.sqlite3").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--home", str(tmp_path), "run", "--role",
         "counter", "--quit-after-ready"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=run_env(),
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("ready ")  # the window was up first
    errors = [line for line in proc.stderr.splitlines() if line.startswith("kiosk: ")]
    assert len(errors) == 1 and "database" in errors[0].lower(), proc.stderr
    assert (tmp_path / "kiosk.sqlite3").read_bytes() == before  # untouched


@pytest.mark.slow
def test_run_opens_the_store_before_it_exits(tmp_path: Path) -> None:
    kj(tmp_path, "init")
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--home", str(tmp_path), "run", "--role",
         "counter", "--demo", "--quit-after-ready"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=run_env(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ready ")
    with cipher.connect(tmp_path / "kiosk.sqlite3") as db:  # --demo seeded on the worker
        names = {row[0] for row in db.execute("SELECT username FROM staff")}
    assert {"canbo1", "giamsat"} <= names


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "required: COMMAND"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["--home"], "--home: expected one argument"),
        (["lookup"], "required: code"),
    ],
)
def test_a_bad_command_line_is_one_usage_error(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and says in err, err
