"""Fixtures of the public-screen tests: an office with demo services and a live AppContext.

The office database (catalog, calendar, staff, services, counters; no dossiers) is built once per
run and copied for each test. The app's own style sheet is applied as `kiosk run` applies it, so
the screenshots show what a citizen would see.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.paths import resource
from kiosk.services.demo import seed_demo
from kiosk.services.setup import init_database
from kiosk.store.db import Store, open_store
from tests.dbfiles import copy_database
from ui.app import make_context
from ui.context import AppContext

AT = datetime(2026, 2, 9, 9, 0)  # a Monday morning: the office is open
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("public") / "office.sqlite3"
    st = open_store(f"sqlite:///{path}")
    with st.begin() as s:
        init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
        seed_demo(s, sample_dossiers=0)
    st.close()  # the last connection checkpoints the WAL: the file alone is the database
    return path


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Iterator[Store]:
    db = tmp_path / "office.sqlite3"
    copy_database(office_template, db)
    st = open_store(f"sqlite:///{db}")
    yield st
    st.close()


def new_context(store: Store, home: Path, **config: Any) -> AppContext:
    return make_context(store, home, demo=True, config=config)


@pytest.fixture
def ctx(qapp: QApplication, office: Store, tmp_path: Path) -> Iterator[AppContext]:
    before = qapp.styleSheet()
    qss = resource("styles", "app.qss")
    if qss.exists():
        qapp.setStyleSheet(qss.read_text(encoding="utf-8"))
    c = new_context(office, tmp_path, printers={"ticket": "sim://pubtest"})
    yield c
    c.tasks.shutdown()
    qapp.setStyleSheet(before)


def settle(qtbot: Any, ctx: AppContext, timeout: int = 5000) -> None:
    """Wait until the DB worker has delivered every result to the GUI thread."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


def shoot(widget: QWidget, path: Path, width: int, height: int) -> Path:
    """Resize, let the layout settle, and save what the screen shows."""
    widget.resize(width, height)
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    assert widget.grab().save(str(path)), path
    return path


@pytest.fixture
def shots() -> Path:
    """Screenshots of the public screens, for a person to look at (git-ignored)."""
    path = ROOT / "test-output" / "ui" / "public"
    path.mkdir(parents=True, exist_ok=True)
    return path
