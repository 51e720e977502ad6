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


@pytest.mark.postgres
def test_0007_office_admin_down_and_up_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _office_admin_down_and_up(engine)
    finally:
        engine.dispose()
