"""Issue 17 item 13: an empty database at log-in says no account exists yet and how to set up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.setup import init_database
from kiosk.store.db import open_store
from ui.app import make_context
from ui.context import AppContext
from ui.widgets.login import LoginPanel


@pytest.fixture
def empty_ctx(qapp: Any, tmp_path: Path) -> Iterator[AppContext]:
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    with store.begin() as s:
        init_database(s, "000.17.22.H56", "UBND phường Quang Trung")  # an office, no account
    context = make_context(store, tmp_path, demo=False, counter_number=1, config={})
    yield context
    context.tasks.shutdown()
    store.close()


def test_the_login_says_no_account_exists_and_how_to_set_up(
    qtbot: QtBot, empty_ctx: AppContext
) -> None:
    panel = LoginPanel(empty_ctx, "Quầy")
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.banner.isVisible(), timeout=5000)
    text = panel.banner.text()
    assert "Chưa có tài khoản" in text and "kiosk setup" in text and "kiosk staff add" in text
    panel.banner.clear_message()
    panel.username.setText("canbo1")
    panel.password.setText("motcua123")
    panel.submit()
    qtbot.waitUntil(lambda: panel.banner.isVisible(), timeout=5000)
    assert "kiosk setup" in panel.banner.text()
    assert "Sai tên đăng nhập" not in panel.banner.text()
