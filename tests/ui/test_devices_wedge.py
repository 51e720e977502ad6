"""Keyboard-wedge scans: a fast burst is a scan routed to the hub; a person's typing stays."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.devices.config import WedgeSettings
from ui.devices.wedge import WedgeFilter

CODE = "000.17.22.H56-260209-0001"


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[tuple[QWidget, QLineEdit, QLineEdit]]:
    w = QWidget()
    lay = QVBoxLayout(w)
    name, other = QLineEdit(), QLineEdit()
    lay.addWidget(name)
    lay.addWidget(other)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    name.setFocus()
    yield w, name, other


def make_filter(**kw: object) -> WedgeFilter:
    f = WedgeFilter(WedgeSettings(**kw))  # type: ignore[arg-type]
    f.install()
    return f


def scan(widget: QWidget | QWindow, text: str, suffix: bool = True, delay_ms: int = 2) -> None:
    """Key events `delay_ms` apart by their own timestamps, as a scanner's arrive.

    Sent synchronously with explicit timestamps: on a loaded test machine QTest's real-time
    delays stretch unpredictably, which says nothing about the filter.
    """
    start = int(time.monotonic() * 1000)
    keys = [(ch, ord(ch.upper())) for ch in text]
    if suffix:
        keys.append(("\r", int(Qt.Key.Key_Return)))
    for i, (ch, key) in enumerate(keys):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(start + i * delay_ms)
            QApplication.sendEvent(widget, event)


def test_fast_burst_is_a_scan_and_never_reaches_the_field(qtbot: QtBot, form) -> None:
    _, name, _ = form
    f = make_filter()
    try:
        returned: list[bool] = []
        name.returnPressed.connect(lambda: returned.append(True))
        with qtbot.waitSignal(f.scanned, timeout=2000) as sig:
            scan(name, CODE)
        assert sig.args == [CODE]
        qtbot.wait(100)
        assert name.text() == "" and returned == []  # the Enter was the scanner's too
    finally:
        f.uninstall()


def test_slow_typing_stays_in_the_field_in_order(qtbot: QtBot, form) -> None:
    _, name, _ = form
    f = make_filter()
    got: list[str] = []
    f.scanned.connect(got.append)
    try:
        QTest.keyClicks(name, "Nguyen Van An", Qt.KeyboardModifier.NoModifier, 80)
        qtbot.waitUntil(lambda: name.text() == "Nguyen Van An", timeout=3000)
        QTest.keyClick(name, Qt.Key.Key_Backspace)
        QTest.keyClicks(name, "h", Qt.KeyboardModifier.NoModifier, 80)
        qtbot.waitUntil(lambda: name.text() == "Nguyen Van Ah", timeout=3000)
        returned: list[bool] = []
        name.returnPressed.connect(lambda: returned.append(True))
        QTest.keyClick(name, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 80)
        assert returned == [True]  # a person's Enter still submits the field
        assert got == []
    finally:
        f.uninstall()


def test_a_short_fast_burst_is_a_fast_typist_not_a_scan(qtbot: QtBot, form) -> None:
    _, name, _ = form
    f = make_filter(min_length=6)
    got: list[str] = []
    f.scanned.connect(got.append)
    try:
        scan(name, "abc")  # three keys 2 ms apart, then Enter
        qtbot.waitUntil(lambda: name.text() == "abc", timeout=2000)
        assert got == []
    finally:
        f.uninstall()


def test_fast_burst_without_the_suffix_is_given_back(qtbot: QtBot, form) -> None:
    _, name, _ = form
    f = make_filter()
    got: list[str] = []
    f.scanned.connect(got.append)
    try:
        scan(name, "abcdefghij", suffix=False)
        qtbot.waitUntil(lambda: name.text() == "abcdefghij", timeout=2000)
        assert got == []
    finally:
        f.uninstall()


def test_no_suffix_configured_a_pause_ends_the_scan(qtbot: QtBot, form) -> None:
    _, name, _ = form
    f = make_filter(suffix="")
    try:
        with qtbot.waitSignal(f.scanned, timeout=2000) as sig:
            scan(name, "TICKET:A012:2026-02-09", suffix=False)
        assert sig.args == ["TICKET:A012:2026-02-09"]
        assert name.text() == ""
    finally:
        f.uninstall()


def test_prefix_mode_recognises_slow_scanners_and_leaves_other_text(qtbot: QtBot, form) -> None:
    _, name, other = form
    f = make_filter(prefix="]Q")
    got: list[str] = []
    f.scanned.connect(got.append)
    try:
        scan(name, "]Q" + CODE, delay_ms=45)  # a slow scanner: timing alone would miss it
        qtbot.waitUntil(lambda: got == [CODE], timeout=5000)
        assert name.text() == ""
        other.setFocus()
        QTest.keyClicks(other, "]x ok", Qt.KeyboardModifier.NoModifier, 5)
        qtbot.waitUntil(lambda: other.text() == "]x ok", timeout=2000)
        assert got == [CODE]
    finally:
        f.uninstall()


def test_ctrl_keys_pass_and_disabled_filter_does_nothing(qtbot: QtBot, form) -> None:
    _, name, _ = form
    f = make_filter(enabled=False)
    try:
        scan(name, CODE)
        assert name.text() == CODE
        QTest.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        assert name.selectedText() == CODE
    finally:
        f.uninstall()


def test_keys_through_the_window_as_the_window_system_delivers_them(qtbot: QtBot, form) -> None:
    """Real key presses reach the QWindow first and are forwarded to the focused widget."""
    w, name, _ = form
    window = w.windowHandle()
    assert window is not None
    f = make_filter()
    try:
        with qtbot.waitSignal(f.scanned, timeout=2000) as sig:
            scan(window, "a012bc")
        assert sig.args == ["a012bc"] and name.text() == ""
        got: list[str] = []
        f.scanned.connect(got.append)
        scan(window, "a012bc", suffix=False, delay_ms=70)
        qtbot.waitUntil(lambda: name.text() == "a012bc", timeout=3000)
        assert got == []
    finally:
        f.uninstall()
