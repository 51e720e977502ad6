"""Keyboard-wedge scanners: tell a scan from a person typing, application-wide.

A wedge scanner "types" its code as key presses. Installed on the QApplication, the filter holds
back printable key presses for a moment (`max_interval_ms`, ~30 ms) and decides:

- **Timing** (no prefix configured): keys closer together than `max_interval_ms`, at least
  `min_length` of them, ending with the configured suffix (Enter by default; with no suffix, a
  pause ends the burst) are a scan. People do not type six keys 30 ms apart.
- **Prefix**: keys starting with the configured prefix (set the same prefix in the scanner) are
  a scan up to the suffix, whatever the speed.

A scan is emitted as `scanned(str)` and never reaches the focused field. Anything else is
replayed, in order, to the widget it was meant for: a person typing sees the text appear in the
field ~30 ms later, which nobody notices. Keys with Ctrl/Alt, auto-repeat and editing keys pass
straight through (after the held-back keys). Wedge scanners cannot type Vietnamese letters; use
serial mode for the citizen ID card (DESIGN.md §9).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from kiosk.devices.config import WedgeSettings

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_COMMAND_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
PREFIX_CAPTURE_MS = 300  # after a prefix, silence this long ends the scan


@dataclass
class _Key:
    receiver: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    char: str  # what it adds to a scan ("\r" for Enter)
    at: float


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(self, settings: WedgeSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings or WedgeSettings()
        self._keys: list[_Key] = []
        self._capturing = False  # the prefix has been seen
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._burst_ended)

    # -- installation ---------------------------------------------------------------------------

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        self.flush()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def configure(self, settings: WedgeSettings) -> None:
        self.flush()
        self.settings = settings

    # -- the filter -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._replaying or not self.settings.enabled:
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        return self._key_press(watched, event)

    def _char(self, event: QKeyEvent) -> str | None:
        """What the key adds to a scan, or None for keys that are never part of one."""
        if event.isAutoRepeat() or event.modifiers() & _COMMAND_MODS:
            return None
        if event.key() in _ENTER:
            return "\r"
        if event.key() == Qt.Key.Key_Tab:
            return "\t" if self.settings.suffix == "\t" else None
        text = event.text()
        return text if len(text) == 1 and text.isprintable() else None

    def _now(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()  # the window system's time of the key (ms); 0 if synthesised
        return stamp / 1000.0 if stamp else time.monotonic()

    def _key_press(self, receiver: QObject, event: QKeyEvent) -> bool:
        char = self._char(event)
        if char is None:
            self.flush()
            return False
        if char == "\r" and not self._keys:
            return False  # a lone Enter is a person's
        now = self._now(event)
        s = self.settings
        late = bool(self._keys) and now - self._keys[-1].at > s.max_interval_ms / 1e3
        if late and not s.prefix:
            self._burst_ended()  # the timer could not run (busy GUI): decide on what came before
        self._keys.append(_Key(receiver, event.key(), event.modifiers(), event.text(), char, now))
        text = "".join(k.char for k in self._keys)
        if s.prefix and not self._capturing:
            if text == s.prefix:
                self._capturing = True
            elif not s.prefix.startswith(text):
                self.flush()
                return True
        if s.suffix and text.endswith(s.suffix) and len(text) > len(s.suffix):
            self._decide(ended_by_suffix=True)
            return True
        self._timer.start(PREFIX_CAPTURE_MS if s.prefix else s.max_interval_ms + 15)
        return True

    def _burst_ended(self) -> None:
        self._timer.stop()
        self._decide(ended_by_suffix=False)

    def _decide(self, *, ended_by_suffix: bool) -> None:
        s = self.settings
        text = "".join(k.char for k in self._keys)
        body = text[: -len(s.suffix)] if ended_by_suffix and s.suffix else text
        if s.prefix:
            is_scan = self._capturing and body.startswith(s.prefix)
            body = body[len(s.prefix) :]
            is_scan = is_scan and (ended_by_suffix or not s.suffix or bool(body))
        else:
            gaps = [b.at - a.at for a, b in zip(self._keys, self._keys[1:], strict=False)]
            fast = all(g <= s.max_interval_ms / 1e3 for g in gaps)
            is_scan = fast and len(body) >= s.min_length and (ended_by_suffix or not s.suffix)
        if is_scan and body:
            self._keys.clear()
            self._capturing = False
            self._timer.stop()
            self.scanned.emit(body)
        else:
            self.flush()

    def flush(self) -> None:
        """Give the held-back keys to the widgets they were meant for, in order."""
        self._timer.stop()
        keys, self._keys = self._keys, []
        self._capturing = False
        if not keys:
            return
        self._replaying = True
        try:
            for k in keys:
                if not shiboken6.isValid(k.receiver):
                    continue
                ev = QKeyEvent(QEvent.Type.KeyPress, k.key, k.modifiers, k.text)
                QCoreApplication.sendEvent(k.receiver, ev)
        finally:
            self._replaying = False
