"""Open one role's window as `kiosk run` does, on a simulated screen with Windows-style scaling,
and print what does not fit (JSON), for test_screens_fit.py (run in a subprocess: the scale
factor and the screen are fixed when Qt starts).

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \
        python -m tests.ui.scaled_window ROLE DB HOME SHOT.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def main(role: str, db: str, home: str, shot: str) -> int:
    from kiosk.paths import resource
    from kiosk.store.db import open_store
    from tests.ui.screenfit import problems, settle
    from ui.app import make_context, open_windows

    app = QApplication(sys.argv[:1])
    app.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
    store = open_store(f"sqlite:///{db}")
    ctx = make_context(store, Path(home), demo=True, config={"counter": 1})
    (window,) = open_windows(ctx, role)
    settle()
    login = getattr(window, "login", None)
    if login is not None:  # a staff window: its work page is the one that must fit
        login.password.setText("motcua123")
        login.button.click()
        for _ in range(200):
            app.processEvents()
            if getattr(window, "who", None) is not None and ctx.tasks.pending == 0:
                break
            import time

            time.sleep(0.02)
    settle()
    screen = window.screen().availableGeometry().size()
    found = problems(window, screen)
    window.grab().save(shot)
    print(json.dumps({"screen": [screen.width(), screen.height()], "problems": found}))
    ctx.tasks.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
