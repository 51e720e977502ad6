"""The same core on a real PostgreSQL server: migrations, reception, codes, queue arbitration."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kiosk.services import queue as q
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.services.dossiers import Applicant, Intake, advance_dossier, receive_dossier
from kiosk.services.queries import lookup
from kiosk.services.setup import init_database
from kiosk.store.db import open_store, schema_state
from kiosk.store.models import Ticket

pytestmark = pytest.mark.postgres
AT = datetime(2026, 2, 9, 9, 0)


def test_migrate_receive_and_lookup(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        current, head = schema_state(store.engine)
        assert current == head
        with store.begin() as s:
            init_database(s, "000.17.22.H56")
            code = receive_dossier(
                s,
                Intake("1.001570", Applicant("Nguyễn Thị Hồng Nhung", "001190012345")),
                Actor("canbo1"),
                at=AT,
            ).code
            advance_dossier(s, code, 4, Actor("chuyenvien"), at=AT.replace(hour=10))
        with store.begin() as s:
            info = lookup(s, code)
        assert info["status"] == 4 and info["due_at"] == "2026-02-10T09:00:00"
        with pytest.raises(DBAPIError, match="append-only"), store.begin() as s:
            s.execute(text("UPDATE dossier_event SET actor = 'x'"))
    finally:
        store.close()


def test_parallel_receptions_and_calls_on_postgres(pg_url: str) -> None:
    """Several server workers at once: codes unique, each ticket called by one counter only."""
    store = open_store(pg_url)
    with store.begin() as s:
        init_database(s, "000.17.22.H56")
        seed_demo(s, sample_dossiers=0)
        for i in range(40):
            q.issue_ticket(s, "HT", at=AT.replace(minute=i))
    codes: list[str] = []
    called: list[str] = []
    errors: list[BaseException] = []

    def receiver() -> None:
        try:
            for _ in range(15):
                with store.begin() as s:
                    codes.append(
                        receive_dossier(
                            s, Intake("1.001570", Applicant("Lê Văn Bình")), Actor("w"), at=AT
                        ).code
                    )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def counter() -> None:
        try:
            for _ in range(25):
                with store.begin() as s:
                    t = q.call_next(s, 4, Actor("c4", 4), at=AT.replace(hour=11))
                    if t is not None:
                        called.append(t.label)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    # Serial receptions per worker share the day's sequence row: the UPDATE ... RETURNING
    # takes a row lock, so parallel workers queue instead of reading the same number.
    threads = [threading.Thread(target=receiver) for _ in range(3)]
    threads += [threading.Thread(target=counter) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    store.close()
    assert not errors, errors[0]
    assert len(codes) == 45 and len(set(codes)) == 45
    assert len(called) == len(set(called)) == 40
    store = open_store(pg_url)
    with store.begin() as s:
        assert (
            s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status != "waiting"))
            == 40
        )
    store.close()


def test_bulk_demo_data_on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.services.demo as demo
    from kiosk.services.demo import bulk_dossiers

    monkeypatch.setattr(demo, "BULK_REBUILD_AT", 100)  # the drop-and-rebuild path too
    from kiosk.store.models import Dossier, DossierEvent

    store = open_store(pg_url)
    try:
        with store.begin() as s:
            init_database(s, "000.17.22.H56")
            assert bulk_dossiers(s, 300, days=20) == 300
        from sqlalchemy import inspect

        indexes = {i["name"] for i in inspect(store.engine).get_indexes("dossier")}
        assert {"ix_dossier_applicant_name_key", "ix_dossier_report"} <= indexes  # rebuilt
        with store.begin() as s:
            assert s.scalar(select(func.count()).select_from(Dossier)) == 300
            assert (s.scalar(select(func.count()).select_from(DossierEvent)) or 0) >= 300
            d = s.scalar(select(Dossier).limit(1))
            assert d is not None and d.documents == [] and d.received_at is not None
            code = receive_dossier(
                s, Intake("1.001570", Applicant("Lê Văn Bình")), Actor("canbo1")
            ).code
            assert s.scalar(select(func.count()).where(Dossier.code == code)) == 1
    finally:
        store.close()
