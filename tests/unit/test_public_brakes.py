"""Issue 16, item 5: the public screen's brakes are kept in the database — a restart (a new
process, a new limiter object, a reopened store) resets none of them; the back-off is bounded."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.errors import NotFound
from kiosk.services import public as pub
from kiosk.services.context import Actor
from kiosk.services.demo import seed_demo
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.setup import init_database
from kiosk.store.db import Store, open_store

AT = datetime(2026, 2, 9, 9, 0)


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


def _open(path: Path) -> Store:
    return open_store(f"sqlite:///{path}")


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "kiosk.sqlite3"
    st = _open(path)
    with st.begin() as s:
        init_database(s, "000.17.22.H56", "UBND phường Quang Trung")
        seed_demo(s, sample_dossiers=0)
        code = receive_dossier(
            s,
            Intake("1.001193", Applicant("Giàng A Pao", None, "0912345678")),
            Actor("cb", 1),
            at=AT,
        ).code
    st.close()
    return path, code


def _lookup(st: Store, code: str, clock: Clock) -> object:
    """As the self-check screen does: a refusal is handed back and the transaction commits."""
    lim = pub.AttemptLimiter(clock=clock)  # a new object each time: nothing kept in memory
    with st.begin() as s:
        try:
            return pub.open_payload(s, code, limiter=lim, at=AT)
        except (pub.PublicInputError, NotFound) as exc:
            return exc


def test_code_lookups_are_throttled_per_screen_across_a_restart(db: tuple[Path, str]) -> None:
    path, code = db
    clock = Clock()
    st = _open(path)
    prefix = code.rsplit("-", 1)[0]
    results = [_lookup(st, f"{prefix}-{n:04d}", clock) for n in range(2, 14)]  # a script
    st.close()
    assert all(isinstance(r, NotFound) for r in results[:10])
    assert all(isinstance(r, pub.TooManyLookups) for r in results[10:])
    st = _open(path)  # the kiosk restarted
    again = _lookup(st, code, clock)
    assert isinstance(again, pub.TooManyLookups)
    assert "đợi" in again.message_vi and again.retry_after <= 6
    clock.t += 6.5  # a citizen who waits a few seconds is served
    found = _lookup(st, code, clock)
    assert isinstance(found, pub.PublicDossier) and found.masked_name == ""
    st.close()


def test_second_factor_misses_survive_a_restart_and_the_backoff_is_bounded(
    db: tuple[Path, str],
) -> None:
    path, code = db
    clock = Clock()
    for _ in range(4):  # 3 free misses, the 4th blocks the code for 5 s
        st = _open(path)
        with st.begin() as s:
            with pytest.raises(pub.WrongAnswer):
                pub.verify_public(s, code, "1111", limiter=pub.AttemptLimiter(clock=clock))
        st.close()
    st = _open(path)
    with st.begin() as s, pytest.raises(pub.TooManyAttempts):
        pub.verify_public(s, code, "5678", limiter=pub.AttemptLimiter(clock=clock))
    clock.t += 5.5
    with st.begin() as s:
        assert pub.verify_public(s, code, "5678", limiter=pub.AttemptLimiter(clock=clock)).verified
    st.close()
    lim = pub.AttemptLimiter()
    assert lim._backoff(1027) == lim.cap and lim._backoff(10**9) == lim.cap  # no OverflowError
    assert timedelta(seconds=lim.cap) == timedelta(minutes=15)
