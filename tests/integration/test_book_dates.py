"""The tracking book on screen and on paper give the same hand-over dates (issue 13).

The counter window's book (ui/counter/book_data.py) and the printed Mẫu 07 (``kiosk print
book``, printing.jobs.render_book, and the counter's own print) read their lines from
kiosk.services.book: the dates a dossier went to its unit and came back are the recorded
hand-overs, not the status changes that followed them. On SQLite and PostgreSQL; the PDFs are
read back with pdftotext.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier, receive_dossier
from kiosk.services.handover import ONE_STOP, Party, record_handover
from kiosk.store.db import Store, open_store
from printing.forms import render_tracking_book
from printing.jobs import agency_header, render_book
from tests.integration.test_records import CLERK, ROUTE, UNIT, intake, pdf_text, setup_office
from ui.counter.book_data import Period, book_rows, page, printed_lines

TO_UNIT = datetime(2026, 2, 11, 10, 0)  # handed to the unit two days after reception
TAKEN = datetime(2026, 2, 12, 8, 30)  # the unit's officer marks it taken the next day
BACK = datetime(2026, 2, 17, 15, 0)  # the unit hands the result to the counter
READY = datetime(2026, 2, 18, 9, 0)  # and the status "result ready" is set a day later


@pytest.fixture(params=["sqlite", "postgres"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        f"sqlite:///{tmp_path / 'a.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    st = open_store(url)
    setup_office(st)
    yield st
    st.close()


def dates_in(text: str) -> set[str]:
    return set(re.findall(r"\d\d/\d\d/2026", text))


def test_the_screen_and_the_printed_book_show_the_recorded_hand_overs(
    office: Store, tmp_path: Path
) -> None:
    dept = Actor("chuyenvien")
    with office.begin() as s:
        code = receive_dossier(s, intake(proc=ROUTE), CLERK, at=datetime(2026, 2, 9, 9)).code
        record_handover(
            s, code, Party(ONE_STOP, "Lê Thị Thu Hà"), Party(UNIT, "Phạm Văn Chuyên"), CLERK,
            TO_UNIT,
        )  # fmt: skip
        advance_dossier(s, code, Status.IN_PROCESS, dept, TAKEN)
        record_handover(
            s, code, Party(UNIT, "Phạm Văn Chuyên"), Party(ONE_STOP, "Lê Thị Thu Hà"), dept, BACK
        )
        advance_dossier(s, code, Status.READY, dept, READY)
    period = Period(date(2026, 2, 1), date(2026, 2, 28))
    with office.begin() as s:
        screen = page(s, period).rows  # what the counter window shows
        printed, books = printed_lines(s, period)
        cli = pdf_text(render_book(s, period.start, period.end), tmp_path, "cli")
        counter = pdf_text(
            render_tracking_book(  # what ui/counter/book.py prints (printouts.print_book)
                agency_header(s), book_rows(printed), period.start, period.end, books=books
            ),
            tmp_path,
            "counter",
        )
    [line] = screen
    assert line.code == code
    assert (line.transferred_at, line.result_back_at) == (TO_UNIT, BACK)
    assert [(x.transferred_at, x.result_back_at) for x in printed] == [(TO_UNIT, BACK)]
    assert books == ["01/2026"]
    for text in (cli, counter):  # both prints: the hand-overs, never the status changes
        days = dates_in(text)
        assert {"09/02/2026", "11/02/2026", "17/02/2026"} <= days, days
        assert not {"12/02/2026", "18/02/2026"} & days, days
        assert "10:00" in text and "15:00" in text
    assert cli == counter  # the command line and the counter window print the same book


def test_without_recorded_hand_overs_the_status_changes_date_them(office: Store) -> None:
    dept = Actor("chuyenvien")
    with office.begin() as s:
        code = receive_dossier(s, intake(proc=ROUTE), CLERK, at=datetime(2026, 2, 9, 9)).code
        advance_dossier(s, code, Status.IN_PROCESS, dept, TAKEN)
        advance_dossier(s, code, Status.READY, dept, READY)
        [line] = page(s, Period(date(2026, 2, 9), date(2026, 2, 9))).rows
    assert (line.transferred_at, line.result_back_at) == (TAKEN, READY)
