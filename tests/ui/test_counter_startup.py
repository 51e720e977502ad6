"""The counter window as `kiosk run` starts it: on screen before the database is open.

The store opens on the database worker once the window calls `release()` (after its first
paint); a clerk who signs in meanwhile is checked as soon as it is open, and the workspace is
assembled only then (its imports no longer compete with the worker's).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.store.db import Store, open_store
from tests.dbfiles import copy_database
from ui.app import make_context
from ui.counter.window import CounterWindow


def test_the_window_waits_for_the_store_then_builds_and_signs_in(
    qtbot: QtBot, demo_db: Path, tmp_path: Path
) -> None:
    copy_database(demo_db, tmp_path / "kiosk.sqlite3")
    opened_on: list[str] = []
    gate = threading.Event()  # the test decides when the "slow" opening ends

    def opener() -> Store:
        gate.wait(10)
        opened_on.append(threading.current_thread().name)
        return open_store(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")

    ctx = make_context(opener, tmp_path, hold=True, demo=True, counter_number=1)
    try:
        w = CounterWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        ctx.tasks.release()
        assert not ctx.tasks.is_open and w.work is None
        w.login.username.setText("canbo1")
        w.login.password.setText("motcua123")
        w.login.button.click()  # before the store is open: queued behind the opening
        qtbot.wait(200)
        assert w.who is None and w.work is None and w.login.button.isEnabled() is False
        gate.set()
        qtbot.waitUntil(lambda: w.who is not None, timeout=10_000)
        assert opened_on == ["kiosk-db"]
        assert w.stack.currentWidget() is w.work
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10_000)
        assert w.work is not None and w.work.reception is not None
    finally:
        ctx.tasks.shutdown()
        if ctx.tasks.is_open:
            ctx.tasks.store.close()


def test_a_store_that_fails_to_open_fails_the_jobs_behind_it(qtbot: QtBot, tmp_path: Path) -> None:
    def opener() -> Store:
        raise RuntimeError("the disk is gone")

    ctx = make_context(opener, tmp_path)
    failures: list[BaseException] = []
    errors: list[Any] = []
    ctx.tasks.open_failed.connect(failures.append)
    try:
        ctx.tasks.run(lambda s: 1, lambda r: None, errors.append)
        qtbot.waitUntil(lambda: len(errors) == 1 and len(failures) == 1, timeout=5000)
        assert "disk is gone" in str(errors[0]) and "disk is gone" in str(failures[0])
        assert not ctx.tasks.is_open
    finally:
        ctx.tasks.shutdown()


def test_a_database_without_its_key_is_refused_in_vietnamese_and_left_alone(
    qtbot: QtBot, demo_db: Path, tmp_path: Path
) -> None:
    import hashlib
    import shutil

    from ui.app import reason_for_screen
    from ui.i18n import current_language

    db = tmp_path / "kiosk.sqlite3"
    shutil.copyfile(demo_db, db)  # the file alone, as if copied from another PC: no key here
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    ctx = make_context(lambda: open_store(f"sqlite:///{db}"), tmp_path)
    failures: list[BaseException] = []
    ctx.tasks.open_failed.connect(failures.append)
    try:
        ctx.tasks.release()
        qtbot.waitUntil(lambda: len(failures) == 1, timeout=10_000)
    finally:
        ctx.tasks.shutdown()
    assert current_language() == "vi"
    shown = reason_for_screen(failures[0])
    assert "đã được mã hoá nhưng máy này không có khoá" in shown, shown
    assert "no key" in str(failures[0])
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kiosk")) == [
        "kiosk.sqlite3"
    ]
