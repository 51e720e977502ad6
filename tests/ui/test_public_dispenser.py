"""The ticket dispenser and the kiosk behaviour every public window shares."""

from __future__ import annotations

# The shared fixtures are imported by name, so pytest finds them and ruff sees a redefinition.
# ruff: noqa: F401, F811
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from kiosk.services import queue as q
from kiosk.store.db import Store
from kiosk.store.models import Ticket
from printing.escpos.decoder import TextLine, decode
from printing.transports import sim_printer
from tests.ui.public_fixtures import (
    AT,
    ctx,
    new_context,
    office,
    office_template,
    settle,
    shoot,
    shots,
)
from ui.context import AppContext
from ui.public.dispenser import DispenserWindow
from ui.public.style import touch_px


@pytest.fixture
def printer() -> Iterator[Any]:
    p = sim_printer("pubtest")
    p.reset()
    yield p
    p.reset()


@pytest.fixture
def window(qtbot: Any, ctx: AppContext, printer: Any) -> DispenserWindow:
    w = DispenserWindow(ctx)
    w.clock = lambda: AT
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.refresh()
    settle(qtbot, ctx)
    return w


def tickets(store: Store) -> list[tuple[str, str | None]]:
    with store.begin() as s:
        return [(t.label, t.priority) for t in s.scalars(select(Ticket).order_by(Ticket.id))]


def tap(qtbot: Any, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_take_a_ticket(
    qtbot: Any,
    window: DispenserWindow,
    ctx: AppContext,
    office: Store,
    printer: Any,
    shots: Path,
) -> None:
    shoot(window, shots / "dispenser-1920x1080.png", 1920, 1080)
    shoot(window, shots / "dispenser-portrait-1080x1920.png", 1080, 1920)
    shoot(window, shots / "dispenser-1366x768.png", 1366, 768)
    tap(qtbot, window.service_buttons["HT"])
    assert window.overlay.isVisible()  # "Đang in phiếu…" at once, before the worker answers
    settle(qtbot, ctx)
    assert window.pages.currentWidget() is window.done
    assert window.done_number.text() == "A001"
    assert "ngay sau đây" in window.done_ahead.text()
    assert tickets(office) == [("A001", None)]
    job = decode(printer.jobs[-1].data)
    assert "A001" in [e.text for e in job if isinstance(e, TextLine)]
    shoot(window, shots / "dispenser-ticket-1366x768.png", 1366, 768)
    tap(qtbot, _button(window, "Xong"))
    settle(qtbot, ctx)
    assert window.at_home()
    tap(qtbot, window.service_buttons["HT"])
    settle(qtbot, ctx)
    assert window.done_number.text() == "A002"
    assert window.done_ahead.text() == "Số người chờ trước ông/bà: 1"
    assert "Đang chờ: 2 người" in window.service_buttons["HT"].text()


def _button(w: Any, text: str) -> QPushButton:
    found = [b for b in w.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert found, text
    return found[0]


def test_priority_ticket(
    qtbot: Any,
    window: DispenserWindow,
    ctx: AppContext,
    office: Store,
    shots: Path,
) -> None:
    tap(qtbot, window.priority_button)
    shoot(window, shots / "dispenser-priority-1366x768.png", 1366, 768)
    tap(qtbot, _button(window, "Người cao tuổi"))
    assert "Người cao tuổi" in window.priority_label.text()
    tap(qtbot, window.service_buttons["DD"])
    settle(qtbot, ctx)
    assert tickets(office) == [("B001", "elderly")]
    assert window.priority is None  # the next citizen starts without it


def test_printer_out_of_paper_issues_no_ticket(
    qtbot: Any,
    window: DispenserWindow,
    ctx: AppContext,
    office: Store,
    printer: Any,
    shots: Path,
) -> None:
    printer.set_state(paper_out=True)
    tap(qtbot, window.service_buttons["HT"])
    settle(qtbot, ctx)
    assert window.overlay.isVisible() and window.overlay.kind == "error"
    assert window.overlay.title.text() == "Chưa in được phiếu"
    assert (
        "hết giấy" in window.overlay.text.text()
        and "chưa cấp được số" in window.overlay.text.text()
    )
    shoot(window, shots / "dispenser-paper-out-1366x768.png", 1366, 768)
    assert tickets(office) == []  # not counted
    assert printer.jobs == []
    tap(qtbot, _button(window, "Quay lại"))
    printer.set_state(paper_out=False)
    tap(qtbot, window.service_buttons["HT"])
    settle(qtbot, ctx)
    assert window.done_number.text() == "A001"  # the failed number was never used


def test_closed_outside_hours_and_sold_out(
    qtbot: Any,
    window: DispenserWindow,
    ctx: AppContext,
    office: Store,
) -> None:
    window.clock = lambda: AT.replace(hour=18)
    window.refresh()
    settle(qtbot, ctx)
    assert window.closed.isVisible() and "10/02/2026" in window.closed.text()
    assert not any(b.isEnabled() for b in window.service_buttons.values())
    with office.begin() as s:
        q.get_service(s, "HT").daily_limit = 1
    window.clock = lambda: AT
    window.refresh()
    settle(qtbot, ctx)
    tap(qtbot, window.service_buttons["HT"])
    settle(qtbot, ctx)
    window.go_home()
    settle(qtbot, ctx)
    ht = window.service_buttons["HT"]
    assert not ht.isEnabled() and "Đã hết số trong ngày" in ht.text()
    assert window.service_buttons["DD"].isEnabled()


def test_touch_targets_are_at_least_15_mm(qtbot: Any, window: DispenserWindow) -> None:
    for size in ((1366, 768), (1920, 1080), (1080, 1920)):
        window.resize(*size)
        qtbot.wait(50)
        minimum = touch_px(window)
        for b in window.findChildren(QPushButton):
            if b.isVisible():
                assert min(b.width(), b.height()) >= minimum, (size, b.text(), b.size())
        for lbl in window.findChildren(QLabel):
            if lbl.isVisible() and lbl.text():
                assert lbl.font().pixelSize() in (-1,) or lbl.font().pixelSize() >= 18


def test_idle_resets_with_a_warning_first(
    qtbot: Any,
    office: Store,
    tmp_path: Path,
    printer: Any,
) -> None:
    ctx2 = new_context(office, tmp_path, idle_seconds=1, idle_warning_seconds=2)
    try:
        w = DispenserWindow(ctx2)
        qtbot.addWidget(w)
        w.show()
        w.priority = "pregnant"
        w._render_priority()
        qtbot.waitUntil(lambda: w.overlay.kind == "idle", timeout=3000)
        assert "trở về trang đầu" in w.overlay.text.text()
        assert w.priority == "pregnant"  # only a warning so far
        touch(qtbot, w, QPoint(600, 400))  # a touch keeps the session
        assert w.overlay.kind == "" and w.priority == "pregnant"
        qtbot.waitUntil(lambda: w.overlay.kind == "idle", timeout=3000)
        qtbot.waitUntil(lambda: w.priority is None and not w.overlay.isVisible(), timeout=4000)
        assert w.at_home()
    finally:
        ctx2.tasks.shutdown()


def touch(qtbot: Any, w: DispenserWindow, pos: QPoint) -> None:
    """A touch as the screen delivers it: to the native window first, then to the widgets."""
    handle = w.windowHandle()
    assert handle is not None
    qtbot.mouseClick(handle, Qt.MouseButton.LeftButton, pos=pos)


def test_five_taps_in_the_corner_ask_for_the_pin(qtbot: Any, window: DispenserWindow) -> None:
    for _ in range(4):
        touch(qtbot, window, QPoint(8, 8))
    assert not window.overlay.isVisible()
    touch(qtbot, window, QPoint(8, 8))
    qtbot.waitUntil(lambda: window.overlay.kind == "pin", timeout=2000)


def test_leaving_needs_the_admin_pin(qtbot: Any, window: DispenserWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.overlay.kind == "pin"
    for key in "9999":
        window._pin_key(key)
    tap(qtbot, _button(window, "Xác nhận"))
    assert window.overlay.kind == "error" and window.isVisible()
    window.ask_pin()
    for key in "1234":
        tap(qtbot, _button(window, key))
    assert window._pin_label.text() == "●●●●"  # never the digits themselves
    tap(qtbot, _button(window, "Xác nhận"))
    tap(qtbot, _button(window, "Đóng cửa sổ"))
    assert not window.isVisible()


def test_no_pin_configured_means_no_exit(
    qtbot: Any,
    office: Store,
    tmp_path: Path,
) -> None:
    from ui.app import make_context

    ctx2 = make_context(office, tmp_path, demo=False, config={})
    try:
        w = DispenserWindow(ctx2)
        qtbot.addWidget(w)
        w.show()
        assert w.windowState() & Qt.WindowState.WindowFullScreen  # a real kiosk fills the screen
        w.ask_pin()
        assert w.overlay.kind == "error" and "PIN" in w.overlay.text.text()
    finally:
        ctx2.tasks.shutdown()


def test_a_hashed_pin_works_too(
    qtbot: Any,
    office: Store,
    tmp_path: Path,
) -> None:
    from kiosk.services.setup import hash_password

    ctx2 = new_context(office, tmp_path, admin_pin_hash=hash_password("864209"))
    try:
        w = DispenserWindow(ctx2)
        qtbot.addWidget(w)
        w.show()
        assert not w._pin_ok("1234") and w._pin_ok("864209")
    finally:
        ctx2.tasks.shutdown()


def test_pin_lockout_escalates_and_survives_a_restart(
    qtbot: Any,
    office: Store,
    tmp_path: Path,
) -> None:
    """Issue 16: the lock-out was a flat 60 s after 3 misses, in memory (a restart reset it)."""
    from kiosk.privacy.pin_lock import lock_seconds

    assert [lock_seconds(n) for n in (1, 2, 3, 4, 5)] == [0, 0, 60, 120, 240]
    assert lock_seconds(10_000) == 3600  # bounded: no OverflowError, at most an hour

    def open_window() -> tuple[AppContext, DispenserWindow]:
        c = new_context(office, tmp_path, admin_pin="1234")
        w = DispenserWindow(c)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: c.tasks.pending == 0, timeout=5000)
        return c, w

    ctx1, w1 = open_window()
    try:
        for _ in range(3):
            w1.ask_pin()
            for key in "9999":
                w1._pin_key(key)
            w1._check_pin()
        qtbot.waitUntil(lambda: ctx1.tasks.pending == 0, timeout=5000)
        w1.ask_pin()
        assert w1.overlay.kind == "error" and "chờ 1 phút" in w1.overlay.text.text()
    finally:
        ctx1.tasks.shutdown()
    ctx2, w2 = open_window()  # the kiosk restarted: still locked
    try:
        qtbot.waitUntil(lambda: w2._pin_locked_until > 0, timeout=5000)
        w2.ask_pin()
        assert w2.overlay.kind == "error" and "PIN" in w2.overlay.text.text()
        assert w2._pin_misses == 3
    finally:
        ctx2.tasks.shutdown()
