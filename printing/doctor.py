"""`kiosk doctor`'s printer check: each configured printer opened and asked for its status.

Registered in pyproject.toml under the `kiosk.doctor` entry-point group; kiosk/doctor calls it
with the data folder and the parsed config.toml, and never imports this package itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.devices.config import ConfigError, device_config
from kiosk.doctor.check import Check
from printing.errors import PrinterError
from printing.escpos.status import read_status
from printing.transports import open_transport

ROLES = {"ticket": "queue tickets", "receipt": "receipt slips", "forms": "A4 forms"}

_FIX = {
    "bad_url": "correct the address in config.toml [printers] (docs/devices.md)",
    "unsupported": "use a connection this system supports (win:// works only on Windows)",
    "unreachable": "check that the printer is on and its cable or network is connected; a "
    "network printer's address is on its self-test page (hold FEED while switching on)",
    "no_answer": "check the cable, that the printer is on, and that baud= in the address is "
    "the speed on the printer's self-test page",
    "io_error": "check the baud rate and that the printer speaks ESC/POS; switch it off and on",
    "offline": "check the printer's error light; switch it off and on",
    "paper_out": "load a new paper roll",
    "cover_open": "close the printer's cover",
}


def probe(url: str, timeout: float = 2.0) -> tuple[bool, str, str]:
    """(ok, what was found, how to fix it) for the printer at `url`."""
    if url.lower().startswith("pdf://"):
        return probe_system_printer(url[len("pdf://") :].strip("/"))
    if url.lower().startswith("sim://"):
        return True, "simulated printer (demo)", ""
    try:
        with open_transport(url, timeout=timeout) as transport:
            if not transport.can_read_status:
                return True, f"{url}: opened (this connection cannot report status)", ""
            status = read_status(transport, timeout)
    except PrinterError as exc:
        return False, f"{url}: {exc.message_en}", _FIX.get(exc.kind, "")
    except OSError as exc:
        return False, f"{url}: {exc.strerror or exc}", _FIX["unreachable"]
    if status.problem is not None:
        err = PrinterError(status.problem)
        return False, f"{url}: {err.message_en}", _FIX.get(status.problem, "")
    if status.paper_near_end:
        return True, f"{url}: ready, paper nearly used up (change the roll soon)", ""
    return True, f"{url}: ready", ""


def probe_system_printer(name: str) -> tuple[bool, str, str]:
    """A4 forms: is the printer named in `pdf://NAME` installed (Windows spooler, CUPS)?"""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo  # no widgets; only for this check
    except ImportError:  # a server installation without Qt
        return True, "A4 forms go to the system's printer (not checked: no Qt here)", ""
    names = list(QPrinterInfo.availablePrinterNames())
    where = "Windows Settings > Printers" if sys.platform == "win32" else "lpstat -p"
    if not name:
        default = QPrinterInfo.defaultPrinterName()
        if default:
            return True, f"A4 forms on the system's default printer '{default}'", ""
        return True, "A4 forms on the system's default printer (none is set yet)", ""
    if any(n.casefold() == name.casefold() for n in names):
        return True, f"A4 forms on the installed printer '{name}'", ""
    known = ", ".join(f"'{n}'" for n in names) or "none"
    return (
        False,
        f"the printer '{name}' is not installed on this computer (installed: {known})",
        f"install it, or put the exact name shown by {where} in config.toml: "
        'forms = "pdf://NAME"',
    )


def check_printers(home: Path, config: dict[str, Any]) -> Iterable[Check]:
    try:
        printers = device_config(config).printers
    except ConfigError:
        return []  # the config check has said what is wrong with the file
    if not printers:
        return [Check("printers", True, "none configured (set them in the device settings)")]
    checks: list[Check] = []
    for role, url in sorted(printers.items()):
        ok, detail, fix = probe(url)
        label = f"printer {role}" + (f" ({ROLES[role]})" if role in ROLES else "")
        checks.append(Check(label, ok, detail, fix))
    return checks
