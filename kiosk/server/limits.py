"""What one client, or all of them, may hold of the server: connections, time, file handles.

- Header timeout: a connection has HEADER_TIMEOUT seconds to send a complete request head
  (the first, and each next one on a kept-alive connection); a slow or half-sent header is
  cut off then. Idle kept-alive connections close after the keep-alive timeout (uvicorn's).
  A request body must arrive within BODY_TIMEOUT (kiosk.server.app.read_json).
- Connection caps: at most `per_address` open connections from one client address and
  `total` in all; one more is answered 503 at once and closed, before anything is parsed.
  A PC uses one or two (a long poll and a push); a whole office behind one NAT fits well
  under the default.
- File handles: the soft RLIMIT_NOFILE is raised to the hard limit at start (the systemd unit
  raises the hard one: packaging/kiosk-server.service, LimitNOFILE), and the total cap is kept
  below it with room for the database pool and logs, so "too many open files" does not happen
  in the first place; if it does anyway (another process's handles), the accept error is one
  rate-limited log line (kiosk.server.ratelog), not a traceback per attempt.
- Log floods: uvicorn's per-request warnings and asyncio's accept errors go through the same
  rate limit (one line per cause per minute).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.privacy.logsafe import safe
from kiosk.server.ratelog import INTERVAL

HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 30.0
SSL_HANDSHAKE_TIMEOUT = 10.0
MAX_HEADER_BYTES = 16 * 1024
RESERVED_FILES = 200  # database connections, log files, certificates, the listening socket

_BUSY = (
    b'{"error": "the server is busy; try again later"}',
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
    b"retry-after: 5\r\nconnection: close\r\ncontent-length: %d\r\n\r\n",
)


@dataclass
class Limits:
    per_address: int = 128
    total: int = 4096
    header_timeout: float = HEADER_TIMEOUT
    open_by_address: Counter[str] = field(default_factory=Counter)

    def fit_to_files(self, nofile: int | None) -> None:
        """Keep the total cap below the file-handle limit (with room for everything else)."""
        if nofile is not None:
            self.total = max(16, min(self.total, nofile - RESERVED_FILES))


def raise_file_limit() -> int | None:
    """Soft RLIMIT_NOFILE up to the hard limit; returns the limit now in force (None where
    the OS has no such limit, e.g. Windows)."""
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1 << 20)
    if soft != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return None if soft == resource.RLIM_INFINITY else int(soft)


def protocol_class(limits: Limits) -> type[H11Protocol]:
    """uvicorn's h11 protocol with the caps and the header timeout (Config(http=...))."""
    from kiosk.server.ratelog import limited

    class GuardedH11(H11Protocol):
        _host: str | None = None
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            host = self.client[0] if self.client else "-"
            if limits.open_by_address[host] >= limits.per_address:
                limited.warning("connection refused: too many from one address (%s)", host)
                self._busy(transport)
                return
            if len(self.connections) > limits.total:
                limited.warning("connection refused: %d connections in all", limits.total)
                self._busy(transport)
                return
            self._host = host
            limits.open_by_address[host] += 1
            self._arm()

        def _busy(self, transport: asyncio.Transport) -> None:
            body, head = _BUSY
            transport.write(head % len(body) + body)
            transport.close()

        def _arm(self) -> None:
            if self._header_timer is None:
                self._header_timer = self.loop.call_later(
                    limits.header_timeout, self._header_too_slow
                )

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _header_too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                limited.warning("connection closed: no complete request head in %.0f s",
                                limits.header_timeout)  # fmt: skip
                self.transport.close()

        def data_received(self, data: bytes) -> None:
            if self._host is None:  # refused: whatever it sends is dropped
                return
            super().data_received(data)
            if self.conn.their_state is h11.IDLE:
                self._arm()  # the next request's head, on a kept-alive connection
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._host is not None:
                limits.open_by_address[self._host] -= 1
                if limits.open_by_address[self._host] <= 0:
                    del limits.open_by_address[self._host]
                self._host = None
            super().connection_lost(exc)

    return GuardedH11


class _OnePerCause(logging.Filter):
    """One record per message per interval; tracebacks dropped (they can quote data)."""

    def __init__(self, interval: float = INTERVAL) -> None:
        super().__init__()
        self.interval = interval
        self._last: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        import time

        key = f"{record.name}:{record.msg}"
        at = time.monotonic()
        if at - self._last.get(key, -1e18) < self.interval:
            return False
        if len(self._last) > 10_000:
            self._last.clear()
        self._last[key] = at
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


_FILTER = _OnePerCause()


def quiet_floods() -> None:
    """Rate-limit the loggers an attacker can make speak (uvicorn's, asyncio's accept errors)."""
    for name in ("uvicorn.error", "asyncio"):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's errors (e.g. 'socket.accept() out of system resource' on EMFILE) as one
    rate-limited line each, without the traceback."""
    from kiosk.server.ratelog import limited, os_cause

    exc = context.get("exception")
    if isinstance(exc, OSError):
        cause = os_cause(exc)
    else:
        cause = safe(type(exc).__name__ if exc is not None else "")
    message = loop_message(str(context.get("message", "error")))
    # one line per kind of error: an earlier, unrelated loop error must not hide an EMFILE
    limited.warning("event loop: %s %s", message, cause, key=f"event loop: {message} {cause}")


# asyncio's own sentences (the start of its context "message"); what follows may quote a
# callback's arguments, so only the known start is written, marked safe for the log filter
LOOP_MESSAGES = (
    "socket.accept() out of system resource",
    "Task exception was never retrieved",
    "Future exception was never retrieved",
    "Exception in callback",
    "Fatal error on transport",
    "Fatal read error on socket transport",
    "Fatal write error on socket transport",
    "Fatal error on SSL transport",
    "Unhandled error in exception handler",
    "Error on reading from the event loop self pipe",
)


def loop_message(message: str) -> str:
    known = next((m for m in LOOP_MESSAGES if message.startswith(m)), None)
    return safe(known) if known else safe("another event loop error")


def shorter_tls_handshakes() -> None:
    """A TLS handshake must finish within SSL_HANDSHAKE_TIMEOUT (asyncio's default is 60 s,
    and uvicorn has no option for it): a silent socket cannot hold a handle for a minute."""
    import asyncio.constants

    asyncio.constants.SSL_HANDSHAKE_TIMEOUT = SSL_HANDSHAKE_TIMEOUT  # read at each handshake
