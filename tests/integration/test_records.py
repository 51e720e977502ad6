"""Records that hold (issue 13): issued documents, the tracking book, the control sheet.

Hand-built dossiers on SQLite and on PostgreSQL (the suite's real cluster). PDFs are read back
with pdftotext.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from kiosk.domain.status import Status
from kiosk.services.admin_office import add_department
from kiosk.services.admin_staff import add_staff
from kiosk.services.context import PLACE_SETTING, Actor, set_setting
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    apologise,
    get_dossier,
    receive_dossier,
    request_supplement,
    resume_dossier,
    return_result,
)
from kiosk.services.handover import ONE_STOP, Party, control_rows, record_handover
from kiosk.services.setup import init_database
from kiosk.store.db import Store, open_store
from kiosk.store.models import Field, IssuedDocument, Outbox, Procedure
from printing.jobs import render_book
from printing.records import issue

AGENCY = "000.17.22.H56"
BIRTH = "1.001570"  # 1 working day
ROUTE = "1.010824"  # 19 days: UBND cấp xã 7, Sở Nội vụ 12
MON_9_FEB = datetime(2026, 2, 9, 9, 0)
CLERK = Actor("canbo1", 1, "pc-a")
UNIT = "Phòng Văn hóa – Xã hội"


def pdf_text(data: bytes, tmp: Path, name: str) -> str:
    path = tmp / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode())


def setup_office(st: Store, slot: int = 0, slots: int = 1) -> None:
    with st.begin() as s:
        init_database(s, AGENCY, "UBND phường Quang Trung")
        set_setting(s, PLACE_SETTING, "Thanh Hóa")
        set_setting(s, "code_slot", str(slot))
        set_setting(s, "code_slots", str(slots))
        add_staff(s, "canbo1", "Lê Thị Thu Hà", "clerk", "secret1")
        fields = []
        for code in (BIRTH, ROUTE):
            proc = s.scalar(select(Procedure).where(Procedure.code == code))
            assert proc is not None
            field = s.get(Field, proc.field_id)
            assert field is not None
            fields.append(field.name)
        add_department(s, "VHXH", UNIT, fields=fields)
        add_staff(s, "chuyenvien", "Phạm Văn Chuyên", "department", "secret1", department="VHXH")


@pytest.fixture(params=["sqlite", "postgres"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    st = open_store(url)
    setup_office(st)
    yield st
    st.close()


def intake(name: str = "Nguyễn Thị Hồng Nhung", proc: str = BIRTH) -> Intake:
    return Intake(proc, Applicant(name, "001190012345", "0912345678", "Số 5 Lê Lợi"))


def test_a_reprint_is_the_original_plus_the_reprint_mark(office: Store, tmp_path: Path) -> None:
    with office.begin() as s:
        d = receive_dossier(s, intake(proc=ROUTE), CLERK, at=MON_9_FEB)
        code, due = d.code, d.due_at
        first = issue(s, "receipt", d, today=date(2026, 2, 9))
        assert not first.reprint and first.document.sha256 and first.document.issuer == "canbo1"
        assert first.document.issuer_name == "Lê Thị Thu Hà"
    original = pdf_text(first.pdf, tmp_path, "original")
    assert "Thanh Hóa, ngày 09 tháng 02 năm 2026" in original
    assert "Quyển số: 01/2026, Số thứ tự: 1" in original
    with office.begin() as s:  # later facts: pause, resume, apology
        advance_dossier(s, code, Status.IN_PROCESS, Actor("chuyenvien"), datetime(2026, 2, 9, 10))
        request_supplement(
            s, code, [], "Thiếu tờ khai", Actor("chuyenvien"), datetime(2026, 2, 10, 9)
        )
        resume_dossier(s, code, CLERK, datetime(2026, 2, 13, 9))
        assert due is not None
        apologise(
            s, code, datetime(2026, 3, 30, 16), "Cần xác minh", CLERK, datetime(2026, 3, 2, 9)
        )
        assert get_dossier(s, code).due_at != due
    with office.begin() as s:
        again = issue(s, "receipt", get_dossier(s, code), today=date(2026, 3, 5))
        assert again.reprint and again.document.id == first.document.id
        n = s.scalar(select(IssuedDocument.id).where(IssuedDocument.kind == "receipt").limit(2))
        assert n is not None
    reprint = pdf_text(again.pdf, tmp_path, "reprint")
    mark = "Bản in lại ngày 05/03/2026"
    assert reprint.count(mark) == 2  # both copies (pages)
    without = "\n".join(line for line in reprint.splitlines() if mark not in line)
    assert " ".join(without.split()) == " ".join(original.split())
    with office.begin() as s:  # the apology is a new document, dated the day of the apology
        apology = issue(s, "apology", get_dossier(s, code), today=date(2026, 3, 5))
        assert not apology.reprint and apology.document.number == "01/2026/XL-1"
        kinds = s.scalars(select(IssuedDocument.kind).order_by(IssuedDocument.id)).all()
        assert kinds == ["receipt", "apology"]
        assert s.scalar(select(Outbox.kind).where(Outbox.kind == "document.issue").limit(1))
    letter = pdf_text(apology.pdf, tmp_path, "apology")
    assert "Thanh Hóa, ngày 02 tháng 03 năm 2026" in letter
    assert "Số: 01/2026/XL-1" in letter
    assert "không thể trả kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn" in " ".join(letter.split())


def test_issued_documents_are_append_only(office: Store) -> None:
    with office.begin() as s:
        d = receive_dossier(s, intake(), CLERK, at=MON_9_FEB)
        issue(s, "receipt", d)
    for sql in ("UPDATE issued_document SET issuer = 'x'", "DELETE FROM issued_document"):
        with pytest.raises(DBAPIError), office.begin() as s:
            s.execute(text(sql))


def test_every_form_is_dated_with_its_event(office: Store, tmp_path: Path) -> None:
    with office.begin() as s:
        a = receive_dossier(s, intake(), CLERK, at=MON_9_FEB).code
        b = receive_dossier(s, intake("Trần Văn Bình"), CLERK, at=MON_9_FEB).code
        request_supplement(
            s, a, [{"name": "Tờ khai"}], "Thiếu tờ khai", CLERK, datetime(2026, 2, 9, 15)
        )
        advance_dossier(s, b, Status.IN_PROCESS, Actor("chuyenvien"), datetime(2026, 2, 9, 10))
        apologise(s, b, datetime(2026, 2, 20, 16), "Chờ xác minh", CLERK, datetime(2026, 2, 11, 8))
        advance_dossier(s, b, Status.STOPPED, Actor("chuyenvien"), datetime(2026, 2, 16, 9), "Rút")
    expected = {
        ("supplement", a): "ngày 09 tháng 02 năm 2026",
        ("apology", b): "ngày 11 tháng 02 năm 2026",
        ("stop", b): "ngày 16 tháng 02 năm 2026",
        ("receipt", b): "ngày 09 tháng 02 năm 2026",
    }
    with office.begin() as s:
        for (kind, code), when in expected.items():
            done = issue(s, kind, get_dossier(s, code), today=date(2026, 4, 1))
            body = " ".join(pdf_text(done.pdf, tmp_path, kind).split())
            assert f"Thanh Hóa, {when}" in body, kind
            assert "01/04/2026" not in body
            assert done.document.issued_at.date().strftime("%d/%m") in body.replace(" tháng ", "/")
    # Mẫu 04 after the due date: "đã quá hạn"
    with office.begin() as s:
        late = receive_dossier(s, intake("Lê Văn Muộn"), CLERK, at=MON_9_FEB).code
        apologise(s, late, datetime(2026, 2, 20, 16), "Chậm", CLERK, datetime(2026, 2, 12, 8))
        body = " ".join(
            pdf_text(issue(s, "apology", get_dossier(s, late)).pdf, tmp_path, "l").split()
        )
    assert "đã quá hạn giải quyết" in body


def test_the_control_sheet_names_givers_and_receivers(office: Store, tmp_path: Path) -> None:
    dept = Actor("chuyenvien")
    with office.begin() as s:
        code = receive_dossier(s, intake(proc=ROUTE), CLERK, at=MON_9_FEB).code
        record_handover(
            s, code, Party(ONE_STOP, "Lê Thị Thu Hà"), Party(UNIT, "Phạm Văn Chuyên"), CLERK,
            datetime(2026, 2, 9, 10),
        )  # fmt: skip
        advance_dossier(s, code, Status.IN_PROCESS, dept, datetime(2026, 2, 9, 10, 5))
        _, _, judged = record_handover(
            s, code, Party("UBND cấp xã", "Phạm Văn Chuyên"), Party("Sở Nội vụ", "Đỗ Văn Sở"),
            dept, datetime(2026, 2, 12, 9),
        )  # fmt: skip
        request_supplement(s, code, [], "Thiếu giấy xác nhận", dept, datetime(2026, 2, 13, 9))
        resume_dossier(s, code, CLERK, datetime(2026, 2, 16, 9))
        advance_dossier(s, code, Status.READY, dept, datetime(2026, 2, 20, 9))
        return_result(s, code, CLERK, at=datetime(2026, 2, 23, 9))
        d = get_dossier(s, code)
        rows = control_rows(s, d)
        sheet = issue(s, "control-sheet", d)
    assert judged == "early"  # against the due date: the route has no step for "UBND cấp xã" here
    assert len(rows) == 6, rows
    for r in rows:
        assert r.handed_by != r.received_by, r
    assert rows[0].handed_by == f"Lê Thị Thu Hà ({ONE_STOP})"
    assert rows[0].received_by == f"Phạm Văn Chuyên ({UNIT})"
    assert "Yêu cầu bổ sung" in (rows[2].note or "") and rows[3].note == "Đã bổ sung hồ sơ"
    assert rows[-1].received_by.startswith("Nguyễn Thị Hồng Nhung")
    assert rows[-2].result in ("Trước hạn", "Đúng hạn", "Quá hạn")
    body = " ".join(pdf_text(sheet.pdf, tmp_path, "control").split())
    assert f"Cơ quan (bộ phận) giải quyết hồ sơ: {UNIT}" in body
    assert "Phòng chuyên môn" not in body


def test_a_route_step_is_judged_against_its_share(office: Store) -> None:
    with office.begin() as s:
        code = receive_dossier(s, intake(proc=ROUTE), CLERK, at=MON_9_FEB).code
        record_handover(
            s, code, Party(ONE_STOP), Party("UBND cấp xã", "Phạm Văn Chuyên"), CLERK,
            datetime(2026, 2, 9, 10),
        )  # fmt: skip
        # UBND cấp xã has 7 working days from 09/02 10:00: 20/02 is within, 03/03 is not
        _, _, early = record_handover(
            s, code, Party("UBND cấp xã"), Party("Sở Nội vụ"), CLERK, datetime(2026, 2, 12, 9)
        )
        _, _, late = record_handover(
            s, code, Party("Sở Nội vụ"), Party("UBND cấp xã"), CLERK, datetime(2026, 3, 20, 9)
        )
    assert early == "early" and late == "late"


def test_book_numbers_of_two_offline_pcs_differ_and_match(office: Store, tmp_path: Path) -> None:
    other = open_store(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    try:
        with office.begin() as s:  # two PCs of one office: slots 0 and 1 of 2
            set_setting(s, "code_slots", "2")
        setup_office(other, slot=1, slots=2)
        minute = datetime(2026, 2, 9, 9, 30)
        numbers = []
        for st, name in ((office, "a"), (other, "b")):
            with st.begin() as s:
                d = receive_dossier(s, intake(), CLERK, at=minute)
                numbers.append((d.book_no, d.book_line))
                receipt = pdf_text(issue(s, "receipt", d).pdf, tmp_path, f"r{name}")
                assert f"Quyển số: {d.book_no}, Số thứ tự: {d.book_line}" in receipt
            with st.begin() as s:
                book = pdf_text(render_book(s, date(2026, 2, 9), date(2026, 2, 9)), tmp_path, name)
                assert f"Quyển số: {d.book_no}" in book
                line = next(ln for ln in book.splitlines() if f"{AGENCY}-" in ln)
                assert line.split()[:2] == [str(d.book_line), f"{AGENCY}-"]
        assert numbers == [("01/2026", 1), ("02/2026", 1)]
        assert len(set(numbers)) == 2
        with office.begin() as s:  # an earlier-timed dossier recorded later: numbers stay
            early = receive_dossier(s, intake(), CLERK, at=datetime(2026, 2, 9, 8))
            assert (early.book_no, early.book_line) == ("01/2026", 2)
    finally:
        other.close()


def test_a_pre_0005_database_gets_book_numbers_and_reconstructed_receipts(
    office: Store, tmp_path: Path
) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from kiosk.store.db import _alembic_config

    times = [datetime(2026, 2, 9, 10), datetime(2026, 2, 9, 8), datetime(2027, 1, 4, 9)]
    with office.begin() as s:
        codes = [
            receive_dossier(s, intake(f"Người {n}"), CLERK, at=t).code
            for n, t in zip("ABC", times, strict=True)
        ]
        apologise(s, codes[0], datetime(2026, 2, 20, 16), "Chậm", CLERK, datetime(2026, 2, 10, 8))
        request_supplement(s, intake("Chưa nhận"), [], "Thiếu", CLERK, datetime(2026, 2, 9, 9))
    cfg = _alembic_config(office.engine)
    before = ScriptDirectory.from_config(cfg).get_revision("0005").down_revision
    command.downgrade(cfg, str(before))  # as the database was before this change
    command.upgrade(cfg, "head")
    with office.begin() as s:
        got = {c: (get_dossier(s, c).book_no, get_dossier(s, c).book_line) for c in codes}
        assert got == {codes[1]: ("2026", 1), codes[0]: ("2026", 2), codes[2]: ("2027", 1)}
        docs = s.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
        assert [(d.kind, d.reconstructed, d.sha256) for d in docs] == [("receipt", True, None)] * 3
        first = get_dossier(s, codes[0])
        done = issue(s, "receipt", first, today=date(2026, 12, 4))
        assert done.reprint and done.document.reconstructed
        assert s.scalar(select(IssuedDocument.id).where(IssuedDocument.id > docs[-1].id)) is None
    body = pdf_text(done.pdf, tmp_path, "rebuilt")
    assert "Quyển số: 2026, Số thứ tự: 2" in body and "Bản in lại ngày 04/12/2026" in body
    assert "ngày 10/02/2026" in body  # the appointment given (1 working day), not the apology's
    with office.begin() as s:  # new receptions go on in this PC's own book
        d = receive_dossier(s, intake(), CLERK, at=datetime(2026, 2, 11, 9))
        assert (d.book_no, d.book_line) == ("01/2026", 1)


def test_the_thermal_receipt_is_recorded_once_it_printed(office: Store) -> None:
    from printing.records import issue_slip
    from printing.thermal import ReceiptSlip, render_receipt_slip

    sent: list[bytes] = []

    def broken(data: bytes) -> None:
        raise OSError("the printer is off")

    with office.begin() as s:
        d = receive_dossier(s, intake(), CLERK, at=MON_9_FEB)
        code, due = d.code, d.due_at
    with pytest.raises(OSError), office.begin() as s:
        issue_slip(s, get_dossier(s, code), broken)
    with office.begin() as s:  # nothing was recorded for the slip that did not print
        assert s.scalar(select(IssuedDocument.id)) is None
        first = issue_slip(s, get_dossier(s, code), sent.append)
        assert not first.reprint and first.document.kind == "ticket-receipt"
        apologise(s, code, datetime(2026, 2, 20, 16), "Chậm", CLERK, datetime(2026, 2, 10, 8))
    with office.begin() as s:
        again = issue_slip(s, get_dossier(s, code), sent.append, today=date(2026, 2, 11))
        assert again.reprint and again.document.id == first.document.id
        stored = dict(first.document.data["slip"])
    assert due is not None and stored["due_at"] == due.isoformat()  # the appointment given
    for key in ("received_at", "due_at"):
        stored[key] = datetime.fromisoformat(stored[key])
    assert sent[0] == render_receipt_slip(ReceiptSlip(**stored))
    assert sent[1] == render_receipt_slip(
        ReceiptSlip(**stored, footer="Bản in lại ngày 11/02/2026")
    )
