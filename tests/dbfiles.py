"""Copying a test database file: its key goes with it.

The PC's database is encrypted (kiosk/store/cipher.py) with a key kept in the credential store
under the file's path; a template database copied to a test's folder needs that key too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.store import cipher


def copy_database(source: str | Path, target: str | Path) -> Path:
    shutil.copyfile(source, target)
    key = cipher.stored_key(source)
    if key is not None:
        cipher.keep_key(target, key)
    return Path(target)
