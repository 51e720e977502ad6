"""Start the GUI: one QApplication, the windows of the chosen role(s), one per screen."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kiosk.awake import keep_awake
from kiosk.logs import setup_logging
from kiosk.paths import resource
from ui import i18n
from ui.app_sync import AppSync
from ui.context import AppContext, Hub
from ui.queue_watch import watch_queue
from ui.roles import ALL_IN_ONE, factory
from ui.single_instance import claim_instance
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.store.db import Store

log = logging.getLogger(__name__)


def install_translator(app: QApplication, lang: str) -> bool:
    """Vietnamese is the source language; others come from .qm files (compiled if stale)."""
    return i18n.install_translator(lang)


def make_context(
    store: Store | Callable[[], Store], home: Path, *, hold: bool = False, **kw: Any
) -> AppContext:
    """`store` may be a function that opens it: it then runs first on the database worker
    (with `hold`, once `ctx.tasks.release()` is called)."""
    hub = Hub()
    watch_queue(hub, home)  # the queue's changes to and from the other processes of this PC
    return AppContext(tasks=TaskRunner(store, hold=hold), hub=hub, home=home, **kw)


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


SETUP_ROLES = ("counter", "all", "department", "supervisor", "admin")


def offer_setup(ctx: AppContext, parent: QWidget) -> None:
    """The first start (no admin account, not enrolled): the set-up wizard, over the window."""
    from ui.admin.wizard_plan import needs_setup

    def maybe(need: bool) -> None:
        if need:
            from ui.admin.wizard import SetupWizard

            wizard = SetupWizard(ctx, parent)
            wizard.setModal(True)
            wizard.show()

    ctx.tasks.run(needs_setup, maybe, lambda _e: None)


def reason_for_screen(exc: BaseException) -> str:
    """The refusal's own sentence in the interface's language (KioskError's message_vi)."""
    vi = getattr(exc, "message_vi", None)
    return str(vi) if vi and i18n.current_language() == "vi" else str(exc)


def run_app(
    store: Store | Callable[[], Store],
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
        hold=True,  # the first window is painted before SQLAlchemy starts loading
        demo=demo,
        fullscreen=fullscreen,
        lang=lang,
        config=config,
        counter_number=int(config.get("counter", 1)),
    )
    windows = open_windows(ctx, role)  # the first window is up before SQLAlchemy has loaded
    instance.follow(windows)  # a second start brings these to the front
    awake = None if quit_after_ready else keep_awake(role)  # public screens stay on
    device_windows: list[QWidget] = []
    sync = AppSync(ctx)  # an enrolled PC syncs while one of its windows is open
    t0 = started if started is not None else time.perf_counter()

    def store_failed(exc: BaseException) -> None:
        from kiosk.cli.common import fail

        fail(exc)  # the English sentence on stderr, for the admin's log and scripts
        if not quit_after_ready:
            QMessageBox.critical(
                windows[0] if windows else None,
                QCoreApplication.translate("App", "Không mở được cơ sở dữ liệu"),
                QCoreApplication.translate(
                    "App", "Không mở được cơ sở dữ liệu của máy này, ứng dụng sẽ đóng lại."
                )
                + f"\n\n{reason_for_screen(exc)}",
            )
        app.exit(1)

    ctx.tasks.open_failed.connect(store_failed)

    def after_first_paint() -> None:
        ctx.tasks.release()  # now open the database, while the clerk reads and types
        if quit_after_ready:  # CONTRACT.md: the first window shown and idle
            print(f"ready {round((time.perf_counter() - t0) * 1000)}", flush=True)
            # exit as soon as the database is open and checked (a bad one exits 1)
            ctx.tasks.after_open(lambda _store: app.quit())
            return
        from ui.devices.setup import attach_devices

        # scanners, keyboard wedge, printer status; the demo's virtual printer and scanner
        device_windows.extend(attach_devices(ctx, show=True))
        sync.start()  # once per data folder: the window holding the sync lock
        if role in SETUP_ROLES and windows:
            offer_setup(ctx, windows[0])

    QTimer.singleShot(0, after_first_paint)
    code = app.exec()
    from ui.devices.setup import detach_devices

    detach_devices(ctx)
    sync.stop()  # before the database closes: the long poll is cut short
    if awake is not None:
        awake.release()
    ctx.tasks.shutdown()
    for w in [*windows, *device_windows]:
        w.close()
    if ctx.tasks.is_open:
        ctx.tasks.store.close()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is committed and closed by now. Python's finalisers would next destroy Qt
    # objects that worker threads created, in no particular order: a crash on exit about one
    # run in three ("shared QObject was deleted directly"). So leave at once.
    os._exit(int(code))
