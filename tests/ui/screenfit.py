"""Does a window fit a screen? Geometry checks for the screen-size tests (test_screens_fit.py).

A window "fits" a screen of W×H logical pixels when, laid out at that size:
- its minimum size (minimumSize and the layout's minimumSizeHint) is no larger than the screen,
  and a window asked to take the screen really takes it (nothing forces it larger);
- every visible widget lies inside its parent (a child pushed past its parent's edge is cut off),
  except the contents of a scroll area's viewport, which the user scrolls to;
- no label shows less than its text: a word-wrapped label is as tall as its text needs at its
  width, a single-line label as wide as its text (unless it elides on purpose: property
  `elide=True`), and no button is narrower than its text.

Logical pixels are what Qt lays out in, whatever the scaling: a 1920×1080 screen at 150 % is
1280×720 logical, at 125 % 1536×864; a 1366×768 screen at 125 % is 1093×614.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTabBar,
    QTableView,
    QWidget,
)

from ui.widgets.props import get_prop

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screens"
SLACK = 1  # px of rounding a layout may leave


def settle() -> None:
    for _ in range(4):  # nested layouts (and heightForWidth) settle over a few passes
        QApplication.processEvents()


def describe(w: QWidget) -> str:
    name = w.objectName() or ""
    text = ""
    if isinstance(w, QLabel | QAbstractButton):
        text = " " + repr(w.text()[:40])
    return f"{type(w).__name__}{'#' + name if name else ''}{text}"


def _in_scrolled_content(w: QWidget, top: QWidget) -> bool:
    """Inside the viewport of a scroll area (or item view): reachable by scrolling."""
    p = w.parentWidget()
    while p is not None and p is not top:
        gp = p.parentWidget()
        if isinstance(gp, QAbstractScrollArea) and gp.viewport() is p:
            return True
        p = gp
    return False


def _qt_internal(w: QWidget) -> bool:
    """Parts Qt places itself (tab-bar scrollers, line-edit buttons, combo internals)."""
    if w.objectName().startswith("qt_"):
        return True
    p = w.parentWidget()
    return (
        isinstance(p, QTabBar | QComboBox)
        or type(w).__name__ in {"QToolButton"}
        and (isinstance(p, QTabBar))
    )


def problems(top: QWidget, screen: QSize) -> list[str]:
    """What does not fit when `top` is shown on a screen of `screen` (logical px)."""
    found: list[str] = []
    settle()
    hint = top.minimumSizeHint()
    minimum = top.minimumSize()
    need = QSize(max(hint.width(), minimum.width()), max(hint.height(), minimum.height()))
    if need.width() > screen.width() or need.height() > screen.height():
        found.append(
            f"{describe(top)} needs at least {need.width()}×{need.height()}, "
            f"the screen is {screen.width()}×{screen.height()}"
        )
    if top.width() > screen.width() or top.height() > screen.height():
        found.append(
            f"{describe(top)} is {top.width()}×{top.height()}, larger than the screen "
            f"{screen.width()}×{screen.height()}"
        )
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top) or w.isWindow() or _qt_internal(w):
            continue
        parent = w.parentWidget()
        if parent is None:
            continue
        if not _in_scrolled_content(w, top):
            inside = QRect(0, 0, parent.width(), parent.height()).adjusted(
                -SLACK, -SLACK, SLACK, SLACK
            )
            if not inside.contains(w.geometry()):
                g = w.geometry()
                found.append(
                    f"{describe(w)} at {g.x()},{g.y()} {g.width()}×{g.height()} lies outside "
                    f"its {describe(parent)} ({parent.width()}×{parent.height()})"
                )
                continue
        found.extend(_text_cut(w))
        found.extend(_columns_cut(w))
    return found


def _columns_cut(w: QWidget) -> list[str]:
    """A table whose columns are wider than the table: the last ones are off to the side."""
    if not isinstance(w, QTableView) or get_prop(w, "scrollsSideways"):
        return []
    header = w.horizontalHeader()
    if header.isHidden() or header.count() == 0:
        return []
    if header.length() > w.viewport().width() + SLACK:
        return [
            f"{describe(w)}: its columns need {header.length()} px, it shows "
            f"{w.viewport().width()} (the last columns are cut)"
        ]
    cut = []
    for c in range(header.count()):
        if (
            header.isSectionHidden(c)
            or header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch
        ):
            continue  # a stretching column takes what is left and may elide (a long name)
        need = w.sizeHintForColumn(c)
        if need > w.columnWidth(c) + SLACK:
            title = w.model().headerData(c, Qt.Orientation.Horizontal)
            cut.append(f"{describe(w)}: column {title!r} needs {need} px, has {w.columnWidth(c)}")
    return cut


def _text_cut(w: QWidget) -> list[str]:
    if isinstance(w, QLabel):
        if not w.text() or w.pixmap() is not None and not w.pixmap().isNull():
            return []
        if get_prop(w, "elide"):
            return []
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > w.height() + SLACK:
                return [
                    f"{describe(w)} needs {need} px of height at {w.width()} px, has {w.height()}"
                ]
            return []
        need_w = w.sizeHint().width()
        if need_w > w.width() + SLACK:
            return [f"{describe(w)} needs {need_w} px of width, has {w.width()} (text cut)"]
        if w.sizeHint().height() > w.height() + SLACK:
            return [f"{describe(w)} needs {w.sizeHint().height()} px of height, has {w.height()}"]
        return []
    if isinstance(w, QAbstractButton) and w.text() and not isinstance(w.parentWidget(), QTabBar):
        need_w = w.minimumSizeHint().width()
        if need_w > w.width() + SLACK:
            return [f"{describe(w)} needs {need_w} px of width, has {w.width()} (text cut)"]
    return []


def place(top: QWidget, screen: QSize) -> None:
    """Show `top` as it would be on that screen: a window takes the screen; a dialog or message
    keeps its own size, at most the screen."""
    if isinstance(top, QDialog | QMessageBox):
        top.show()
        settle()
        top.adjustSize()
        hint = top.sizeHint()
        top.resize(
            min(max(hint.width(), top.width()), screen.width()),
            min(max(hint.height(), top.height()), screen.height()),
        )
    else:
        top.resize(screen)
        top.show()
    settle()


def shoot(top: QWidget, size_name: str, name: str) -> Path:
    folder = SHOTS / size_name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    settle()
    assert top.grab().save(str(path)), path
    return path
