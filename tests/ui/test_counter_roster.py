"""The counter log-in asks today's duty roster: a clerk off the roster is told who is rostered,
must confirm, and the confirmed sign-in is kept for the supervisor. Screenshots: test-output/ui/.
"""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.services.context import now
from kiosk.services.roster import off_roster
from kiosk.store.models import RosterEntry, Setting
from ui.context import AppContext
from ui.counter.window import CounterWindow, create


def _window(qtbot: QtBot, ctx: AppContext) -> CounterWindow:
    w = create(ctx)
    assert isinstance(w, CounterWindow)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _log_in(w: CounterWindow, user: str = "canbo1") -> None:
    w.login.username.setText(user)
    w.login.password.setText("motcua123")
    w.login.button.click()


def _roster(ctx: AppContext, duty: dict[int, str]) -> None:
    today = now().date()
    with ctx.store.begin() as s:  # straight into the table: today may be a weekend
        for counter, user in duty.items():
            s.add(RosterEntry(day=today, counter_number=counter, username=user))


def test_off_the_roster_asks_names_who_is_rostered_and_keeps_the_sign_in(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    _roster(ctx, {1: "canbo2", 3: "canbo1"})  # this PC is counter 1
    w = _window(qtbot, ctx)
    _log_in(w)
    qtbot.waitUntil(lambda: w.roster.box is not None, timeout=5000)
    box = w.roster.box
    assert box is not None and box.isVisible()
    assert w.who is None and w.stack.currentWidget() is w.login  # not in before the answer
    text = box.text()
    assert "quầy số 1 do cán bộ" in text and "(canbo2)" in text, text
    assert "Anh/chị được phân công trực quầy số 3." in text, text
    assert box.informativeText().startswith("Vẫn đăng nhập tại quầy này?")
    shot(box, "counter_roster_question")

    # cancelled: still at the log-in page, nothing kept
    [no] = [b for b in box.buttons() if b.text() == "Hủy đăng nhập"]
    no.click()
    wait_idle()
    assert w.who is None and ctx.user is None and w.stack.currentWidget() is w.login
    assert w.login.banner.text() == "Đã hủy đăng nhập."
    with ctx.store.begin() as s:
        assert s.scalar(select(Setting).where(Setting.key.startswith("roster.off:"))) is None

    # confirmed: signed in, and the supervisor's roster shows it
    _log_in(w)
    qtbot.waitUntil(lambda: w.roster.box is not None, timeout=5000)
    box = w.roster.box
    assert box is not None
    [yes] = [b for b in box.buttons() if b.text() == "Vẫn đăng nhập"]
    yes.click()
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    wait_idle(w.io)
    assert w.stack.currentWidget() is w.workspace()
    today = now().date()
    with ctx.store.begin() as s:
        notes = off_roster(s, today, today)
    assert [(n.username, n.counter, n.rostered) for n in notes] == [("canbo1", 1, "canbo2")]


def test_nobody_rostered_here_and_the_clerk_not_at_all(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    _roster(ctx, {2: "canbo1"})
    w = _window(qtbot, ctx)
    _log_in(w, "canbo2")
    qtbot.waitUntil(lambda: w.roster.box is not None, timeout=5000)
    box = w.roster.box
    assert box is not None
    assert "quầy số 1 không có cán bộ trực." in box.text()
    assert "Anh/chị không có tên trong lịch trực ngày này." in box.text()
    box.reject()  # Esc: the same as cancelling
    wait_idle()
    assert w.who is None


def test_on_duty_or_no_roster_today_goes_straight_in(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = _window(qtbot, ctx)
    _log_in(w)  # the demo has no roster: nothing is asked
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    assert w.roster.check is None
    w.sign_out()
    _roster(ctx, {1: "canbo1"})
    _log_in(w)
    qtbot.waitUntil(lambda: w.who is not None, timeout=5000)
    assert w.roster.box is None and w.roster.check is None
    wait_idle(w.io)


def test_the_supervisors_roster_marks_the_sign_in(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, shot: Any
) -> None:
    from datetime import date, datetime

    from kiosk.services.roster import login_check, record_off_roster, set_duty
    from ui.supervisor.roster_tab import RosterTab

    monday = date(2026, 3, 2)
    with ctx.store.begin() as s:
        set_duty(s, monday, 1, "canbo2")
        set_duty(s, monday, 2, "canbo1")
        check = login_check(s, "canbo1", 1, monday)
        assert check is not None
        record_off_roster(s, check, at=datetime(2026, 3, 2, 7, 45))
        record_off_roster(s, check, at=datetime(2026, 3, 2, 13, 40))
    tab = RosterTab(ctx, date(2026, 3, 4))
    qtbot.addWidget(tab)
    tab.resize(1100, 640)
    tab.show()
    tab.refresh()
    wait_idle()
    cell = tab.grid.item(0, 0)  # Monday, counter 1
    assert cell.text().startswith("Trần Văn Minh\n⚠ Đăng nhập ngoài lịch: Nguyễn Thị Lan")
    assert "lúc 07:45, 2 lần (lần cuối 13:40)" in cell.toolTip()
    assert "⚠" not in tab.grid.item(0, 1).text() and "⚠" not in tab.grid.item(1, 0).text()
    shot(tab, "supervisor_roster_off_roster")
