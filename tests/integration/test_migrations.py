"""The migrations against the models, and migration 0003 down and up, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from kiosk.store.db import _alembic_config, current_revision, known_revisions, make_engine
from kiosk.store.models import Base

NEW_INDEXES = {"ix_dossier_report", "ix_dossier_applicant_id_number"}


def _diff(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def _indexes(engine: Engine) -> set[str]:
    return {ix["name"] for ix in inspect(engine).get_indexes("dossier") if ix["name"]}


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
    assert current_revision(engine) == known_revisions()[1] == "0003"
    assert _diff(engine) == []  # the migrations build exactly what the models describe
    assert NEW_INDEXES <= _indexes(engine)
    assert "ix_dossier_applicant_phone" in _indexes(engine)  # since 0001
    assert "office_roster" in inspect(engine).get_table_names()

    command.downgrade(cfg, "0002")
    assert current_revision(engine) == "0002"
    assert not NEW_INDEXES & _indexes(engine)
    assert "office_roster" not in inspect(engine).get_table_names()
    assert {"ix_dossier_applicant_phone", "ix_dossier_status_due"} <= _indexes(engine)

    command.upgrade(cfg, "head")
    assert _diff(engine) == []
    assert _triggers(engine) == triggers  # nothing was rebuilt: events stay append-only


def test_models_match_migrations_and_0003_goes_down_and_up_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        _down_and_up(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_models_match_migrations_and_0003_goes_down_and_up_on_postgres(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _down_and_up(engine)
    finally:
        engine.dispose()
