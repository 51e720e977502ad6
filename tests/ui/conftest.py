"""UI fixtures: an AppContext on a fresh copy of a demo database, helpers to wait and to look.

The demo database (catalog, calendar, staff, services, counters, 40 dossiers) is built once per
run and copied for each test, so every test starts from the same state in milliseconds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.demo import seed_demo
from kiosk.services.setup import init_database
from kiosk.store.db import open_store
from tests.dbfiles import copy_database
from ui.app import make_context
from ui.context import AppContext
from ui.i18n import current_language, install_translator

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "ui"


@pytest.fixture(autouse=True)
def clean_slate(qapp: Any) -> None:
    """Each test starts without the windows of the test before it, and in Vietnamese.

    pytest-qt closes a test's widgets and only asks for their deletion; left alone they would live
    on into the next test (their timers, their hub connections) until it happens to run the event
    loop. Deleting them here makes that moment the same for every test.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if current_language() != "vi":
        install_translator("vi")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "kiosk.sqlite3"
    st = open_store(f"sqlite:///{path}")
    with st.begin() as s:
        init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
        seed_demo(s)
    st.close()  # the last connection checkpoints the WAL: the file alone is the database
    return path


@pytest.fixture
def ctx(qapp: Any, demo_db: Path, tmp_path: Path) -> Iterator[AppContext]:
    db = tmp_path / "kiosk.sqlite3"
    copy_database(demo_db, db)
    store = open_store(f"sqlite:///{db}")
    printer = f"sim://t{uuid.uuid4().hex[:10]}"  # each test its own simulated receipt printer
    context = make_context(
        store,
        tmp_path,
        demo=True,
        counter_number=1,
        config={"counter": 1, "printers": {"receipt": printer, "forms": "sim://forms"}},
    )
    install_translator("vi")
    yield context
    context.tasks.shutdown()
    store.close()
    install_translator("vi")


def type_text(widget: Any, text: str) -> None:
    """Type like a keyboard would, Vietnamese letters included (QTest.keyClicks is ASCII-only)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def idle(*runners: Any) -> Callable[[], bool]:
    return lambda: all(r.pending == 0 for r in runners)


@pytest.fixture
def wait_idle(qtbot: QtBot, ctx: AppContext) -> Callable[..., None]:
    """Wait until the database worker (and any other runner given) has delivered everything."""

    def wait(*more: Any, timeout: int = 10_000) -> None:
        qtbot.waitUntil(idle(ctx.tasks, *more), timeout=timeout)

    return wait


@pytest.fixture
def shot() -> Callable[[Any, str], Path]:
    """Save a screenshot for a person to look at (test-output/ui/NAME.png)."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def save(widget: Any, name: str) -> Path:
        from PySide6.QtWidgets import QApplication

        for _ in range(3):  # nested layouts settle over a few passes: grab what a user sees
            QApplication.processEvents()
        path = SHOTS / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"
        return path

    return save
