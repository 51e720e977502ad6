"""Issue 19, item 7: `kiosk doctor` reports an unplugged COM scanner as missing.

On Windows a COM port is no file; before, a configured `COM5` was always "present". Now a COM
name is present only when Windows lists it (pyserial's list_ports), simulated here with
`is_windows()` patched and a lister; on Linux a real pty whose name is gone once it is closed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import kiosk.paths
from kiosk.devices import ports
from kiosk.devices.ports import PortInfo, resolve_port
from kiosk.devices.urls import parse_scanner_url
from kiosk.doctor.devices import check_scanners

pytestmark = pytest.mark.skipif(os.name == "nt", reason="simulates Windows on a POSIX system")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[PortInfo]]:
    listed: list[PortInfo] = [PortInfo("COM3", "USB Serial Device (COM3)", 0x0483, 0x5740)]
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: True)
    monkeypatch.setattr(ports, "list_ports", lambda: list(listed))
    yield listed


def test_an_unplugged_com_scanner_is_missing(windows: list[PortInfo]) -> None:
    url = parse_scanner_url("serial://COM5")
    assert resolve_port(url) is None
    [check] = check_scanners({"scanners": [{"url": "serial://COM5"}]})
    assert not check.ok and "not plugged in" in check.detail
    assert "dialout" not in (check.fix or "")


def test_a_listed_com_scanner_is_present(windows: list[PortInfo]) -> None:
    windows.append(PortInfo("COM5", "Honeywell 1900 (COM5)"))
    assert resolve_port(parse_scanner_url("serial://com5")) == "com5"
    [check] = check_scanners({"scanners": [{"url": "serial://COM5"}]})
    assert check.ok and check.detail == "port present"


def test_a_com_scanner_moved_to_another_port_is_found_by_usb_id(windows: list[PortInfo]) -> None:
    url = parse_scanner_url("serial://COM5?usb=0483:5740")
    assert resolve_port(url) == "COM3"


def test_a_closed_pty_is_missing_on_linux() -> None:
    import pty  # POSIX only (tty, termios): imported here so Windows can collect this file

    master, slave = pty.openpty()
    name = os.ttyname(slave)
    config = {"scanners": [{"url": f"serial://{name}"}]}
    try:
        [check] = check_scanners(config)
        assert check.ok, check.detail
    finally:
        os.close(slave)
        os.close(master)
    [check] = check_scanners(config)
    assert not check.ok and "not plugged in" in check.detail
