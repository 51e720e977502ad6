"""Language, dates and user-facing messages shared by every window.

Vietnamese is the source language of every string (`self.tr("...")`); other languages come from
`resources/translations/kiosk_<lang>.qm`, compiled from the `.ts` by
`scripts/build_translations.py` (or here, on start, when the `.ts` is newer and the tool is there).
The chosen language is kept per data folder in `ui.json`, so each counter PC keeps its own.
"""

from __future__ import annotations

import json
import logging
import subprocess
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.paths import find_executable, resource

log = logging.getLogger(__name__)

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
_state: dict[str, object] = {"lang": "vi", "translator": None}


# -- language ------------------------------------------------------------------------------------


def current_language() -> str:
    return str(_state["lang"])


def qm_path(lang: str) -> Path:
    return resource("translations", f"kiosk_{lang}.qm")


def ts_path(lang: str) -> Path:
    return resource("translations", f"kiosk_{lang}.ts")


def lrelease_tool() -> str | None:
    """pyside6-lrelease(.exe) beside the running interpreter (the venv), else on PATH."""
    return find_executable("pyside6-lrelease")


def compile_if_stale(lang: str) -> bool:
    """Compile the .ts to .qm when the .qm is missing or older; False when it cannot."""
    ts, qm = ts_path(lang), qm_path(lang)
    if not ts.exists():
        return qm.exists()
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return True
    tool = lrelease_tool()
    if tool is None:
        return qm.exists()
    try:
        subprocess.run(
            [tool, "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("cannot compile %s: %s", ts, exc)
    return qm.exists()


def install_translator(lang: str) -> bool:
    """Switch the running application to `lang`; True when the strings will follow."""
    app = QCoreApplication.instance()
    old = _state["translator"]
    if app is not None and isinstance(old, QTranslator):
        app.removeTranslator(old)
    _state["translator"] = None
    _state["lang"] = lang if lang in LANGUAGES else "vi"
    QLocale.setDefault(
        QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English)
    )
    if lang == "vi" or app is None:
        return lang == "vi"
    translator = QTranslator(app)
    if compile_if_stale(lang) and translator.load(str(qm_path(lang))):
        app.installTranslator(translator)
        _state["translator"] = translator
        return True
    log.warning("no translation for %s at %s", lang, qm_path(lang))
    return False


def _prefs_file(home: Path) -> Path:
    return home / "ui.json"


def saved_language(home: Path) -> str | None:
    try:
        data = json.loads(_prefs_file(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if lang in LANGUAGES else None


def save_language(home: Path, lang: str) -> None:
    path = _prefs_file(home)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data["language"] = lang
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # never a half-written preferences file


# -- dates (dd/mm/yyyy everywhere on screen) ----------------------------------------------------


def fmt_date(value: date | datetime | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def fmt_datetime(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%H:%M %d/%m/%Y")


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy (also d/m/yyyy, with - or .) -> date; None when it is not a real date."""
    parts = text.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


# -- statuses and messages ------------------------------------------------------------------------


def status_name(code: int) -> str:
    # Each call spelled out: pyside6-lupdate only sees literal QCoreApplication.translate calls.
    names = {
        1: QCoreApplication.translate("Status", "Mới đăng ký"),
        2: QCoreApplication.translate("Status", "Được tiếp nhận"),
        3: QCoreApplication.translate("Status", "Không được tiếp nhận"),
        4: QCoreApplication.translate("Status", "Đang xử lý"),
        5: QCoreApplication.translate("Status", "Yêu cầu bổ sung giấy tờ"),
        6: QCoreApplication.translate("Status", "Yêu cầu thực hiện nghĩa vụ tài chính"),
        7: QCoreApplication.translate("Status", "Công dân yêu cầu rút hồ sơ"),
        8: QCoreApplication.translate("Status", "Dừng xử lý"),
        9: QCoreApplication.translate("Status", "Đã xử lý xong"),
        10: QCoreApplication.translate("Status", "Đã trả kết quả"),
    }
    return names.get(code, str(code))


def error_text(exc: BaseException) -> str:
    """What a clerk reads: the service's own sentence, in the interface language."""
    vi = getattr(exc, "message_vi", None)
    en = getattr(exc, "message_en", None)
    if isinstance(vi, str) and vi:
        if current_language() != "vi" and isinstance(en, str) and en:
            return en[:1].upper() + en[1:]
        return vi
    if isinstance(exc, OSError):
        return QCoreApplication.translate("Errors", "Lỗi đọc/ghi tệp: {0}").format(
            exc.strerror or exc
        )
    log.error("unexpected error shown to the user", exc_info=exc)
    return QCoreApplication.translate(
        "Errors", "Đã xảy ra lỗi không mong đợi ({0}). Thao tác chưa được lưu."
    ).format(type(exc).__name__)
