"""The migrations against the models, and migrations 0003 and 0004 down and up, on SQLite and
PostgreSQL (with rows in the tables they change)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from kiosk.store.db import _alembic_config, current_revision, known_revisions, make_engine
from kiosk.store.models import Base

NEW_INDEXES = {"ix_dossier_report", "ix_dossier_applicant_id_number"}
RATING_COLUMNS = {"agency_code", "device_id", "mutation_id"}  # 0004


def _diff(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def _indexes(engine: Engine) -> set[str]:
    return {ix["name"] for ix in inspect(engine).get_indexes("dossier") if ix["name"]}


def _rating_columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("rating")}


def _ratings(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, level, clerk FROM rating"))]


def _triggers(engine: Engine) -> set[str]:
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    )
    with engine.connect() as conn:
        return {str(n) for n in conn.execute(text(sql)).scalars()}


def _down_and_up(engine: Engine) -> None:
    cfg = _alembic_config(engine)
    command.upgrade(cfg, "head")
    triggers = _triggers(engine)
    assert triggers
    head = current_revision(engine)  # later revisions come down to 0003 and go up again too
    assert head == known_revisions()[1]
    assert _diff(engine) == []  # the migrations build exactly what the models describe
    assert NEW_INDEXES <= _indexes(engine)
    assert "ix_dossier_applicant_phone" in _indexes(engine)  # since 0001
    assert "office_roster" in inspect(engine).get_table_names()
    assert RATING_COLUMNS <= _rating_columns(engine)
    with engine.begin() as conn:  # a rating from a PC, and one of the PC's own
        conn.execute(
            text(
                "INSERT INTO rating (at, level, clerk, agency_code, device_id, mutation_id) "
                "VALUES ('2026-03-02 09:00:00', 5, 'canbo1', 'A', 'pc1', 'm-1'), "
                "('2026-03-02 10:00:00', 2, 'canbo2', NULL, NULL, NULL)"
            )
        )
    ratings = _ratings(engine)

    command.downgrade(cfg, "0003")
    assert current_revision(engine) == "0003"
    assert not RATING_COLUMNS & _rating_columns(engine)
    assert "ix_rating_agency_at" not in {ix["name"] for ix in inspect(engine).get_indexes("rating")}
    assert _ratings(engine) == ratings  # the table was rebuilt on SQLite: nothing lost

    command.downgrade(cfg, "0002")
    assert current_revision(engine) == "0002"
    assert not NEW_INDEXES & _indexes(engine)
    assert "office_roster" not in inspect(engine).get_table_names()
    assert {"ix_dossier_applicant_phone", "ix_dossier_status_due"} <= _indexes(engine)

    command.upgrade(cfg, "head")
    assert current_revision(engine) == head
    assert _diff(engine) == []
    assert _triggers(engine) == triggers  # nothing was rebuilt: events stay append-only
    assert _ratings(engine) == ratings
    with engine.begin() as conn:  # 0004 again: the mutation id is unique once more
        conn.execute(text("UPDATE rating SET mutation_id = 'm-1' WHERE clerk = 'canbo1'"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE rating SET mutation_id = 'm-1' WHERE clerk = 'canbo2'"))


def test_models_match_migrations_and_0003_0004_go_down_and_up_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        _down_and_up(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_models_match_migrations_and_0003_0004_go_down_and_up_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _down_and_up(engine)
    finally:
        engine.dispose()


def _office_admin_down_and_up(engine: Engine) -> None:
    """0007: staff get the office, counters and services keep their rows going down and up."""
    cfg = _alembic_config(engine)
    command.upgrade(cfg, "0004")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO agency (id, code, name) VALUES (1, 'A', 'Agency')"))
        conn.execute(text("INSERT INTO office (id, agency_id, name) VALUES (1, 1, 'Office')"))
        conn.execute(
            text(
                "INSERT INTO staff (username, full_name, role, password_hash, active) "
                "VALUES ('canbo1', 'Lan', 'clerk', 'x', :t)"
            ),
            {"t": True},
        )
        conn.execute(text("INSERT INTO counter (office_id, number, name) VALUES (1, 1, 'Q1')"))
    command.upgrade(cfg, "head")
    assert _diff(engine) == []
    with engine.connect() as conn:
        row = conn.execute(text("SELECT office_id, all_offices FROM staff")).one()
        assert (row[0], bool(row[1])) == (1, False)
        assert bool(conn.execute(text("SELECT active FROM counter")).scalar_one())
    command.downgrade(cfg, "0004")
    assert "procedure_fee" not in inspect(engine).get_table_names()
    assert "office_id" not in {c["name"] for c in inspect(engine).get_columns("staff")}
    command.upgrade(cfg, "head")
    assert _diff(engine) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT username FROM staff")).scalars().all() == ["canbo1"]


def test_0007_office_admin_down_and_up_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        _office_admin_down_and_up(engine)
    finally:
        engine.dispose()


def _dossier_0004(engine: Engine) -> None:
    """At revision 0004: one dossier apologised for (due moved 9/3 -> 16/3) and waiting for
    payment since 5/3, with its events."""
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO agency (id, code, name) VALUES (1, 'A', 'A')"))
        conn.execute(text("INSERT INTO field (id, name) VALUES (1, 'Hộ tịch')"))
        conn.execute(
            text(
                "INSERT INTO procedure (id, code, name, search_key, field_id, level, agency, "
                "time_limit, time_unit, time_text, fee_text, result, result_places, sample, "
                "active, legal_basis) VALUES (1, 'P', 'P', 'p', 1, '', '', 5, 'days', '', '', "
                "'', '[]', false, true, '[]')"
            )
        )
        columns = (
            "id, code, procedure_id, agency_code, applicant_name, applicant_name_key, documents, "
            "sets, channel, result_place, created_at, received_at, due_at, original_due_at, "
            "status, form_set"
        )
        values = (
            "1, 'A-260302-0001', 1, 'A', 'An', 'an', '[]', 1, 'direct', '', "
            "'2026-03-02 09:00:00', '2026-03-02 09:00:00', '2026-03-16 09:00:00', "
            "'2026-03-09 09:00:00', 6, 'TT03/2025'"
        )
        conn.execute(text(f"INSERT INTO dossier ({columns}) VALUES ({values})"))
        for at, kind, to, data in (
            ("2026-03-02 09:00:00", "status", 2, None),
            ("2026-03-04 09:00:00", "apology", 2,
             '{"old_due_at": "2026-03-09T09:00:00", "new_due_at": "2026-03-16T09:00:00"}'),
            ("2026-03-05 09:00:00", "status", 6, None),
        ):  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO dossier_event (dossier_id, at, actor, kind, to_status, data) "
                    "VALUES (1, :at, 'x', :kind, :to, :data)"
                ),
                {"at": at, "kind": kind, "to": to, "data": data},
            )


def _migrate_0006(engine: Engine) -> None:
    cfg = _alembic_config(engine)
    command.upgrade(cfg, "0004")
    _dossier_0004(engine)
    triggers = _triggers(engine)
    command.upgrade(cfg, "head")
    assert _diff(engine) == []
    assert triggers <= _triggers(engine)  # kept (0005 adds issued_document's)
    sql = "SELECT due_at, new_due_at, paused_at, recorded_at, changed_at FROM dossier"
    with engine.connect() as conn:
        row = [str(v)[:16] for v in conn.execute(text(sql)).one()]
        assert row == ["2026-03-09 09:00", "2026-03-16 09:00", "2026-03-05 09:00",
                       "2026-03-02 09:00", "2026-03-05 09:00"]  # fmt: skip
        assert conn.execute(text("SELECT count(*) FROM dossier_event WHERE recorded_at IS NULL"))
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE dossier_event SET recorded_at = at"))
    from alembic.script import ScriptDirectory

    before = ScriptDirectory.from_config(cfg).get_revision("0006").down_revision
    command.downgrade(cfg, str(before))  # 0006 and whatever came after it
    assert _triggers(engine) == triggers  # no table rebuilt: still append-only
    with engine.connect() as conn:
        assert str(conn.execute(text("SELECT due_at FROM dossier")).scalar())[:16] == (
            "2026-03-16 09:00"
        )
    command.upgrade(cfg, "head")
    assert _diff(engine) == []


def test_0006_keeps_the_judged_appointment_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        _migrate_0006(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_0007_office_admin_down_and_up_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _office_admin_down_and_up(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_0006_keeps_the_judged_appointment_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _migrate_0006(engine)
    finally:
        engine.dispose()
