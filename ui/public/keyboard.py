"""On-screen keyboards for the public touch screens, and the dossier-code entry they feed.

The code entry knows the code's shape (`000.17.22.H56-260209-0001`): the separators are put in
for the citizen, the office's own agency code is filled in already (so only the 10 digits of
date and number printed on the receipt are typed), letters are offered only where the shape
allows them, and a half-typed code cannot be submitted.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from ui.public.style import set_role

CODE_PATTERN = "AAA.AA.AA.AAA-DDDDDD-DDDD"  # A: digit or capital letter, D: digit
AGENCY_LEN = 13
BACKSPACE = "⌫"


class CodeEntry:
    """The characters typed so far into the code pattern (pure: no widgets)."""

    def __init__(self, agency_code: str = "") -> None:
        self.slots = [i for i, p in enumerate(CODE_PATTERN) if p in "AD"]
        self.chars: list[str] = []
        self.prefill = ""
        if agency_code and self._fits(agency_code, 0):
            self.prefill = agency_code
            self.reset()

    @staticmethod
    def _fits(text: str, start: int) -> bool:
        for ch, p in zip(text, CODE_PATTERN[start:], strict=False):
            if p in "AD" and not (ch.isdigit() or (p == "A" and ch.isascii() and ch.isupper())):
                return False
            if p not in "AD" and ch != p:
                return False
        return True

    def reset(self) -> None:
        self.chars = [c for c in self.prefill if c.isalnum()]

    def clear(self) -> None:
        self.chars = []

    @property
    def position(self) -> int | None:
        """Index in the pattern of the next character, None when the code is complete."""
        return self.slots[len(self.chars)] if len(self.chars) < len(self.slots) else None

    @property
    def letters_allowed(self) -> bool:
        pos = self.position
        return pos is not None and CODE_PATTERN[pos] == "A"

    def type(self, ch: str) -> bool:
        ch = ch.upper()
        pos = self.position
        if pos is None or len(ch) != 1:
            return False
        if not (ch.isdigit() or (CODE_PATTERN[pos] == "A" and "A" <= ch <= "Z")):
            return False
        self.chars.append(ch)
        return True

    def backspace(self) -> None:
        if self.chars:
            self.chars.pop()

    def set_text(self, text: str) -> None:
        self.chars = []
        for ch in text.strip().upper():
            if ch.isalnum():
                self.type(ch)

    @property
    def missing(self) -> int:
        return len(self.slots) - len(self.chars)

    @property
    def value(self) -> str | None:
        return self.display() if self.missing == 0 else None

    def display(self, blank: str = "_") -> str:
        out, it = [], iter(self.chars)
        for p in CODE_PATTERN:
            out.append(next(it, blank) if p in "AD" else p)
        return "".join(out)


class KeyPad(QWidget):
    """A grid of big keys; `pressed(text)` for a key, BACKSPACE for the erase key."""

    pressed = Signal(str)

    def __init__(self, rows: Sequence[Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setSpacing(6)  # ten keys of 15 mm and their gaps fit a portrait screen
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(rows):
            c = 0
            for label in row:
                span = 2 if label == " " else 1
                if label:
                    b = QPushButton(self.tr("Dấu cách") if label == " " else label)
                    set_role(b, "key", "kind")
                    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                    b.clicked.connect(lambda _=False, t=label: self.pressed.emit(t))
                    b.setAccessibleName(self.tr("Xóa") if label == BACKSPACE else label)
                    self.grid.addWidget(b, r, c, 1, span)
                    self.keys[label] = b
                c += span

    def set_letters_enabled(self, on: bool) -> None:
        for label, b in self.keys.items():
            if label.isalpha() and len(label) == 1:
                b.setEnabled(on)

    def set_digits_enabled(self, on: bool) -> None:
        for label, b in self.keys.items():
            if label.isdigit():
                b.setEnabled(on)


def digit_pad(parent: QWidget | None = None) -> KeyPad:
    return KeyPad([["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["", "0", BACKSPACE]], parent)


def code_pad(parent: QWidget | None = None) -> KeyPad:
    """Digits in a block, and the letters an agency code may hold (usually one or two)."""
    rows = [
        ["1", "2", "3", "A", "B", "C", "D", "E", "F", "G"],
        ["4", "5", "6", "H", "I", "J", "K", "L", "M", "N"],
        ["7", "8", "9", "O", "P", "Q", "R", "S", "T", "U"],
        ["", "0", BACKSPACE, "V", "W", "X", "Y", "Z"],
    ]
    return KeyPad(rows, parent)


def letter_board(parent: QWidget | None = None) -> KeyPad:
    """For searching procedures: letters without tone marks (the search ignores them)."""
    rows = [
        list("QWERTYUIOP"),
        list("ASDFGHJKL") + [BACKSPACE],
        list("ZXCVBNM") + [" "],
    ]
    return KeyPad(rows, parent)
