"""Checks of the device settings: config.toml is valid, and each configured scanner is plugged in.

Printers are checked by the `printing` package (it has the transports and the status protocol),
through the `kiosk.doctor` entry-point group: see kiosk/doctor/__init__.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.devices.config import ConfigError, config_path, device_config, load_config
from kiosk.devices.ports import resolve_port
from kiosk.devices.urls import DeviceUrlError, parse_scanner_url
from kiosk.doctor.check import Check

PLUG_FIX = (
    "plug the scanner in (set to USB-CDC/serial mode, docs/install.md); "
    "'kiosk devices list' shows the ports present and the address to use"
)
DIALOUT = "; on Linux the user must be in the 'dialout' group to open it"
CONFIG_FIX = "correct the setting in {path} (docs/devices.md), or fix it in the device settings"


def load_checked_config(home: Path) -> tuple[list[Check], dict[str, Any]]:
    """(findings about config.toml, its contents: {} when missing or invalid)."""
    path = config_path(home)
    try:
        config = load_config(home)
        device_config(config)
    except ConfigError as exc:
        return [Check("config", False, str(exc), CONFIG_FIX.format(path=path))], {}
    if not path.exists():
        return [Check("config", True, f"no {path.name} yet: default settings")], {}
    return [Check("config", True, str(path))], config


def check_scanners(config: dict[str, Any]) -> list[Check]:
    try:
        scanners = device_config(config).scanners
    except ConfigError:
        return []  # already reported by the config check
    checks: list[Check] = []
    for entry in scanners:
        try:
            url = parse_scanner_url(entry.url)
        except DeviceUrlError as exc:
            checks.append(Check("scanner", False, str(exc), "correct its url in config.toml"))
            continue
        name = f"scanner {url.label}"
        if not entry.enabled:
            checks.append(Check(name, True, "disabled in config.toml"))
        elif url.scheme == "sim":
            checks.append(Check(name, True, "simulated scanner (demo)"))
        elif (port := resolve_port(url)) is not None:
            where = "" if paths.is_windows() else f" ({port})"
            checks.append(Check(name, True, f"port present{where}"))
        else:
            checks.append(
                Check(
                    name,
                    False,
                    f"not plugged in: {entry.url}",
                    PLUG_FIX + ("" if paths.is_windows() else DIALOUT),
                )
            )
    if not checks:
        checks.append(Check("scanners", True, "none configured (keyboard-wedge scanners only)"))
    return checks
