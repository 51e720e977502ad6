"""Issue 16, item 3: retention on a PC — `kiosk purge` erases the personal fields of dossiers
closed long ago and leaves every statistic as it was; `kiosk subject-report` for a supervisor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.store import cipher
from tests.integration.conftest import ROOT, kiosk, kj

DUE = "status IN (3, 7, 8, 10) AND coalesce(returned_at, finished_at, received_at, created_at) < ?"


def _q(db: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    conn = cipher.connect(db, readonly=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _results(home: Path) -> object:
    span = [
        "--from",
        (date.today() - timedelta(days=400)).isoformat(),
        "--to",
        date.today().isoformat(),
    ]
    out = kiosk(home, "report", "results", *span, "--format", "json").stdout
    data = json.loads(out)
    data.pop("generated_at", None)
    data.pop("measured_at", None)
    return data


def test_purge_on_200000_dossiers_keeps_ii06a_and_erases_the_fields(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND phường Quang Trung")
    # (its own process and time limit: 200,000 dossiers take ~20 s, minutes on a busy machine)
    env = dict(os.environ, KIOSK_HOME=str(home))
    env.pop("KIOSK_DB", None)
    made = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "demo-data", "--dossiers", "200000"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    assert made.returncode == 0, made.stderr
    db = home / "kiosk.sqlite3"
    before = _results(home)
    at = ["--at", datetime.now().replace(microsecond=0).isoformat()]
    dry = kj(home, "purge", "--dry-run", "--months", "6", *at)
    cutoff = dry["cutoff"].replace("T", " ")
    assert dry["dry_run"] and dry["months"] == 6 and dry["dossiers"] > 10_000
    assert (
        _q(
            db,
            f"SELECT count(*) FROM dossier WHERE {DUE} AND applicant_id_number IS NOT NULL",
            cutoff,
        )[0][0]
        == dry["dossiers"]
    ), "a dry run changes nothing"
    # the demo draws its citizens from a pool: give a few old dossiers data found nowhere else
    only_old = ["099000000001", "099000000002", "099000000003"]
    conn = cipher.connect(db)
    for n, number in enumerate(only_old):
        conn.execute(
            f"UPDATE dossier SET applicant_id_number = ?, applicant_address = ? WHERE id = "
            f"(SELECT id FROM dossier WHERE {DUE} ORDER BY id LIMIT 1 OFFSET ?)",
            (number, f"Thôn Tả Phìn {n}, xã Sà Phìn", cutoff, n * 1000),
        )
    conn.commit()
    conn.close()
    kept_before = _q(
        db,
        f"SELECT count(*) FROM dossier WHERE NOT ({DUE}) AND applicant_id_number IS NOT NULL",
        cutoff,
    )[0][0]

    done = kj(home, "purge", "--months", "6", *at)
    assert done["dossiers"] == dry["dossiers"] and not done["dry_run"]
    assert _results(home) == before, "II.06a must not change"
    left = _q(
        db,
        f"SELECT count(*) FROM dossier WHERE {DUE} AND (applicant_id_number IS NOT NULL "
        "OR applicant_phone IS NOT NULL OR applicant_address IS NOT NULL "
        "OR applicant_name_key != '')",
        cutoff,
    )[0][0]
    assert left == 0
    erased = _q(db, "SELECT count(*) FROM dossier WHERE applicant_name LIKE '(đã xoá%'")[0][0]
    assert erased == done["dossiers"]
    assert (
        _q(
            db,
            f"SELECT count(*) FROM dossier WHERE NOT ({DUE}) AND applicant_id_number IS NOT NULL",
            cutoff,
        )[0][0]
        == kept_before
    )
    # codes stay: a purged dossier is still looked up by its code
    code = _q(db, f"SELECT code FROM dossier WHERE {DUE} LIMIT 1", cutoff)[0][0]
    assert kj(home, "lookup", code)["code"] == code
    again = kj(home, "purge", "--months", "6", "--dry-run", *at)
    assert again["dossiers"] == 0
    raw = b"".join(p.read_bytes() for p in home.glob("kiosk.sqlite3*"))
    for n, number in enumerate(only_old):
        assert number.encode() not in raw, f"{number} still in the database file's bytes"
        assert f"Thôn Tả Phìn {n}".encode() not in raw


def test_subject_report_is_for_a_supervisor_and_shows_what_is_held(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kj(home, "init", "--agency-code", "000.17.22.H56", "--agency-name", "UBND xã Sà Phìn")
    kiosk(
        home,
        "staff",
        "add",
        "tp1",
        "--name",
        "Trưởng bộ phận",
        "--role",
        "supervisor",
        "--password",
        "mật-khẩu-dài-1",
    )
    kiosk(
        home,
        "staff",
        "add",
        "cb1",
        "--name",
        "Cán bộ",
        "--role",
        "clerk",
        "--password",
        "mật-khẩu-dài-2",
    )
    code = kj(
        home,
        "receive",
        "--procedure",
        "1.001193",
        "--name",
        "Giàng A Pao",
        "--id-number",
        "001090012345",
        "--phone",
        "0912345678",
        "--actor",
        "cb1",
    )["code"]
    kj(
        home,
        "receive",
        "--procedure",
        "1.001193",
        "--name",
        "Lò Văn Hặc",
        "--id-number",
        "014085004321",
        "--actor",
        "cb1",
    )
    refused = kiosk(home, "subject-report", "001090012345", "--actor", "cb1", ok=False)
    assert refused.returncode == 1 and "supervisor" in refused.stderr
    report = kj(home, "subject-report", "001 090 012 345", "--actor", "tp1")
    assert [d["code"] for d in report["dossiers"]] == [code]
    d = report["dossiers"][0]
    assert d["name"] == "Giàng A Pao" and d["phone"] == "0912345678" and d["events"]
