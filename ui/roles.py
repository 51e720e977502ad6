"""The windows of each role, imported only when that role starts (keeps start-up fast)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import AppContext

# role -> "module:function"; the function takes the AppContext and returns a top-level widget.
ROLES: dict[str, str] = {
    "counter": "ui.counter.window:create",
    "department": "ui.department.window:create",
    "dispenser": "ui.public.dispenser:create",
    "selfcheck": "ui.public.selfcheck:create",
    "display": "ui.public.display:create",
    "supervisor": "ui.supervisor.window:create",
    "admin": "ui.admin.window:create",
}
ALL_IN_ONE = ("counter", "dispenser", "selfcheck", "display")


def factory(role: str) -> Callable[[AppContext], QWidget]:
    module, _, name = ROLES[role].partition(":")
    fn: Callable[[AppContext], QWidget] = getattr(importlib.import_module(module), name)
    return fn
