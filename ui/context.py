"""What every window gets: the store, the task runner, the configuration and one change hook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.store.db import Store


class Hub(QObject):
    """One typed "something changed" hook (as Anki's): views refresh when it fires."""

    dossiers_changed = Signal()
    queue_changed = Signal()
    ticket_called = Signal(str, int)  # label, counter number: the display and voice follow
    devices_changed = Signal()
    sync_changed = Signal()
    scanned = Signal(str)  # a payload from any scanner, already framed


COUNTER_PRINTER_ROLE = "receipt"  # a counter's printer (`kiosk counter add --printer`)


@dataclass
class AppContext:
    tasks: TaskRunner  # owns the store (it may still be opening it: see TaskRunner)
    hub: Hub
    home: Path
    demo: bool = False
    fullscreen: bool = False
    lang: str = "vi"
    counter_number: int = 1
    user: Any = None  # the logged-in kiosk.store.models.Staff (detached), if any
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def store(self) -> Store:
        """The open store: for code on the database worker (the GUI thread never needs it)."""
        return self.tasks.store

    # this PC's counter's own devices as stored in the database (`printer`, `scanner`), bound
    # at run time by ui/devices/counter_devices.py; config.toml's are the fallback
    counter_devices: dict[str, str] = field(default_factory=dict)

    def printer_url(self, role: str) -> str:
        """The printer URL for a role (`ticket`, `receipt`, `forms`); simulated in the demo.
        The receipt printer is the counter's own when its record names one."""
        own = self.counter_devices.get("printer") if role == COUNTER_PRINTER_ROLE else None
        return own or self.config_printer_url(role)

    def config_printer_url(self, role: str) -> str:
        """The printer config.toml names for a role (what the device settings edit)."""
        printers = self.config.get("printers", {})
        default = f"sim://{role}" if self.demo or not printers else ""
        return str(printers.get(role, default))
