"""Feedback the clerk sees at once: an inline banner, a busy button, a confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from ui.i18n import error_text

KINDS = ("info", "success", "warning", "error")


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on, and restyle the widget if already styled (a
    widget not yet shown gets styled when it is: no need to pay for it twice)."""
    widget.setProperty(name, value)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class Banner(QLabel):
    """One line (or a few) of feedback inside the page, coloured by kind (see app.qss)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind if kind in KINDS else "info"
        set_style_property(self, "kind", self.kind)
        self.setText(text)
        self.show()

    def show_error(self, exc: BaseException) -> None:
        self.show_message(error_text(exc), "error")

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()


class BusyButton(QPushButton):
    """A button that says it is working the moment it is clicked, until `done()`."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._idle_text = text
        self.busy = False

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        if not self.busy:
            self._idle_text = text
        super().setText(text)

    def start(self, busy_text: str | None = None) -> None:
        self.busy = True
        self.setEnabled(False)
        super().setText(busy_text or self.tr("Đang xử lý…"))
        # Paint now: the click must show within 100 ms even if the next event is slow.
        self.repaint()

    def done(self) -> None:
        self.busy = False
        self.setEnabled(True)
        super().setText(self._idle_text)


def question_box(
    parent: QWidget | None, title: str, text: str, yes: str, no: str
) -> tuple[QMessageBox, QPushButton]:
    """The box `confirm` asks with (the screen-size test opens it without waiting for it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    return box, yes_button


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """A yes/no question with our own (translated) button texts."""
    box, yes_button = question_box(parent, title, text, yes, no)
    box.exec()
    return box.clickedButton() is yes_button


def flash(widget: QWidget, ms: int = 600) -> None:
    """Briefly highlight a widget (e.g. the ticket number after a call)."""
    set_style_property(widget, "flash", True)

    def off() -> None:
        set_style_property(widget, "flash", False)

    QTimer.singleShot(ms, widget, off)
