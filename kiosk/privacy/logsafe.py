"""Log records without personal data, by construction rather than by guessing names.

A log line is the developer's format string (constant text written in the code) filled with
arguments. The format string is kept; each argument is kept only when it is an identifier the
program made — a dossier code, a ticket label, a counter number, a file name, a count, a time —
and replaced by a placeholder otherwise (`[text]`, `[number]`, `[dict]`...). Free text typed by a
clerk or a citizen (names, addresses, notes, search words) never has the shape of an identifier
(it has spaces, letters with accents or no digit at all), so it never reaches a file whatever
its language, case or accents. A developer who needs a sentence the program wrote logged as is
wraps it in `safe()`.

Exceptions: a traceback keeps the exception's type and its frames (file, line, function, source
line), but its message is replaced by `[message hidden]` unless its class is one of ours known
to word its messages without personal data (`LOG_SAFE`, `mark_log_safe`). Database errors carry
SQL parameters and, on PostgreSQL, the values of a violated key: their messages are always
hidden, and every engine is created with `hide_parameters=True` besides.

Last, the finished text still passes a few patterns (12- and 9-digit ID numbers, phone numbers,
e-mail addresses, the CCCD QR payload) as a second line of defence.
"""

from __future__ import annotations

import enum
import logging
import re
import traceback
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from types import TracebackType
from typing import Any

HIDDEN = "[message hidden]"

# -- the second line of defence: patterns on the finished text ------------------------------------

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # the chip CCCD's QR: id|old id|name|ddmmyyyy|sex|address|issue date
    (re.compile(r"(?<!\d)\d{12}\|[^\n\r]*"), "[citizen id QR]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # phones: 0912345678, 0912 345 678, 0912.345.678, +84 912 345 678, 84912345678
    (re.compile(r"(?<![\w.])(?:\+84|84|0)(?:[\s.-]?\d){8,10}(?![\d])"), "[phone]"),
    # citizen ID (12 digits, also written 001 190 012 345) and the old identity card (9 digits)
    (re.compile(r"(?<![\d.])(?:\d{3}[\s.]?\d{3}[\s.]?\d{3}[\s.]?\d{3}|\d{9})(?![\d])"), "[id]"),
)


def redact(text: str) -> str:
    """`text` with ID numbers, phones, e-mails and CCCD QR payloads replaced by placeholders."""
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


# -- arguments ------------------------------------------------------------------------------------


class Safe(str):
    """Text the program wrote (not typed by anyone): logged as it is."""

    __slots__ = ()


def safe(value: object) -> Safe:
    return Safe(str(value))


# Codes, ticket labels, file names, URLs of devices, versions: ASCII, no spaces.
_IDENTIFIER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:/\\#+-]{0,99}")
_DIGITS = re.compile(r"\d")
BIG_NUMBER = 10_000_000  # a phone or an ID number stored as a number is not logged


def is_identifier(text: str) -> bool:
    """True for a code the program made (has a digit or a separator, no space, ASCII).

    A run of eight digits or more with only separators between them (an ID number, a phone,
    a birth date written 15031990 or 15/03/1990) is not an identifier.
    """
    if not _IDENTIFIER.fullmatch(text):
        return False
    digits = len(_DIGITS.findall(text))
    if digits >= 8 and not re.search(r"[A-Za-z_]", text):
        return False
    if digits == 0 and not re.search(r"[._:/\\#-]", text):
        return False  # a bare word ("pao", "giang"): could be a name typed without accents
    return True


def _exception_text(exc: BaseException) -> str:
    if is_log_safe(exc):
        return f"{type(exc).__name__}: {exc}"
    return f"{type(exc).__name__}: {HIDDEN}"


def safe_arg(value: Any) -> Any:
    """`value` if it is safe to write to a log, else a placeholder naming its kind."""
    if value is None or isinstance(value, bool | Safe):
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, int):
        return value if abs(value) < BIG_NUMBER else "[number]"
    if isinstance(value, float):
        return value
    if isinstance(value, datetime | date | time | timedelta):
        return value
    if isinstance(value, BaseException):
        return _exception_text(value)
    if isinstance(value, PurePath):
        return value if all(is_identifier(p) or p in ("/", "\\") for p in value.parts) else "[path]"
    if isinstance(value, str):
        return value if is_identifier(value) else "[text]"
    return f"[{type(value).__name__}]"


# -- exceptions -----------------------------------------------------------------------------------

# Our exceptions whose messages are written without personal data (ids, file names, settings).
LOG_SAFE: set[type[BaseException]] = set()
# Standard exceptions whose messages are the program's own (no user input in them).
_STANDARD_SAFE: tuple[type[BaseException], ...] = (
    TimeoutError,
    ConnectionError,
    FileNotFoundError,
    PermissionError,
    NotImplementedError,
    MemoryError,
    KeyboardInterrupt,
    SystemExit,
)


def mark_log_safe(cls: type[BaseException]) -> type[BaseException]:
    """Class decorator: this exception's messages never carry personal data."""
    LOG_SAFE.add(cls)
    return cls


def is_log_safe(exc: BaseException) -> bool:
    if isinstance(exc, _STANDARD_SAFE):
        return True
    return any(cls in LOG_SAFE for cls in type(exc).__mro__)


def format_exception(
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """A traceback with every frame and each exception's type; messages only when safe."""
    if exc is None:
        return "".join(traceback.format_exception(exc_type, exc, tb))
    chain: list[tuple[BaseException, str | None]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link: str | None = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "context"
        else:
            current = None
    lines: list[str] = []
    oldest_first = list(reversed(chain))
    for i, (item, _link) in enumerate(oldest_first):
        if i:
            # how the previous exception is attached to this one
            lines.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if oldest_first[i - 1][1] == "cause"
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        frames = traceback.extract_tb(item.__traceback__)
        if frames:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_list(frames))
        name = type(item).__qualname__
        if type(item).__module__ != "builtins":
            name = f"{type(item).__module__}.{name}"
        message = str(item) if is_log_safe(item) else HIDDEN
        lines.append(f"{name}: {message}\n")
    return "".join(lines).rstrip("\n")


# -- the filter -----------------------------------------------------------------------------------


class PersonalDataFilter(logging.Filter):
    """Rewrites each record so that only the format string and safe arguments remain.

    A record it has rewritten passes again as it is: a record goes through every handler of
    the loggers it reaches, and a second rewrite of one (two filtered handlers) took its own
    redacted traceback for someone else's and printed "[traceback hidden]" instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "kiosk_redacted", False):
            return True
        record.kiosk_redacted = True
        msg, args = record.msg, record.args
        if not isinstance(msg, str):
            msg, args = "%s", (msg,)
        if isinstance(args, dict):
            args = {k: safe_arg(v) for k, v in args.items()}
        elif args:
            args = tuple(safe_arg(a) for a in args)
        try:
            message = msg % args if args else msg
        except (TypeError, ValueError, KeyError):  # a bad format string must not lose the record
            message = f"{msg} [arguments hidden]"
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(format_exception(*record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = "[traceback hidden]"
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
