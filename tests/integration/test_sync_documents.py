"""Issued documents and book numbers travel (issue 13): a receipt issued on one PC of the office is
on the server and on the other PCs after a sync, and any of them reprints the same paper; two
PCs receiving offline in the same minute keep different book lines, on the server too."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.services.dossiers import get_dossier
from kiosk.store.db import open_store
from kiosk.store.models import Dossier, IssuedDocument
from printing.records import issue
from tests.integration import test_sync_harness as harness
from tests.integration.test_records import pdf_text
from tests.integration.test_sync_harness import ServerThread, enroll

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

MINUTE = datetime(2026, 3, 2, 9, 30)


def test_documents_and_book_numbers_reach_the_server_and_the_other_pc(
    server: ServerThread, server_db: str, tmp_path: Path
) -> None:
    a = enroll(tmp_path, "a", server.url, server_db)
    b = enroll(tmp_path, "b", server.url, server_db)
    (code_a,) = a.receive(1, at=MINUTE)  # the same minute, both offline
    (code_b,) = b.receive(1, at=MINUTE)
    with a.store.begin() as s:
        first = issue(s, "receipt", get_dossier(s, code_a), today=date(2026, 3, 2))
        book_a = (
            first.document.data["dossier"]["book_no"],
            first.document.data["dossier"]["line_no"],
        )
    with b.store.begin() as s:
        d = get_dossier(s, code_b)
        book_b = (d.book_no, d.book_line)
    assert book_a != book_b and book_a[1] == book_b[1] == 1  # each PC's own book
    assert a.sync().problems == [] and b.sync().problems == [] and a.sync().problems == []

    srv = open_store(server_db, migrate=False)
    try:
        with srv.begin() as s:
            rows = {d.code: (d.book_no, d.book_line) for d in s.scalars(select(Dossier))}
            assert rows[code_a] == book_a and rows[code_b] == book_b
            docs = s.scalars(select(IssuedDocument)).all()
            assert [(x.uid, x.kind, x.sha256) for x in docs] == [
                (first.document.uid, "receipt", first.document.sha256)
            ]
    finally:
        srv.close()

    with b.store.begin() as s:  # PC b reprints the receipt PC a issued: the same paper
        d = get_dossier(s, code_a)
        assert (d.book_no, d.book_line) == book_a
        again = issue(s, "receipt", d, today=date(2026, 3, 5))
        assert again.reprint and again.document.uid == first.document.uid
    original = pdf_text(first.pdf, tmp_path, "a")
    reprint = pdf_text(again.pdf, tmp_path, "b")
    mark = "Bản in lại ngày 05/03/2026"
    kept = "\n".join(line for line in reprint.splitlines() if mark not in line)
    assert " ".join(kept.split()) == " ".join(original.split())
