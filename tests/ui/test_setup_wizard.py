"""Issue 14, done when: the set-up wizard on an empty database (no --demo anywhere) makes a
working office — two counters, three services, a clerk, a supervisor, a department officer —
then a ticket taken at the dispenser is called at counter 2 and a dossier received there gets
its receipt (Mẫu 01 read back with pdftotext). Screenshots: test-output/ui/wizard-*.png."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.services import queue as q
from kiosk.services.admin_queue import list_counters, list_services
from kiosk.services.admin_staff import list_staff
from kiosk.store.db import Store, open_store
from kiosk.store.models import Procedure, Ticket
from printing.transports import sim_printer
from ui.admin import wizard as wz
from ui.admin.wizard import SetupWizard
from ui.app import make_context
from ui.context import AppContext

from .conftest import idle

AT = datetime(2026, 2, 9, 9, 0)  # a Monday morning: the office is open
CCCD = "001088012345|123456789|Nguyễn Văn An|01021988|Nam|Số 5 Lê Lợi, phường Tân Thịnh|15082021"


@pytest.fixture
def empty(qapp: Any, tmp_path: Path) -> Iterator[tuple[AppContext, Store]]:
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")  # a new file: nothing in it
    tag = uuid.uuid4().hex[:8]
    printers = {"ticket": f"sim://wt{tag}", "receipt": f"sim://wr{tag}", "forms": "sim://wf"}
    ctx = make_context(store, tmp_path, config={"counter": 2, "printers": printers},
                       counter_number=2)  # fmt: skip
    yield ctx, store
    ctx.tasks.shutdown()
    store.close()


def fill(form: Any, **values: str) -> None:
    for key, text in values.items():
        form.inputs[key].setText(text)


def test_the_wizard_makes_a_working_office(
    qtbot: QtBot,
    empty: tuple[AppContext, Store],
    shot: Callable[[Any, str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx, store = empty
    # the queue's day and hours: a Monday morning, whenever the test runs
    started = datetime.now()
    monkeypatch.setattr(q, "now", lambda: (AT + (datetime.now() - started)).replace(microsecond=0))
    wait = lambda timeout=20_000: qtbot.waitUntil(idle(ctx.tasks), timeout=timeout)  # noqa: E731
    from ui.admin.wizard_plan import needs_setup

    with store.begin() as s:
        assert needs_setup(s)  # what `kiosk run` asks before opening the wizard
    w = SetupWizard(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    wait()
    shot(w, "wizard-1-welcome")
    w.next()
    assert w.currentId() == wz.OFFICE

    # the office: a bad agency code is refused under its field, then the real one
    o = w.office.form
    fill(o, agency_code="H56 xã", agency_name="UBND xã Tân Thịnh", name="Bộ phận Một cửa",
         parent_name="UBND thành phố Hòa Bình", place_name="Hòa Bình",
         address="Số 1 đường Cù Chính Lan", phone="0218 3852 111",
         hours="07:30-11:30, 13:30-17:00", cutoff="15:00")  # fmt: skip
    w.next()
    wait()
    assert w.currentId() == wz.OFFICE and o.field_error("agency_code")
    shot(w, "wizard-2-office-refused")
    fill(o, agency_code="000.21.31.H56", cutoff="26:00")
    w.next()
    wait()
    assert w.currentId() == wz.OFFICE and o.field_error("cutoff")
    fill(o, cutoff="15:00")
    w.next()
    wait()
    assert w.currentId() == wz.ADMIN, o.banner.text()

    # the first admin: the password typed twice
    a = w.admin.form
    fill(a, username="quantri", full_name="Phạm Quốc Bảo", password="Quan-tri-2026",
         password2="Quan-tri-2027")  # fmt: skip
    w.next()
    wait()
    assert w.currentId() == wz.ADMIN and "không giống nhau" in a.field_error("password2")
    fill(a, password2="Quan-tri-2026")
    w.next()
    wait(60_000)
    assert w.currentId() == wz.CATALOG, a.banner.text()
    assert "thủ tục" in w.catalog.bundled.text()
    w.next()
    wait()
    assert w.currentId() == wz.SERVICES

    with store.begin() as s:
        birth = s.scalar(select(Procedure).where(Procedure.code == "1.001193"))
        assert birth is not None
        civil = birth.field.name
        others = sorted(
            {p.field.name for p in s.scalars(select(Procedure).where(Procedure.active))} - {civil}
        )
    sv = w.services
    assert not sv.isComplete()  # at least one service
    fill(sv.form, code="HOTICH", name="Hộ tịch", prefix="A", fields=civil)
    sv.add_button.click()
    wait()
    fill(sv.form, code="DATDAI", name="Đất đai", prefix="A", fields=others[0])
    sv.add_button.click()
    wait()
    assert "A" in sv.form.field_error("prefix"), sv.form.banner.text()  # A is taken
    fill(sv.form, prefix="B")
    sv.add_button.click()
    wait()
    fill(sv.form, code="KHAC", name="Lĩnh vực khác", prefix="C", fields=", ".join(others[1:3]),
         priority_kinds="elderly, disabled")  # fmt: skip
    sv.add_button.click()
    wait()
    assert [r["code"] for r in sv.rows] == ["HOTICH", "DATDAI", "KHAC"], sv.form.banner.text()
    shot(w, "wizard-3-services")
    w.next()
    assert w.currentId() == wz.COUNTERS

    c = w.counters
    fill(c.form, number="1", name="Quầy số 1", services="DATDAI, KHAC")
    c.add_button.click()
    wait()
    fill(c.form, number="2", name="Quầy số 2", services="HOTICH, NOPE",
         printer=ctx.printer_url("receipt"))  # fmt: skip
    c.add_button.click()
    wait()
    assert c.form.field_error("services")
    fill(c.form, services="HOTICH, KHAC")
    c.test_button.click()  # "Thử": the test page reaches the counter's printer
    qtbot.waitUntil(lambda: "Đã in trang thử" in c.form.banner.text(), timeout=20_000)
    c.add_button.click()
    wait()
    assert [r["number"] for r in c.rows] == ["1", "2"]
    shot(w, "wizard-4-counters")
    w.next()
    assert w.currentId() == wz.STAFF

    st = w.staff
    for user, name, role, counter in (
        ("canbo2", "Trần Văn Minh", "clerk", "2"),
        ("giamsat", "Lê Thị Thu Hà", "supervisor", ""),
        ("chuyenvien", "Hoàng Văn Đức", "department", ""),
    ):
        fill(st.form, username=user, full_name=name, counter=counter,
             password="Mat-khau-2026", password2="Mat-khau-2026")  # fmt: skip
        combo = st.form.inputs["role"]
        combo.setCurrentIndex(combo.findData(role))  # type: ignore[attr-defined]
        st.add_button.click()
        wait(60_000)
        assert st.rows[-1]["username"] == user, st.form.banner.text() + str(st.form.errors)
    fill(st.form, username="quantri", full_name="Trùng tên", password="Mat-khau-2026",
         password2="Mat-khau-2026")  # fmt: skip
    st.add_button.click()
    wait(60_000)
    assert st.form.field_error("username"), (st.form.banner.text(), st.rows)
    shot(w, "wizard-5-staff")
    w.next()
    assert w.currentId() == wz.PIN

    fill(w.pin.form, pin="12", pin2="12")
    w.next()
    wait()
    assert w.currentId() == wz.PIN and w.pin.form.field_error("pin")
    fill(w.pin.form, pin="482916", pin2="482916")
    w.next()
    wait()
    assert w.currentId() == wz.FINISH
    shot(w, "wizard-6-finish")
    with qtbot.waitSignal(w.set_up, timeout=60_000):
        w.button(w.WizardButton.FinishButton).click()
        wait(60_000)
    wait()

    with store.begin() as s:
        assert [x["number"] for x in list_counters(s)] == [1, 2]
        assert [x["code"] for x in list_services(s)] == ["HOTICH", "DATDAI", "KHAC"]
        roles = {x["username"]: x["role"] for x in list_staff(s)}
        assert not needs_setup(s)
    assert roles == {"quantri": "admin", "canbo2": "clerk", "giamsat": "supervisor",
                     "chuyenvien": "department"}  # fmt: skip

    # the dispenser: a real ticket for Hộ tịch, on the ticket printer
    from ui.public.dispenser import DispenserWindow

    d = DispenserWindow(ctx)
    qtbot.addWidget(d)
    d.clock = lambda: q.now()
    d.resize(1366, 768)
    d.show()
    d.refresh()
    wait()
    shot(d, "wizard-7-dispenser")
    qtbot.mouseClick(d.service_buttons["HOTICH"], Qt.MouseButton.LeftButton)
    wait()
    shot(d, "wizard-7b-dispenser-after")
    ticket_printer = sim_printer(ctx.printer_url("ticket").removeprefix("sim://"))
    qtbot.waitUntil(lambda: len(ticket_printer.jobs) >= 1, timeout=20_000)
    with store.begin() as s:
        assert [t.label for t in s.scalars(select(Ticket))] == ["A001"]

    # counter 2: the clerk signs in, calls A001, receives a birth registration
    from ui.counter.window import CounterWindow, create

    win = create(ctx)
    assert isinstance(win, CounterWindow)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.login.username.setText("canbo2")
    win.login.password.setText("Mat-khau-2026")
    win.login.button.click()
    qtbot.waitUntil(lambda: win.who is not None, timeout=20_000)
    qtbot.waitUntil(idle(ctx.tasks, win.io), timeout=20_000)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    with qtbot.waitSignal(ctx.hub.ticket_called, timeout=10_000) as called:
        QTest.keyClick(win, Qt.Key.Key_F2)
    assert called.args == ["A001", 2]
    wait()
    shot(win, "wizard-8-counter-called")

    page = win.reception
    QTest.keyClicks(page.picker.search, "dang ky khai sinh")
    QTest.keyClick(page.picker.search, Qt.Key.Key_Return)
    assert page.procedure is not None and page.procedure.code == "1.001193"
    ctx.hub.scanned.emit(CCCD)
    page.applicant.phone.setText("0912345678")
    for row, doc in enumerate(page.procedure.documents):
        if doc.required:
            page.checklist.check_row(row)
    fee = getattr(page, "fee", None)
    if fee is not None and hasattr(fee, "none"):
        fee.none.setChecked(True)
    page.receive_button.click()
    qtbot.waitUntil(idle(ctx.tasks, win.io), timeout=60_000)
    assert page.outcome is not None and page.outcome.status == Status.RECEIVED, page.banner.text()
    code = page.outcome.code
    assert code.startswith("000.21.31.H56")
    qtbot.waitUntil(lambda: page.last_print.pdf is not None, timeout=60_000)
    pdf = page.last_print.pdf
    assert pdf is not None
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert code in text and "Nguyễn Văn An" in text and "Hòa Bình" in text
    shot(win, "wizard-9-received")
    # the office's database is encrypted at rest (issue 16): no citizen's data in its bytes
    from kiosk.store import cipher

    db = Path(str(store.engine.url.database))
    assert cipher.file_kind(db) == "encrypted"
    data = b"".join(p.read_bytes() for p in db.parent.glob("kiosk.sqlite3*"))
    for needle in ("Nguyễn Văn An", "0912345678", "001088012345"):
        assert needle.encode() not in data, needle


def test_kiosk_run_on_an_empty_database_opens_the_wizard(
    qtbot: QtBot, empty: tuple[AppContext, Store]
) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.app import offer_setup

    ctx, _store = empty
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    offer_setup(ctx, parent)  # what run_app does after the first paint
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, SetupWizard) and w.isVisible() for w in QApplication.topLevelWidgets()
        ),  # fmt: skip
        timeout=10_000,
    )
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard))
    qtbot.waitUntil(idle(ctx.tasks), timeout=20_000)
    wizard.reject()


def test_a_set_up_database_gets_no_wizard(qtbot: QtBot, ctx: AppContext) -> None:
    from ui.admin.wizard_plan import needs_setup

    with ctx.tasks.store.begin() as s:  # the demo office has its admin account
        assert not needs_setup(s)


def test_kiosk_setup_finds_the_wizard() -> None:
    from importlib.metadata import entry_points

    from kiosk.cli.setup import WIZARD_GROUP
    from ui.admin.wizard_entry import wizard

    found = [ep for ep in entry_points(group=WIZARD_GROUP) if ep.name == "wizard"]
    assert found and found[0].load() is wizard


def test_enrolling_with_an_unreachable_server_says_so_under_the_address(
    qtbot: QtBot, empty: tuple[AppContext, Store]
) -> None:
    ctx, store = empty
    w = SetupWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(idle(ctx.tasks), timeout=20_000)
    w.welcome.server.setChecked(True)
    w.next()
    assert w.currentId() == wz.ENROLL
    f = w.enroll.form
    w.next()
    assert f.field_error("server")  # nothing typed
    fill(f, server="http://127.0.0.1:9", code="ABCD-1234")  # loopback, nobody listening
    w.next()
    qtbot.waitUntil(lambda: bool(f.field_error("server")), timeout=30_000)
    assert "Không kết nối được với máy chủ" in f.field_error("server")  # in Vietnamese
    assert w.currentId() == wz.ENROLL
    with store.begin() as s:
        from kiosk.services.admin_sync import enrolled

        assert not enrolled(s)
