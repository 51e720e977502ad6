"""The app's configuration file, `config.toml` in the data folder (format: docs/devices.md).

The file is a plain dict to the rest of the app (`AppContext.config`); this module reads and
writes it and gives a typed, checked view of its device part. Saving rewrites the whole file
atomically (temp file, then rename) and keeps every setting it does not know about.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.devices.toml_writer import dumps
from kiosk.devices.urls import DeviceUrlError, parse_scanner_url
from kiosk.errors import KioskError
from kiosk.textfiles import NotUtf8Error, read_text

CONFIG_NAME = "config.toml"
PRINTER_ROLES = ("ticket", "receipt", "forms")
HEADER = "Kiosk configuration (docs/devices.md). Saved by the device settings screen."


class ConfigError(KioskError, ValueError):
    pass


@dataclass
class WedgeSettings:
    """Keyboard-wedge scanners: recognised by prefix/suffix, or by keys faster than a person."""

    enabled: bool = True
    prefix: str = ""  # e.g. "]Q" or "@@": set the same prefix in the scanner
    suffix: str = "\r"  # Enter; "" when the scanner sends none
    max_interval_ms: int = 30  # keys closer than this are a machine typing
    min_length: int = 6  # shorter bursts are a fast typist, not a scan


@dataclass
class ScannerSettings:
    url: str
    enabled: bool = True


STATUS_INTERVAL_S = 3.0


@dataclass
class DeviceConfig:
    printers: dict[str, str] = field(default_factory=dict)  # role -> printer URL
    scanners: list[ScannerSettings] = field(default_factory=list)
    wedge: WedgeSettings = field(default_factory=WedgeSettings)
    # seconds between printer status checks: a printer unplugged or switched off shows on the
    # status bar within a few seconds, before a citizen's ticket fails to print (a check is a
    # connection and one status byte: cheap for tcp, serial and usb alike)
    status_interval: float = STATUS_INTERVAL_S

    def to_dict(self) -> dict[str, Any]:
        w = self.wedge
        return {
            "printers": {role: url for role, url in self.printers.items() if url},
            "scanners": [{"url": s.url, "enabled": s.enabled} for s in self.scanners],
            "wedge": {
                "enabled": w.enabled,
                "prefix": w.prefix,
                "suffix": w.suffix,
                "max_interval_ms": w.max_interval_ms,
                "min_length": w.min_length,
            },
            "devices": {"status_interval": self.status_interval},
        }


def config_path(home: Path) -> Path:
    return Path(home) / CONFIG_NAME


def load_config(home: Path) -> dict[str, Any]:
    """The whole config file as a dict; {} when there is none yet."""
    path = config_path(home)
    try:
        return tomllib.loads(read_text(path, "configuration file", "Tệp cấu hình"))
    except FileNotFoundError:
        return {}
    except NotUtf8Error as exc:  # cp1258 from an old editor: one sentence, "save it as UTF-8"
        raise ConfigError(exc.message_en, exc.message_vi) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"the configuration file {path} is not valid TOML: {exc}",
            f"Tệp cấu hình {path} bị lỗi: {exc}",
        ) from exc


def save_config(home: Path, config: dict[str, Any]) -> Path:
    """Write the whole config atomically; returns the path."""
    path = config_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(config, HEADER)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _bad(what: str, why: str) -> ConfigError:
    return ConfigError(
        f"the configuration setting {what} is not valid: {why}",
        f"Cấu hình {what} không hợp lệ: {why}",
    )


def _int(table: dict[str, Any], key: str, default: int, low: int, high: int, where: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(f"{where}.{key}", f"expected a whole number from {low} to {high}")
    return value


def _str(table: dict[str, Any], key: str, default: str, where: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise _bad(f"{where}.{key}", "expected text in quotes")
    return value


def _table(config: dict[str, Any], key: str) -> dict[str, Any]:
    value = config.get(key, {})
    if not isinstance(value, dict):
        raise _bad(key, "expected a [table]")
    return value


def device_config(config: dict[str, Any]) -> DeviceConfig:
    """The checked device settings of a config dict; ConfigError names a bad setting."""
    printers_t = _table(config, "printers")
    printers: dict[str, str] = {}
    for role, url in printers_t.items():
        if not isinstance(url, str):
            raise _bad(f"printers.{role}", "expected a printer address in quotes")
        printers[role] = url.strip()
    raw_scanners = config.get("scanners", [])
    if not isinstance(raw_scanners, list):
        raise _bad("scanners", "expected [[scanners]] entries")
    scanners: list[ScannerSettings] = []
    for i, entry in enumerate(raw_scanners):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise _bad(f"scanners[{i}]", 'each [[scanners]] entry needs url = "..."')
        try:
            parse_scanner_url(entry["url"])
        except DeviceUrlError as exc:
            raise _bad(f"scanners[{i}].url", str(exc)) from exc
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise _bad(f"scanners[{i}].enabled", "expected true or false")
        scanners.append(ScannerSettings(entry["url"].strip(), enabled))
    w = _table(config, "wedge")
    enabled = w.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _bad("wedge.enabled", "expected true or false")
    wedge = WedgeSettings(
        enabled=enabled,
        prefix=_str(w, "prefix", "", "wedge"),
        suffix=_str(w, "suffix", "\r", "wedge"),
        max_interval_ms=_int(w, "max_interval_ms", 30, 5, 500, "wedge"),
        min_length=_int(w, "min_length", 6, 2, 200, "wedge"),
    )
    d = _table(config, "devices")
    interval = d.get("status_interval", STATUS_INTERVAL_S)
    if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 1:
        raise _bad("devices.status_interval", "expected a number of seconds, at least 1")
    return DeviceConfig(printers, scanners, wedge, float(interval))


def with_devices(config: dict[str, Any], devices: DeviceConfig) -> dict[str, Any]:
    """A copy of `config` with its device part replaced (other settings kept as they are)."""
    merged = dict(config)
    for key, value in devices.to_dict().items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            value = {**merged[key], **value}
        merged[key] = value
    merged["printers"] = {r: u for r, u in devices.printers.items() if u}
    return merged
