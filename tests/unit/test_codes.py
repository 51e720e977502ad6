"""Dossier codes stay unique across all counters of an agency, even with every one offline."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.codes import MAX_PER_DAY, CodeError, SlotRange, format_code, parse_code
from kiosk.services.context import Actor, set_setting
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.setup import init_database
from kiosk.store.db import open_store

AGENCY = "000.17.22.H56"


def test_format_and_parse_round_trip() -> None:
    code = format_code(AGENCY, datetime(2021, 5, 31).date(), 1)
    assert code == "000.17.22.H56-210531-0001"
    assert parse_code(code.lower()) == (AGENCY, datetime(2021, 5, 31).date(), 1)
    for bad in ("000.17.22.H56-211331-0001", "000.17.22-210531-0001", "hello", ""):
        with pytest.raises(CodeError):
            parse_code(bad)
    with pytest.raises(CodeError):
        format_code(AGENCY, datetime(2021, 5, 31).date(), MAX_PER_DAY + 1)


@given(st.integers(1, 99))
def test_slot_ranges_are_disjoint_and_inside_the_day(slots: int) -> None:
    ranges = [SlotRange(k, slots) for k in range(slots)]
    assert ranges[0].first == 1 and ranges[-1].last <= MAX_PER_DAY
    for a, b in zip(ranges, ranges[1:], strict=False):
        assert a.last < b.first
        assert a.last - a.first == b.last - b.first


def test_offline_devices_receiving_in_parallel_never_collide(tmp_path: Path) -> None:
    """Four counter PCs, each with its own database and no network, receive at once."""
    devices = 4
    per_device = 60
    codes: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def device(slot: int) -> None:
        st_ = open_store(f"sqlite:///{tmp_path / f'pc{slot}.sqlite3'}")
        try:
            with st_.begin() as s:
                init_database(s, AGENCY)
                set_setting(s, "code_slots", str(devices))
                set_setting(s, "code_slot", str(slot))
            for i in range(per_device):
                with st_.begin() as s:
                    d = receive_dossier(
                        s,
                        Intake("1.001193", Applicant(f"Người Nộp {chr(65 + slot)}")),
                        Actor(f"canbo{slot}", slot + 1),
                        at=datetime(2026, 2, 9, 9, i % 60),
                    )
                    with lock:
                        codes.append(d.code)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            st_.close()

    threads = [threading.Thread(target=device, args=(k,)) for k in range(devices)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(codes) == devices * per_device
    assert len(set(codes)) == len(codes)


def test_several_windows_on_one_database_never_collide(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    first = open_store(url)
    with first.begin() as s:
        init_database(s, AGENCY)
    first.close()
    codes: list[str] = []
    errors: list[BaseException] = []

    def window(k: int) -> None:
        st_ = open_store(url)
        try:
            for _ in range(40):
                with st_.begin() as s:
                    codes.append(
                        receive_dossier(
                            s,
                            Intake("1.001193", Applicant("Trần Thị Mai")),
                            Actor(f"w{k}"),
                            at=datetime(2026, 2, 9, 10),
                        ).code
                    )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            st_.close()

    threads = [threading.Thread(target=window, args=(k,)) for k in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert sorted(int(c[-4:]) for c in codes) == list(range(1, 121))
