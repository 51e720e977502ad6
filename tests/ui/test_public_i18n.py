"""The language switch in the settings reaches the public windows: dispenser, self-check (with
the procedure list and a dossier's status), waiting-room display and the rating screen rebuild
in English, keep working, and come back in Vietnamese."""

from __future__ import annotations

# The shared fixtures are imported by name, so pytest finds them and ruff sees a redefinition.
# ruff: noqa: F401, F811
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.services import public as pub
from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.queue import PRIORITY_KINDS
from kiosk.store.db import Store
from tests.ui.public_fixtures import AT, ctx, office, office_template, settle, shoot, shots
from ui.context import AppContext
from ui.i18n import install_translator
from ui.public import texts
from ui.public.dispenser import DispenserWindow
from ui.public.display import DisplayWindow
from ui.public.rating import RatingWindow
from ui.public.selfcheck import SelfCheckWindow
from ui.widgets.settings import SettingsDialog


def shown(w: QWidget) -> str:
    parts = [lbl.text() for lbl in w.findChildren(QLabel) if lbl.isVisible()]
    parts += [b.text() for b in w.findChildren(QPushButton) if b.isVisible()]
    return "\n".join(parts)


def switch(qtbot: Any, ctx: AppContext, lang: str) -> None:
    """Pick the language in the settings dialog and save, as a clerk would."""
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData(lang))
    dialog.save.click()
    assert ctx.lang == lang


@pytest.fixture
def english() -> Iterator[None]:
    yield
    install_translator("vi")  # never leave English behind for the next test


@pytest.fixture
def code(office: Store) -> str:
    with office.begin() as s:
        d = receive_dossier(
            s,
            Intake("1.001193", Applicant("Nguyễn Thị Hồng Nhung", "001190012345", "0912345678")),
            Actor("canbo1", 3),
            at=AT,
        )
        return f"{d.code}#{d.lookup_token}"


def test_the_settings_switch_the_public_windows(
    qtbot: Any, ctx: AppContext, code: str, shots: Path, english: None
) -> None:
    dispenser, selfcheck = DispenserWindow(ctx), SelfCheckWindow(ctx)
    board, rating = DisplayWindow(ctx), RatingWindow(ctx)
    for w in (dispenser, selfcheck, board, rating):
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
    dispenser.clock = selfcheck.clock = lambda: AT
    settle(qtbot, ctx)
    assert "Lấy số thứ tự" in shown(dispenser) and dispenser.windowTitle() == "Lấy số thứ tự"

    switch(qtbot, ctx, "en")
    qtbot.waitUntil(lambda: dispenser.windowTitle() == "Take a queue number", timeout=3000)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(dispenser.service_buttons), timeout=3000)
    text = shown(dispenser)
    assert "Touch the service you need to get your ticket." in text
    assert "I am entitled to priority" in text and "Waiting: 0 people" in text
    shoot(dispenser, shots / "en-dispenser-1366x768.png", 1366, 768)
    dispenser.choose_priority()
    assert "Elderly person" in shown(dispenser) and "No priority" in shown(dispenser)
    shoot(dispenser, shots / "en-dispenser-priority-1366x768.png", 1366, 768)
    dispenser.go_home()

    assert selfcheck.windowTitle() == "Dossier lookup"
    assert "Check the status of your dossier" in shown(selfcheck)
    shoot(selfcheck, shots / "en-selfcheck-home-1366x768.png", 1366, 768)
    ctx.hub.scanned.emit(code)  # still works after the rebuild: the scanner reaches the new pages
    settle(qtbot, ctx)
    r = selfcheck.result
    assert selfcheck.pages.currentWidget() is r
    assert r.status.text() == "Received and passed on for processing"
    assert r.timing.text() == "On schedule" and " on 09/02/2026" in r.values["received"].text()
    assert "Progress" in shown(selfcheck) and "Rate the service" in shown(selfcheck)
    shoot(selfcheck, shots / "en-selfcheck-verified-1366x768.png", 1366, 768)
    selfcheck.open_procedures()
    settle(qtbot, ctx)
    assert "Administrative procedures" in shown(selfcheck) and "All fields" in "\n".join(
        selfcheck.procedures.fields.item(i).text()
        for i in range(selfcheck.procedures.fields.count())
    )
    shoot(selfcheck, shots / "en-selfcheck-procedures-1366x768.png", 1366, 768)
    selfcheck.open_counter_rating()
    settle(qtbot, ctx)
    assert "Very satisfied" in shown(selfcheck) and "Counter 1" in shown(selfcheck)
    shoot(selfcheck, shots / "en-selfcheck-rating-1366x768.png", 1366, 768)

    assert "Now serving" in shown(board) and "Recent calls" in shown(board)
    shoot(board, shots / "en-display-1366x768.png", 1366, 768)
    rating.ask(dossier_code=code.split("#")[0])
    assert "Please take a few seconds to rate our service." in shown(rating)
    shoot(rating, shots / "en-rating-window-1366x768.png", 1366, 768)

    switch(qtbot, ctx, "vi")
    qtbot.waitUntil(lambda: dispenser.windowTitle() == "Lấy số thứ tự", timeout=3000)
    qtbot.waitUntil(lambda: "Đang phục vụ số" in shown(board), timeout=3000)
    assert "Tra cứu tình trạng hồ sơ" in shown(selfcheck)
    assert "Cảm ơn ông/bà đã đến làm thủ tục." in shown(rating)


def test_public_words_follow_the_services() -> None:
    """In Vietnamese the UI's tables say exactly what kiosk's services say."""
    install_translator("vi")
    for level, name in pub.RATING_LEVELS.items():
        assert texts.rating_level(level) == name
    for kind, name in PRIORITY_KINDS.items():
        assert texts.priority_name(kind) == name
    for status, (words, _todo) in pub.STATUS_TEXT.items():
        assert texts.status_words(status) == words
    for key, words in pub.TIMING_TEXT.items():
        assert texts.timing_words(key) == words


def test_public_words_in_english(qapp: Any, english: None) -> None:
    assert install_translator("en")
    assert texts.rating_level(1) == "Very dissatisfied"
    assert texts.priority_name("pregnant") == "Pregnant woman"
    assert texts.status_words(9) == "Result ready, please come and collect it"
    assert texts.timing_words("late") == "Overdue" and texts.timing_words("none") == ""
    assert texts.date_time(AT) == "09:00 on 09/02/2026" and texts.date_time(None) == "—"


def test_a_rebuild_due_dies_with_its_window(qtbot: Any, ctx: AppContext, english: None) -> None:
    """A language switch arms a rebuild for the next event-loop turn; a window deleted before that
    turn (a test's teardown, a closed screen) must take the rebuild with it, not run it on the
    deleted widgets."""
    from PySide6.QtCore import QCoreApplication, QEvent

    w = RatingWindow(ctx)
    w.show()
    assert install_translator("en")
    QCoreApplication.sendEvent(w, QEvent(QEvent.Type.LanguageChange))  # the rebuild is now due
    assert w._retranslate_due
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(50)  # the zero timer's turn: an error in it fails this test (pytest-qt)


def test_the_rebuilt_dispenser_is_complete_once_its_data_arrived(
    qtbot: Any, ctx: AppContext, english: None
) -> None:
    """Once the worker has delivered the services, the rebuilt screen shows them: nothing waits for
    one more turn of the event loop (a test or a screenshot taken then would miss the buttons)."""
    from PySide6.QtCore import QCoreApplication

    dispenser = DispenserWindow(ctx)
    qtbot.addWidget(dispenser)
    dispenser.clock = lambda: AT
    dispenser.show()
    settle(qtbot, ctx)
    assert install_translator("en")
    qtbot.waitUntil(lambda: dispenser.windowTitle() == "Take a queue number", timeout=3000)
    while ctx.tasks.pending:  # deliver, and not one event more
        QCoreApplication.processEvents()
    buttons = list(dispenser.service_buttons.values())
    assert buttons and all(b.isVisible() for b in buttons)
    assert "Waiting: 0 people" in shown(dispenser)
