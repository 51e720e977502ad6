"""Issue 16, item 2: the PC's database encrypted at rest (SQLCipher, kiosk/store/cipher.py).

Real files throughout: databases made by `kiosk init`, read back byte by byte and with Python's
own `sqlite3` (which must not be able to read them), converted, backed up and restored.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kiosk.backup import backup_sqlite, encrypt_database, encrypt_on_start, office_key
from kiosk.store import cipher
from tests.integration.conftest import kiosk, kj

AGENCY = ["--agency-code", "000.17.22.H56", "--agency-name", "UBND phường Quang Trung"]
NAME = "Giàng Thị Mỷ"
PHONE = "0912345678"
ID_NUMBER = "002190000123"
ADDRESS = "Thôn Tả Phìn, xã Sà Phìn, huyện Đồng Văn"


def _receive(home: Path, name: str = NAME) -> str:
    return str(
        kj(
            home, "receive", "--procedure", "1.001193", "--name", name,
            "--id-number", ID_NUMBER, "--phone", PHONE, "--address", ADDRESS,
        )["code"]
    )  # fmt: skip


def _db_bytes(home: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in sorted(home.iterdir()) if p.name.startswith("kiosk.sqlite3")
    )


def _personal_needles() -> list[bytes]:
    out = []
    for text in (NAME, PHONE, ID_NUMBER, ADDRESS, "Tả Phìn", PHONE[-4:] + "5"):
        for form in ("NFC", "NFD"):
            out.append(unicodedata.normalize(form, text).encode("utf-8"))
    return out


def _doctor(home: Path) -> dict[str, Any]:
    """Printers or fonts may be missing here (exit 1): only the encryption line counts."""
    out: dict[str, Any] = json.loads(kiosk(home, "doctor", "--json", ok=False).stdout)
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plain_sqlite_fails(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_a_new_database_is_encrypted_and_opens_only_with_the_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", "--demo", *AGENCY)
    code = _receive(home)
    db = home / "kiosk.sqlite3"
    assert cipher.file_kind(db) == "encrypted"
    _plain_sqlite_fails(db)
    data = _db_bytes(home)
    assert len(data) > 100_000
    for needle in _personal_needles():
        assert needle not in data, needle
    # with the key from the store it is an ordinary database
    conn = cipher.connect(db, readonly=True)
    try:
        row = conn.execute(
            "SELECT applicant_name, applicant_phone FROM dossier WHERE code = ?", (code,)
        ).fetchone()
    finally:
        conn.close()
    assert row == (NAME, PHONE)
    status = kj(home, "db", "status")
    assert status["encrypted"] is True and status["key_found"] is True
    doctor = _doctor(home)
    enc = next(c for c in doctor["checks"] if c["name"] == "database encryption")
    assert enc["ok"] and not enc.get("warning")

    # without its key: one sentence, exit 1, and the file untouched
    secret = home / "private" / f"{cipher.KEY_NAME}.secret"
    key = cipher.stored_key(db)
    assert key is not None
    before = _sha(db)
    secret.rename(tmp_path / "kept-aside")
    bad = kiosk(home, "lookup", code, ok=False)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "encrypted and this PC has no key" in bad.stderr
    assert _sha(db) == before and cipher.stored_key(db) is None, "no new key was made"
    # with a wrong key: one sentence too
    cipher.keep_key(db, cipher.new_key())
    bad = kiosk(home, "lookup", code, ok=False)
    assert bad.returncode == 1 and "cannot be opened with this PC's key" in bad.stderr
    assert bad.stderr.count("\n") == 1 and "hmac" not in bad.stderr.lower()
    assert _sha(db) == before
    cipher.keep_key(db, key)
    assert kj(home, "lookup", code)["code"] == code


def test_the_screen_message_for_a_missing_key_is_vietnamese(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", *AGENCY)
    (home / "private" / f"{cipher.KEY_NAME}.secret").unlink()
    with pytest.raises(cipher.DatabaseKeyError) as caught:
        cipher.connect(home / "kiosk.sqlite3")
    assert "máy này không có khoá" in caught.value.message_vi
    assert "no key" in str(caught.value)


def _plain_copy(tmp_path: Path) -> tuple[Path, str, dict[str, int]]:
    """A plain database as an older version left it: made by the app, exported without a key."""
    made = tmp_path / "made"
    kj(made, "init", "--demo", *AGENCY)
    code = _receive(made)
    old = tmp_path / "old"
    old.mkdir(mode=0o700)
    backup_sqlite(made / "kiosk.sqlite3", old / "kiosk.sqlite3", plain=True)
    conn = sqlite3.connect(old / "kiosk.sqlite3")
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # as the app left it
        rows = {
            n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        }
    finally:
        conn.close()
    assert NAME.encode() in (old / "kiosk.sqlite3").read_bytes()
    return old, code, rows


def test_kiosk_db_encrypt_converts_a_plain_database_and_keeps_every_row(tmp_path: Path) -> None:
    home, code, rows = _plain_copy(tmp_path)
    db = home / "kiosk.sqlite3"
    assert kj(home, "lookup", code)["code"] == code  # an older plain database still works
    doctor = _doctor(home)
    enc = next(c for c in doctor["checks"] if c["name"] == "database encryption")
    assert enc["warning"] and "kiosk db encrypt" in enc["fix"]

    # refused while another program has it open; nothing changes
    holder = sqlite3.connect(db)
    holder.execute("SELECT count(*) FROM dossier").fetchone()
    before = _sha(db)
    busy = kiosk(home, "db", "encrypt", "--no-backup", ok=False)
    assert busy.returncode == 1 and "in use by another program" in busy.stderr
    assert _sha(db) == before and not list(home.glob("*.encrypting*"))
    holder.close()

    out = kj(home, "db", "encrypt")
    assert out["converted"] and out["rows"] == sum(rows.values())
    assert cipher.file_kind(db) == "encrypted"
    _plain_sqlite_fails(db)
    for needle in _personal_needles():
        assert needle not in _db_bytes(home), needle
    assert not list(home.glob("kiosk.sqlite3.*")), "no plain leftover beside the database"
    conn = cipher.connect(db, readonly=True)
    try:
        assert cipher.counts(conn) == rows and cipher.integrity(conn) == "ok"
    finally:
        conn.close()
    assert kj(home, "lookup", code)["code"] == code
    assert len(kj(home, "search", NAME)["dossiers"]) == 1  # the search words came along
    # the backup made first is the way back, and readable only with the office key
    backup = Path(out["backup"])
    assert backup.parent == home / "backups" and NAME.encode() not in backup.read_bytes()
    again = kj(home, "db", "encrypt")
    assert again["converted"] is False


def test_kiosk_run_encrypts_a_plain_database_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, code, rows = _plain_copy(tmp_path)
    db = home / "kiosk.sqlite3"
    # no room for the backup and the encrypted copy: it stays plain, untouched, and opens
    before = _sha(db)
    full = shutil.disk_usage(home)._replace(free=db.stat().st_size)
    monkeypatch.setattr("kiosk.backup.shutil.disk_usage", lambda _p: full)
    assert encrypt_on_start(f"sqlite:///{db}", home) is None
    with pytest.raises(cipher.ConvertError, match="not enough free disk space"):
        encrypt_database(db, home)
    assert _sha(db) == before and not (home / "backups").exists()
    monkeypatch.undo()
    made = encrypt_on_start(f"sqlite:///{db}", home)
    assert made is not None and made.is_file()
    assert cipher.file_kind(db) == "encrypted"
    assert encrypt_on_start(f"sqlite:///{db}", home) is None  # once
    assert kj(home, "lookup", code)["code"] == code


def test_backup_and_restore_round_trip_on_an_encrypted_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", *AGENCY)
    db = home / "kiosk.sqlite3"
    first = _receive(home)
    out = tmp_path / "usb"
    out.mkdir()
    made = kj(home, "backup", "--out", str(out / "b.sqlite3.enc"))
    backup = Path(made["out"])
    assert made["encrypted"] and NAME.encode() not in backup.read_bytes()
    assert not list(home.glob(".backup-*")), "the plain scratch copy is gone"
    second = _receive(home, "Lò Văn Hặc")

    r = kj(home, "restore", "--from", str(backup))
    assert cipher.file_kind(db) == "encrypted"
    _plain_sqlite_fails(db)
    assert kj(home, "lookup", first)["code"] == first
    assert kiosk(home, "lookup", second, ok=False).returncode == 1
    kept = Path(r["kept"])  # the database as it was: encrypted with this PC's key
    assert cipher.file_kind(kept) == "encrypted" and b"L\xc3\xb2 V" not in kept.read_bytes()
    kj(home, "restore", "--from", str(kept))
    assert kj(home, "lookup", second)["code"] == second

    # onto another PC: the office key given, the database written with that PC's own key
    other = tmp_path / "other"
    key_file = tmp_path / "office.key"
    key_file.write_text(office_key(db, create=False) or "", encoding="utf-8")
    kj(other, "restore", "--from", str(backup), "--key-file", str(key_file))
    odb = other / "kiosk.sqlite3"
    assert cipher.file_kind(odb) == "encrypted"
    assert cipher.stored_key(odb) not in (None, cipher.stored_key(db))
    assert kj(other, "lookup", first)["code"] == first
    for needle in _personal_needles():
        assert needle not in _db_bytes(other), needle


def test_demo_data_purge_and_search_work_on_the_encrypted_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", *AGENCY)
    assert kj(home, "demo-data", "--dossiers", "2000")["dossiers"] == 2000
    code = _receive(home)
    assert [d["code"] for d in kj(home, "search", PHONE[-4:])["dossiers"]] == [code]
    purged = kj(home, "purge", "--months", "1")
    assert purged["dossiers"] > 0
    assert cipher.file_kind(home / "kiosk.sqlite3") == "encrypted"
    conn = cipher.connect(home / "kiosk.sqlite3", readonly=True)
    try:
        assert cipher.integrity(conn) == "ok"
    finally:
        conn.close()
