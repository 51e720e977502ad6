"""`kiosk setup`: the set-up wizard in a window of its own, then the clerk's window.

Registered as entry point `wizard` of group `kiosk.setup` (kiosk/cli/setup.py calls it as
fn(ctx, args) -> int). Exit 0 once the office is set up (or the PC enrolled), 1 if cancelled.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.cli.common import CliContext


def wizard(ctx: CliContext, args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.devices.config import load_config
    from kiosk.paths import resource
    from ui import i18n
    from ui.admin.wizard import SetupWizard
    from ui.app import make_context
    from ui.roles import factory

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    config = load_config(ctx.home)
    lang = str(getattr(args, "lang", None) or i18n.saved_language(ctx.home) or "vi")
    i18n.install_translator(lang)
    qss = resource("styles", "app.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    context = make_context(
        ctx.store, ctx.home, lang=lang, config=config, counter_number=int(config.get("counter", 1))
    )
    windows: list[QWidget] = []
    w = SetupWizard(context)

    def open_counter() -> None:
        win = factory("counter")(context)
        win.show()
        windows.append(win)

    w.set_up.connect(open_counter)
    w.rejected.connect(app.quit)
    w.show()
    app.exec()
    context.tasks.shutdown()
    done = bool(windows)
    if not done:
        print("kiosk: set-up cancelled; the office is not set up yet", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if done else 1)  # as `kiosk run`: Qt objects of worker threads, no finalisers
