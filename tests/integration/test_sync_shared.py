"""The catalog and the holiday calendar changed from an enrolled PC (issue 14, item 2): on a
server of several offices, applied by the server with an admin of all offices signed in to it,
then on every PC of every office; refused when the account may not change what every office
shares; a bad catalog refused alone, the sync going on.
A real server on PostgreSQL (two offices) and three PCs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.catalog import bundled_catalog_path
from kiosk.domain.people import InputError
from kiosk.errors import KioskError
from kiosk.server.config import check_config
from kiosk.services import admin_queue, admin_staff
from kiosk.services import admin_sync as sync
from kiosk.services.calendar_store import load_calendar
from kiosk.store.db import open_store
from kiosk.store.models import Procedure
from kiosk.sync.outbox import rejected_mutations
from kiosk.sync.shared_admin import needs_proof, submit_shared
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import OFFICE_B, PC, ServerThread, enroll, record_unchecked

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

NEW = "LOCAL.TEST.01"
WITHDRAWN = "1.001193"  # a procedure of the bundled catalog


def new_catalog() -> dict[str, Any]:
    """The bundled catalog with one procedure more and one renamed: the province's new file."""
    data = json.loads(bundled_catalog_path().read_text(encoding="utf-8"))
    data["version"] = "2027.01.05"
    extra = json.loads(json.dumps(data["procedures"][0]))
    extra.update(code=NEW, name="Thủ tục thử nghiệm của tỉnh")
    extra.pop("approval", None)
    data["procedures"].append(extra)
    return data


def procedure(pc: PC, code: str) -> tuple[str, bool] | None:
    with pc.store.begin() as s:
        p = s.scalar(select(Procedure).where(Procedure.code == code))
        return None if p is None else (p.name, p.active)


def day_off(pc: PC, day: date) -> bool:
    with pc.store.begin() as s:
        return not load_calendar(s).is_working_day(day)


def test_the_catalog_and_calendar_from_a_pc_wait_for_the_server_then_reach_every_pc(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a, b = (enroll(tmp_path, name, server.url, server_db) for name in ("a", "b"))
    c = enroll(tmp_path, "c", server.url, server_db, office=OFFICE_B)
    pcs = (a, b, c)
    st = open_store(server_db, migrate=False)
    try:  # the province's admin (all offices) and office A's own admin, made on the server
        with st.begin() as s:
            admin_staff.add_staff(
                s, "quantri_tinh", "Phạm Quốc Bảo", "admin", "matkhau-9", all_offices=True
            )
            admin_staff.add_staff(
                s, "quantri_a", "Lê Văn An", "admin", "matkhau-9", office=harness.OFFICE_A
            )
        check_config(st)
    finally:
        st.close()
    for pc in pcs:
        pc.sync()
    catalog = {"catalog": new_catalog(), "withdraw_missing": False}
    with a.store.begin() as s:  # the server said it has two offices (office:<agency>)
        assert needs_proof(s)

    # Office A's own admin may not change what office B uses too: the server refuses it.
    with a.store.begin() as s, pytest.raises(KioskError, match="only an active admin of all"):
        submit_shared(s, sync.CATALOG_IMPORT, catalog, "quantri_a", "matkhau-9")
    with a.store.begin() as s:
        assert sync.pending_changes(s) == []  # nothing recorded
    assert procedure(a, NEW) is None

    # The admin of all offices, signed in to the server: applied there at once, then on every
    # PC of both offices; nothing ever waits in PC a's outbox.
    with a.store.begin() as s:
        out = submit_shared(s, sync.CATALOG_IMPORT, catalog, "quantri_tinh", "matkhau-9")
        assert out.done is True and [x for x, _ in out.result.added] == [NEW]
        submit_shared(s, sync.PROCEDURE_SET, {"code": WITHDRAWN, "active": False},
                      "quantri_tinh", "matkhau-9")  # fmt: skip
        cal = load_calendar(s).to_dict()
        cal["days_off"].append({"date": "2027-09-03", "name": "Nghỉ bù Quốc khánh (thử)"})
        submit_shared(s, sync.CALENDAR_IMPORT, {"calendar": cal}, "quantri_tinh", "matkhau-9")
        assert sync.pending_changes(s) == []
    assert a.sync().rejected == 0
    for pc in (b, c):
        pc.sync()
    for pc in pcs:
        assert procedure(pc, NEW) == ("Thủ tục thử nghiệm của tỉnh", True), pc.name
        assert procedure(pc, WITHDRAWN)[1] is False  # type: ignore[index]
        assert day_off(pc, date(2027, 9, 3)), pc.name
        with pc.store.begin() as s:
            assert sync.pending_changes(s) == []
    # The next pull of the server's catalog keeps it (it is the server's now).
    a.sync()
    assert procedure(a, NEW) == ("Thủ tục thử nghiệm của tỉnh", True)


def test_a_bad_catalog_is_refused_alone_and_the_sync_goes_on(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    bad = new_catalog()
    bad["procedures"][0]["time_limit"]["value"] = "abc"
    # On the PC the same check refuses it before anything is recorded.
    with a.store.begin() as s, pytest.raises(InputError, match="catalog is not valid"):
        sync.record(s, sync.CATALOG_IMPORT, {"catalog": bad})
    with a.store.begin() as s:  # as an older PC would have recorded it
        record_unchecked(s, sync.CATALOG_IMPORT, {"catalog": bad, "by": "x"})
        record_unchecked(s, sync.CALENDAR_IMPORT, {"calendar": {"format": "nope"}})
        sync.submit(s, sync.COUNTER_SET, {"action": "add", "number": 7, "services": ["HT"]})
    report = a.sync()
    assert report.rejected == 2
    with a.store.begin() as s:
        errors = sorted(r.error for r in rejected_mutations(s))
        assert "the catalog is not valid: procedure #1" in errors[1], errors
        assert "time_limit.value" in errors[1] and "calendar is not valid" in errors[0]
        assert 7 in [x["number"] for x in admin_queue.list_counters(s)]  # applied after them
        assert sync.pending_changes(s) == []


def test_the_command_line_on_an_enrolled_pc_signs_the_admin_in_to_the_server(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    from tests.integration.test_cli_admin import run

    a = enroll(tmp_path, "a", server.url, server_db)
    db = str(a.store.engine.url)
    path = tmp_path / "danh-muc.json"
    path.write_text(json.dumps(new_catalog(), ensure_ascii=False), encoding="utf-8")
    home, args = tmp_path / "home", ("catalog", "import", str(path))
    # a server of two offices: without an admin of all offices signed in, nothing is recorded
    no = run(home, db, *args, ok=False)
    assert no.returncode == 1 and "an admin of all offices must sign in" in no.stderr
    assert no.stderr.count("\n") == 1
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:
            admin_staff.add_staff(
                s, "quantri_tinh", "Phạm Quốc Bảo", "admin", "matkhau-9", all_offices=True
            )
        check_config(st)
    finally:
        st.close()
    args = (*args, "--as", "quantri_tinh", "--password-stdin")
    bad = run(home, db, *args, stdin="sai-mat-khau\n", ok=False)
    assert bad.returncode == 1 and bad.stderr.startswith(
        "kiosk: The server refused the sign-in of quantri_tinh"
    ), bad.stderr
    assert "sai-mat-khau" not in bad.stderr + bad.stdout
    out = json.loads(run(home, db, *args, "--json", stdin="matkhau-9\n").stdout)
    assert out["applied"] is True and out["pending"] is False and out["added"][0]["code"] == NEW
    with a.store.begin() as s:
        assert sync.pending_changes(s) == []
    # the command pulled at once: this PC has the server's catalog before any sync
    assert procedure(a, NEW) == ("Thủ tục thử nghiệm của tỉnh", True)
    assert a.sync().rejected == 0
    cal = tmp_path / "lich.json"
    with a.store.begin() as s:
        data = load_calendar(s).to_dict()
    cal.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cargs = ("calendar", "import", str(cal), "--as", "quantri_tinh", "--password-stdin", "--json")
    out = json.loads(run(home, db, *cargs, stdin="matkhau-9\n").stdout)
    assert out["applied"] is True and out["days"] == len(data["days_off"]) + len(
        data["makeup_working_days"]
    )
