"""Issue 16, item 1: minimisation by role. A public-only PC (self-check, display, dispenser)
enrolled with the real server on PostgreSQL gets, after a full sync, no citizen's name beyond
its masked form, no ID number, phone, address or e-mail — searched in the bytes of its database
files — and still checks the second factor (from salted hashes); a counter PC gets it all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.status import Status
from kiosk.privacy.roles import parse_roles, public_only
from kiosk.server.auth import add_device_code
from kiosk.services import public as pub
from kiosk.services.context import Actor
from kiosk.services.dossiers import (
    Applicant,
    Intake,
    advance_dossier,
    receive_dossier,
    return_result,
)
from kiosk.store.db import open_store
from kiosk.sync.engine import enroll_pc
from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import (
    OFFICE_A,
    PC,
    PROCEDURE,
    ServerThread,
    client_store,
    drain,
    enroll,
)

server, server_db = harness.server, harness.server_db  # fixtures
pytestmark = pytest.mark.postgres

CITIZENS = (
    (
        "Giàng A Pao",
        "001090012345",
        "0912345678",
        "Thôn Tả Phìn, xã Sà Phìn, Đồng Văn",
        "pao@example.vn",
    ),
    ("Lò Văn Hặc", "014085004321", "0987654321", "Bản Co Muông, xã Chiềng Mung", None),
    ("H'Hen Niê", "066192000111", "0262111222", "Buôn Ako Dhong, Buôn Ma Thuột", None),
)


def _enroll_public(tmp_path: Path, server: ServerThread, db_url: str) -> PC:
    st = open_store(db_url, migrate=False)
    try:
        with st.begin() as s:
            code, _ = add_device_code(s, OFFICE_A, roles="selfcheck,display")
    finally:
        st.close()
    store = client_store(tmp_path / "kiosk-pc" / "kiosk.sqlite3")
    info = enroll_pc(store, server.url, code, name="kiosk-pc")
    pc = PC("kiosk-pc", store, info["device_id"], server.url)
    pc.sync()
    return pc


def test_roles() -> None:
    assert parse_roles(" Display, selfcheck ") == "display,selfcheck"
    assert public_only("display,selfcheck") and not public_only("counter,display")
    with pytest.raises(ValueError, match="unknown role"):
        parse_roles("cashier")


def test_a_public_only_pc_holds_no_personal_field_after_a_full_sync(
    tmp_path: Path, server: ServerThread, server_db: str
) -> None:
    counter = enroll(tmp_path, "counter-pc", server.url, server_db)
    codes = []
    with counter.store.begin() as s:
        for name, cccd, phone, address, email in CITIZENS:
            d = receive_dossier(
                s,
                Intake(PROCEDURE, Applicant(name, cccd, phone, address, email)),
                Actor("canbo1", 1, counter.device_id),
            )
            codes.append((d.code, d.lookup_token))
    with counter.store.begin() as s:
        advance_dossier(s, codes[0][0], Status.IN_PROCESS, Actor("cv"))
        advance_dossier(s, codes[0][0], Status.READY, Actor("cv"))
        return_result(s, codes[0][0], Actor("canbo1", 1, counter.device_id), to_name="Giàng Thị Mỷ")
    kiosk = _enroll_public(tmp_path, server, server_db)
    drain([counter, kiosk])
    kiosk.store.close()
    files = list((tmp_path / "kiosk-pc").glob("kiosk.sqlite3*"))
    raw = b"".join(p.read_bytes() for p in files)
    for name, cccd, phone, address, email in CITIZENS:
        for secret in (name, cccd, phone, phone[-4:] + "\x00", address, "Giàng Thị Mỷ", email):
            if secret:
                assert secret.encode() not in raw, f"{secret!r} in the public PC's database"
        assert name.split()[0].encode() not in raw or name.split()[0] == "H'Hen"
    # ...while the counter PC has everything, and the public PC still checks the second factor
    with counter.store.read() as s:
        assert pub.verify_public(s, codes[1][0], "4321", limiter=pub.AttemptLimiter()).verified
    kiosk_store = open_store(f"sqlite:///{tmp_path / 'kiosk-pc' / 'kiosk.sqlite3'}")
    try:
        with kiosk_store.begin() as s:
            assert pub.verify_public(s, codes[1][0], "4321", limiter=pub.AttemptLimiter()).verified
            assert pub.verify_public(
                s, codes[2][0], codes[2][1], limiter=pub.AttemptLimiter()
            ).verified
            with pytest.raises(pub.WrongAnswer):
                pub.verify_public(s, codes[1][0], "1111", limiter=pub.AttemptLimiter())
            shown = pub.verify_public(s, codes[0][0], "5678", limiter=pub.AttemptLimiter())
        assert shown.masked_name == "G. A. Pao" and shown.verified
    finally:
        kiosk_store.close()
