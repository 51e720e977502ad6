"""A start that fails before its first window: the log gets the reason, the screen a message box.

The windowed Windows exe (kiosk-app.exe) has no console, so the one-sentence error the command
line writes on stderr goes nowhere: without this, a `config.toml` saved in the wrong encoding
meant a double-click that did nothing at all. The box is bilingual (Vietnamese, then English):
the interface language is itself a setting, and it is not known yet.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.logs import log_path, setup_logging
from kiosk.privacy.logsafe import safe

log = logging.getLogger("kiosk.start")

TITLE = "Một cửa — không khởi động được / cannot start"


def sentences(exc: BaseException) -> tuple[str, str]:
    """(Vietnamese, English) one sentence each."""
    en = str(getattr(exc, "message_en", "") or exc or type(exc).__name__).strip().rstrip(".")
    vi = str(getattr(exc, "message_vi", "") or en).strip().rstrip(".")
    return vi, en


def report_start_failure(home: Path, role: str, exc: BaseException, *, show: bool) -> Path | None:
    """Write the reason to `<home>/logs/kiosk-<role>.log`; with `show`, a message box too.

    Returns the log file (None when even the log folder cannot be written)."""
    vi, en = sentences(exc)
    path: Path | None = None
    try:
        path = setup_logging(home, name=f"kiosk-{role}")
        # our own sentence (safe() lets it through the personal-data filter), without the data
        # folder's path: on Windows it holds the account's name
        where = en.replace(str(Path(home)), "<data folder>")
        log.error("start failed before the first window: %s", safe(where), exc_info=exc)
    except Exception:  # noqa: BLE001 - the data folder itself may be the problem
        path = None
    if show:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, "")
        where = f"\n\nNhật ký / log: {path if path else log_path(home, f'kiosk-{role}')}"
        box.setText(f"Ứng dụng không khởi động được: {vi}.\n\nThe app cannot start: {en}.{where}")
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()
        del app
    return path
