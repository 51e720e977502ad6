"""Backups and restore as an admin runs them: `kiosk backup` while another process writes,
the daily copies with their retention, `kiosk restore` round-tripping data and refusing
foreign files."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.backup import (
    SQLITE_MAGIC,
    backup_sqlite,
    check_backup_file,
    daily_backup,
    daily_backups,
    daily_name,
    office_key,
)
from kiosk.privacy.vault import decrypt_file, encrypt_file, is_encrypted
from kiosk.store import cipher
from tests.integration.conftest import ROOT, kiosk, kj

# A second process writing as the app does (one transaction per action, WAL, synchronous=FULL):
# each transaction adds two settings rows, so a consistent snapshot always holds an even number.
WRITER = """
import sys, time
from pathlib import Path
from kiosk.services.context import set_setting
from kiosk.store.db import open_store
db, stop = sys.argv[1], Path(sys.argv[2])
store = open_store(f"sqlite:///{db}")
i = 0
deadline = time.monotonic() + 120
while not stop.exists() and time.monotonic() < deadline:
    with store.begin() as s:
        set_setting(s, f"writer.{i}.a", "x" * 200)
        set_setting(s, f"writer.{i}.b", "y" * 200)
    i += 1
    if i == 20:
        print("writing", flush=True)
store.close()
print(i, flush=True)
"""


def _writer_rows(db: Path) -> int:
    conn = cipher.connect(db, readonly=True)
    try:
        sql = "SELECT count(*) FROM setting WHERE key LIKE 'writer.%'"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _decrypted(backup: Path, db: Path) -> Path:
    """The plain database in an encrypted backup made with this PC's office key."""
    key = office_key(db, create=False)
    assert key is not None
    plain = backup.with_name(backup.name + ".plain")
    decrypt_file(backup, plain, key)
    return plain


@pytest.fixture
def db_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND phường Quang Trung")
    return home


def test_backup_while_another_process_writes_is_consistent(db_home: Path, tmp_path: Path) -> None:
    db = db_home / "kiosk.sqlite3"
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing", writer.stderr
        outs = []
        (tmp_path / "backups").mkdir()  # kiosk backup creates no folder (issue 17.12)
        for n in range(3):
            out = tmp_path / "backups" / f"b{n}.sqlite3"
            info = kj(db_home, "backup", "--out", str(out))
            assert info["out"] == str(out) and info["pages"] > 0
            outs.append(out)
        assert writer.poll() is None, "the writer must still be writing during the backups"
    finally:
        stop.touch()
        stdout, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 0, stderr
    written = int(stdout.strip().splitlines()[-1])
    counts = []
    for out in outs:
        assert is_encrypted(out) and SQLITE_MAGIC not in out.read_bytes()[:4096]
        plain = _decrypted(out, db)
        assert check_backup_file(plain)  # whole, ours, passes SQLite's own check
        rows = _writer_rows(plain)
        assert rows % 2 == 0, "a backup holds half a transaction"
        counts.append(rows)
    assert counts == sorted(counts) and counts[-1] > 0
    assert counts[-1] <= _writer_rows(db) == 2 * written
    assert not list((tmp_path / "backups").glob("*.part"))


def test_restore_round_trips_and_keeps_the_current_database(db_home: Path, tmp_path: Path) -> None:
    first = kj(db_home, "receive", "--procedure", "1.001193", "--name", "Lê Văn Bình")["code"]
    backup = tmp_path / "safe" / "before.sqlite3"
    backup.parent.mkdir()
    kj(db_home, "backup", "--out", str(backup))
    second = kj(db_home, "receive", "--procedure", "1.001193", "--name", "Trần Thị Cúc")["code"]

    info = kj(db_home, "restore", "--from", str(backup))
    db = db_home / "kiosk.sqlite3"
    assert info == {"db": str(db), "from": str(backup), "kept": str(db) + ".bak"}
    assert kj(db_home, "lookup", first)["code"] == first
    gone = kiosk(db_home, "lookup", second, ok=False)
    assert gone.returncode == 1 and second in gone.stderr
    # the database as it was before the restore is kept, whole, encrypted with this PC's key
    kept = Path(info["kept"])
    assert cipher.file_kind(kept) == "encrypted"
    conn = cipher.open_file(kept, cipher.stored_key(db), readonly=True)
    assert cipher.integrity(conn) == "ok"
    try:
        codes = {r[0] for r in conn.execute("SELECT code FROM dossier")}
    finally:
        conn.close()
    assert {first, second} <= codes
    # and the restored database keeps working: new dossiers, numbered on from the backup
    third = kj(db_home, "receive", "--procedure", "1.001193", "--name", "Phạm Văn Dũng")["code"]
    assert third != first


def _foreign_files(tmp_path: Path, db_home: Path) -> dict[str, Path]:
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all\n", encoding="utf-8")
    other = tmp_path / "other-app.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.sqlite3"
    backup_sqlite(db_home / "kiosk.sqlite3", newer, plain=True)  # as older versions made
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    return {
        "not a SQLite database": text,
        "none of our tables": other,
        "newer version": newer,
        "no backup file": tmp_path / "missing.sqlite3",
    }


def test_restore_refuses_a_file_that_is_not_ours_and_changes_nothing(
    db_home: Path, tmp_path: Path
) -> None:
    db = db_home / "kiosk.sqlite3"
    code = kj(db_home, "receive", "--procedure", "1.001193", "--name", "Lê Văn Bình")["code"]
    files = _foreign_files(tmp_path, db_home)
    before = {p.name: _sha(p) for p in db_home.iterdir() if p.is_file()}
    for needle, path in files.items():
        bad = kiosk(db_home, "restore", "--from", str(path), ok=False)
        assert bad.returncode == 1 and bad.stdout == "", path
        assert bad.stderr.count("\n") == 1 and needle in bad.stderr, bad.stderr
        assert {p.name: _sha(p) for p in db_home.iterdir() if p.is_file()} == before
    assert not (db.with_name(db.name + ".bak")).exists()
    assert kj(db_home, "lookup", code)["code"] == code


def test_backup_and_restore_refuse_postgresql_urls(tmp_path: Path) -> None:
    for args in (("backup", "--out", str(tmp_path / "x")), ("restore", "--from", __file__)):
        bad = kiosk(tmp_path, "--db", "postgresql://kiosk@127.0.0.1:1/kiosk", *args, ok=False)
        assert bad.returncode == 1 and "pg_dump" in bad.stderr


def test_daily_backups_keep_the_newest_and_make_one_a_day(db_home: Path) -> None:
    db = db_home / "kiosk.sqlite3"
    folder = db_home / "backups"
    folder.mkdir()
    (folder / "kept-by-hand.sqlite3").write_bytes(b"mine")
    (folder / f"{daily_name(date(2026, 1, 1))}.part").write_bytes(b"cut off")
    start = date(2026, 1, 1)
    t0 = time.monotonic()
    for n in range(20):
        made = daily_backup(db, db_home, keep=14, today=start + timedelta(days=n))
        assert made is not None and made.name == daily_name(start + timedelta(days=n))
    assert time.monotonic() - t0 < 60
    assert daily_backup(db, db_home, keep=14, today=start + timedelta(days=19)) is None
    names = [p.name for p in daily_backups(folder)]
    assert names == [daily_name(start + timedelta(days=n)) for n in range(6, 20)]
    assert (folder / "kept-by-hand.sqlite3").read_bytes() == b"mine"
    assert not list(folder.glob("*.part"))
    assert check_backup_file(_decrypted(folder / names[-1], db))


def test_no_daily_backup_without_a_database(tmp_path: Path) -> None:
    assert daily_backup(tmp_path / "kiosk.sqlite3", tmp_path) is None
    assert not (tmp_path / "backups").exists()


def test_a_backup_of_an_enrolled_pc_needs_force(db_home: Path, tmp_path: Path) -> None:
    enrolled = tmp_path / "enrolled.sqlite3"
    made = kiosk(
        db_home, "backup", "--out", str(enrolled), "--passphrase-stdin", input="mật khẩu 1\n"
    )
    assert "encrypted with the passphrase" in made.stdout
    plain = tmp_path / "plain.sqlite3"
    decrypt_file(enrolled, plain, "mật khẩu 1")
    conn = sqlite3.connect(plain)
    conn.executemany(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        [("sync_server", "http://10.0.0.2:8765"), ("sync_secret", "s"), ("device_id", "d")],
    )
    conn.commit()
    conn.close()
    key_file = tmp_path / "key.txt"
    key_file.write_text("mật khẩu 2\n", encoding="utf-8")
    encrypt_file(plain, enrolled, "mật khẩu 2")
    db = db_home / "kiosk.sqlite3"
    before = _sha(db)
    bad = kiosk(db_home, "restore", "--from", str(enrolled), "--key-file", str(key_file), ok=False)
    assert bad.returncode == 1 and "enrolled with the server http://10.0.0.2:8765" in bad.stderr
    assert "--force" in bad.stderr and _sha(db) == before
    wrong = kiosk(
        db_home,
        "restore",
        "--from",
        str(enrolled),
        "--force",
        "--passphrase-stdin",
        ok=False,
        input="mật khẩu 1\n",
    )
    assert wrong.returncode == 1 and "Wrong passphrase or key" in wrong.stderr
    assert _sha(db) == before
    info = kj(db_home, "restore", "--from", str(enrolled), "--force", "--key-file", str(key_file))
    assert info["kept"] == str(db) + ".bak"
