"""The settings dialog leads an admin (or the demo) to the device settings."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.services.setup import init_database
from kiosk.store.db import open_store
from ui.app import make_context
from ui.devices.settings import DeviceSettingsDialog
from ui.widgets.settings import SettingsDialog


def test_settings_opens_the_device_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    with store.begin() as s:
        init_database(s)
    ctx = make_context(store, tmp_path, demo=True)
    try:
        dialog = SettingsDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.devices.click()
        assert isinstance(dialog.device_dialog, DeviceSettingsDialog)
        dialog.device_dialog.close()
    finally:
        ctx.tasks.shutdown()
        store.close()
