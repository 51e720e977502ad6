"""Start the GUI: one QApplication, the windows of the chosen role(s), one per screen."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.backup import start_daily_backups
from kiosk.logs import setup_logging
from kiosk.paths import resource
from kiosk.store.db import Store
from ui import i18n
from ui.context import AppContext, Hub
from ui.roles import ALL_IN_ONE, factory
from ui.single_instance import claim_instance
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def install_translator(app: QApplication, lang: str) -> bool:
    """Vietnamese is the source language; others come from .qm files (compiled if stale)."""
    return i18n.install_translator(lang)


def make_context(store: Store, home: Path, **kw: Any) -> AppContext:
    return AppContext(store=store, tasks=TaskRunner(store), hub=Hub(), home=home, **kw)


def open_windows(ctx: AppContext, role: str) -> list[QWidget]:
    roles = ALL_IN_ONE if role == "all" else (role,)
    screens = QGuiApplication.screens()
    windows: list[QWidget] = []
    for i, name in enumerate(roles):
        w = factory(name)(ctx)
        if len(screens) > 1:  # all-in-one office: one role per screen where there are screens
            w.setScreen(screens[i % len(screens)])
            w.move(screens[i % len(screens)].geometry().topLeft())
        if ctx.fullscreen:
            w.showFullScreen()
        else:
            w.show()
        windows.append(w)
    return windows


def run_app(
    store: Store,
    home: Path,
    role: str,
    *,
    demo: bool = False,
    fullscreen: bool = False,
    quit_after_ready: bool = False,
    started: float | None = None,
    config: dict[str, Any] | None = None,
) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Một cửa")
    app.setOrganizationName("kiosk-mot-cua")
    setup_logging(home, name=f"kiosk-{role}")  # <home>/logs, no personal data (kiosk/logs.py)
    instance = claim_instance(home, role)  # one instance per role and data folder
    if instance is None:
        return 0  # the running one was brought to the front
    start_daily_backups(store.engine, home)  # on a worker thread (kiosk/backup.py)
    config = config or {}
    # --lang wins; else the language last chosen in this data folder's settings
    lang = str(config.get("language") or i18n.saved_language(home) or "vi")
    install_translator(app, lang)
    qss = resource("styles", "app.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    ctx = make_context(
        store,
        home,
        demo=demo,
        fullscreen=fullscreen,
        lang=lang,
        config=config,
        counter_number=int(config.get("counter", 1)),
    )
    from ui.devices.setup import attach_devices, detach_devices

    device_windows = attach_devices(ctx, show=False)  # scanners, wedge, printer status
    windows = open_windows(ctx, role)
    instance.follow(windows)  # a second start brings these to the front
    for w in device_windows:  # the demo's virtual printer and scanner, after the main window
        w.show()
    if quit_after_ready:
        t0 = started if started is not None else time.perf_counter()

        def ready() -> None:
            print(f"ready {round((time.perf_counter() - t0) * 1000)}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    code = app.exec()
    detach_devices(ctx)
    ctx.tasks.shutdown()
    for w in [*windows, *device_windows]:
        w.close()
    store.close()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is committed and closed by now. Python's finalisers would next destroy Qt
    # objects that worker threads created, in no particular order: a crash on exit about one
    # run in three ("shared QObject was deleted directly"). So leave at once.
    os._exit(int(code))
