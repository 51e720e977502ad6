"""One finding of `kiosk doctor`: what was checked, whether it is well, and how to fix it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Check:
    name: str  # e.g. "database", "printer receipt"
    ok: bool
    detail: str  # what was found, in one line
    fix: str = ""  # when not ok: what to do about it
    warning: bool = False  # ok, but the owner should know (e.g. the disk is not encrypted)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "ok": self.ok, "detail": self.detail}
        if self.fix:
            out["fix"] = self.fix
        if self.warning:
            out["warning"] = True
        return out


# An extra check from another package, found through the `kiosk.doctor` entry-point group:
# called with the data folder and the parsed config.toml, it returns its findings.
CheckHook = Callable[[Path, dict[str, Any]], Iterable[Check]]
