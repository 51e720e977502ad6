"""Keep the screen on while a public window runs (dispenser, self-check, waiting-room display).

Default power plans turn the display off after 10-15 minutes without a key press, and a ticket
dispenser is never touched between citizens: the screen went dark and, on some PCs, the USB
printer was suspended with it. While a public role runs:

- Windows: `SetThreadExecutionState(ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED)`
  on the GUI thread (the request lives as long as that thread; cleared on exit);
- Linux: a `systemd-inhibit --what=idle:sleep` child process, which logind honours and which
  ends with the app (best effort: without systemd nothing is done, and docs/install.md says how
  to turn screen blanking off in the desktop's settings).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from typing import Any

from kiosk import paths

log = logging.getLogger(__name__)

PUBLIC_ROLES = frozenset({"dispenser", "selfcheck", "display", "all"})
ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002
WHY = "Một cửa: public screen (ticket dispenser, self-check or waiting-room display)"


def _kernel32() -> Any:  # pragma: no cover - Windows only; replaced in tests
    import ctypes

    return ctypes.windll.kernel32  # type: ignore[attr-defined]


class KeepAwake:
    """Holds the "keep the display on" request until `release()`."""

    def __init__(self) -> None:
        self.method: str | None = None
        self._child: subprocess.Popen[bytes] | None = None

    def hold(self) -> KeepAwake:
        if paths.is_windows():
            flags = ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
            if _kernel32().SetThreadExecutionState(flags):
                self.method = "SetThreadExecutionState"
            else:
                log.warning("SetThreadExecutionState refused the request")
            return self
        tool = shutil.which("systemd-inhibit")
        if tool is None:
            log.info("no systemd-inhibit: the desktop's own screen blanking settings apply")
            return self
        try:
            self._child = subprocess.Popen(
                [tool, "--what=idle:sleep", "--who=kiosk-mot-cua", f"--why={WHY}",
                 "--mode=block", "sleep", "infinity"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.method = "systemd-inhibit"
        except OSError as exc:
            log.warning("cannot start systemd-inhibit: %s", exc.strerror)
        return self

    def release(self) -> None:
        if self.method == "SetThreadExecutionState":
            _kernel32().SetThreadExecutionState(ES_CONTINUOUS)
        if self._child is not None:
            self._child.terminate()
            try:
                self._child.wait(5)
            except subprocess.TimeoutExpired:
                self._child.kill()
            self._child = None
        self.method = None


def keep_awake(role: str) -> KeepAwake | None:
    """For a public role, hold the display on (see the module's text); None for the others."""
    if role not in PUBLIC_ROLES:
        return None
    return KeepAwake().hold()
