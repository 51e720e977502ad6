"""Dossier-number slots (issue 15, item 3): the server refuses a code outside the pushing PC's
slot, and a PC that finds a number taken skips to the next free one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from kiosk.domain.codes import SlotRange, parse_code
from kiosk.store.models import DossierSequence, Outbox
from kiosk.sync.outbox import rejected_mutations
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ServerThread, assert_drained, enroll

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def _slot(pc: harness.PC) -> SlotRange:
    with pc.store.begin() as s:
        from kiosk.services.context import slot_range

        return slot_range(s)


def test_a_code_of_another_pcs_slot_is_refused_and_that_pc_keeps_receiving(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    first_b = _slot(b).first
    assert _slot(a).first != first_b
    [good, stolen] = a.receive(2)
    agency, day, _n = parse_code(stolen)
    foreign = f"{agency}-{day:%y%m%d}-{first_b:04d}"  # the number b would give next
    with a.store.begin() as s:  # as a PC with a forged or broken slot setting would push it
        row = s.scalars(select(Outbox).where(Outbox.kind == "dossier.event")).all()[1]
        row.payload = {**row.payload, "dossier": {**row.payload["dossier"], "code": foreign}}
    report = a.sync()
    assert (report.pushed, report.rejected) == (2, 1)
    with a.store.begin() as s:
        [refusal] = rejected_mutations(s)
    assert refusal.subject == foreign and "not in this device's numbers" in refusal.error
    assert b.receive(1) == [foreign]  # b's own number is still b's
    assert b.sync().pushed == 1
    st = harness.open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            assert set(s.scalars(text("SELECT code FROM dossier"))) == {good, foreign}
    finally:
        st.close()


def test_a_pc_that_finds_its_next_number_taken_skips_it(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pc = enroll(tmp_path, "a", server.url, server_db)
    [one] = pc.receive(1)
    with pc.store.begin() as s:  # the sequence behind the dossiers (e.g. a pulled dossier)
        s.execute(update(DossierSequence).values(last=DossierSequence.last - 1))
    [two] = pc.receive(1)
    assert parse_code(two)[2] == parse_code(one)[2] + 1
    [three] = pc.receive(1)
    assert parse_code(three)[2] == parse_code(one)[2] + 2
    assert pc.sync().pushed == 3
    assert_drained(server_db, [pc])
