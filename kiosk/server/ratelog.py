"""Server logging that cannot flood and cannot leak.

- `limited`: one line per cause per interval (60 s); the next line of that cause says how many
  were held back. A storm (a database outage, "too many open files" on every accept) costs a
  few lines a minute, not 440 MB.
- `db_cause`: a database error as its class and SQLSTATE only. The driver's text is never
  logged nor sent: PostgreSQL's DETAIL quotes the row's values (a citizen's name, a phone),
  and SQLAlchemy's would show the statement's parameters (the engine hides them too:
  `hide_parameters=True` in kiosk.store.db.make_engine).
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
import traceback
from typing import Any

from kiosk.privacy.logsafe import safe

INTERVAL = 60.0


MAX_CAUSES = 1024  # causes remembered at once (keys may carry an event loop's text)


class RateLimited:
    """A logger's warning/error, at most one line per cause (the format string) per interval."""

    def __init__(self, logger: logging.Logger, interval: float = INTERVAL) -> None:
        self.logger = logger
        self.interval = interval
        self._last: dict[str, tuple[float, int]] = {}  # cause -> (time logged, held back since)
        self._lock = threading.Lock()

    def _log(self, level: int, cause: str, args: tuple[Any, ...], key: str | None) -> bool:
        at = time.monotonic()
        slot = key or cause
        with self._lock:
            if len(self._last) >= MAX_CAUSES and slot not in self._last:  # bounded under attack
                self._last = {k: v for k, v in self._last.items() if at - v[0] < self.interval}
                if len(self._last) >= MAX_CAUSES:
                    return False
            last, held = self._last.get(slot, (-1e18, 0))
            if at - last < self.interval:
                self._last[slot] = (last, held + 1)
                return False
            self._last[slot] = (at, 0)
        suffix = f" (and {held} more like it in the last {int(at - last)} s)" if held else ""
        # the cause stays the format string: the log filter checks each argument on its own
        fmt = f"{cause}%s"
        self.logger.log(level, fmt, *args, safe(suffix))
        return True

    def warning(self, cause: str, *args: Any, key: str | None = None) -> bool:
        """`key`: where one format string covers several causes (the event loop's errors),
        what tells them apart, so one cause does not silence another."""
        return self._log(logging.WARNING, cause, args, key)

    def error(self, cause: str, *args: Any, key: str | None = None) -> bool:
        return self._log(logging.ERROR, cause, args, key)


def db_cause(exc: BaseException) -> str:
    """`OperationalError (08006)`: what went wrong, without any value or statement."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None) or getattr(
        getattr(orig, "diag", None), "sqlstate", None
    )
    # class names and SQLSTATE codes only: marked safe for the log filter (kiosk/privacy/logsafe)
    return safe(f"{type(orig).__name__}{f' ({state})' if state else ''}")


def os_cause(exc: OSError) -> str:
    """`EMFILE (Too many open files)`: the errno's name and the OS's sentence."""
    name = errno.errorcode.get(exc.errno or 0, "OSError")
    return safe(f"{name} ({os.strerror(exc.errno)})" if exc.errno else type(exc).__name__)


def where(exc: BaseException) -> str:
    """A bug's class and the innermost line it came from, for the log (never its message)."""
    tb = exc.__traceback__
    frames = traceback.extract_tb(tb) if tb is not None else []
    last = frames[-1] if frames else None
    place = f" at {os.path.basename(last.filename)}:{last.lineno}" if last else ""
    return safe(f"{type(exc).__name__}{place}")


limited = RateLimited(logging.getLogger("kiosk.server"))
