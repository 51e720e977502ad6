"""Issue 16, item 3: retention runs by itself — the app's daily housekeeping (kiosk/backup.py)
purges once a day, only after that day's encrypted backup is written; counts only in the log."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.backup import BACKUP_DIR, daily_housekeeping, daily_name, office_key
from kiosk.privacy.retention import ERASED, LAST_RUN, SETTING
from kiosk.privacy.vault import decrypt_file
from kiosk.services.context import set_setting
from kiosk.store import cipher
from kiosk.store.db import open_store
from tests.integration.conftest import kiosk, kj

OLD = "status = 10 AND returned_at < ?"
NEW = "status = 10 AND returned_at > ?"


def _q(db: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    conn = cipher.connect(db, readonly=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _results(home: Path) -> object:
    span = ["--from", (date.today() - timedelta(days=800)).isoformat()]
    span += ["--to", date.today().isoformat()]
    data = json.loads(kiosk(home, "report", "results", *span, "--format", "json").stdout)
    data.pop("generated_at", None)
    data.pop("measured_at", None)
    return data


@pytest.fixture
def office(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND phường Quang Trung")
    assert kj(home, "demo-data", "--dossiers", "2000", "--days", "730")["dossiers"] == 2000
    return home


def test_the_daily_housekeeping_purges_after_the_backup_once_a_day(
    office: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = office / "kiosk.sqlite3"
    now = datetime.now().replace(microsecond=0)
    cutoff = (now - timedelta(days=round(12 * 30.44))).isoformat(sep=" ")
    recent = (now - timedelta(days=300)).isoformat(sep=" ")
    old = _q(db, f"SELECT id, applicant_name, applicant_id_number FROM dossier WHERE {OLD}", cutoff)
    kept = _q(db, f"SELECT id, applicant_name, applicant_phone FROM dossier WHERE {NEW}", recent)
    assert len(old) > 100 and len(kept) > 100
    before = _results(office)
    today = date.today()
    store = open_store(f"sqlite:///{db}")
    try:
        with caplog.at_level(logging.DEBUG):
            assert daily_housekeeping(store.engine, office, today=today)
        # the backup came first and still holds what the purge erased (encrypted, rotated)
        backup = office / BACKUP_DIR / daily_name(today)
        key = office_key(db, create=False)
        assert key is not None
        plain = office / "check.sqlite3"
        decrypt_file(backup, plain, key)
        conn = sqlite3.connect(plain)
        held = conn.execute("SELECT applicant_id_number FROM dossier WHERE id = ?", (old[0][0],))
        assert held.fetchone()[0] == old[0][2]
        conn.close()
        plain.unlink()
        # erased: every returned dossier older than 12 months; kept: the recent ones
        names = {r[0]: r[1] for r in _q(db, "SELECT id, applicant_name FROM dossier")}
        assert all(names[i] == ERASED for i, _, _ in old)
        ids = dict(_q(db, "SELECT id, applicant_id_number FROM dossier"))
        assert all(ids[i] is None for i, _, _ in old)
        phones = dict(_q(db, "SELECT id, applicant_phone FROM dossier"))
        assert all(names[i] == n and phones[i] == p for i, n, p in kept)
        assert _q(db, "SELECT value FROM setting WHERE key = ?", LAST_RUN) == [(today.isoformat(),)]
        # counts in the log, no citizen's name or number
        said = "\n".join(r.getMessage() for r in caplog.records)
        erased = re.search(r"(\d+) dossiers erased", said)
        assert erased is not None and int(erased.group(1)) >= len(old)
        for _, name, number in old[:200]:
            assert name not in said and number not in said
        # the same day again: the backup is there, no second purge
        caplog.clear()
        with caplog.at_level(logging.INFO):
            assert daily_housekeeping(store.engine, office, today=today)
        assert "retention purge" not in "\n".join(r.getMessage() for r in caplog.records)
    finally:
        store.close()
    assert _results(office) == before, "II.06a unchanged"


def test_no_purge_without_the_days_backup_nor_when_retention_is_off(
    office: Path, tmp_path: Path
) -> None:
    db = office / "kiosk.sqlite3"
    cutoff = (datetime.now() - timedelta(days=400)).isoformat(sep=" ")
    count = f"SELECT count(*) FROM dossier WHERE {OLD} AND applicant_name != ?"
    due = _q(db, count, cutoff, ERASED)[0][0]
    assert due > 0
    store = open_store(f"sqlite:///{db}")
    try:
        # the backup cannot be written (its folder is a file): no purge
        (office / BACKUP_DIR).write_bytes(b"in the way")
        assert not daily_housekeeping(store.engine, office)
        assert _q(db, count, cutoff, ERASED)[0][0] == due
        (office / BACKUP_DIR).unlink()
        # retention switched off by the admin: the backup is made, nothing is erased
        with store.begin() as s:
            set_setting(s, SETTING, "0")
        assert daily_housekeeping(store.engine, office)
        assert _q(db, count, cutoff, ERASED)[0][0] == due
        assert _q(db, "SELECT value FROM setting WHERE key = ?", LAST_RUN) == []
        # by hand, "0" means the default 12 months, not one month
        assert kj(office, "purge", "--dry-run")["months"] == 12
    finally:
        store.close()
