"""Scanner addresses, finding ports again, and the config file (read, checked, written back)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.config import (
    ConfigError,
    DeviceConfig,
    ScannerSettings,
    device_config,
    load_config,
    save_config,
    with_devices,
)
from kiosk.devices.ports import PortInfo, resolve_port
from kiosk.devices.toml_writer import dumps
from kiosk.devices.urls import DeviceUrlError, ScannerUrl, parse_scanner_url


def test_scanner_urls() -> None:
    u = parse_scanner_url("serial:///dev/ttyACM0?baud=9600&terminator=cr")
    assert (u.scheme, u.device, u.baud, u.terminator) == ("serial", "/dev/ttyACM0", 9600, "cr")
    u = parse_scanner_url("serial://COM5?baud=115200&terminator=crlf")
    assert (u.device, u.baud, u.terminator) == ("COM5", 115200, "crlf")
    u = parse_scanner_url("serial://usb:0c2e:0b61?serial=17012B1234")
    assert (u.device, u.vid, u.pid, u.serial_number) == ("", 0x0C2E, 0x0B61, "17012B1234")
    assert u.label == "USB 0C2E:0B61"
    u = parse_scanner_url("serial:///dev/serial/by-id/usb-X-if00?usb=0C2E:0B61&name=Quầy 1")
    assert (u.device, u.vid, u.name, u.label) == (
        "/dev/serial/by-id/usb-X-if00",
        0xC2E,
        "Quầy 1",
        "Quầy 1",
    )
    assert parse_scanner_url("sim://").scheme == "sim"


@pytest.mark.parametrize(
    "url",
    [
        "serial:///dev/ttyACM0?baud=9600",
        "serial://COM5?baud=115200&terminator=lf",
        "serial://usb:0C2E:0B61?serial=ABC",
        "serial:///dev/serial/by-id/usb-A%20B-if00?usb=0C2E:0B61&name=Qu%E1%BA%A7y",
    ],
)
def test_scanner_url_round_trip(url: str) -> None:
    u = parse_scanner_url(url)
    assert parse_scanner_url(u.to_url()) == u


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/dev/ttyACM0", "serial://"),
        ("tcp://1.2.3.4:9100", "serial://"),
        ("serial://", "no serial device"),
        ("serial:///dev/ttyACM0?baud=fast", "baud"),
        ("serial:///dev/ttyACM0?terminator=semicolon", "terminator"),
        ("serial:///dev/ttyACM0?parity=E", "unknown option parity"),
        ("serial://usb:12:34", "VID:PID"),
    ],
)
def test_bad_scanner_urls_say_why(url: str, words: str) -> None:
    with pytest.raises(DeviceUrlError, match=words):
        parse_scanner_url(url)


PORTS = [
    PortInfo("/dev/ttyACM0", "Honeywell", 0x0C2E, 0x0B61, "AAA"),
    PortInfo("/dev/ttyACM1", "Honeywell", 0x0C2E, 0x0B61, "BBB"),
    PortInfo("/dev/ttyUSB0", "CH340", 0x1A86, 0x7523, None),
]


def test_port_found_again_by_usb_id_and_serial_number(tmp_path: Path) -> None:
    def lister() -> list[PortInfo]:
        return PORTS

    by_id = parse_scanner_url("serial://usb:0C2E:0B61?serial=BBB")
    assert resolve_port(by_id, lister) == "/dev/ttyACM1"
    gone = parse_scanner_url("serial://usb:0C2E:0B61?serial=CCC")
    assert resolve_port(gone, lister) is None
    # the configured path first, while it exists; the USB id when it has gone away
    present = tmp_path / "scanner"
    present.touch()
    url = ScannerUrl("serial", str(present), vid=0x1A86, pid=0x7523)
    assert resolve_port(url, lister) == str(present)
    present.unlink()
    assert resolve_port(url, lister) == "/dev/ttyUSB0"
    assert resolve_port(ScannerUrl("serial", str(present)), lister) is None


def test_port_suggested_url_prefers_the_stable_path() -> None:
    p = PortInfo("/dev/ttyACM0", "", 0x0C2E, 0x0B61, "AAA", None, "/dev/serial/by-id/usb-H-if00")
    u = parse_scanner_url(p.suggested_url())
    assert (u.device, u.vid, u.serial_number) == ("/dev/serial/by-id/usb-H-if00", 0x0C2E, "AAA")
    assert p.as_dict()["usb_id"] == "0C2E:0B61"


def test_config_file_round_trip_keeps_other_settings(tmp_path: Path) -> None:
    assert load_config(tmp_path) == {}
    (tmp_path / "config.toml").write_text(
        'language = "vi"\ncounter = 3\n\n[printers]\nticket = "tcp://10.0.0.5:9100"\n'
        '\n[server]\nurl = "https://so.example.vn"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    devices = device_config(config)
    assert devices.printers == {"ticket": "tcp://10.0.0.5:9100"}
    assert devices.wedge.suffix == "\r" and devices.wedge.max_interval_ms == 30
    devices.printers["receipt"] = "serial:///dev/ttyUSB0?baud=115200"
    devices.printers["ticket"] = ""  # cleared in the settings screen
    devices.scanners.append(ScannerSettings("serial:///dev/ttyACM0?name=Quầy 3"))
    devices.wedge.prefix = "]Q"
    save_config(tmp_path, with_devices(config, devices))
    again = load_config(tmp_path)
    assert again["language"] == "vi" and again["counter"] == 3
    assert again["server"] == {"url": "https://so.example.vn"}
    assert again["printers"] == {"receipt": "serial:///dev/ttyUSB0?baud=115200"}
    back = device_config(again)
    assert back.scanners == [ScannerSettings("serial:///dev/ttyACM0?name=Quầy 3")]
    assert back.wedge.prefix == "]Q" and back.wedge.suffix == "\r"
    assert not list(tmp_path.glob(".config-*"))  # no temp file left behind


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("printers = 3", "printers"),
        ("[printers]\nticket = 9100", "printers.ticket"),
        ('[[scanners]]\nurl = "tcp://x"', r"scanners\[0\].url"),
        ("[[scanners]]\nenabled = true", r"scanners\[0\]"),
        ("[wedge]\nmax_interval_ms = 0", "wedge.max_interval_ms"),
        ("[wedge]\nsuffix = 13", "wedge.suffix"),
        ("[devices]\nstatus_interval = 0", "status_interval"),
    ],
)
def test_bad_settings_are_named(text: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        device_config(tomllib.loads(text))


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[printers\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_default_device_config_writes_valid_toml() -> None:
    text = dumps(with_devices({}, DeviceConfig()))
    assert device_config(tomllib.loads(text)) == DeviceConfig()


_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
)
_keys = st.text(min_size=1, max_size=12)
_tables: Any = st.recursive(
    st.dictionaries(_keys, st.one_of(_scalars, st.lists(_scalars, max_size=3)), max_size=4),
    lambda inner: st.dictionaries(
        _keys, st.one_of(_scalars, inner, st.lists(inner, min_size=1, max_size=2)), max_size=4
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(_tables)
def test_toml_writer_round_trips(data: dict[str, Any]) -> None:
    assert tomllib.loads(dumps(data)) == data
