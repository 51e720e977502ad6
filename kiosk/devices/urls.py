"""Scanner addresses.

    serial:///dev/ttyACM0?baud=9600&terminator=cr
    serial:///dev/serial/by-id/usb-Honeywell_1900-if00   (Linux: survives re-plugging)
    serial://COM5?baud=115200                            (Windows)
    serial://usb:0C2E:0B61?serial=17012B1234             (found by USB id wherever it is)
    serial:///dev/ttyACM0?usb=0C2E:0B61                  (the path first, the USB id if gone)
    sim://  or  sim://name                               (the demo's virtual scanner)

Options: `baud` (default 9600; USB-CDC ignores it), `terminator` (cr, lf, crlf, tab, etx, none;
default cr), `usb` (VID:PID in hex), `serial` (the USB serial number, to tell two identical
scanners apart), `name` (a label for messages and the settings screen).

A USB-CDC scanner gets a new /dev/ttyACMn or COMn when it is plugged into another socket, or
after a replug while the old port is still open. A stable path (`/dev/serial/by-id/...`, a udev
symlink, or a Windows COM number pinned to the device) or the USB id finds it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote

from kiosk.devices.framing import TERMINATORS
from kiosk.errors import KioskError

_USB_ID_RE = re.compile(r"^(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})$")
_OPTIONS = {"baud", "terminator", "usb", "serial", "name"}


class DeviceUrlError(KioskError, ValueError):
    pass


@dataclass(frozen=True)
class ScannerUrl:
    scheme: str  # "serial" or "sim"
    device: str  # a port path or name; "" when found by USB id only (or sim's name)
    baud: int = 9600
    terminator: str = "cr"
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.device:
            return self.device
        if self.vid is not None and self.pid is not None:
            return f"USB {self.vid:04X}:{self.pid:04X}"
        return f"{self.scheme}://"

    def to_url(self) -> str:
        if self.scheme == "sim":
            return f"sim://{self.device}"
        device = self.device
        if not device and self.vid is not None and self.pid is not None:
            device = f"usb:{self.vid:04X}:{self.pid:04X}"
        opts: list[tuple[str, str]] = []
        if self.baud != 9600:
            opts.append(("baud", str(self.baud)))
        if self.terminator != "cr":
            opts.append(("terminator", self.terminator))
        if self.device and self.vid is not None and self.pid is not None:
            opts.append(("usb", f"{self.vid:04X}:{self.pid:04X}"))
        if self.serial_number:
            opts.append(("serial", self.serial_number))
        if self.name:
            opts.append(("name", self.name))
        query = "&".join(f"{k}={quote(v, safe=':')}" for k, v in opts)
        return f"serial://{quote(device, safe='/:')}" + (f"?{query}" if query else "")


def _bad(url: str, why: str) -> DeviceUrlError:
    return DeviceUrlError(
        f"the scanner address {url!r} is not valid: {why}",
        f"Địa chỉ máy quét không hợp lệ: {url}.",
    )


def _usb_id(url: str, text: str) -> tuple[int, int]:
    m = _USB_ID_RE.match(text)
    if not m:
        raise _bad(url, f"USB id {text!r} must be VID:PID in hex, like 0C2E:0B61")
    return int(m["vid"], 16), int(m["pid"], 16)


def parse_scanner_url(url: str) -> ScannerUrl:
    """Parse a scanner address; DeviceUrlError with a clear sentence if it is not one."""
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in ("serial", "sim"):
        raise _bad(url, "use serial://DEVICE (e.g. serial:///dev/ttyACM0 or serial://COM5)")
    rest, _, query = rest.partition("?")
    device = unquote(rest)
    opts = dict(parse_qsl(query, keep_blank_values=True))
    unknown_opts = set(opts) - _OPTIONS
    if unknown_opts:
        raise _bad(url, f"unknown option {', '.join(sorted(unknown_opts))}")
    if scheme == "sim":
        return ScannerUrl("sim", device or "default", name=opts.get("name"))
    vid = pid = None
    if device.lower().startswith("usb:"):
        vid, pid = _usb_id(url, device[4:])
        device = ""
    if "usb" in opts:
        vid, pid = _usb_id(url, opts["usb"])
    if not device and vid is None:
        raise _bad(url, "no serial device given")
    baud_text = opts.get("baud", "9600")
    if not baud_text.isdigit() or not 50 <= int(baud_text) <= 4_000_000:
        raise _bad(url, f"baud must be a number like 9600 or 115200, not {baud_text!r}")
    terminator = opts.get("terminator", "cr").lower()
    if terminator not in TERMINATORS:
        raise _bad(url, f"terminator must be one of {', '.join(TERMINATORS)}")
    return ScannerUrl(
        "serial",
        device,
        baud=int(baud_text),
        terminator=terminator,
        vid=vid,
        pid=pid,
        serial_number=opts.get("serial") or None,
        name=opts.get("name") or None,
    )
