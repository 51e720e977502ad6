"""The command line of CONTRACT.md, run as a real process: options, JSON keys, exit codes."""

from __future__ import annotations

from pathlib import Path

from tests.integration.conftest import kiosk, kj


def test_receive_lookup_advance_return(home: Path) -> None:
    r = kj(
        home,
        "receive",
        "--procedure",
        "1.001570",
        "--name",
        "Nguyễn Thị Hồng Nhung",
        "--id-number",
        "001190012345",
        "--phone",
        "0912345678",
        "--at",
        "2026-02-09T09:00:00",
    )
    assert r["status"] == 2 and r["code"].startswith("000.17.22.H56-260209-")
    assert r["received_at"] == "2026-02-09T09:00:00" and r["due_at"] == "2026-02-10T09:00:00"
    code = r["code"]
    info = kj(home, "lookup", code)
    assert set(info) >= {
        "code",
        "status",
        "status_name",
        "procedure",
        "received_at",
        "due_at",
        "overdue",
        "events",
    }
    assert info["procedure"] == "1.001570" and info["overdue"] is True  # it is long past 2026-02-10
    assert set(info["events"][0]) >= {"at", "status", "actor", "note"}
    assert kj(home, "advance", code, "--to", "4", "--at", "2026-02-09T10:00:00") == {
        "code": code,
        "status": 4,
    }
    kj(home, "advance", code, "--to", "9", "--at", "2026-02-10T08:00:00")
    ret = kj(home, "return", code, "--to", "Trần Văn An", "--at", "2026-02-10T10:00:00")
    assert ret == {"code": code, "status": 10, "result": "on_time"}


def test_refused_actions_exit_1_with_one_sentence(home: Path) -> None:
    code = kj(home, "receive", "--procedure", "1.001193", "--name", "Lê Văn Bình")["code"]
    bad = kiosk(home, "advance", code, "--to", "10", ok=False)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "cannot go from status 2" in bad.stderr
    for args, needle in [
        (("receive", "--procedure", "9.9", "--name", "A B"), "no procedure with code '9.9'"),
        (
            ("receive", "--procedure", "1.001193", "--name", "A B", "--id-number", "123"),
            "12 digits",
        ),
        (
            ("receive", "--procedure", "1.001193", "--name", "A B", "--at", "2026-02-30T09:00"),
            "not a valid time",
        ),
        (("lookup", "000.17.22.H56-260209-9999"), "no dossier with code"),
    ]:
        p = kiosk(home, *args, ok=False)
        assert p.returncode == 1, args
        assert needle in p.stderr and p.stderr.count("\n") == 1, p.stderr


def test_usage_errors_exit_2(home: Path) -> None:
    assert kiosk(home, "receive", "--name", "x", ok=False).returncode == 2
    assert kiosk(home, "no-such-command", ok=False).returncode == 2


def test_calendar_due(home: Path) -> None:
    assert kj(home, "calendar", "due", "--received", "2026-02-09T09:00:00", "--limit", "5") == {
        "due_at": "2026-02-23T09:00:00"
    }
    assert (
        kj(home, "calendar", "due", "--received", "2026-04-30T09:00:00", "--limit", "1")["due_at"]
        == "2026-05-05T09:00:00"
    )
    h = kj(
        home,
        "calendar",
        "due",
        "--received",
        "2026-02-09T16:00:00",
        "--limit",
        "2",
        "--unit",
        "hours",
    )
    assert h["due_at"] == "2026-02-10T08:30:00"


def test_catalog_list_and_import(home: Path, tmp_path: Path) -> None:
    rows = kj(home, "catalog", "list")["procedures"]
    assert len(rows) >= 30
    assert set(rows[0]) >= {"code", "name", "field", "time_limit", "unit", "fee"}
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\xffnot json")
    p = kiosk(home, "catalog", "import", str(bad), ok=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1
    assert len(kj(home, "catalog", "list")["procedures"]) == len(rows)


def test_queue_services(home: Path) -> None:
    services = kj(home, "queue", "services")["services"]
    assert {s["prefix"] for s in services} == {"A", "B", "C", "D"}
    assert set(services[0]) >= {"code", "name", "prefix"}


def test_database_not_ours_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    p = kiosk(tmp_path, "--db", f"sqlite:///{junk}", "init", ok=False)
    assert p.returncode == 1 and "not a SQLite database" in p.stderr
    assert junk.read_bytes().startswith(b"this is not a database")
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE customers (id INTEGER)")
    p = kiosk(tmp_path, "--db", f"sqlite:///{other}", "init", ok=False)
    assert p.returncode == 1 and "not a kiosk database" in p.stderr


def test_newer_database_is_refused(home: Path) -> None:
    from kiosk.store import cipher

    with cipher.connect(home / "kiosk.sqlite3") as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    p = kiosk(home, "lookup", "x", ok=False)
    assert p.returncode == 1 and "newer version" in p.stderr


def test_demo_data_and_backup(home: Path, tmp_path: Path) -> None:
    assert kj(home, "demo-data", "--dossiers", "500", "--days", "30")["dossiers"] == 500
    out = tmp_path / "b" / "backup.sqlite3"
    out.parent.mkdir()  # backup writes into a folder that exists (issue 17.12), never makes one
    secret = "mật khẩu sao lưu của văn phòng\n"
    kiosk(home, "backup", "--out", str(out), "--passphrase-stdin", input=secret)
    assert out.exists() and b"SQLite format 3" not in out.read_bytes()[:64]  # encrypted
    other = tmp_path / "other-pc"
    assert kj(other, "init")["procedures"] >= 30
    refused = kiosk(other, "restore", "--from", str(out), "--passphrase-stdin", ok=False,
                    input="sai mật khẩu\n")  # fmt: skip
    assert refused.returncode == 1
    kiosk(other, "restore", "--from", str(out), "--passphrase-stdin", input=secret)
    restored = kj(other, "search", "--limit", "1000")
    assert len(restored["dossiers"]) >= 500


def test_doctor(home: Path) -> None:
    info = kj(home, "doctor")
    assert {c["name"] for c in info["checks"]} >= {"database", "migrations"}
    assert all(c["ok"] for c in info["checks"])
