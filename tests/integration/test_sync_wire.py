"""No input can stop a PC's sync (issue 15): a bad change is refused alone, the rest lands.

The PC here recorded changes before the wire checks existed (an older version, or a database
edited by hand): an over-long note, a NUL byte, documents that are not documents. They travel
in one batch with good ones to a real server on PostgreSQL: each bad one is refused alone with
its reason and acknowledged, the PC shows the refusals to a supervisor, and sync goes on.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from kiosk.store.db import open_store
from kiosk.store.models import Outbox
from kiosk.sync.outbox import rejected_mutations
from kiosk.sync.worker import read_status
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ServerThread, assert_drained, enroll

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def _spoil(
    pc: harness.PC, code: str, dossier: dict | None = None, event: dict | None = None
) -> None:
    with pc.store.begin() as s:
        row = s.scalars(
            select(Outbox).where(Outbox.kind == "dossier.event").order_by(Outbox.seq)
        ).all()
        target = next(r for r in row if r.payload["dossier"]["code"] == code)
        p = target.payload
        target.payload = {
            "dossier": {**p["dossier"], **(dossier or {})},
            "event": {**p["event"], **(event or {})},
        }


def test_bad_changes_in_one_batch_are_refused_alone_and_sync_goes_on(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    other = enroll(tmp_path, "b", server.url, server_db)
    codes = pc.receive(6)
    _spoil(pc, codes[1], event={"note": "Ghi chú " * 600})
    _spoil(pc, codes[2], dossier={"applicant_address": "Tổ 5\x00 phường Quang Trung"})
    _spoil(pc, codes[3], dossier={"documents": [1, "x", None]})
    _spoil(pc, codes[4], dossier={"applicant_address": "Số 1 " * 401})
    report = pc.sync()
    assert (report.pushed, report.rejected, report.pending) == (6, 4, 0)
    with pc.store.begin() as s:
        refused = {r.subject: r.error for r in rejected_mutations(s)}
    status = read_status(pc.store)  # what the supervisor's sync panel shows
    assert set(refused) == set(codes[1:5])
    assert "event.note is longer than 4000" in refused[codes[1]]
    assert "NUL byte" in refused[codes[2]]
    assert "documents[0] must be an object" in refused[codes[3]]
    assert "applicant_address is longer than 2000" in refused[codes[4]]
    assert len(status.rejected) == 4
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            on_server = set(s.scalars(text("SELECT code FROM dossier")))
            receipts = s.execute(
                text("SELECT outcome, count(*) FROM push_receipt GROUP BY outcome")
            ).all()
    finally:
        st.close()
    assert on_server == {codes[0], codes[5]}
    assert dict(receipts) == {"applied": 2, "rejected": 4}
    # The PC goes on: new work syncs, and the other PC of the office gets only good dossiers
    # (the broken documents never reach its receipt printing).
    more = pc.receive(2)
    assert pc.sync().pushed == 2
    other.sync()
    assert set(snapshot_codes(other)) == {codes[0], codes[5], *more}
    assert_drained(server_db, [pc, other])
    assert httpx.get(server.url + "/v1/health").json()["ok"]


def snapshot_codes(pc: harness.PC) -> list[str]:
    with pc.store.begin() as s:
        return list(s.scalars(text("SELECT code FROM dossier")))
