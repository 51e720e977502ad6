"""Issue 19, item 8: a data folder whose name holds `#`, `%20`, spaces and Vietnamese letters
(Windows user names allow them) works end to end: init, receive, backup (verified), restore."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from kiosk.backup import BackupError, backup_sqlite, office_key
from kiosk.paths import sqlite_uri, sqlite_url
from kiosk.privacy.vault import decrypt_file
from kiosk.store.db import default_url
from tests.integration.conftest import kiosk, kj

ODD = "Phòng #2 %20 Một cửa"


@pytest.mark.parametrize(
    "path",
    [
        f"/home/u/{ODD}/kiosk.sqlite3",
        f"C:/Users/Lê Thị #1/AppData/Local/{ODD}?x=1/kiosk.sqlite3",
        "/tmp/100% done/a b/kiosk.sqlite3",
    ],
)
def test_sqlite_urls_give_back_the_same_path(path: str) -> None:
    assert make_url(sqlite_url(Path(path))).database == Path(path).as_posix()
    assert make_url(default_url(Path(path).parent)).database == str(Path(path))


def test_sqlite_uri_opens_the_right_file(tmp_path: Path) -> None:
    folder = tmp_path / ODD
    folder.mkdir()
    with sqlite3.connect(folder / "a.sqlite3") as c:
        c.execute("CREATE TABLE t (x)")
    conn = sqlite3.connect(sqlite_uri(folder / "a.sqlite3", mode="ro"), uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 1
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD]  # no look-alike folder made


def test_data_folder_with_hash_and_percent_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / ODD
    info = kj(home, "init", "--demo")
    assert make_url(info["db"]).database == str(home / "kiosk.sqlite3")
    assert (home / "kiosk.sqlite3").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD]  # not "Phòng #2   Một cửa"
    code = kj(home, "receive", "--procedure", "1.001193", "--name", "Lê Văn Bình")["code"]

    out_dir = tmp_path / "Sao lưu #3 %41"
    out_dir.mkdir()  # kiosk backup creates no folder (issue 17.12)
    b = kj(home, "backup", "--out", str(out_dir) + "/")
    backup = Path(b["out"])
    assert backup.parent == out_dir and b["pages"] > 10
    plain = tmp_path / "plain.sqlite3"  # backups are encrypted (issue 16): office key here
    decrypt_file(backup, plain, office_key(home / "kiosk.sqlite3", create=False) or "")
    with sqlite3.connect(plain) as c:
        tables = c.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        assert tables > 10
        assert c.execute("SELECT count(*) FROM dossier WHERE code = ?", (code,)).fetchone() == (1,)

    kj(home, "receive", "--procedure", "1.001193", "--name", "Trần Thị Hoa")
    assert len(kj(home, "search", "Trần Thị Hoa")["dossiers"]) == 1
    r = kj(home, "restore", "--from", str(backup))
    assert Path(r["kept"]).is_file()
    assert kj(home, "search", "Trần Thị Hoa")["dossiers"] == []
    assert kj(home, "lookup", code)["code"] == code
    assert kiosk(home, "doctor").returncode in (0, 1)  # it runs; printers may be missing here
    assert "no database" not in kiosk(home, "doctor", ok=False).stdout


def test_a_backup_is_verified_before_it_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()  # a file with no tables: the copy would be "successful"
    out = tmp_path / "b.sqlite3"
    with pytest.raises(BackupError, match="0 tables"):
        backup_sqlite(empty, out)
    assert not out.exists() and not out.with_name("b.sqlite3.part").exists()
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(tmp_path / ODD / "kiosk.sqlite3", out)
