"""What the counter screens read: counts on indexes, the book a page at a time, search order."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from kiosk.services.context import now
from kiosk.services.queries import count_overdue
from kiosk.store.db import Store
from kiosk.store.models import Dossier
from ui.context import AppContext
from ui.counter.book_data import Period, page, totals
from ui.counter.data import counts, load_procedures, waiting_for_department


def test_counts_agree_with_the_core(ctx: AppContext) -> None:
    store: Store = ctx.store
    with store.begin() as s:
        c = counts(s)
        assert c.overdue == count_overdue(s)
        ready = s.scalars(select(Dossier.status).where(Dossier.status == 9)).all()
        assert c.ready == len(ready)
        plan = (
            s.connection()
            .exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM dossier"
                " WHERE status IN (2,4,6) AND due_at < ?",
                (now(),),
            )
            .all()
        )
        assert "USING COVERING INDEX ix_dossier_status_due" in str(plan)  # never a table scan


def test_the_book_comes_a_page_at_a_time_without_gaps(ctx: AppContext) -> None:
    period = Period(date.today() - timedelta(days=40), date.today())
    with ctx.store.begin() as s:
        whole = page(s, period, limit=None)
        t = totals(s, period)
        assert whole.after is None and len(whole.rows) == t.dossiers > 10
        assert t.sets == sum(r.sets for r in whole.rows)
        pages, after, first = [], None, 1
        while True:
            p = page(s, period, after, first, limit=7)
            pages.extend(p.rows)
            first += len(p.rows)
            if p.after is None:
                break
            after = p.after
    assert [r.code for r in pages] == [r.code for r in whole.rows]
    assert [r.no for r in pages] == list(range(1, len(pages) + 1))
    received = [r.received_at for r in pages]
    assert received == sorted(received)


def test_procedure_search_puts_the_phrase_first(ctx: AppContext) -> None:
    from kiosk.domain.people import fold

    with ctx.store.begin() as s:
        procs = load_procedures(s)
    for typed, first in (
        ("dang ky khai sinh", "1.001193"),
        ("ĐĂNG KÝ KẾT HÔN", "1.000894"),
        ("1.004873", "1.004873"),
        ("khai tu", "1.000656"),
    ):
        phrase = fold(typed)
        found = sorted(
            (p for p in procs if p.matches(phrase.split())), key=lambda p: p.rank(phrase)
        )
        assert found and found[0].code == first, (typed, [p.name for p in found[:3]])


def test_the_department_list_holds_statuses_2_4_5_6(ctx: AppContext) -> None:
    with ctx.store.begin() as s:
        rows = waiting_for_department(s)
        expected = s.scalars(select(Dossier.code).where(Dossier.status.in_([2, 4, 5, 6]))).all()
    assert {r.code for r in rows} == set(expected)
    assert all(r.status in (2, 4, 5, 6) for r in rows)


def test_an_officer_of_a_department_sees_its_fields_only(ctx: AppContext) -> None:
    from kiosk.store.models import Agency, Department, Field

    with ctx.store.begin() as s:
        agency = s.scalars(select(Agency)).first()
        assert agency is not None
        dept = Department(agency_id=agency.id, code="TP", name="Phòng Tư pháp")
        s.add(dept)
        s.flush()
        civil = s.scalar(select(Field).where(Field.name == "Hộ tịch"))
        assert civil is not None
        civil.department_id = dept.id
        s.flush()
        mine = waiting_for_department(s, department_id=dept.id)
        everyone = waiting_for_department(s)
        assert mine and all(r.field == "Hộ tịch" for r in mine)
        assert {r.code for r in mine} == {r.code for r in everyone if r.field == "Hộ tịch"}
        by_name = waiting_for_department(s, mine[0].applicant_name, department_id=dept.id)
        assert by_name and all(r.field == "Hộ tịch" for r in by_name)


def test_search_reads_the_text_and_finds_what_the_core_finds(ctx: AppContext) -> None:
    from kiosk.services.queries import DossierFilter
    from kiosk.services.queries import search as core_search
    from ui.counter.search import search

    with ctx.store.begin() as s:
        d = s.scalars(select(Dossier).order_by(Dossier.id)).first()
        assert d is not None
        given = d.applicant_name.split()[0]
        for text in (
            d.code,
            d.code.lower() + " ",
            d.applicant_phone,
            d.applicant_id_number,
            given,
            given.upper(),
            fold_(d.applicant_name),
            "không ai có tên này",
        ):
            flt = DossierFilter(text=text)
            mine = [x.code for x in search(s, flt)]
            assert mine == [x.code for x in core_search(s, flt)], text
            if text != "không ai có tên này":
                assert d.code in mine, text
        for status in (2, 4, 9):
            flt = DossierFilter(status=status, field="Hộ tịch")
            assert [x.code for x in search(s, flt)] == [x.code for x in core_search(s, flt)]


def fold_(text: str) -> str:
    from kiosk.domain.people import fold

    return fold(text)


def test_search_asks_an_index_for_each_kind_of_text(ctx: AppContext) -> None:
    from sqlalchemy.dialects import sqlite

    from ui.counter.search import text_condition

    with ctx.store.begin() as s:
        for text, index in (
            ("000.17.22.H56-260209-0001", "sqlite_autoindex_dossier_1"),  # unique code
            ("0912 345 678", "ix_dossier_applicant_phone"),
            # words of a name, last digits: the search keys (kiosk/store/search_index.py)
            ("nguyễn văn", "sqlite_autoindex_dossier_word_1"),
            ("0003", "sqlite_autoindex_dossier_word_1"),
        ):
            stmt = select(Dossier.id).where(text_condition(text))
            sql = str(
                stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
            )
            plan = str(s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all())
            assert "SEARCH" in plan and index in plan, (text, plan)
            assert "SCAN dossier" not in plan, (text, plan)
