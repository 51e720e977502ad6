"""What comes down besides dossiers: the catalog, the calendar, the queue set-up; full re-sync."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select

from kiosk.server.config import check_config
from kiosk.services.calendar_store import load_calendar
from kiosk.services.context import get_setting, set_setting
from kiosk.services.setup import add_counter, add_service
from kiosk.store.db import _alembic_config, make_engine, open_store
from kiosk.store.models import CalendarDay, Counter, Procedure, Service
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import PROCEDURE, ServerThread, assert_drained, enroll

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres


def test_an_admin_edit_on_the_server_reaches_every_pc(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    pcs = [enroll(tmp_path, name, server.url, server_db) for name in ("a", "b")]
    st = open_store(server_db, migrate=False)
    try:
        with st.begin() as s:  # what `kiosk catalog import`, `calendar import` would change
            proc = s.scalar(select(Procedure).where(Procedure.code == PROCEDURE))
            assert proc is not None
            proc.name = "Đăng ký khai sinh (bản sửa đổi)"
            proc.time_limit = 2
            s.add(CalendarDay(day=date(2026, 12, 31), kind="off", name="Nghỉ bù"))
            svc = add_service(s, "CT", "Chứng thực", "C", ["Chứng thực"])
            add_counter(s, 9, [svc])
        assert check_config(st)  # the server's minute check: three fingerprints changed
        assert not check_config(st)  # and nothing more the next time
    finally:
        st.close()
    for pc in pcs:
        assert pc.sync().pulled == 3
        with pc.store.begin() as s:
            proc = s.scalar(select(Procedure).where(Procedure.code == PROCEDURE))
            assert proc is not None and proc.name.endswith("(bản sửa đổi)")
            assert proc.time_limit == 2
            assert not load_calendar(s).is_working_day(date(2026, 12, 31))
            assert s.scalar(select(Service.prefix).where(Service.code == "CT")) == "C"
            assert s.scalar(select(Counter.name).where(Counter.number == 9)) == "Quầy số 9"
    assert_drained(server_db, pcs)


def test_a_cursor_from_another_history_means_a_full_resync(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    a.receive(5)
    a.sync()
    b.sync()
    # b's cursor is past the server's log (the server was restored from an older backup):
    # 410, then everything again from 0, applied over what b has without harm.
    with b.store.begin() as s:
        set_setting(s, "sync_cursor", "999999")
    assert b.sync().pulled >= 5 + 3
    # b's epoch names another server database: the same, from 0.
    with b.store.begin() as s:
        set_setting(s, "sync_epoch", "another-server")
        cursor = int(get_setting(s, "sync_cursor") or 0)
    assert cursor > 0 and b.sync().pulled >= 5 + 3
    with b.store.begin() as s:
        assert get_setting(s, "sync_epoch") != "another-server"
    assert_drained(server_db, [a, b])


def test_the_migration_goes_down_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    cfg = _alembic_config(engine)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "0001")
    tables = set(inspect(engine).get_table_names())
    assert "sync_change" not in tables and "device" not in tables and "dossier" in tables
    command.upgrade(cfg, "head")
    assert {"sync_change", "sync_clock", "event_ref"} <= set(inspect(engine).get_table_names())
    engine.dispose()
