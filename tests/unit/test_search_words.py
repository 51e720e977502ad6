"""Issue 17 item 9: a dossier is found by any word of its name (accents and case ignored), by
the last digits of its code, phone or ID number; by index (EXPLAIN), kept up to date on every
write path (reception, change of name, the bulk demo data, a sync pull, migration 0010)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kiosk.domain.people import fold
from kiosk.services.context import Actor
from kiosk.services.demo import bulk_dossiers
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.queries import DossierFilter, search, search_statement
from kiosk.store.db import Store, open_store
from kiosk.store.models import Dossier, DossierWord
from kiosk.store.search_index import reindex, reindex_all

AT = datetime(2026, 12, 4, 9, 0)
CLERK = Actor("canbo1", 1, "pc-1")
PEOPLE = (
    ("Trần Văn Bình", "001088012345", "0912340003"),
    ("Lê Thị Bình", "079190000777", None),
    ("Nguyễn Văn An", None, "+84987650042"),
)


def _fill(store: Store) -> list[str]:
    with store.begin() as s:
        return [
            receive_dossier(s, Intake("1.001570", Applicant(name, cid, phone)), CLERK, at=AT).code
            for name, cid, phone in PEOPLE
        ]


def _found(store: Store, text: str) -> list[str]:
    with store.read() as s:
        return [d.code for d in search(s, DossierFilter(text=text))]


def _check_answers(store: Store) -> None:
    tvb, ltb, nva = _fill(store)
    for text in ("binh", "Bình", "BÌNH"):
        assert _found(store, text) == [ltb, tvb], text
    assert _found(store, "van binh") == [tvb]
    assert _found(store, "Bình Văn") == [tvb]  # any order
    assert _found(store, "tran") == [tvb]
    assert _found(store, "Trần Văn B") == [tvb]  # the start of the name, as before
    assert _found(store, "van") == [nva, tvb]
    assert _found(store, "thi binh an") == []
    assert _found(store, "bin") == []  # a word is a whole word
    # the last digits of a code: 0001..0003 of today
    assert _found(store, tvb[-4:]) == [tvb]
    assert _found(store, tvb[-11:]) == [tvb]  # "261204-0001"
    assert _found(store, tvb[-15:]) == [tvb]  # "H56-261204-0001"
    assert _found(store, "0003") == [nva, tvb]  # nva's code ends in 0003, tvb's phone too
    assert _found(store, "0042") == [nva]  # a phone stored as +84...
    assert _found(store, "50042") == [nva]
    assert _found(store, "0777") == [ltb]  # an ID number
    assert _found(store, "000 777") == [ltb]
    assert _found(store, "03") == []  # too short to ask


def test_words_and_last_digits_sqlite(store: Store) -> None:
    _check_answers(store)


@pytest.mark.postgres
def test_words_and_last_digits_postgresql(pg_url: str) -> None:
    from kiosk.services.setup import init_database

    store = open_store(pg_url)
    try:
        with store.begin() as s:
            init_database(s, "000.17.22.H56")
        _check_answers(store)
        for text, kw in (
            ("binh", {"primary": "binh"}),
            ("van binh", {"primary": "binh"}),
            ("0003", {}),
        ):
            plan = _pg_plan(store, text, **kw)
            assert "dossier_word" in plan and "Seq Scan on dossier_word" not in plan, plan
            assert "Seq Scan on dossier " not in plan + " ", plan
    finally:
        store.close()


def _pg_plan(store: Store, text: str, **kw: Any) -> str:
    stmt = search_statement(DossierFilter(text=text), **kw)
    sql = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    with store.read() as s:
        s.execute(select(1))
        s.connection().exec_driver_sql("SET enable_seqscan = off")  # a tiny table: ask the plan
        rows = s.connection().exec_driver_sql("EXPLAIN " + sql).all()
    return "\n".join(str(r[0]) for r in rows)


def _plan(store: Store, text: str, **kw: Any) -> str:
    stmt = search_statement(DossierFilter(text=text), **kw)
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with store.read() as s:
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
    return " | ".join(str(r[-1]) for r in rows)


@pytest.mark.parametrize(
    "text,kw",
    [("binh", {}), ("van binh", {"primary": "binh"}), ("0003", {}), ("261204-0003", {})],
)
def test_sqlite_plans_are_index_searches(store: Store, text: str, kw: dict[str, Any]) -> None:
    _fill(store)
    plan = _plan(store, text, **kw)
    assert "sqlite_autoindex_dossier_word_1" in plan, plan
    assert "SCAN dossier" not in plan, plan  # neither the dossiers nor their keys are read all
    if " " in text or text.isalpha():  # a word: its keys in order, no sort, stops at the limit
        assert "TEMP B-TREE" not in plan, plan


def test_keys_follow_a_change_of_name_and_phone(store: Store) -> None:
    tvb, _ltb, _nva = _fill(store)
    with store.begin() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == tvb))
        assert d is not None
        d.applicant_name, d.applicant_name_key = "Trần Văn Bính", fold("Trần Văn Bính")
        d.applicant_phone = "0912349999"
    assert tvb not in _found(store, "0003") and _found(store, "9999") == [tvb]
    assert _found(store, "van binh") == [tvb]  # "Bính" folds to "binh" too


def test_direct_writes_reindex_and_the_full_rebuild(store: Store) -> None:
    tvb, _ltb, _nva = _fill(store)
    with store.begin() as s:  # a write around the ORM (as the sync pull does), then reindex
        s.execute(update(Dossier).where(Dossier.code == tvb).values(applicant_name_key="ngo hoa"))
        id_ = s.scalar(select(Dossier.id).where(Dossier.code == tvb))
        assert id_ is not None
        reindex(s, [id_])
    assert _found(store, "hoa ngo") == [tvb]
    with store.begin() as s:
        s.execute(delete(DossierWord))
        assert reindex_all(s, batch=2) > 0  # what migration 0010 does for an existing database
    assert _found(store, "hoa ngo") == [tvb] and _found(store, tvb[-4:]) == [tvb]


def test_the_bulk_demo_data_has_its_keys(store: Store) -> None:
    with store.begin() as s:
        assert bulk_dossiers(s, 300, days=30) == 300
    with store.read() as s:
        d = s.scalars(select(Dossier).order_by(Dossier.id.desc()).limit(1)).one()
        word = d.applicant_name_key.split()[-1]
        code, phone = d.code, d.applicant_phone
    assert code in _found(store, word)
    assert code in _found(store, code[-11:])
    if phone:
        assert code in _found(store, phone[-6:])


def test_migration_0010_builds_the_keys_of_an_existing_database(store: Store) -> None:
    from alembic import command

    from kiosk.store.db import _alembic_config

    tvb, _ltb, _nva = _fill(store)
    cfg = _alembic_config(store.engine)
    command.downgrade(cfg, "0011")  # as a database made before this revision
    command.upgrade(cfg, "head")
    assert _found(store, "van binh") == [tvb] and _found(store, tvb[-4:]) == [tvb]
