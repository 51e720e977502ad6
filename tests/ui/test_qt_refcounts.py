"""The Qt binding must not leak or drop references to Python's singletons.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to `None` on every call of a Qt
method that returns nothing (and to True/False on some): after a few thousand calls a counter
window running all day aborts with "Fatal Python error: none_dealloc". pyproject.toml excludes
that release; this test fails if such a binding is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_true_and_false_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    before = {name: sys.getrefcount(obj) for name, obj in
              (("None", None), ("True", True), ("False", False))}  # fmt: skip
    for _ in range(300):
        label.setText("Mời công dân có số thứ tự A001")
        label.setVisible(True)
        label.setEnabled(False)
        timer.setSingleShot(True)
    after = {name: sys.getrefcount(obj) for name, obj in
             (("None", None), ("True", True), ("False", False))}  # fmt: skip
    for name in before:
        assert after[name] - before[name] > -100, (
            f"{name} lost {before[name] - after[name]} references in 1,200 Qt calls: this Qt "
            "binding corrupts reference counts (see pyproject.toml)"
        )
