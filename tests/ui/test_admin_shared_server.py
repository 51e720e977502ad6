"""The admin window of a PC enrolled with a real server of several offices: a procedure withdrawn
with the admin's password is shown withdrawn at once (the PC pulls right after the server
applied it, without a sync process running), and the admin's staff session is ended on the
server after it. A real `kiosk server` app on PostgreSQL, pytest-qt offscreen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.store.db import open_store
from kiosk.store.models import Staff
from kiosk.store.server_models import StaffToken
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ServerThread, enroll
from tests.integration.test_sync_shared import WITHDRAWN
from tests.integration.test_sync_shared_proof import add_accounts
from tests.ui.conftest import idle
from ui.admin.window import AdminWindow
from ui.app import make_context

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def live_tokens(server_db: str, username: str) -> int:
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(StaffToken)
                    .join(Staff, Staff.id == StaffToken.staff_id)
                    .where(
                        Staff.username == username,
                        StaffToken.revoked_at.is_(None),
                        StaffToken.expires_at > datetime.now(),
                    )
                )
                or 0
            )
    finally:
        st.close()


def test_a_withdrawal_checked_by_the_server_shows_at_once_and_the_session_ends(
    qapp: Any, qtbot: QtBot, server: ServerThread, server_db: str, tmp_path: Path, shot: Any
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    enroll(tmp_path, "c", server.url, server_db, office=harness.OFFICE_B)
    add_accounts(server_db)  # quantri_tinh: the admin of all offices, made on the server
    a.sync()  # its account (and password hash) comes down to the PC
    ctx = make_context(a.store, tmp_path / "home")
    try:
        w = AdminWindow(ctx)
        qtbot.addWidget(w)
        w.resize(1280, 720)
        w.show()
        wait = idle(ctx.tasks)
        w.login.username.setText("quantri_tinh")
        w.login.password.setText("matkhau-9")
        w.login.button.click()
        qtbot.waitUntil(wait, timeout=10_000)
        assert w.stack.currentWidget() is w.main, w.login.banner.text()
        c = w.catalog
        w.tabs.setCurrentWidget(c)
        qtbot.waitUntil(wait, timeout=10_000)
        assert c.status_of(WITHDRAWN) == "Đang dùng"
        row = next(i for i, r in enumerate(c.records) if r["code"] == WITHDRAWN)
        c.table.selectRow(row)
        c.withdraw_button.click()
        qtbot.waitUntil(wait, timeout=10_000)
        dialog = c.shared.dialog
        assert dialog is not None and dialog.isVisible()
        dialog.password.setText("matkhau-9")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(wait, timeout=30_000)
        qtbot.waitUntil(wait, timeout=10_000)  # the refresh queued by the answer
        assert "Đã ngừng áp dụng thủ tục" in c.form.banner.text(), c.form.banner.text()
        assert c.status_of(WITHDRAWN) == "Ngừng"  # no sync ran: the PC pulled at once
        shot(w, "admin-shared-applied")
        assert live_tokens(server_db, "quantri_tinh") == 0  # signed out after the change
    finally:
        ctx.tasks.shutdown()
