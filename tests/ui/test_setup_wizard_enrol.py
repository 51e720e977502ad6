"""The set-up wizard's "enrol with a server" against a real `kiosk server` process (TLS with the
office's own CA, the enrolment code pinning it), on PostgreSQL: the server's set-up — office,
counters, services, staff, the kiosk PIN — arrives by sync, and the clerk's window then works:
the clerk made on the server signs in at counter 2 and calls a ticket, which the server gets."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from kiosk.services import admin_office, admin_queue, admin_staff
from kiosk.services import queue as q
from kiosk.services.admin_office import place_name
from kiosk.services.admin_sync import enrolled
from kiosk.services.setup import authenticate
from kiosk.store.db import Store, open_store
from kiosk.store.models import Ticket
from kiosk.wire.pin import join_code, split_code
from tests.integration import test_sync_harness as harness
from tests.integration.conftest import kiosk
from tests.integration.test_sync_harness import OFFICE_A
from tests.integration.test_sync_processes import ServerProcess
from ui.admin import wizard as wz
from ui.admin.wizard import SetupWizard
from ui.app import make_context
from ui.context import AppContext

from .conftest import idle

server_db = harness.server_db  # fixture
pytestmark = pytest.mark.postgres
AT = datetime(2026, 2, 9, 9, 0)  # a Monday morning: the office is open


@pytest.fixture
def empty(qapp: Any, tmp_path: Path) -> Iterator[tuple[AppContext, Store]]:
    store = open_store(f"sqlite:///{tmp_path / 'pc' / 'kiosk.sqlite3'}")
    tag = uuid.uuid4().hex[:8]
    printers = {"ticket": f"sim://et{tag}", "receipt": f"sim://er{tag}", "forms": "sim://ef"}
    ctx = make_context(store, tmp_path / "pc", config={"counter": 2, "printers": printers},
                       counter_number=2)  # fmt: skip
    yield ctx, store
    ctx.tasks.shutdown()
    store.close()


def set_up_on_the_server(db: str) -> None:
    """What the server's admin does first (`kiosk ... --db URL --office CODE`)."""
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            admin_office.set_office(s, {"place_name": "Hà Đông", "cutoff": "16:00"}, OFFICE_A)
            admin_queue.add_service(s, "KD", "Kinh doanh", "C", ["Đất đai"], office=OFFICE_A)
            admin_queue.set_counter(s, 2, {"printer": "sim://quay2"}, OFFICE_A)
            admin_staff.add_staff(
                s, "canbo2", "Trần Văn Minh", "clerk", "Mat-khau-2026", office=OFFICE_A, counter=2
            )
            admin_staff.add_staff(
                s, "giamsat", "Lê Thị Thu Hà", "supervisor", "Mat-khau-2026", office=OFFICE_A
            )
            admin_office.set_kiosk_pin(s, "864209", OFFICE_A)
    finally:
        st.close()


def test_the_wizard_enrols_with_a_real_server_and_the_clerk_works(
    qtbot: QtBot,
    empty: tuple[AppContext, Store],
    server_db: str,
    tmp_path: Path,
    shot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx, store = empty
    started = datetime.now()
    monkeypatch.setattr(q, "now", lambda: (AT + (datetime.now() - started)).replace(microsecond=0))
    set_up_on_the_server(server_db)
    srv = ServerProcess(server_db, tmp_path / "server", tls=True)  # its own CA, https
    try:
        out = kiosk(tmp_path, "--db", server_db, "server", "add-device", "--office", OFFICE_A,
                    "--json")  # fmt: skip
        code = str(json.loads(out.stdout)["code"])  # the one-time code and the CA's pin
        w = SetupWizard(ctx)
        qtbot.addWidget(w)
        w.resize(1280, 720)
        w.show()
        qtbot.waitUntil(idle(ctx.tasks), timeout=20_000)
        w.welcome.server.setChecked(True)
        w.next()
        assert w.currentId() == wz.ENROLL
        f = w.enroll.form
        f.inputs["server"].setText(srv.url.replace("https://", "http://"))  # the pin says https
        _one_time, pin = split_code(code)
        f.inputs["code"].setText(join_code("ABCDEFGHJKLM", pin))  # a wrong code, the right pin
        w.next()
        refused = lambda: bool(f.field_error("code") or f.field_error("server"))  # noqa: E731
        qtbot.waitUntil(refused, timeout=30_000)
        assert not f.field_error("server"), f.field_error("server")
        assert "Máy chủ không nhận mã đăng ký này" in f.field_error("code")  # in Vietnamese
        assert w.currentId() == wz.ENROLL
        f.inputs["code"].setText(code)
        shot(w, "wizard-enrol-server")
        with qtbot.waitSignal(w.set_up, timeout=60_000):
            w.next()
        qtbot.waitUntil(idle(ctx.tasks), timeout=20_000)

        with store.begin() as s:  # the server's set-up came down by sync
            assert enrolled(s)
            settings = dict(s.execute(text("SELECT key, value FROM setting")).all())
            assert settings["sync_server"].startswith("https://") and settings["sync_ca_pem"]
            assert place_name(s) == "Hà Đông"
            assert admin_office.office_details(s)["cutoff"] == "16:00"
            assert {c["number"] for c in admin_queue.list_counters(s)} == {1, 2, 3}
            assert admin_queue.list_counters(s)[1]["printer"] == "sim://quay2"
            assert {x["code"] for x in admin_queue.list_services(s)} == {"HT", "DD", "KD"}
            assert authenticate(s, "canbo2", "Mat-khau-2026").role == "clerk"
            assert authenticate(s, "giamsat", "Mat-khau-2026").role == "supervisor"
            assert admin_office.pin_matches(admin_office.kiosk_pin_hash(s) or "", "864209")
            ticket = q.issue_ticket(s, "HT").ticket.label

        # The clerk's window at counter 2: the server's clerk signs in and calls the ticket.
        from ui.counter.window import CounterWindow

        win = CounterWindow(ctx)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        win.login.username.setText("canbo2")
        win.login.password.setText("Mat-khau-2026")
        win.login.button.click()
        qtbot.waitUntil(lambda: win.who is not None, timeout=20_000)
        qtbot.waitUntil(idle(ctx.tasks, win.io), timeout=20_000)
        assert ctx.printer_url("receipt") == "sim://quay2"  # counter 2's own, from the server
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        with qtbot.waitSignal(ctx.hub.ticket_called, timeout=10_000) as called:
            QTest.keyClick(win, Qt.Key.Key_F2)
        assert called.args == [ticket, 2]
        qtbot.waitUntil(idle(ctx.tasks, win.io), timeout=20_000)
        shot(win, "wizard-enrol-counter-called")

        from kiosk.sync.engine import Syncer

        syncer = Syncer(store)
        try:
            assert syncer.sync_once().rejected == 0
        finally:
            syncer.close()
        st = open_store(server_db, migrate=False)
        try:
            with st.begin() as s:  # the server has the ticket, called at counter 2
                t = s.scalar(select(Ticket).where(Ticket.label == ticket))
                assert t is not None and (t.status, t.counter_number) == (q.CALLED, 2)
        finally:
            st.close()
    finally:
        srv.stop()
