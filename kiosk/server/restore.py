"""A server database restored from a backup: noticed at start, and the PCs resend what it lacks.

The server remembers, in `<data folder>/server-state.json`, the epoch of its database and the
highest change number it has served (written by the housekeeping loop when it moves). On
start, a database of that same epoch whose change log is behind that number is older than
what the PCs have seen: `kiosk server` refuses to start, saying so, unless told
`--restored-from-backup`. Then it gives the database a new epoch: each PC, seeing it, pulls
everything again from the start, and (kiosk.sync.engine) compares the sequence the server
says it acknowledged with its own, and sends again every change the server lacks (the outbox
keeps acknowledged changes: kiosk.sync.outbox.ACK_RETENTION).

A PC notices a restore on its own too, without this file (a whole server machine restored):
the server's acknowledged sequence for it is below its own.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.server.changes import head
from kiosk.services.context import get_setting, set_setting
from kiosk.store.db import Store

STATE_FILE = "server-state.json"
EPOCH = "server_epoch"


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(home: Path, epoch: str, seen: int) -> None:
    """Record the highest change number served (atomically: a crash leaves the old file)."""
    path = home / STATE_FILE
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # --workers: each process its own file
    tmp.write_text(json.dumps({"epoch": epoch, "head": seen}), encoding="utf-8")
    os.replace(tmp, path)


def check_at_start(store: Store, home: Path, restored: bool) -> None:
    """Refuse a database older than the one this server last served, unless `restored`;
    with `restored`, give it a new epoch so every PC re-syncs and resends."""
    path = home / STATE_FILE
    known = _read(path)
    with store.begin() as s:
        epoch = get_setting(s, EPOCH)
        now_at = head(s)
        behind = (
            epoch is not None
            and known.get("epoch") == epoch
            and isinstance(known.get("head"), int)
            and now_at < int(known["head"])  # type: ignore[call-overload]
        )
        if restored:
            epoch = uuid.uuid4().hex
            set_setting(s, EPOCH, epoch)
        elif behind:
            raise KioskError(
                f"the database is older than the one this server last served (its change log "
                f"is at {now_at}, the PCs have seen {known['head']}): was it restored from a "
                "backup? Start once with --restored-from-backup; the PCs then send again what "
                "it lacks"
            )
    if epoch is not None:
        home.mkdir(parents=True, exist_ok=True)
        remember(home, epoch, now_at)
