"""A serial (USB-CDC) scanner read on its own thread, surviving unplug and replug.

The thread opens the port the address resolves to, frames what arrives, and hands each frame to
`on_frame`. When the port fails (unplugged: the read raises) it reports "disconnected", drops a
half-received frame, and keeps looking for the port every `retry_interval` seconds: the same
stable path, or the same USB id on whatever port it now has. Callbacks run on the reader's
thread; a GUI hands them over with a queued signal. Several readers run side by side, one per
scanner.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.devices.framing import Frame, Framer
from kiosk.devices.ports import PortLister, list_ports, resolve_port
from kiosk.devices.urls import ScannerUrl, parse_scanner_url
from kiosk.privacy.logsafe import safe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReaderState:
    connected: bool
    device: str | None  # the port in use (or last tried)
    detail: str  # English, one sentence: why not connected, or what is connected


FrameHandler = Callable[[Frame], None]
StateHandler = Callable[[ReaderState], None]


def _reason(exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    return os.strerror(code) if isinstance(code, int) else str(exc).rstrip(".")


class SerialScannerReader:
    def __init__(
        self,
        url: ScannerUrl | str,
        on_frame: FrameHandler,
        on_state: StateHandler | None = None,
        *,
        retry_interval: float = 0.5,
        read_timeout: float = 0.05,
        lister: PortLister = list_ports,
        max_length: int = 4096,
    ) -> None:
        self.url = parse_scanner_url(url) if isinstance(url, str) else url
        if self.url.scheme != "serial":
            raise ValueError(f"{self.url.to_url()} is not a serial scanner")
        self.on_frame = on_frame
        self.on_state = on_state
        self.retry_interval = retry_interval
        self.read_timeout = read_timeout
        self.lister = lister
        self.framer = Framer(self.url.terminator, max_length=max_length)
        self.state = ReaderState(False, None, "not started")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: Any = None

    @property
    def connected(self) -> bool:
        return self.state.connected

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._run, name=f"scanner {self.url.label}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._close()

    def _set_state(self, state: ReaderState) -> None:
        if state == self.state:
            return
        self.state = state
        log.info("scanner %s: %s", self.url.label, safe(state.detail))
        if self.on_state is not None:
            try:
                self.on_state(state)
            except Exception:  # a broken listener must not stop the reader
                log.exception("scanner state listener failed")

    def _deliver(self, frames: list[Frame]) -> None:
        for frame in frames:
            try:
                self.on_frame(frame)
            except Exception:
                log.exception("scanner frame listener failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._open():
                self._read_until_failure()
            self._stop.wait(self.retry_interval)

    def _open(self) -> bool:
        import serial  # pyserial

        try:
            device = resolve_port(self.url, self.lister)
        except Exception as exc:  # port enumeration itself failed (rare; keep trying)
            self._set_state(ReaderState(False, None, f"cannot list serial ports: {exc}"))
            return False
        if device is None:
            where = f"nothing is plugged in at {self.url.device}" if self.url.device else ""
            self._set_state(
                ReaderState(
                    False, self.url.device or None, where or f"{self.url.label} is not plugged in"
                )
            )
            return False
        try:
            self._port = serial.Serial(
                device,
                baudrate=self.url.baud,
                timeout=self.read_timeout,
                # Two readers on one port would each get half of every scan.
                **({"exclusive": True} if os.name == "posix" else {}),
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            self._set_state(ReaderState(False, device, f"cannot open {device}: {_reason(exc)}"))
            return False
        real = os.path.realpath(device) if os.name == "posix" else device
        shown = device if real == device else f"{device} ({real})"
        self._set_state(ReaderState(True, device, f"connected on {shown}"))
        return True

    def _read_until_failure(self) -> None:
        import serial

        port = self._port
        device = port.port
        try:
            while not self._stop.is_set():
                data = port.read(max(1, port.in_waiting))
                now = time.monotonic()
                self._deliver(self.framer.feed(data, now) if data else self.framer.poll(now))
        except (serial.SerialException, OSError, TypeError) as exc:
            # TypeError: pyserial's posix read after a concurrent close (fd is None)
            log.debug("scanner %s read failed: %s", self.url.label, exc)
            self._deliver(self.framer.reset())
            self._close()
            if not self._stop.is_set():
                self._set_state(ReaderState(False, device, f"{device} was disconnected"))
            return
        self._close()

    def _close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception:  # closing a vanished device can fail; it is gone either way
                log.debug("closing %s failed", self.url.label, exc_info=True)
