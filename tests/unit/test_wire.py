"""kiosk.wire: one set of limits for the PC and the server (issue 15, item 2)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.domain.people import InputError
from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier, refuse_dossier
from kiosk.services.setup import init_database
from kiosk.store.db import Store, open_store
from kiosk.store.models import Dossier, Outbox
from kiosk.wire import check_payload, parse_push
from kiosk.wire.fields import WireError

PROCEDURE = "1.001570"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = open_store(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    with st.begin() as s:
        init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
    return st


def _count(store: Store) -> tuple[int, int]:
    with store.begin() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Dossier)) or 0),
            int(s.scalar(select(func.count()).select_from(Outbox)) or 0),
        )


@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        (Applicant("Nguyễn Văn An", address="Số 1 " * 401), "address"),
        (Applicant("Nguyễn Văn\x00 An"), "name"),
        (Applicant("Nguyễn Văn An", address="Tổ 3\x00"), "address"),
    ],
)
def test_the_counter_refuses_what_the_server_would_refuse_naming_the_field(
    store: Store, applicant: Applicant, field: str
) -> None:
    with pytest.raises(InputError) as caught, store.begin() as s:
        receive_dossier(s, Intake(PROCEDURE, applicant), Actor("clerk", 1))
    assert caught.value.field == field
    assert "Địa chỉ" in caught.value.message_vi or "Họ tên" in caught.value.message_vi
    assert _count(store) == (0, 0)  # nothing kept


def test_an_over_long_reason_and_bad_documents_are_refused_when_typed(store: Store) -> None:
    with pytest.raises(InputError) as caught, store.begin() as s:
        refuse_dossier(s, Intake(PROCEDURE, Applicant("Lê Thị Hoa")), "x" * 4001, Actor("c", 1))
    assert caught.value.field == "note" and "tối đa 4000" in caught.value.message_vi
    bad_docs: list = [{"name": "Tờ khai", "originals": 1, "copies": 0}, {"name": "", "copies": 1}]
    with pytest.raises(InputError) as caught, store.begin() as s:
        receive_dossier(s, Intake(PROCEDURE, Applicant("Lê Thị Hoa"), bad_docs), Actor("c", 1))
    assert caught.value.field == "documents"
    assert _count(store) == (0, 0)
    with store.begin() as s:  # the limits themselves are allowed
        receive_dossier(s, Intake(PROCEDURE, Applicant("Lê Thị Hoa", address="a" * 2000)),
                        Actor("c", 1))  # fmt: skip
    assert _count(store) == (1, 1)


def _good(store: Store) -> dict:
    with store.begin() as s:
        receive_dossier(s, Intake(PROCEDURE, Applicant("Trần Minh")), Actor("c", 1))
        row = s.scalars(select(Outbox)).first()
        assert row is not None
        return {"seq": 1, "id": row.mutation_id, "kind": row.kind, "payload": row.payload}


def test_a_push_marks_each_bad_payload_and_keeps_the_good_ones(store: Store) -> None:
    good = _good(store)
    p = good["payload"]

    def variant(seq: int, dossier: dict | None = None, event: dict | None = None) -> dict:
        return {
            "seq": seq,
            "id": str(uuid.uuid4()),
            "kind": "dossier.event",
            "payload": {"dossier": {**p["dossier"], **(dossier or {})},
                        "event": {**p["event"], **(event or {})}},
        }  # fmt: skip

    items = [
        good,
        variant(2, event={"note": "n" * 4001}),
        variant(3, dossier={"applicant_name": "An\x00"}),
        variant(4, dossier={"documents": [1, "x", None]}),
        variant(5, dossier={"documents": "Tờ khai"}),
        variant(6, event={"data": {"missing": [{"name": 5}]}}),
        variant(7, event={"data": {"x": "\ud800"}}),
        {"seq": 8, "id": str(uuid.uuid4()), "kind": "rating.add", "payload": {"comment": "\x00"}},
        {"seq": 9, "id": str(uuid.uuid4()), "kind": "dossier.event", "payload": [1]},
        variant(10),
    ]
    parsed = parse_push({"mutations": items})
    problems = [m.problem for m in parsed]
    assert problems[0] is None and problems[-1] is None
    words = ["longer than 4000", "NUL", "documents[0] must be an object", "list of documents",
             "missing[0].name", "not valid Unicode", "NUL", "must be an object"]  # fmt: skip
    for problem, word in zip(problems[1:-1], words, strict=True):
        assert problem is not None and word in problem, (problem, word)


def test_the_checks_can_fail_and_pass() -> None:
    with pytest.raises(WireError):
        check_payload("ticket.issue", {"service": "HT"})
    check_payload("some.future.kind", {"anything": [1, 2, {"a": "b"}]})
    with pytest.raises(WireError):
        check_payload("some.future.kind", {"a": ["\x00"]})
