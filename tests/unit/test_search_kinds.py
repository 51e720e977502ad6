"""Dossier search reads the text first (code, citizen ID, phone, start of a name) and asks only
that kind, so each kind is one index search (EXPLAIN QUERY PLAN on SQLite: no table scan)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.dialects import sqlite

from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.queries import DossierFilter, search, search_statement, text_kind
from kiosk.store.db import Store, open_store

AT = datetime(2026, 2, 9, 9, 0)
CLERK = Actor("canbo1", 1, "pc-1")
PEOPLE = (
    ("Nguyễn Văn An", "001088012345", "0912345678"),
    ("Nguyễn Văn Anh", "001088054321", "+84987654321"),
    ("Đặng Thị Hoa", "079190000001", None),
    ("Nguyễnvăn Bình", None, "0281234567"),  # no space: not "nguyen van..."
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


@pytest.mark.parametrize(
    "text,kind",
    [
        ("000.17.22.h56-260209-0001 ", "code"),
        ("001088012345", "id"),
        ("0010 8801 2345", "id"),
        ("0912 345 678", "phone"),
        ("0912.345.678", "phone"),
        ("028 1234 567", "phone"),  # 10 digits, a landline
        ("+84 987 654 321", "phone"),
        ("912345678", "suffix"),  # 9 digits without the leading 0: the last digits of one
        ("0912345", "suffix"),  # too short for a phone: the last digits of something
        ("0003", "suffix"),  # the last digits of a code, a phone or an ID number
        ("261204-0003", "suffix"),
        ("03", "short"),
        ("Trần Văn Bình", "name"),
        ("Nguyễn Văn", "name"),
        ("dang thi", "name"),
    ],
)
def test_the_text_is_read_before_the_database_is_asked(text: str, kind: str) -> None:
    assert text_kind(text)[0] == kind


def test_each_kind_finds_its_dossiers(store: Store) -> None:
    an, anh, hoa, binh = _fill(store)
    assert _found(store, an.lower()) == [an]
    assert _found(store, "001088054321") == [anh]
    assert _found(store, "0912 345 678") == [an]
    assert _found(store, "0987654321") == [anh]  # stored as +84...: both spellings are asked
    assert _found(store, "+84 912 345 678") == [an]
    assert _found(store, "nguyễn văn") == [anh, an]  # newest first; not "Nguyễnvăn Bình"
    assert _found(store, "NGUYEN VAN AN") == [anh, an]
    assert _found(store, "nguyenvan") == [binh]
    assert _found(store, "Đặng") == [hoa]
    assert _found(store, "100%") == [] and _found(store, "van_") == []  # wildcards are letters
    assert _found(store, "000.17.22.H56-260209-0099") == []
    assert _found(store, "001088012346") == []


def _plan(store: Store, text: str, **kw: Any) -> str:
    stmt = search_statement(DossierFilter(text=text), **kw)
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with store.read() as s:
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
    return " | ".join(str(r[-1]) for r in rows)


def _index_on(store: Store, column: str) -> str | None:
    for ix in inspect(store.engine).get_indexes("dossier"):
        if ix["column_names"] and ix["column_names"][0] == column:
            return str(ix["name"])
    return None


@pytest.mark.parametrize(
    "text,column",
    [
        ("000.17.22.H56-260209-0001", "code"),
        ("001088012345", "applicant_id_number"),
        ("0912 345 678", "applicant_phone"),
    ],
)
def test_each_kind_is_one_index_search(store: Store, text: str, column: str) -> None:
    _fill(store)
    if column == "code":
        index: str | None = "sqlite_autoindex_dossier_1"  # the unique constraint's index
    else:
        index = _index_on(store, column)
    if index is None:
        # The index on the citizen ID comes with migration 0003 (another change); until the
        # model has it the plan cannot be an index search. Met once models.py declares it.
        pytest.xfail(f"no index on dossier.{column} yet (migration 0003)")
    plan = _plan(store, text)
    assert f"SEARCH dossier USING INDEX {index}" in plan, plan
    assert "SCAN dossier" not in plan, plan


@pytest.mark.postgres
def test_the_same_answers_on_postgresql(pg_url: str) -> None:
    from kiosk.services.setup import init_database

    store = open_store(pg_url)
    try:
        with store.begin() as s:
            init_database(s, "000.17.22.H56")
        an, anh, hoa, binh = _fill(store)
        assert _found(store, "nguyễn văn") == [anh, an]
        assert _found(store, "nguyenvan") == [binh]
        assert _found(store, "0987654321") == [anh]
        assert _found(store, "001088012345") == [an]
        assert _found(store, an) == [an]
    finally:
        store.close()
