"""Log files: rotating, in the data folder, with personal data taken out before anything is written.

`<home>/logs/kiosk-<role>.log` for the app (one process per role and data folder, so each file
has one writer and rotates safely), 1 MB each, five old files kept (about 6 MB a role). The
level comes from the caller (a command-line option), else `$KIOSK_LOG_LEVEL`, else `log_level`
in config.toml, else INFO.

What a citizen tells the counter belongs in the database, where the audit trail (the dossier
events) keeps it under access control; a log file is copied around for support. So every record
passes `PersonalDataFilter`, which replaces citizen ID numbers (CCCD, old CMND), phone numbers,
e-mail addresses, the CCCD QR payload, values of personal fields (`name=...`, `"phone": ...`)
and Vietnamese full names (a family name followed by capitalised words) with placeholders. It
errs towards removing too much: a street named after a person comes out as `[name]` too.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import tomllib
import unicodedata
from pathlib import Path

from kiosk.errors import KioskError

LOG_DIR = "logs"
LOG_NAME = "kiosk"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
LEVEL_ENV = "KIOSK_LOG_LEVEL"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
# Libraries that log every request at INFO: their lines say nothing a support person needs.
QUIET = ("httpx", "httpcore", "PIL", "asyncio", "multipart")

# -- what counts as personal data -----------------------------------------------------------------

_UPPER = "A-ZÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
# The common family names: together they cover the great majority of Vietnamese citizens.
_FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương "
    "Lâm Mai Trịnh Lương Cao Tạ Hà Tô Quách Chu Lưu Đào Châu Thái Kiều La Lã Mạc Tăng Triệu "
    "Từ Văn Vương Phùng Khổng Âu Doãn Hứa Giang Nông Lò Quan Ông Nghiêm Thân Tôn Kim Diệp"
).split()
_PERSONAL_KEYS = (
    "applicant_name|applicant|full_name|citizen_name|name|id_number|citizen_id|cccd|cmnd|"
    "phone|phone_number|email|address|birth_date|date_of_birth|dob"
)

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # the chip CCCD's QR: id|old id|name|ddmmyyyy|sex|address|issue date
    (re.compile(r"(?<!\d)\d{12}\|[^\n\r]*"), "[citizen id QR]"),
    # "name": "...", 'phone': '...', name=Nguyễn Văn A, id_number: 0012...
    (
        re.compile(
            rf"""(?P<key>["']?\b(?:{_PERSONAL_KEYS})\b["']?\s*[:=]\s*)"""
            r"""(?:"[^"]*"|'[^']*'|[^,;}\)\]\n\r&]*)""",
            re.IGNORECASE,
        ),
        r"\g<key>[redacted]",
    ),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # phones: 0912345678, 0912 345 678, 0912.345.678, +84 912 345 678, 84912345678
    (re.compile(r"(?<![\w.])(?:\+84|84|0)(?:[\s.-]?\d){8,10}(?![\d])"), "[phone]"),
    # citizen ID (12 digits) and the old identity card (9 digits)
    (re.compile(r"(?<![\d.])(?:\d{12}|\d{9})(?![\d])"), "[id]"),
    (
        re.compile(
            rf"\b(?:{'|'.join(_FAMILY_NAMES + [n.upper() for n in _FAMILY_NAMES])})"
            rf"(?:\s+[{_UPPER}][^\W\d_]*){{1,4}}",
        ),
        "[name]",
    ),
)


def redact(text: str) -> str:
    """`text` with personal data replaced by placeholders ([id], [phone], [name], ...)."""
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Rewrites each record's message (and traceback) without personal data; drops nothing."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# -- set-up ---------------------------------------------------------------------------------------


def parse_level(text: str, where: str) -> int:
    name = text.strip().upper()
    if name == "WARN":
        name = "WARNING"
    if name not in LEVELS:
        raise KioskError(f"{where} '{text}' is not a log level (use one of {', '.join(LEVELS)})")
    return int(getattr(logging, name))


def configured_level(home: Path, level: str | None = None) -> int:
    """The log level: `level` (an option), else $KIOSK_LOG_LEVEL, else config.toml, else INFO."""
    if level:
        return parse_level(level, "--log-level")
    env = os.environ.get(LEVEL_ENV, "").strip()
    if env:
        return parse_level(env, LEVEL_ENV)
    try:
        with (home / "config.toml").open("rb") as f:
            value = tomllib.load(f).get("log_level")
    except (OSError, tomllib.TOMLDecodeError):
        value = None  # the device settings report a bad file; logging still starts
    if isinstance(value, str) and value.strip():
        return parse_level(value, "log_level in config.toml")
    return logging.INFO


def log_path(home: Path, name: str = LOG_NAME) -> Path:
    return Path(home) / LOG_DIR / f"{name}.log"


def setup_logging(home: Path, level: str | None = None, *, name: str = LOG_NAME) -> Path:
    """Send this process's log records to `<home>/logs/<name>.log` (rotating, filtered).

    Calling it again (another window, a test) replaces the earlier file handler instead of
    adding a second one. Returns the log file's path.
    """
    path = log_path(home, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    problem: str | None = None
    try:
        numeric = configured_level(home, level)
    except KioskError as exc:
        if level:  # a mistyped option is the caller's to report
            raise
        numeric, problem = logging.INFO, str(exc)  # a bad setting must not stop the app
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kiosk_log_file", False)]:
        root.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.kiosk_log_file = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PersonalDataFilter())
    handler.setLevel(numeric)
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    logging.captureWarnings(True)
    if problem:
        logging.getLogger("kiosk").warning("%s; logging at INFO", problem)
    return path
