"""The frozen app's entry point: the same `kiosk` command line as the installed package."""

from __future__ import annotations

import os
import sys

# The windowed Windows executable (kiosk-app.exe) has no console: Python leaves stdout and
# stderr as None there, and a message written to them must not end the app.
_WINDOWED = sys.stderr is None
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

import kiosk.cli.common  # noqa: E402
from kiosk.cli import main  # noqa: E402

# No console: a start that fails before its first window says why in a message box.
kiosk.cli.common.WINDOWED = _WINDOWED

if __name__ == "__main__":
    sys.exit(main())
