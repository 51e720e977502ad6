"""The credential generation and the server's credential cache (issue 15, item 8; the threat
model in docs/server.md, "Credentials cached"): which writes move the generation, and what the
cache keeps. The cross-process figures (a revoked PC refused by another server process within
1 s) are in tests/integration/test_server_credentials.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from kiosk.server import auth, credcache
from kiosk.server.credcache import CredentialCache
from kiosk.services.admin_staff import add_staff
from kiosk.services.context import now
from kiosk.store import credential_clock
from kiosk.store.db import Store, open_store
from kiosk.store.models import Agency, Department, Staff
from kiosk.store.server_models import Device, StaffToken

OFFICE = "000.17.22.H10"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st = open_store(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield st
    st.close()


def _device(store: Store) -> tuple[str, str]:
    with store.begin() as s:
        code, _ = auth.add_device_code(s, OFFICE)
        e = auth.enroll(s, code, "pc", 1)
        return e.device.id, e.secret


def _generation(store: Store) -> int:
    with store.begin() as s:
        return credential_clock.read(s)


def test_what_moves_the_credential_generation(store: Store) -> None:
    device_id, _secret = _device(store)
    g0 = _generation(store)
    with store.begin() as s:  # a push acknowledging: not a credential change
        d = s.get(Device, device_id)
        assert d is not None
        d.last_seq, d.last_seen_at = 5, now()
    assert _generation(store) == g0
    with store.begin() as s:
        auth.revoke_device(s, device_id)
    assert _generation(store) == g0 + 1
    with store.begin() as s:
        add_staff(s, "bich", "Trần Thị Bích", "supervisor", "motcua-2026")
    assert _generation(store) == g0 + 1  # a new account ends nothing
    with store.begin() as s:  # a bulk UPDATE (no flush sees it): `kiosk staff logout`
        s.execute(update(StaffToken).values(revoked_at=now()))
    assert _generation(store) == g0 + 2
    with store.begin() as s:  # an account disabled
        st = s.query(Staff).filter_by(username="bich").one()
        st.active = False
    assert _generation(store) == g0 + 3
    with store.begin() as s:  # the full name is not a credential
        st = s.query(Staff).filter_by(username="bich").one()
        st.full_name = "Trần Thị Bích Ngọc"
    assert _generation(store) == g0 + 3
    with store.begin() as s:  # a department moved to another agency: a staff scope changes
        a = Agency(code="000.17.22.H11", name="Xã B")
        s.add(a)
        s.flush()
        s.add(Department(code="tuphap", name="Tư pháp", agency_id=a.id))
    assert _generation(store) == g0 + 3  # a new department ends nothing
    with store.begin() as s:
        other = Agency(code="000.17.22.H12", name="Xã C")
        s.add(other)
        s.flush()
        moved = s.query(Department).filter_by(code="tuphap").one()
        moved.agency_id = other.id
    assert _generation(store) == g0 + 4
    with store.begin() as s:  # the agency's name is not a credential
        s.query(Agency).filter_by(code="000.17.22.H12").one().name = "Xã C mới"
    assert _generation(store) == g0 + 4


def test_a_change_committed_in_this_process_clears_the_cache_at_once(store: Store) -> None:
    device_id, secret = _device(store)
    credcache.CACHE.clear()
    cred, acked = credcache.verify_device(store, device_id, secret)
    assert (cred.id, cred.agency, acked) == (device_id, OFFICE, 0)
    assert credcache.known_device(device_id, secret) == cred  # no query next time
    assert credcache.known_device(device_id, secret + "x") is None  # only the secret verified
    with store.begin() as s:
        auth.revoke_device(s, device_id)
    assert credcache.known_device(device_id, secret) is None  # at the commit, no watcher
    with pytest.raises(auth.AuthError, match="revoked"):
        credcache.verify_device(store, device_id, secret)


def test_a_verification_older_than_a_clear_is_not_kept() -> None:
    t = [0.0]
    cache = CredentialCache(ttl=60, clock=lambda: t[0])
    mark = cache.mark()
    cache.clear()  # a revocation seen while the database was being asked
    cache.put("dev", "h", "old", mark)
    assert cache.get("dev", "h") is None
    cache.put("dev", "h", "new", cache.mark())
    assert cache.get("dev", "h") == "new"
    t[0] = 60.5  # at most a minute
    assert cache.get("dev", "h") is None
    cache.put("dev", "h", "token", cache.mark(), ttl=5)  # a staff token ending sooner
    t[0] = 66.0
    assert cache.get("dev", "h") is None


def test_the_watcher_generation_clears_when_it_moves() -> None:
    cache = CredentialCache()
    cache.put("a", "h", 1, cache.mark())
    cache.seen_generation(7)  # the first look clears too (it may follow a revocation)
    assert cache.get("a", "h") is None
    cache.put("a", "h", 1, cache.mark())
    cache.seen_generation(7)
    assert cache.get("a", "h") == 1
    cache.seen_generation(8)
    assert cache.get("a", "h") is None
