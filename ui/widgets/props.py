"""Reading a dynamic property without tripping a PySide bug.

PySide6 6.12 returns Python's None from `QObject.property(name)` for a property that was never
set without taking a reference to it: every such call costs None one reference, and after
enough of them Python aborts ("Fatal Python error: none_dealloc"), at exit or after hours of a
public screen re-styling its widgets. Ask only for properties that exist.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject


def get_prop(obj: QObject, name: str, default: Any = None) -> Any:
    if name.encode() not in [bytes(n.data()) for n in obj.dynamicPropertyNames()]:
        return default
    return obj.property(name)
