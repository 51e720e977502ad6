"""Issue 17 items 3 and 4 across PCs: an undone no-show and a ticket put back reach the other PC
through the server, and the other PC's sync tells its windows at once (queue.changed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.services.queue import CALLED, WAITING, call_next, issue_ticket, no_show
from kiosk.services.queue_signal import stamp_path
from kiosk.services.queue_undo import put_back, undo_no_show
from kiosk.store.models import Ticket
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ROOT, ServerThread, enroll
from tests.integration.test_sync_transfer import at, clerk

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def _state(store: object, label: str) -> tuple[str, int | None]:
    with store.begin() as s:  # type: ignore[attr-defined]
        t = s.scalar(select(Ticket).where(Ticket.label == label))
        assert t is not None
        return t.status, t.counter_number


def test_undo_and_put_back_reach_the_other_pc(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc1 = enroll(tmp_path, "pc1", server.url, server_db)
    pc2 = enroll(tmp_path, "pc2", server.url, server_db)
    with pc1.store.begin() as s:
        label = issue_ticket(s, "HT", at=at(0), device_id=pc1.device_id).ticket.label
        call_next(s, 1, clerk(pc1, 1), at=at(1))
        no_show(s, 1, at=at(2))
        undo_no_show(s, 1, label, clerk(pc1, 1), at=at(3))
    pc1.sync()
    pc2.sync()
    assert _state(pc2.store, label) == (CALLED, 1)
    with pc1.store.begin() as s:
        assert put_back(s, 1, at=at(4)) is not None
    pc1.sync()
    # pc2's own sync process, as `kiosk sync --once` runs it: it pulls the put-back and
    # rewrites the data folder's queue.changed, which pc2's windows watch
    home2 = tmp_path / "pc2"
    stamp = stamp_path(home2)
    before = stamp.stat().st_mtime_ns if stamp.exists() else 0
    db2 = pc2.store.engine.url.render_as_string(hide_password=False)
    pc2.store.close()
    out = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--home", str(home2), "--db", db2, "sync", "--once"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert stamp.exists() and stamp.stat().st_mtime_ns > before
    from kiosk.store.db import open_store

    st = open_store(db2)
    try:
        assert _state(st, label) == (WAITING, None)
    finally:
        st.close()
