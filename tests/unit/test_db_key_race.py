"""Databases made at once in one folder (four offline PCs in a test, a restore beside the live
file): without an OS credential store their keys share the folder's private file, which two
writers replaced through one temporary name ('db-key.secret.part' vanished under the other:
FileNotFoundError, a database made without its key)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.privacy import secrets as pc_secrets
from kiosk.store import cipher


@pytest.fixture(autouse=True)
def _private_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pc_secrets, "_backend_usable", lambda: False)


def test_keys_made_at_once_in_one_folder_are_one_key_and_kept(tmp_path: Path) -> None:
    files = [tmp_path / f"pc{i}.sqlite3" for i in range(16)]
    keys: dict[Path, str] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(files))

    def make(f: Path) -> None:
        try:
            start.wait()
            keys[f] = cipher.key_for_new(f)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=make, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(keys.values())) == 1
    assert all(cipher.stored_key(f) == keys[f] for f in files)
    assert not list((tmp_path / "private").glob("*.part"))


def test_secrets_written_at_once_never_fail(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(12)

    def write(i: int) -> None:
        try:
            start.wait()
            for _ in range(20):
                pc_secrets.set_secret(tmp_path / "kiosk.sqlite3", "device-secret", f"s{i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert pc_secrets.get_secret(tmp_path / "kiosk.sqlite3", "device-secret") in {
        f"s{i}" for i in range(12)
    }
    assert not list((tmp_path / "private").glob("*.part"))
