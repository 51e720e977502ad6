"""Wiring devices into a running app: one call after the context is made, one before exit.

config = load_config(home)                # kiosk.devices.config: config.toml as a dict
ctx = make_context(store, home, config=config, ...)
extra_windows = attach_devices(ctx)       # the device manager; the demo's virtual devices
...
detach_devices(ctx)                       # stops the reader threads and the status polling
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.devices.manager import DeviceManager, start_devices
from ui.devices.virtual_printer import VirtualPrinterWindow, sim_printer_names
from ui.devices.virtual_scanner import VirtualScannerWindow


def attach_devices(ctx: AppContext, *, show: bool = True) -> list[QWidget]:
    """Start the device manager; with --demo also the virtual printer and scanner windows."""
    start_devices(ctx)
    windows: list[QWidget] = []
    if ctx.demo:
        names = sim_printer_names(ctx)
        if names:
            windows.append(VirtualPrinterWindow(names))
        windows.append(VirtualScannerWindow(ctx))
    if show:
        for w in windows:
            w.show()
    return windows


def detach_devices(ctx: AppContext) -> None:
    manager = DeviceManager.of(ctx)
    if manager is not None:
        manager.shutdown()
