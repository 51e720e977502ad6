"""`kiosk doctor`: what is wrong with this installation, and how to fix it.

Each check returns `Check(name, ok, detail, fix)`. The core checks live here (database,
migrations, server connection, fonts and other resources, config and scanners, the data folder,
Qt's system libraries on Linux). Checks that need another package come through the
`kiosk.doctor` entry-point group, the same plugin mechanism as `kiosk.commands`: an entry point
names a `CheckHook`, called with the data folder and the parsed config.toml. That is how the
printers are checked (`printing.doctor:check_printers`) without `kiosk` importing `printing`
(DESIGN.md §4); on a server without the printing package the check is simply absent.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from kiosk.doctor.check import Check, CheckHook
from kiosk.doctor.devices import check_scanners, load_checked_config
from kiosk.doctor.privacy import check_database_encryption, check_privacy
from kiosk.doctor.resources import check_fonts, check_resources
from kiosk.doctor.store import (
    RESTORE_HINT,
    check_database,
    check_migrations,
    check_server,
    check_setup,
)
from kiosk.doctor.system import check_data_folder, check_qt_libraries

__all__ = ["Check", "CheckHook", "run_doctor", "extra_checks"]

HOOK_GROUP = "kiosk.doctor"


def extra_checks(home: Path, config: dict[str, Any]) -> list[Check]:
    """The checks other packages add (printers), each guarded: a broken hook is a finding."""
    found: list[Check] = []
    for ep in sorted(entry_points(group=HOOK_GROUP), key=lambda e: e.name):
        try:
            hook: CheckHook = ep.load()
            found.extend(hook(home, config))
        except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
            found.append(
                Check(ep.name, False, f"the check could not run: {exc}", "reinstall the app")
            )
    return found


def _guarded(name: str, check: Callable[[], list[Check]]) -> list[Check]:
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        return [Check(name, False, f"the check failed: {exc}", RESTORE_HINT)]


def run_doctor(
    home: Path,
    db_url: str,
    *,
    server: bool = False,
    timeout: float = 5.0,
    public: bool = False,
) -> list[Check]:
    """Every check, in the order a person would fix things. `server`: a server installation
    (database only: no devices, fonts or desktop libraries)."""
    checks = check_data_folder(home)
    if not server:  # a PC's data folder (a server's data is in PostgreSQL)
        checks += _guarded("privacy", lambda: check_privacy(home, public=public))
        checks += _guarded("database encryption", lambda: check_database_encryption(db_url))
    found, engine = check_database(db_url)
    checks += found
    if engine is not None:
        try:
            checks += _guarded("migrations", lambda: check_migrations(engine))
            if not server:
                checks += _guarded("set-up", lambda: check_setup(engine))
                checks += _guarded("server", lambda: check_server(engine, timeout=timeout))
        finally:
            engine.dispose()
    if server:
        return checks
    checks += check_fonts()
    checks += check_resources()
    config_checks, config = load_checked_config(home)
    checks += config_checks
    checks += check_scanners(config)
    checks += extra_checks(home, config)
    checks += check_qt_libraries()
    return checks
