"""Setting up a real office by the command line alone (issue 14), as real processes, on SQLite
and on PostgreSQL: no --demo anywhere. Then a ticket is issued, called at counter 2, a dossier
received and its receipt printed; and every bad input is refused with one sentence naming it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLACE = "Hà Đông"


def run(
    home: Path, db: str | None, *args: str, stdin: str = "", ok: bool = True
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_HOME=str(home))
    env.pop("KIOSK_DB", None)
    if db:
        env["KIOSK_DB"] = db
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        input=stdin,
        timeout=120,
    )
    if ok:
        assert proc.returncode == 0, (args, proc.stderr)
    return proc


def js(home: Path, db: str | None, *args: str, stdin: str = "") -> dict[str, Any]:
    out = run(home, db, *args, "--json", stdin=stdin).stdout
    assert out.count("\n") == 1, out
    return json.loads(out)  # type: ignore[no-any-return]


def set_up_office(home: Path, db: str | None) -> None:
    """The set-up of docs/admin.md, step by step."""
    assert js(home, db, "init")["procedures"] >= 30
    office = js(
        home, db, "office", "set",
        "--agency-code", "000.17.22.H56",
        "--agency-name", "UBND phường Quang Trung",
        "--parent-name", "UBND quận Hà Đông",
        "--place-name", PLACE,
        "--address", "Số 1 Quang Trung, Hà Đông",
        "--phone", "024 3382 1234",
        "--hours", "07:30-11:30,13:30-17:00",
        "--cutoff", "16:00",
    )  # fmt: skip
    assert office["agency_code"] == "000.17.22.H56" and office["pending"] is False
    js(home, db, "department", "add", "TP", "--name", "Phòng Tư pháp", "--field", "Hộ tịch")
    js(home, db, "service", "add", "HT", "--name", "Hộ tịch", "--prefix", "A",
       "--field", "Hộ tịch", "--field", "Chứng thực")  # fmt: skip
    js(home, db, "service", "add", "DD", "--name", "Đất đai", "--prefix", "B", "--field", "Đất đai")
    js(home, db, "service", "add", "KD", "--name", "Kinh doanh", "--prefix", "C",
       "--field", "Thành lập và hoạt động hộ kinh doanh", "--priority", "elderly")  # fmt: skip
    js(home, db, "counter", "add", "1", "--service", "DD", "--service", "KD")
    js(home, db, "counter", "add", "2", "--service", "HT", "--printer", "sim://receipt")
    pw = "matkhau-2026\n"
    js(home, db, "staff", "add", "canbo2", "--name", "Trần Văn Minh", "--role", "clerk",
       "--counter", "2", "--password-stdin", stdin=pw)  # fmt: skip
    js(home, db, "staff", "add", "giamsat", "--name", "Lê Thị Thu Hà", "--role", "supervisor",
       "--password-stdin", stdin=pw)  # fmt: skip
    js(home, db, "staff", "add", "chuyenvien", "--name", "Hoàng Văn Đức", "--role", "department",
       "--department", "TP", "--password-stdin", stdin=pw)  # fmt: skip
    js(home, db, "kiosk-pin", "set", "--pin-stdin", stdin="864209\n")
    js(home, db, "procedure", "fee", "set", "1.001193", "--charge", "8000",
       "--basis", "Nghị quyết 12/2025/NQ-HĐND")  # fmt: skip


def serve_a_citizen(home: Path, db: str | None) -> None:
    ticket = js(home, db, "ticket", "issue", "--service", "HT")
    assert ticket["number"] == "A001"
    called = js(home, db, "ticket", "call", "--counter", "2", "--actor", "canbo2")
    assert called == {"number": "A001", "counter": 2} or called["number"] == "A001"
    d = js(home, db, "receive", "--procedure", "1.001193", "--name", "Nguyễn Thị Hồng Nhung",
           "--counter", "2", "--actor", "canbo2", "--fee-mode", "paid", "--fee-amount", "8000",
           "--fee-receipt", "0001234")  # fmt: skip
    assert d["code"].startswith("000.17.22.H56-") and d["status"] == 2
    pdf = home / "receipt.pdf"
    run(home, db, "print", "receipt", d["code"], "--out", str(pdf))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert PLACE in text and "UBND phường Quang Trung".upper() in text.upper()
    assert "8.000" in text and "0001234" in text
    run(home, db, "print", "ticket-receipt", d["code"], "--printer", "sim://receipt")
    today = d["received_at"][:10]
    fees = js(home, db, "report", "fees", "--date", today)
    assert fees["total_paid_vnd"] == 8000
    assert [(r["counter"], r["clerk"], r["paid"]) for r in fees["rows"]] == [(2, "canbo2", 1)]
    out = home / "fees.pdf"
    run(home, db, "report", "fees", "--date", today, "--format", "pdf", "--out", str(out))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "THU PHÍ" in text and "Trần Văn Minh" in text and "8.000 đồng" in text


def check_lists(home: Path, db: str | None) -> None:
    staff = {r["username"]: r for r in js(home, db, "staff", "list")["staff"]}
    assert staff["chuyenvien"]["department"] == "TP" and staff["canbo2"]["counter"] == 2
    counters = js(home, db, "counter", "list")["counters"]
    assert [(c["number"], c["services"]) for c in counters] == [(1, ["DD", "KD"]), (2, ["HT"])]
    services = js(home, db, "service", "list")["services"]
    assert [s["prefix"] for s in services] == ["A", "B", "C"]
    shown = js(home, db, "office", "show")
    assert shown["place_name"] == PLACE and shown["cutoff"] == "16:00" and shown["kiosk_pin_set"]
    # counter 2 has a ticket now: removing retires it, kept for the reports
    assert js(home, db, "counter", "remove", "2")["outcome"] == "retired"
    assert [c["number"] for c in js(home, db, "counter", "list")["counters"]] == [1]
    js(home, db, "counter", "set", "2", "--active", "yes")
    js(home, db, "staff", "disable", "giamsat")
    assert not {r["username"]: r for r in js(home, db, "staff", "list")["staff"]}["giamsat"][
        "active"
    ]


def test_a_real_office_by_the_command_line_on_sqlite(tmp_path: Path) -> None:
    set_up_office(tmp_path, None)
    serve_a_citizen(tmp_path, None)
    check_lists(tmp_path, None)


@pytest.mark.postgres
def test_a_real_office_by_the_command_line_on_postgres(tmp_path: Path, pg_url: str) -> None:
    set_up_office(tmp_path, pg_url)
    serve_a_citizen(tmp_path, pg_url)
    check_lists(tmp_path, pg_url)


def test_bad_input_is_refused_with_one_sentence(tmp_path: Path) -> None:
    home = tmp_path
    js(home, None, "init")
    js(
        home,
        None,
        "service",
        "add",
        "HT",
        "--name",
        "Hộ tịch",
        "--prefix",
        "A",
        "--field",
        "Hộ tịch",
    )
    js(home, None, "counter", "add", "1", "--service", "HT")
    js(home, None, "staff", "add", "canbo1", "--name", "Lan", "--role", "clerk",
       "--password-stdin", stdin="matkhau1\n")  # fmt: skip
    for args, stdin, needle in [
        (("office", "set", "--agency-code", "17.22.H56"), "", "not an agency electronic"),
        (("office", "set", "--hours", "sáng"), "", "07:30-11:30"),
        (("service", "add", "HT", "--name", "x", "--prefix", "B"), "", "HT already exists"),
        (("service", "add", "KD", "--name", "x", "--prefix", "A"), "", "already used by service"),
        (("service", "add", "KD", "--name", "x", "--prefix", "C", "--field", "Không"), "",
         "no field"),
        (("counter", "add", "1"), "", "counter 1 already exists"),
        (("counter", "add", "2", "--service", "ZZ"), "", "no queue service 'ZZ'"),
        (("counter", "add", "2", "--printer", "lpt1"), "", "not a printer address"),
        (("staff", "add", "canbo1", "--name", "X", "--role", "clerk", "--password-stdin"),
         "matkhau1\n", "already taken"),
        (("staff", "add", "canbo3", "--name", "X", "--role", "clerk", "--password-stdin"),
         "123\n", "at least 6"),
        (("staff", "add", "canbo3", "--name", "X", "--role", "clerk"), "", "no terminal"),
        (("staff", "add", "canbo3", "--name", "X", "--role", "clerk", "--counter", "5",
          "--password-stdin"), "matkhau1\n", "no counter 5"),
        (("staff", "add", "cv", "--name", "X", "--role", "department", "--department", "NN",
          "--password-stdin"), "matkhau1\n", "no department 'NN'"),
        (("staff", "set", "nobody", "--name", "X"), "", "no staff account 'nobody'"),
        (("kiosk-pin", "set", "--pin-stdin"), "12\n", "4 to 12 digits"),
        (("procedure", "fee", "set", "1.001193", "--fee", "5000"), "", "legal basis"),
    ]:  # fmt: skip
        proc = run(home, None, *args, stdin=stdin, ok=False)
        assert proc.returncode == 1, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1 and needle.lower() in proc.stderr.lower(), (
            args,
            proc.stderr,
        )
        assert "UNIQUE" not in proc.stderr and proc.stdout == ""
    usage = run(home, None, "counter", "set", "1", ok=False)
    assert usage.returncode == 2
    warned = run(home, None, "staff", "add", "canbo9", "--name", "Old Script", "--role", "clerk",
                 "--password", "matkhau1")  # fmt: skip
    assert "can be seen by others" in warned.stderr


SETUP = """
[office]
agency_code = "000.17.22.H56"
agency_name = "UBND phường Quang Trung"
place_name = "Hà Đông"
hours = "07:30-11:30,13:30-17:00"
cutoff = "15:00"

[[departments]]
code = "TP"
name = "Phòng Tư pháp"
fields = ["Hộ tịch"]

[[services]]
code = "HT"
name = "Hộ tịch"
prefix = "A"
fields = ["Hộ tịch", "Chứng thực"]

[[counters]]
number = 1
services = ["HT"]

[[staff]]
username = "canbo1"
full_name = "Nguyễn Thị Lan"
role = "clerk"
counter = 1
password_hash = "{hash}"
"""


def test_setup_from_a_file_in_one_transaction(tmp_path: Path) -> None:
    from kiosk.services.setup import hash_password

    good = tmp_path / "office.toml"
    good.write_text(SETUP.replace("{hash}", hash_password("matkhau1")), encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(SETUP.replace('prefix = "A"', 'prefix = "7"'), encoding="utf-8")
    js(tmp_path, None, "init")
    proc = run(tmp_path, None, "setup", "--non-interactive", "--from", str(bad), ok=False)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "[[services]] 1 (prefix)" in proc.stderr
    assert js(tmp_path, None, "counter", "list")["counters"] == []  # nothing was kept
    summary = js(tmp_path, None, "setup", "--non-interactive", "--from", str(good))
    assert summary == {"departments": 1, "services": 1, "counters": 1, "staff": 1}
    assert js(tmp_path, None, "office", "show")["place_name"] == "Hà Đông"
    assert js(tmp_path, None, "staff", "list")["staff"][0]["counter"] == 1
    from importlib.metadata import entry_points  # plain `kiosk setup` opens the wizard (ui/)

    assert [e.name for e in entry_points(group="kiosk.setup")] == ["wizard"]
