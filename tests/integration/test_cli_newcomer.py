"""Issue 17 item 12: what a newcomer met on the command line, each now one clear answer."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from tests.integration.conftest import kiosk, kj

RECEIVE = ("receive", "--procedure", "1.001570", "--name", "Quách Thượng Vỹ")


def test_doctor_says_an_empty_database_is_not_set_up(tmp_path: Path) -> None:
    kiosk(tmp_path, "search", "binh")  # any command on a fresh machine makes an empty database
    r = kiosk(tmp_path, "doctor", ok=False)
    assert r.returncode == 1
    assert "All checks passed" not in r.stdout
    assert "[FAIL] set-up: not set up yet" in r.stdout and "kiosk setup" in r.stdout
    assert "kiosk staff add" in r.stdout


def test_the_actor_must_be_an_active_staff_account(home: Path) -> None:
    r = kiosk(home, *RECEIVE, "--actor", "nobody", ok=False)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "'nobody' is not an active staff account" in r.stderr
    assert kj(home, "search", "quach vy")["dossiers"] == []  # nothing recorded
    code = kj(home, *RECEIVE, "--actor", "canbo1")["code"]
    assert kj(home, "lookup", code)["events"][0]["actor"] == "canbo1"


def test_without_actor_the_receipt_does_not_name_a_person(home: Path, tmp_path: Path) -> None:
    code = kj(home, *RECEIVE)["code"]
    pdf = tmp_path / "r.pdf"
    kiosk(home, "print", "receipt", code, "--out", str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "nhập từ dòng lệnh" in " ".join(text.split())
    assert "\ncli\n" not in text


def test_a_ticket_without_printer_says_it_was_not_printed(home: Path) -> None:
    r = kiosk(home, "ticket", "issue", "--service", "HT")
    assert "not printed" in r.stdout
    j = kj(home, "ticket", "issue", "--service", "HT")
    assert set(j) >= {"number", "service", "issued_at", "ahead"}  # CONTRACT's keys kept


def test_a_priority_ticket_counts_only_who_goes_before_it(home: Path) -> None:
    for _ in range(3):
        kj(home, "ticket", "issue", "--service", "HT")
    first = kj(home, "ticket", "issue", "--service", "HT", "--priority")
    assert first["ahead"] == 0  # three ordinary tickets wait, but it is called first
    second = kj(home, "ticket", "issue", "--service", "HT", "--priority", "disabled")
    assert second["ahead"] == 1
    assert kj(home, "ticket", "issue", "--service", "HT")["ahead"] == 5
    called = kj(home, "ticket", "call", "--counter", "1")
    assert called["number"] == first["number"]


def test_bad_values_exit_1_or_2_with_one_sentence(home: Path, tmp_path: Path) -> None:
    r = kiosk(home, "search", "--status", "42", ok=False)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "--status 42" in r.stderr
    target = tmp_path / "nonexistent" / "dir" / "x"
    r = kiosk(home, "backup", "--out", str(target), ok=False)
    assert r.returncode == 1 and "no folder" in r.stderr
    assert not (tmp_path / "nonexistent").exists()
    r = kiosk(
        home,
        "report",
        "results",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--format",
        "pdf",
        ok=False,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("kiosk report results: --format pdf needs --out")


def test_a_postgresql_connection_error_is_one_sentence(home: Path) -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = kiosk(home, "--db", f"postgresql://u@127.0.0.1:{port}/x", "lookup", "X", ok=False)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "cannot connect" in r.stderr.lower()
