"""The supervisor's window as a supervisor uses it: log in, read the reports, export, edit the
duty roster. Numbers on screen are checked against the hand-built March 2026 data set."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetSelectionRange
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.services.reports_watch import overdue_watch
from kiosk.store.models import Outbox, RosterEntry
from tests.unit.test_reports import EXPECTED_CU_TRU, EXPECTED_HO_TICH, EXPECTED_TOTAL, build_march
from ui.context import AppContext
from ui.supervisor import widgets
from ui.supervisor.window import SupervisorWindow

TODAY = date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def window(ctx: AppContext, qtbot: QtBot, wait_idle: Callable[..., None]) -> SupervisorWindow:
    build_march(ctx.store)
    w = SupervisorWindow(ctx, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    w.login.username.setText("giamsat")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    assert w.stack.currentWidget() is w.main
    return w


def march(w: SupervisorWindow, wait_idle: Callable[..., None]) -> None:
    w.tabs.setCurrentWidget(w.results)
    w.results.period.set_period(date(2026, 3, 1), date(2026, 3, 31))
    w.results.run_button.click()
    wait_idle()


def test_login_refuses_a_clerk(ctx: AppContext, qtbot: QtBot, wait_idle: Any) -> None:
    w = SupervisorWindow(ctx, today=TODAY)
    qtbot.addWidget(w)
    w.login.username.setText("canbo1")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    assert w.stack.currentWidget() is w.login
    assert "không được dùng màn hình này" in w.login.banner.text()


def test_results_table_chart_and_checks(
    window: SupervisorWindow, wait_idle: Any, shot: Callable[[Any, str], Path]
) -> None:
    march(window, wait_idle)
    tab = window.results
    model = tab.model
    assert model.rowCount() == 3  # two fields and the total
    keys = [c.key for c in model.columns]
    shown = [[model.text(r, keys.index(k)) for k in EXPECTED_TOTAL] for r in range(3)]
    assert shown == [
        [str(EXPECTED_CU_TRU[k]) for k in EXPECTED_TOTAL],
        [str(EXPECTED_HO_TICH[k]) for k in EXPECTED_TOTAL],
        [str(EXPECTED_TOTAL[k]) for k in EXPECTED_TOTAL],
    ]
    assert model.text(2, 0) == "Tổng cộng"
    assert "Tiếp nhận 16 hồ sơ, đã giải quyết 10" in tab.summary.text()
    assert "Các cột đã kiểm tra" not in tab.summary.text()  # a developer's note, not shown
    for r in range(3):  # what the note said, checked here: (3)=(4)+(5)+(6), (7)=(8)+(9)+(10)...
        v = {k: int(model.text(r, keys.index(k))) for k in keys[1:]}
        assert v["received_total"] == (
            v["received_online"] + v["received_direct"] + v["received_carried_over"]
        )
        assert v["resolved_total"] == (
            v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]
        )
        assert v["pending_total"] == v["pending_in_time"] + v["pending_overdue"]
        assert v["received_total"] == v["resolved_total"] + v["pending_total"]
    # The chart draws one bar per field, as tall as its dossiers (7 and 9).
    tab.chart.resize(600, 300)
    tab.chart.grab()
    a, b = tab.chart.bar_rects
    assert a.height() / b.height() == pytest.approx(7 / 9, abs=0.02)
    shot(window, "supervisor_results")


def test_results_by_clerk(window: SupervisorWindow, wait_idle: Any) -> None:
    tab = window.results
    tab.by.setCurrentIndex(tab.by.findData("clerk"))
    march(window, wait_idle)
    # people's names, not user names (issue 17.10)
    assert [tab.model.text(r, 0) for r in range(3)] == [
        "Nguyễn Thị Lan",
        "Trần Văn Minh",
        "Tổng cộng",
    ]
    assert tab.model.columns[0].title == "Cán bộ"


def test_exports_pdf_and_csv(
    window: SupervisorWindow, wait_idle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    march(window, wait_idle)
    tab = window.results
    paths = iter([str(tmp_path / "march.pdf"), str(tmp_path / "march.csv")])
    monkeypatch.setattr(widgets, "ask_save_path", lambda *a: next(paths))
    tab.pdf_button.click()
    wait_idle()
    tab.csv_button.click()
    wait_idle()
    assert "Đã lưu" in tab.banner.text()
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "march.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Hộ tịch" in text and "Lê Thị Thu Hà" in text  # signed by who made it
    csv = (tmp_path / "march.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[-1] == ",Tổng cộng,16,2,9,5,10,2,5,3,6,4,2,0"  # + supplement_repeated


def test_cancelled_save_writes_nothing(
    window: SupervisorWindow, wait_idle: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    march(window, wait_idle)
    monkeypatch.setattr(widgets, "ask_save_path", lambda *a: None)
    window.results.pdf_button.click()
    wait_idle()
    assert window.results.banner.text() == ""


def test_bad_period_is_refused(window: SupervisorWindow, wait_idle: Any) -> None:
    tab = window.results
    tab.period.set_period(date(2026, 3, 31), date(2026, 3, 1))
    tab.run_button.click()
    wait_idle()
    assert "Ngày kết thúc phải sau ngày bắt đầu" in tab.banner.text()


def test_watch_shows_what_the_service_says(window: SupervisorWindow, wait_idle: Any) -> None:
    window.watch.refresh()
    wait_idle()
    with window.ctx.store.begin() as s:
        expected = overdue_watch(s)
    data = window.watch.data
    assert data is not None and data["total"] == expected.total
    assert window.watch.list.rowCount() == len(expected.dossiers)
    assert str(expected.total["overdue"]) in window.watch.cards["overdue"].text()
    # who received each dossier, by name, not by user name (issue 17.10)
    model = window.watch.list
    col = [c.key for c in model.columns].index("received_by")
    shown = {model.text(r, col) for r in range(model.rowCount())}
    names = {"canbo1": "Nguyễn Thị Lan", "canbo2": "Trần Văn Minh"}
    received = {str(d["received_by"]) for d in expected.dossiers}
    assert received & set(names), received  # the data has dossiers received by them
    assert shown == {names.get(u, u) for u in received} and not shown & set(names)


def test_roster_assign_flag_gaps_and_copy(
    window: SupervisorWindow, wait_idle: Any, shot: Callable[[Any, str], Path]
) -> None:
    tab = window.roster
    window.tabs.setCurrentWidget(tab)
    v = tab.view
    assert v is not None and v.start == date(2026, 3, 2)
    assert tab.grid.rowCount() == 10 and tab.grid.columnCount() == 4  # 10 working days
    assert "Còn 40 ca trực chưa có người" in tab.warning.text()
    # Monday: counter 1 and 2 to canbo1, then copy Monday to the empty days.
    tab.grid.setRangeSelected(QTableWidgetSelectionRange(0, 0, 0, 1), True)
    tab.clerk.setCurrentIndex(tab.clerk.findData("canbo1"))
    tab.assign_button.click()
    wait_idle()
    assert tab.grid.item(0, 0).text() == "Nguyễn Thị Lan"
    assert tab.view is not None and tab.view.clashes == [(date(2026, 3, 2), "canbo1", [1, 2])]
    tab.grid.clearSelection()
    tab.grid.setCurrentCell(0, 0)
    tab.copy_button.click()
    wait_idle()
    assert "Đã phân công thêm 18 ô" in tab.banner.text()  # 9 more days x 2 counters
    assert tab.grid.item(9, 1).text() == "Nguyễn Thị Lan"
    assert tab.grid.item(9, 2).text() == "— trống —"
    with window.ctx.store.begin() as s:
        assert len(list(s.scalars(select(RosterEntry)))) == 20
        assert len(list(s.scalars(select(Outbox).where(Outbox.kind == "roster.set")))) == 20
    shot(window, "supervisor_roster")


def test_queue_and_satisfaction_tabs(window: SupervisorWindow, wait_idle: Any) -> None:
    from kiosk.store.models import Rating
    from tests.unit.test_reports_queue import build_queue

    with window.ctx.store.begin() as s:
        build_queue(s)
        s.add(Rating(at=date(2026, 3, 2), level=5, counter_number=1, clerk="canbo1"))
    for tab in (window.queue, window.satisfaction):
        window.tabs.setCurrentWidget(tab)
        tab.period.set_period(date(2026, 3, 2), date(2026, 3, 2))
        tab.run_button.click()
        wait_idle()
    q = window.queue.model
    assert [q.text(r, 0) for r in range(q.rowCount())] == [
        "DD · Đất đai – Xây dựng",
        "HT · Hộ tịch – Chứng thực",
        "HT · Hộ tịch – Chứng thực",
        "KD · Kinh doanh – Cư trú",
        "",
    ]  # a service's name with its code (issue 17.10)
    assert "Đã phát 5 số, phục vụ 3, vắng mặt 1" in window.queue.summary.text()
    assert "31:45" in window.queue.summary.text()  # the 1905 s average wait
    assert "1 lượt đánh giá; tỷ lệ hài lòng 100.0 %" in window.satisfaction.summary.text()
    sat = window.satisfaction
    clerk = [c.key for c in sat.model.columns].index("clerk")
    assert sat.model.text(0, clerk) == "Nguyễn Thị Lan"  # not "canbo1"
    # the two satisfaction figures are told apart, on screen and on the column's header
    legend = sat.legend.text()
    assert "Tỷ lệ hài lòng" in legend and "Mức độ hài lòng" in legend and "766" in legend
    assert sat.legend.isVisible()
    share = [c.key for c in sat.model.columns].index("satisfied_share")
    tip = sat.model.headerData(share, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Rất hài lòng" in tip


def test_period_presets(qtbot: QtBot) -> None:
    picker = widgets.PeriodPicker(TODAY)
    qtbot.addWidget(picker)
    seen = []
    for i, name in enumerate(["Tháng này", "Tháng trước", "Quý này", "Năm nay", "Năm trước"]):
        assert picker.preset.itemText(i) == name
        picker.preset.setCurrentIndex(i)
        seen.append((picker.start, picker.end))
    assert seen == [
        (date(2026, 3, 1), TODAY),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 1, 1), TODAY),
        (date(2026, 1, 1), TODAY),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ]
    picker.set_period(date(2026, 3, 1), date(2026, 3, 31))
    assert picker.preset.currentText() == "Tùy chọn"


def test_every_string_is_translated_and_english_shows(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    import shutil
    import sys

    from tests.ui.test_counter_i18n import messages
    from ui.i18n import install_translator

    tool = Path(sys.executable).with_name("pyside6-lupdate")
    if not tool.exists() and shutil.which("pyside6-lupdate") is None:
        pytest.skip("no lupdate")
    root = Path(__file__).resolve().parents[2]
    files = sorted(str(p) for p in (root / "ui" / "supervisor").glob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(tool) if tool.exists() else "pyside6-lupdate", *files, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    found = messages(fresh)
    assert len(found) > 100
    committed = messages(root / "resources" / "translations" / "kiosk_en.ts")
    assert sorted(k for k in found if not committed.get(k)) == []
    try:
        assert install_translator("en")
        w = SupervisorWindow(ctx, today=TODAY)
        qtbot.addWidget(w)
        assert w.windowTitle() == "Supervisor – reports and statistics"
        assert w.tabs.tabText(1) == "Results (II.06a)"
        assert w.results.run_button.text() == "Show report"  # a string of the base class
        assert w.results.period.preset.itemText(1) == "Last month"
    finally:
        install_translator("vi")
