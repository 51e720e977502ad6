"""Issue 16, item 2: personal data at rest — private files, the device secret outside the
database, encrypted backups restorable only with their key."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.backup import daily_backup, office_key
from kiosk.logs import setup_logging
from kiosk.privacy.files import too_open
from kiosk.privacy.vault import VaultError, decrypt_file, encrypt_file
from kiosk.services.context import get_setting
from kiosk.store.db import open_store
from kiosk.sync.engine import SECRET_ELSEWHERE, credentials, device_secret, store_device_secret
from tests.integration.conftest import kiosk, kj

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes (ACLs: Windows CI)")
NAME = "Giàng Thị Mỷ"
ID_NUMBER = "001190012345"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The test process itself writes with a permissive umask: the app must not rely on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def clean_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for h in root.handlers:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_every_file_the_app_writes_is_the_users_alone(
    tmp_path: Path, open_umask: None, clean_root: None
) -> None:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND xã Sà Phìn")
    code = kj(home, "receive", "--procedure", "1.001193", "--name", NAME, "--id-number", ID_NUMBER)[
        "code"
    ]
    out = tmp_path / "usb"  # folders chosen by the user keep their own mode; our files do not
    out.mkdir(mode=0o755)
    written = [
        out / "receipt.pdf",
        home / "printouts" / "receipt.pdf",
        out / "ii06a.csv",
        out / "backup.sqlite3.enc",
    ]
    kiosk(home, "print", "receipt", code, "--out", str(written[0]))
    kiosk(home, "print", "receipt", code, "--out", str(written[1]))
    kiosk(
        home,
        "report",
        "results",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "csv",
        "--out",
        str(written[2]),
    )
    kiosk(home, "backup", "--out", str(written[3]), "--passphrase-stdin", input="khoá\n")
    # in this (permissive) process: the log files, the daily backup, the config file
    setup_logging(home)
    logging.getLogger("kiosk.test").warning("a line for %s", code)
    for h in logging.getLogger().handlers:
        h.flush()
    daily_backup(home / "kiosk.sqlite3", home, today=date(2026, 2, 9))
    from kiosk.devices.config import save_config

    save_config(home, {"log_level": "INFO"})
    for p in written:
        assert p.is_file() and _mode(p) == 0o600, f"{p}: {oct(_mode(p))}"
    assert _mode(home) == 0o700
    found = {p.relative_to(home).as_posix(): oct(m) for p, m in too_open(home)}
    assert found == {}, f"readable by others: {found}"
    names = {p.name for p in home.rglob("*")}
    assert {"kiosk.sqlite3", "kiosk.log", "config.toml", "backups", "private"} <= names
    assert any(n.endswith(".sqlite3.enc") for n in names) and "backup-key.secret" in names


def test_a_backup_is_unreadable_without_its_key_and_restores_with_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND xã Sà Phìn")
    code = kj(home, "receive", "--procedure", "1.001193", "--name", NAME, "--id-number", ID_NUMBER)[
        "code"
    ]
    backup = tmp_path / "usb" / "b.enc"
    backup.parent.mkdir()
    info = kiosk(
        home, "backup", "--out", str(backup), "--json", "--passphrase-stdin", input="Một cửa 2026\n"
    ).stdout
    assert '"encrypted": true' in info and '"key": "passphrase"' in info
    raw = backup.read_bytes()
    for clear in (NAME.encode(), ID_NUMBER.encode(), code.encode(), b"SQLite format 3"):
        assert clear not in raw
    with pytest.raises(VaultError, match="wrong passphrase"):
        decrypt_file(backup, tmp_path / "x", "Một cửa 2025")
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.part").exists()
    # a truncated file is refused, not half restored
    cut = tmp_path / "cut.enc"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(VaultError, match="cut short"):
        decrypt_file(cut, tmp_path / "y", "Một cửa 2026")
    kj(home, "receive", "--procedure", "1.001193", "--name", "Lò Văn Hặc")
    bad = kiosk(home, "restore", "--from", str(backup), ok=False)  # the office key: not it
    assert bad.returncode == 1 and "is encrypted: give its passphrase" in bad.stderr
    done = kiosk(
        home, "restore", "--from", str(backup), "--passphrase-stdin", input="Một cửa 2026\n"
    )
    assert done.returncode == 0
    assert kj(home, "search", "Lò Văn Hặc")["dossiers"] == []
    assert kj(home, "lookup", code)["code"] == code
    # the daily copies: the office key, shown by `kiosk backup-key` for the admin to keep
    key = kj(home, "backup-key")["key"]
    made = daily_backup(home / "kiosk.sqlite3", home, today=date(2026, 2, 10))
    assert made is not None
    decrypt_file(made, tmp_path / "daily.sqlite3", key)
    assert (tmp_path / "daily.sqlite3").read_bytes().startswith(b"SQLite format 3")


def test_large_files_are_streamed_in_chunks(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * (1 << 20) + 12345))
    encrypt_file(big, tmp_path / "big.enc", "k")
    decrypt_file(tmp_path / "big.enc", tmp_path / "back.bin", "k")
    assert (tmp_path / "back.bin").read_bytes() == big.read_bytes()


def test_the_device_secret_is_kept_outside_the_database_and_its_backups(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    store = open_store(f"sqlite:///{db}")
    secret = "s3cr3t-device-token-0123456789"
    try:
        with store.begin() as s:
            from kiosk.services.context import set_setting

            set_setting(s, "sync_server", "http://127.0.0.1:9")
            set_setting(s, "device_id", "dev-1")
            set_setting(s, "sync_secret", secret)  # as an older version kept it
        with store.begin() as s:
            creds = credentials(s)  # moves it out on first use
            assert creds is not None and creds.secret == secret
        with store.begin() as s:
            assert get_setting(s, "sync_secret") == SECRET_ELSEWHERE
            assert device_secret(s) == secret
            store_device_secret(s, secret + "-2")
        with store.read() as s:
            assert device_secret(s) == secret + "-2"
    finally:
        store.close()
    files = list(tmp_path.glob("kiosk.sqlite3*"))
    assert files  # secure_delete: the old value's bytes were overwritten, not just unlinked
    for f in files:
        assert secret.encode() not in f.read_bytes(), f
    kept = tmp_path / "private" / "device-secret.secret"  # no Secret Service here: the file
    assert kept.is_file() and _mode(kept) == 0o600 and _mode(kept.parent) == 0o700
    assert office_key(db) == office_key(db, create=False)


def test_doctor_warns_about_loose_permissions_and_says_what_it_found_on_disk_and_lockdown(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND xã Sà Phìn")
    clean = kiosk(home, "doctor", "--public", "--json", ok=False).stdout
    import json

    checks = {c["name"]: c for c in json.loads(clean)["checks"]}
    assert checks["permissions"]["ok"] and "warning" not in checks["permissions"]
    assert checks["disk encryption"]["ok"]  # a warning here (no LUKS on CI), never a failure
    assert "kiosk lock-down" in checks
    (home / "kiosk.sqlite3").chmod(0o644)
    home.chmod(0o755)
    loose = json.loads(kiosk(home, "doctor", "--json", ok=False).stdout)
    perm = {c["name"]: c for c in loose["checks"]}["permissions"]
    assert perm["warning"] and "kiosk.sqlite3 0o644" in perm["detail"] and "chmod" in perm["fix"]
    (home / "kiosk.sqlite3").chmod(0o644)  # opening the database made it private again
    (home / "config.toml").write_text('admin_pin = "1234"\n', encoding="utf-8")
    text = kiosk(home, "doctor", ok=False).stdout
    assert "[warn] permissions" in text
    assert "[warn] admin PIN" in text and "kiosk kiosk-pin set" in text
