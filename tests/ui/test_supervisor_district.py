"""The supervisor's reports with the scope "Toàn huyện": the figures come from a real `kiosk
server` process on PostgreSQL holding two offices (the hand-built data set of
tests/integration/test_server_reports.py, whose numbers are worked out there by hand).

The PC is the UI tests' demo database with the server's address as its sync server; the
supervisor signs in to the server in the window's dialog (a clerk's account and a wrong password
first), and the numbers on screen, the CSV and the PDF are checked against the data set. Then
the server is stopped (the unreachable message), and without a server configured the choice is
off with its reason.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from kiosk.services.context import set_setting
from kiosk.store.db import open_store
from kiosk.store.models import Agency, Rating
from kiosk.store.server_models import StaffToken
from tests.integration import test_sync_harness as harness
from tests.integration.test_server_reports import WANT_A, WANT_B, build, plus, totals
from tests.integration.test_sync_harness import OFFICE_A, OFFICE_B, free_port
from tests.integration.test_sync_processes import ServerProcess
from ui.context import AppContext
from ui.supervisor import widgets
from ui.supervisor.window import SupervisorWindow

server_db = harness.server_db  # fixture

TODAY = date(2026, 3, 9)
START, END = date(2026, 3, 2), date(2026, 3, 6)
NAME_A, NAME_B = "UBND phường Quang Trung", "UBND phường Tân Lập"
RATINGS = [(OFFICE_A, 5), (OFFICE_A, 4), (OFFICE_A, 2), (OFFICE_B, 5)]


def add_ratings(db: str) -> None:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            for n, (agency, level) in enumerate(RATINGS):
                s.add(
                    Rating(
                        at=datetime(2026, 3, 3, 9, n),
                        level=level,
                        counter_number=1,
                        clerk="canbo1",
                        agency_code=agency,
                    )
                )
    finally:
        st.close()


def expire_sessions(db: str) -> None:
    st = open_store(db, migrate=False)
    try:
        with st.begin() as s:
            s.execute(update(StaffToken).values(expires_at=datetime(2026, 1, 1)))
    finally:
        st.close()


@pytest.fixture
def district_server(server_db: str, tmp_path: Path) -> Iterator[ServerProcess]:
    build(server_db)
    add_ratings(server_db)
    srv = ServerProcess(server_db, tmp_path / "server-home")
    yield srv
    srv.stop()


def configure(ctx: AppContext, server: str | None, district: str | None = None) -> None:
    """The PC's sync server; `district`: the name of its agency's parent (the PDF's heading)."""
    with ctx.store.begin() as s:
        set_setting(s, "sync_server", server or "")
        if district is not None:
            top = Agency(code="000.00.22.H00", name=district)
            s.add(top)
            s.flush()
            own = s.scalar(select(Agency).where(Agency.code == OFFICE_A))
            assert own is not None
            own.parent_id = top.id


def open_window(ctx: AppContext, qtbot: QtBot, wait: Callable[[], None]) -> SupervisorWindow:
    w = SupervisorWindow(ctx, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    w.login.username.setText("giamsat")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait()
    assert w.stack.currentWidget() is w.main
    return w


@pytest.fixture
def wait(ctx: AppContext, qtbot: QtBot) -> Iterator[Callable[[], None]]:
    """Until the database worker and the window's network worker have delivered everything."""
    runners: list[Any] = [ctx.tasks]

    def until_idle() -> None:
        qtbot.waitUntil(lambda: all(r.pending == 0 for r in runners), timeout=30_000)

    def track(w: SupervisorWindow) -> None:
        runners.append(w.district.net)

    until_idle.track = track  # type: ignore[attr-defined]
    yield until_idle


def column(model: widgets.RowsModel, key: str) -> list[str]:
    i = [c.key for c in model.columns].index(key)
    return [model.text(r, i) for r in range(model.rowCount())]


def sign_in(w: SupervisorWindow, wait: Callable[[], None], user: str, password: str) -> None:
    dialog = w.district.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.button.click()
    wait()


@pytest.mark.postgres
def test_district_figures_from_the_server(
    ctx: AppContext,
    qtbot: QtBot,
    wait: Any,
    district_server: ServerProcess,
    server_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shot: Callable[[Any, str], Path],
) -> None:
    url = district_server.url
    configure(ctx, url, district="UBND huyện Hoài Đức")
    w = open_window(ctx, qtbot, wait)
    wait.track(w)
    tab = w.results
    w.tabs.setCurrentWidget(tab)
    assert tab.scope.combo.isEnabled() and url in tab.scope.combo.toolTip()
    tab.period.set_period(START, END)

    # "Toàn huyện": the server wants the supervisor's own account, asked for once.
    tab.scope.combo.setCurrentIndex(1)
    wait()
    dialog = w.district.dialog
    assert dialog is not None and dialog.username.text() == "giamsat"
    assert any(url in label.text() for label in dialog.findChildren(QLabel))
    # A clerk on the server: the answer of a wrong password (docs/server.md, threat model).
    sign_in(w, wait, "canbo_h", "motcua123")
    assert w.district.dialog is dialog and "không chấp nhận tên đăng nhập hoặc mật khẩu" in (
        dialog.banner.text()
    )
    sign_in(w, wait, "giamsat_h", "sai-mat-khau")
    assert w.district.dialog is dialog
    assert "không chấp nhận tên đăng nhập hoặc mật khẩu" in dialog.banner.text()
    assert dialog.password.text() == ""  # the password is not kept, not even in the field
    shot(dialog, "supervisor_district_login_refused")
    sign_in(w, wait, "giamsat_h", "motcua123")
    assert w.district.dialog is None and w.district.session is not None
    assert w.district.session.role == "supervisor"
    assert "motcua123" not in repr(w.district.session)

    # Results (II.06a) per office, as the data set says.
    assert tab.banner.text() == "", tab.banner.text()
    assert tab.by.currentData() == "agency" and tab.model.columns[0].title == "Đơn vị"
    assert column(tab.model, "field") == [NAME_A, NAME_B, "Tổng cộng"]
    want = [totals(WANT_A), totals(WANT_B), totals(plus(WANT_A, WANT_B))]
    for key in want[0]:
        assert column(tab.model, key) == [str(x[key]) for x in want], key
    assert "Toàn huyện, theo máy chủ" in tab.summary.text()
    assert f"2 đơn vị ({NAME_A}, {NAME_B})" in tab.summary.text()
    assert "Tiếp nhận 10 hồ sơ, đã giải quyết 5" in tab.summary.text()
    assert tab.chart.categories == [NAME_A, NAME_B]
    shot(w, "supervisor_district_results")

    # CSV (the server's) and PDF (this PC's printing code) of the district view.
    paths = iter([str(tmp_path / "huyen.csv"), str(tmp_path / "huyen.pdf")])
    monkeypatch.setattr(widgets, "ask_save_path", lambda *a: next(paths))
    tab.csv_button.click()
    wait()
    assert "Đã lưu" in tab.banner.text(), tab.banner.text()
    table = list(csv.DictReader(io.StringIO((tmp_path / "huyen.csv").read_text("utf-8-sig"))))
    assert [t["agency"] for t in table] == [OFFICE_A, OFFICE_B, ""]
    assert [t["received_total"] for t in table] == ["6", "4", "10"]
    tab.pdf_button.click()
    wait()
    assert "Đã lưu" in tab.banner.text(), tab.banner.text()
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "huyen.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Cơ quan" in text and NAME_A in text and NAME_B in text
    assert "UBND HUYỆN HOÀI ĐỨC" in text  # headed by the district, not by this office
    assert "Lê Thị Thu Hà" in text  # signed by the supervisor who made it
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert [int(x) for x in total_line.split()[-11:]] == [
        want[2][k]
        for k in (
            "received_total",
            "received_online",
            "received_direct",
            "received_carried_over",
            "resolved_total",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "pending_total",
            "pending_in_time",
            "pending_overdue",
        )
    ]

    # By field across the district: one field, the district's total.
    tab.by.setCurrentIndex(tab.by.findData("field"))
    tab.run_button.click()
    wait()
    assert column(tab.model, "received_total")[-1] == "10"

    # Queue per office: no second password.
    q = w.queue
    w.tabs.setCurrentWidget(q)
    q.period.set_period(START, END)
    q.scope.combo.setCurrentIndex(1)
    wait()
    assert w.district.dialog is None and q.banner.text() == "", q.banner.text()
    assert column(q.model, "agency_name") == [NAME_A, NAME_B, ""]
    assert column(q.model, "issued") == ["3", "1", "4"]
    assert column(q.model, "served") == ["1", "1", "2"]
    assert column(q.model, "no_show") == ["1", "0", "1"]
    assert column(q.model, "avg_wait_s") == ["25:00", "5:00", "18:20"]
    assert "Đã phát 4 số, phục vụ 2, vắng mặt 1" in q.summary.text()
    shot(w, "supervisor_district_queue")

    # Satisfaction per office (ratings pushed by the PCs of each office).
    sat = w.satisfaction
    w.tabs.setCurrentWidget(sat)
    sat.period.set_period(START, END)
    sat.scope.combo.setCurrentIndex(1)
    wait()
    assert sat.banner.text() == "", sat.banner.text()
    assert column(sat.model, "agency_name") == [NAME_A, NAME_B, ""]
    assert column(sat.model, "ratings") == ["3", "1", "4"]
    assert column(sat.model, "complaints") == ["1", "0", "1"]
    assert "4 lượt đánh giá; tỷ lệ hài lòng 75.0 %" in sat.summary.text()

    # The overdue watch per office, as the server has it now (after March 2026, every running
    # clock of the data set is past its due date: A4, A5, B2, B4; B3 is paused).
    watch = w.watch
    w.tabs.setCurrentWidget(watch)
    watch.scope.combo.setCurrentIndex(1)
    wait()
    assert watch.banner.text() == "", watch.banner.text()
    login = httpx.post(
        url + "/v1/staff/login", json={"username": "giamsat_h", "password": "motcua123"}
    ).json()
    server_says = httpx.get(
        url + "/v1/reports/overdue", headers={"Authorization": f"Bearer {login['token']}"}
    ).json()
    assert watch.data is not None and watch.data["total"] == server_says["total"]
    assert server_says["total"]["overdue"] == 4
    assert column(watch.groups, "agency_name") == [NAME_A, NAME_B]
    assert column(watch.groups, "overdue") == ["2", "2"]
    assert sorted(column(watch.list, "agency_name")) == [NAME_A, NAME_A, NAME_B, NAME_B]
    assert "4" in watch.cards["overdue"].text()
    assert "Toàn huyện (2 đơn vị)" in watch.when.text()
    shot(w, "supervisor_district_watch")

    # The server session runs out: the password is asked again, and the report follows.
    expire_sessions(server_db)
    w.tabs.setCurrentWidget(tab)
    tab.run_button.click()
    wait()
    dialog = w.district.dialog
    assert dialog is not None and "Phiên làm việc với máy chủ huyện đã hết hạn" in (
        dialog.banner.text()
    )
    assert dialog.username.text() == "giamsat_h"  # the name the server accepted
    sign_in(w, wait, "giamsat_h", "motcua123")
    assert w.district.dialog is None and tab.banner.text() == ""
    assert column(tab.model, "received_total")[-1] == "10"

    # The server goes away: one clear sentence, and this office's figures still work.
    district_server.stop()
    tab.run_button.click()
    wait()
    assert "Không kết nối được máy chủ huyện" in tab.banner.text(), tab.banner.text()
    assert url in tab.banner.text()
    shot(w, "supervisor_district_unreachable")
    tab.scope.combo.setCurrentIndex(0)
    wait()
    assert tab.banner.text() == "" and column(tab.model, "field")[-1] == "Tổng cộng"
    assert tab.by.currentData() == "field"

    # Signing out forgets the server session; the next supervisor is asked again.
    w.sign_out()
    assert w.district.session is None
    assert all(not t.scope.is_district for t in (tab, q, sat, watch))


def test_unreachable_server_at_sign_in_and_a_cancelled_sign_in(
    ctx: AppContext, qtbot: QtBot, wait: Any, shot: Callable[[Any, str], Path]
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    configure(ctx, url)
    w = open_window(ctx, qtbot, wait)
    wait.track(w)
    tab = w.results
    w.tabs.setCurrentWidget(tab)
    tab.period.set_period(START, END)

    # Cancelled: back to this office, with a word about it.
    tab.scope.combo.setCurrentIndex(1)
    wait()
    dialog = w.district.dialog
    assert dialog is not None
    dialog.cancel.click()
    wait()
    assert w.district.dialog is None and not tab.scope.is_district
    assert "Chưa đăng nhập máy chủ huyện" in tab.banner.text()
    assert column(tab.model, "field")[-1] == "Tổng cộng"  # this office's report again

    # No server there: the dialog closes and the tab says so.
    tab.scope.combo.setCurrentIndex(1)
    wait()
    sign_in(w, wait, "giamsat", "motcua123")
    assert w.district.dialog is None and w.district.session is None
    assert tab.scope.is_district
    assert "Không kết nối được máy chủ huyện" in tab.banner.text(), tab.banner.text()
    assert tab.model.rowCount() == 0 and not tab.csv_button.isEnabled()
    assert not tab.pdf_button.isEnabled()
    shot(w, "supervisor_district_no_answer")


def test_without_a_server_the_district_is_off(ctx: AppContext, qtbot: QtBot, wait: Any) -> None:
    configure(ctx, None)
    w = open_window(ctx, qtbot, wait)
    for tab in (w.results, w.queue, w.satisfaction, w.watch):
        assert not tab.scope.combo.isEnabled()
        assert "chưa được cấu hình máy chủ đồng bộ" in tab.scope.combo.toolTip()
        assert not tab.scope.is_district
    assert w.results.scope.combo.itemText(1) == "Toàn huyện"
