"""Open a file the app made (a PDF) in the PC's own viewer, and say so when that is not possible.

`QDesktopServices.openUrl` returns False when no program is registered for the file's type (a
fresh Windows without a PDF reader, a Linux without xdg-open): the clerk then learns where the
file is instead of a button that does nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices


def _open_url(url: QUrl) -> bool:
    return bool(QDesktopServices.openUrl(url))  # tests replace this


def open_file(path: Path) -> str | None:
    """None when the viewer was started; else the sentence to show (with the file's place)."""
    if not path.exists():
        return QCoreApplication.translate("OpenFile", "Không còn tệp {0}.").format(path)
    if _open_url(QUrl.fromLocalFile(str(path))):
        return None
    return QCoreApplication.translate(
        "OpenFile",
        "Máy này chưa có chương trình mở tệp PDF. Tệp đã lưu tại: {0}",
    ).format(path)
