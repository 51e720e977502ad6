"""Log files: rotating, in the data folder, with personal data taken out before anything is written.

`<home>/logs/kiosk-<role>.log` for the app (one process per role and data folder, so each file
has one writer and rotates safely), 1 MB each, five old files kept (about 6 MB a role). The
level comes from the caller (a command-line option), else `$KIOSK_LOG_LEVEL`, else `log_level`
in config.toml, else INFO.

What a citizen tells the counter belongs in the database, where the audit trail (the dossier
events) keeps it under access control; a log file is copied around for support. So every record
passes `PersonalDataFilter` (kiosk/privacy/logsafe.py): only the developer's format string and
arguments shaped like identifiers (dossier code, ticket label, counter number, file name) are
written; free text becomes `[text]`, and a traceback keeps its frames and exception types with
the messages hidden unless the exception is one of ours known to be safe. The file is created
readable by the user alone (kiosk/privacy/files.py).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import tomllib
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.privacy.files import ensure_private_dir, restrict_to_owner
from kiosk.privacy.logsafe import PersonalDataFilter, redact, safe
from kiosk.textfiles import NotUtf8Error, read_text

__all__ = ["PersonalDataFilter", "redact", "setup_logging", "setup_console_logging", "log_path"]

LOG_DIR = "logs"
LOG_NAME = "kiosk"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
LEVEL_ENV = "KIOSK_LOG_LEVEL"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
# Libraries that log every request at INFO: their lines say nothing a support person needs.
QUIET = ("httpx", "httpcore", "PIL", "asyncio", "multipart")

class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (and each rotated one) readable by the user alone, whatever the umask."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        restrict_to_owner(self.baseFilename)
        return stream


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
        text = read_text(home / "config.toml", "configuration file", "Tệp cấu hình")
        value = tomllib.loads(text).get("log_level")
    except (OSError, tomllib.TOMLDecodeError, NotUtf8Error):
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
    ensure_private_dir(path.parent)
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
    handler = PrivateRotatingFileHandler(
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
        logging.getLogger("kiosk").warning("%s; logging at INFO", safe(problem))
    return path


CONSOLE_FORMAT = "%(asctime)s %(name)s: %(message)s"


def setup_console_logging(level: int = logging.INFO) -> logging.Handler:
    """Standard error as the log of a process without a log file of its own (the server: its
    console goes to the journal or the Windows service's log), through the same personal-data
    filter as the log files. `logging.basicConfig` would write a library's message (a database
    error with its parameters, an exception carrying a citizen's name) as it is.

    Idempotent: a second call in the process (each `--workers` worker, a server restarted in
    the same process) keeps the one handler."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "kiosk_console", False):
            return handler
    console = logging.StreamHandler()
    console.kiosk_console = True  # type: ignore[attr-defined]
    console.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    console.addFilter(PersonalDataFilter())
    root.addHandler(console)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    return console
