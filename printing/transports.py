"""Printer transports addressed by URL (`printing.thermal.print_job` sends a job through one).

    serial:///dev/ttyUSB0?baud=115200[&flow=rtscts|dsrdtr|xonxoff]   serial://COM3?baud=9600
    tcp://10.0.0.5:9100          usb:///dev/usb/lp0[?status=1]         file:///path/out.bin
    win://Printer Name           sim://  or  sim://name

Only serial, tcp and sim read the printer's status back. `file://` cannot; the Windows spooler
(`win://`) is one-way; Linux `usblp` devices answer reads only when the printer's USB interface is
bidirectional, which many cheap printers' are not (a read then always times out, and every job
would be refused as "no answer"), so `usb://` skips the check unless `?status=1` is given.
"""

from __future__ import annotations

import os
import re
import select
import socket
import sys
import time
from types import TracebackType
from typing import Any, Protocol, Self
from urllib.parse import parse_qsl, unquote, urlsplit

from printing.errors import PrinterError
from printing.escpos.sim import SIM_PRINTERS, SimJob, SimPrinter, SimTransport, sim_printer

__all__ = [
    "SIM_PRINTERS",
    "SimJob",
    "SimPrinter",
    "Transport",
    "open_transport",
    "sim_printer",
]

SCHEMES = ("serial", "tcp", "usb", "file", "win", "sim")


class Transport(Protocol):
    url: str
    can_read_status: bool
    # Bytes per second the link actually moves (serial only): the status answer after a job
    # queues behind the job's bytes, so its timeout must include the transmission time.
    bytes_per_second: float | None

    def write(self, data: bytes) -> None: ...
    def read(self, n: int, timeout: float) -> bytes: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _Base:
    url = ""
    can_read_status = False
    bytes_per_second: float | None = None

    def read(self, n: int, timeout: float) -> bytes:
        raise PrinterError("unsupported", f"The printer at {self.url} cannot send data back.")

    def close(self) -> None:  # pragma: no cover - overridden
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _reason(exc: BaseException) -> str:
    """The OS's words for an error (pyserial nests them in a long message)."""
    code = getattr(exc, "errno", None)
    return os.strerror(code) if isinstance(code, int) else str(exc).rstrip(".")


def _stalled(url: str, timeout: float) -> PrinterError:
    return PrinterError(
        "no_answer",
        f"The printer at {url} stopped accepting data for {timeout:g} s; check that it is on, "
        "has paper and is not jammed.",
    )


class SerialTransport(_Base):
    can_read_status = True

    def __init__(self, url: str, device: str, baud: int, flow: str, timeout: float) -> None:
        import serial  # pyserial; imported here so the other transports work without it

        self.url, self.timeout, self.bytes_per_second = url, timeout, baud / 10
        try:
            self._port = serial.Serial(
                device,
                baudrate=baud,
                timeout=timeout,
                write_timeout=timeout,
                rtscts=flow == "rtscts",
                dsrdtr=flow == "dsrdtr",
                xonxoff=flow == "xonxoff",
                # One writer per port: two windows printing at once would interleave jobs.
                **({"exclusive": True} if os.name == "posix" else {}),
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterError(
                "unreachable", f"Cannot open the printer port {device}: {_reason(exc)}."
            ) from exc
        self._serial = serial

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
        except self._serial.SerialTimeoutException as exc:
            raise _stalled(self.url, self.timeout) from exc
        except (self._serial.SerialException, OSError) as exc:
            raise PrinterError("io_error", f"Writing to {self.url} failed: {exc}.") from exc

    def read(self, n: int, timeout: float) -> bytes:
        try:
            self._port.timeout = timeout
            return bytes(self._port.read(n))
        except (self._serial.SerialException, OSError) as exc:
            raise PrinterError("io_error", f"Reading from {self.url} failed: {exc}.") from exc

    def close(self) -> None:
        self._port.close()


class TcpTransport(_Base):
    can_read_status = True

    def __init__(self, url: str, host: str, port: int, timeout: float) -> None:
        self.url, self.timeout = url, timeout
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout)
        except TimeoutError as exc:
            raise PrinterError(
                "unreachable", f"The printer at {host}:{port} did not accept a connection."
            ) from exc
        except OSError as exc:
            raise PrinterError(
                "unreachable", f"Cannot connect to the printer at {host}:{port}: {_reason(exc)}."
            ) from exc
        # Small writes (status queries) must leave at once, not wait for Nagle's algorithm.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes) -> None:
        try:
            self._sock.settimeout(self.timeout)
            self._sock.sendall(data)
        except TimeoutError as exc:
            raise _stalled(self.url, self.timeout) from exc
        except OSError as exc:
            raise PrinterError("io_error", f"Sending to {self.url} failed: {exc}.") from exc

    def read(self, n: int, timeout: float) -> bytes:
        out = bytearray()
        deadline = time.monotonic() + timeout
        try:
            while len(out) < n:
                self._sock.settimeout(max(0.0, deadline - time.monotonic()))
                chunk = self._sock.recv(n - len(out))
                if not chunk:  # the printer closed the connection
                    break
                out += chunk
        except (TimeoutError, BlockingIOError):
            pass
        except OSError as exc:
            raise PrinterError("io_error", f"Reading from {self.url} failed: {exc}.") from exc
        return bytes(out)

    def close(self) -> None:
        self._sock.close()


class DeviceTransport(_Base):
    """A character device (`/dev/usb/lp0`), written with a deadline so a stuck printer never
    hangs the app."""

    def __init__(self, url: str, path: str, with_status: bool, timeout: float) -> None:
        self.url, self.timeout, self.can_read_status = url, timeout, with_status
        flags = (os.O_RDWR if with_status else os.O_WRONLY) | getattr(os, "O_BINARY", 0)
        self._poll = os.name == "posix"
        if self._poll:
            flags |= os.O_NONBLOCK
        try:
            self._fd = os.open(path, flags)
        except OSError as exc:
            raise PrinterError(
                "unreachable", f"Cannot open the printer {path}: {_reason(exc)}."
            ) from exc

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + self.timeout
        try:
            while view:
                if self._poll:
                    left = deadline - time.monotonic()
                    if left <= 0 or not select.select([], [self._fd], [], left)[1]:
                        raise _stalled(self.url, self.timeout)
                try:
                    view = view[os.write(self._fd, view) :]
                except BlockingIOError:
                    continue
        except OSError as exc:
            raise PrinterError("io_error", f"Writing to {self.url} failed: {exc}.") from exc

    def read(self, n: int, timeout: float) -> bytes:
        if self._poll and not select.select([self._fd], [], [], timeout)[0]:
            return b""
        try:
            return os.read(self._fd, n)
        except BlockingIOError:
            return b""
        except OSError as exc:
            raise PrinterError("io_error", f"Reading from {self.url} failed: {exc}.") from exc

    def close(self) -> None:
        os.close(self._fd)


class FileTransport(_Base):
    """Appends to a file: for spooling through other tools, and for inspecting the bytes."""

    def __init__(self, url: str, path: str) -> None:
        self.url = url
        try:
            self._file = open(path, "ab")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise PrinterError(
                "unreachable", f"Cannot open {path} for writing: {_reason(exc)}."
            ) from exc

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            raise PrinterError("io_error", f"Writing to {self.url} failed: {exc}.") from exc

    def close(self) -> None:
        self._file.close()


_WIN_UNSUPPORTED_VI = "Máy in Windows (win://) chỉ dùng được trên Windows có cài gói pywin32."


def _win32print() -> Any:
    """pywin32's win32print (Windows only); replaced by a stand-in in tests."""
    import win32print  # type: ignore[import-not-found,unused-ignore]

    return win32print


class WinTransport(_Base):
    """The Windows spooler in RAW mode: each write() is one spooled document (never interleaved)."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self.name = url, name
        try:
            win32print = _win32print()
        except ImportError as exc:
            raise PrinterError(
                "unsupported",
                f"Printing to a Windows printer ({url}) needs Windows with the pywin32 package; "
                "use a tcp://, serial:// or usb:// address on this computer.",
                _WIN_UNSUPPORTED_VI,
            ) from exc
        self._w = win32print
        try:
            self._handle = win32print.OpenPrinter(name)
        except Exception as exc:  # pywintypes.error
            raise PrinterError(
                "unreachable", f"Windows has no printer named {name!r}: {exc}."
            ) from exc

    def write(self, data: bytes) -> None:
        """One RAW job, with the spooler's view of the printer checked before and the job
        followed after (printing/windows_spooler.py): the spooler itself accepts anything."""
        from printing.windows_spooler import printer_problem, watch_job

        w, h = self._w, self._handle
        problem = printer_problem(w, h, self.name)
        if problem is not None:
            raise problem
        try:
            job_id = w.StartDocPrinter(h, 1, ("Kiosk ticket", None, "RAW"))
            try:
                w.StartPagePrinter(h)
                w.WritePrinter(h, data)
                w.EndPagePrinter(h)
            finally:
                w.EndDocPrinter(h)
        except Exception as exc:  # pywintypes.error
            raise PrinterError(
                "io_error",
                f"The Windows spooler refused the job: {exc}. If the printer uses a Windows "
                "'v4' class driver, install its v3 driver or 'Generic / Text Only'.",
            ) from exc
        watch_job(w, h, int(job_id or 0), self.name)

    def close(self) -> None:
        self._w.ClosePrinter(self._handle)


def _bad(url: str, why: str) -> PrinterError:
    return PrinterError(
        "bad_url",
        f"The printer address {url!r} is not valid: {why}.",
        f"Địa chỉ máy in không hợp lệ: {url}. Vui lòng kiểm tra lại cấu hình máy in.",
    )


def _query(url: str, query: str, allowed: set[str]) -> dict[str, str]:
    params = dict(parse_qsl(query, keep_blank_values=True))
    unknown = set(params) - allowed
    if unknown:
        raise _bad(url, f"unknown option {', '.join(sorted(unknown))}")
    return params


def open_transport(url: str, *, timeout: float = 2.0) -> Transport:
    """Open the printer at `url`; PrinterError("bad_url"/"unreachable"/"unsupported") if not."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        netloc, path = unquote(parts.netloc), unquote(parts.path)
        if scheme == "tcp":
            host, port = parts.hostname, parts.port or 9100
    except ValueError as exc:
        raise _bad(url, str(exc)) from exc
    if scheme not in SCHEMES or "://" not in url:
        raise _bad(url, f"use one of {', '.join(s + '://' for s in SCHEMES)}")
    if scheme == "serial":
        opts = _query(url, parts.query, {"baud", "flow"})
        device = netloc + path
        if not device:
            raise _bad(url, "no serial device given")
        baud_text = opts.get("baud", "9600")  # the factory default of most serial printers
        if not baud_text.isdigit() or int(baud_text) <= 0:
            raise _bad(url, f"baud must be a positive number, not {baud_text!r}")
        flow = opts.get("flow", "none")
        if flow not in ("none", "rtscts", "dsrdtr", "xonxoff"):
            raise _bad(url, "flow must be none, rtscts, dsrdtr or xonxoff")
        return SerialTransport(url, device, int(baud_text), flow, timeout)
    if scheme == "tcp":
        _query(url, parts.query, set())
        if not host:
            raise _bad(url, "no host given")
        return TcpTransport(url, host, port, timeout)
    if scheme == "usb":
        opts = _query(url, parts.query, {"status"})
        if not netloc + path:
            raise _bad(url, "no device given")
        return DeviceTransport(url, netloc + path, opts.get("status") in ("1", "yes"), timeout)
    if scheme == "file":
        _query(url, parts.query, set())
        # file:///abs/path, file:///C:/dir/out.bin, or (relative) file://out.bin
        file_path = path if netloc in ("", "localhost") else netloc + path
        if re.match(r"^/[A-Za-z]:", file_path):
            file_path = file_path[1:]
        if not file_path:
            raise _bad(url, "no file path given")
        return FileTransport(url, file_path)
    if scheme == "win":
        if not netloc:
            raise _bad(url, "no printer name given")
        if sys.platform != "win32":
            raise PrinterError(
                "unsupported",
                f"{url} is a Windows printer; printing through the Windows spooler works only "
                "on Windows.",
                _WIN_UNSUPPORTED_VI,
            )
        return WinTransport(url, netloc + path)
    _query(url, parts.query, set())
    return SimTransport(url, sim_printer(netloc or "default"))
