"""Where bundled resources and the user's data live, portably (Windows, Linux, frozen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "kiosk-mot-cua"


def resources_dir() -> Path:
    """The bundled `resources/` folder: beside the packages, or inside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path(name: str = "NotoSans-Regular.ttf") -> Path:
    return resource("fonts", name)


def default_home() -> Path:
    """The data folder: `$KIOSK_HOME`, else the platform's user data folder."""
    env = os.environ.get("KIOSK_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
