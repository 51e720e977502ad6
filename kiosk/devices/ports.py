"""The serial ports present, and finding a configured scanner's port again after a replug."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kiosk import paths
from kiosk.devices.urls import ScannerUrl

BY_ID_DIR = "/dev/serial/by-id"


@dataclass(frozen=True)
class PortInfo:
    device: str  # what the OS opens: /dev/ttyACM0, COM5
    description: str = ""
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    manufacturer: str | None = None
    stable_path: str | None = None  # /dev/serial/by-id/... pointing at `device`, if any

    @property
    def usb_id(self) -> str | None:
        if self.vid is None or self.pid is None:
            return None
        return f"{self.vid:04X}:{self.pid:04X}"

    def suggested_url(self, terminator: str = "cr") -> str:
        """The address to configure: the stable path if there is one, with the USB id as a
        fallback, so the scanner is found again in another socket."""
        url = ScannerUrl(
            "serial",
            self.stable_path or self.device,
            terminator=terminator,
            vid=self.vid,
            pid=self.pid,
            serial_number=self.serial_number,
        )
        return url.to_url()

    def as_dict(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "stable_path": self.stable_path,
            "description": self.description,
            "usb_id": self.usb_id,
            "serial_number": self.serial_number,
            "manufacturer": self.manufacturer,
            "url": self.suggested_url(),
        }


def _stable_paths() -> dict[str, str]:
    """real device -> /dev/serial/by-id link (Linux udev); empty elsewhere."""
    out: dict[str, str] = {}
    for link in sorted(glob.glob(os.path.join(BY_ID_DIR, "*"))):
        out.setdefault(os.path.realpath(link), link)
    return out


def list_ports() -> list[PortInfo]:
    """Serial ports present now (pyserial's enumeration plus udev's stable names)."""
    from serial.tools import list_ports as lp  # pyserial; imported on use

    stable = _stable_paths()
    ports: list[PortInfo] = []
    for p in lp.comports():
        ports.append(
            PortInfo(
                device=p.device,
                description=p.description if p.description != "n/a" else "",
                vid=p.vid,
                pid=p.pid,
                serial_number=p.serial_number,
                manufacturer=p.manufacturer,
                stable_path=stable.get(os.path.realpath(p.device)),
            )
        )
    return sorted(ports, key=lambda p: p.device)


PortLister = Callable[[], Iterable[PortInfo]]


def resolve_port(url: ScannerUrl, lister: PortLister | None = None) -> str | None:
    """The device to open for a scanner now, or None when it is not plugged in.

    The configured path wins when it is present (a stable path follows the device); otherwise
    the USB id (and serial number, when given) picks the port among those present. Windows COM
    ports are no files: a COM name is present when Windows lists it (pyserial's enumeration of
    the "Ports" device class, which also lists the virtual COM ports of USB scanners).
    """
    listed: list[PortInfo] | None = None

    def ports() -> list[PortInfo]:
        nonlocal listed
        if listed is None:
            listed = list((lister or list_ports)())
        return listed

    if url.device:
        if paths.is_windows():
            wanted = com_name(url.device)
            for port in ports():
                if com_name(port.device) == wanted:
                    return url.device
        elif os.path.exists(url.device):
            return url.device
    if url.vid is not None and url.pid is not None:
        for port in ports():
            if port.vid != url.vid or port.pid != url.pid:
                continue
            if url.serial_number and port.serial_number != url.serial_number:
                continue
            return port.device
    return None


def com_name(device: str) -> str:
    r"""`COM5`, `com5` and `\\.\COM5` are one port."""
    name = device.strip().upper()
    return name[4:] if name.startswith("\\\\.\\") else name
