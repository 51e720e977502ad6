"""`kiosk report ...` and `kiosk roster ...`: options, JSON keys of CONTRACT.md, files, exit codes.

Run in-process through `kiosk.cli.main`. The `report` group comes from the `kiosk.commands`
entry point `reports`; until the installed metadata has it, the test adds it the same way.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from importlib.metadata import EntryPoint, EntryPoints
from pathlib import Path
from typing import Any

import pytest

import kiosk.cli as cli
from kiosk.services.demo import seed_demo
from kiosk.services.reports import COLUMNS
from kiosk.store.db import Store
from tests.unit.test_reports import EXPECTED_TOTAL, build_march

REPORTS = EntryPoint("report", "printing.report_commands:register", "kiosk.commands")


@pytest.fixture(autouse=True)
def reports_entry_point(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = cli.entry_points

    def with_reports(**kw: Any) -> EntryPoints:
        found = real(**kw)
        if kw.get("group") == "kiosk.commands" and "report" not in found.names:
            return EntryPoints([*found, REPORTS])
        return found

    monkeypatch.setattr(cli, "entry_points", with_reports)
    yield


@pytest.fixture
def db(store: Store) -> str:
    build_march(store)
    with store.begin() as s:
        seed_demo(s, sample_dossiers=0)
    return store.engine.url.render_as_string(hide_password=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


PERIOD = ("--from", "2026-03-01", "--to", "2026-03-31", "--at", "2026-04-15T10:00:00")


def test_results_json_keys_and_numbers(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "results", *PERIOD, "--db", db, "--json")
    assert code == 0, err
    assert out.count("\n") == 1
    data = json.loads(out)
    assert set(data) >= {"rows", "total"}
    for r in [*data["rows"], data["total"]]:
        assert set(r) >= {"field", *COLUMNS}
    assert {k: data["total"][k] for k in COLUMNS} == EXPECTED_TOTAL
    code, out, _ = run(capsys, "report", "results", *PERIOD, "--db", db, "--by", "clerk", "--json")
    assert [r["clerk"] for r in json.loads(out)["rows"]] == ["canbo1", "canbo2"]


def test_results_csv_and_pdf_files(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path, pdf_path = tmp_path / "r.csv", tmp_path / "r.pdf"
    code, _, err = run(
        capsys, "report", "results", *PERIOD, "--db", db, "--format", "csv", "--out", str(csv_path)
    )
    assert code == 0, err
    text = csv_path.read_text(encoding="utf-8-sig")  # with the BOM Excel wants
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[-1]["field"] == "Tổng cộng" and rows[-1]["received_total"] == "16"
    code, out, err = run(
        capsys,
        "report",
        "results",
        *PERIOD,
        "--db",
        db,
        "--format",
        "pdf",
        "--out",
        str(pdf_path),
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["out"] == str(pdf_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Hộ tịch" in text and "Tổng cộng" in text


def test_usage_errors_exit_2_and_bad_input_exit_1(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "report", "results", *PERIOD, "--db", db, "--format", "pdf")
    assert code == 2 and "--out" in err
    code, _, err = run(
        capsys, "report", "results", "--from", "2026-03-31", "--to", "2026-03-01", "--db", db
    )
    assert code == 1 and err.count("\n") == 1 and "before it starts" in err
    code, _, err = run(
        capsys, "report", "results", "--from", "31/03/2026", "--to", "2026-03-01", "--db", db
    )
    assert code == 1 and "not a valid date" in err
    code, _, err = run(capsys, "report", "queue", *PERIOD[:4], "--db", db, "--by", "mood")
    assert code == 1 and "Group by" in err


def test_queue_satisfaction_overdue(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "queue", *PERIOD[:4], "--db", db, "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == []
    code, out, err = run(capsys, "report", "satisfaction", *PERIOD[:4], "--db", db, "--json")
    data = json.loads(out)
    assert code == 0 and data["total"]["ratings"] == 0
    assert data["index"]["dossiers"] == 16 and data["index"]["satisfaction_index"] == 68.75
    code, out, err = run(
        capsys, "report", "overdue", "--db", db, "--at", "2026-03-31T10:00:00", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["total"]["overdue"] == 2  # c4 and r7 of the March data set
    # r10 (due 1/4) was still in process on 31/3: the watch then, not r10's state today
    assert [d["bucket"] for d in data["dossiers"]] == ["overdue", "overdue", "due_soon"]


def test_roster_commands(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "roster",
        "fill",
        "--db",
        db,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-06",
        "--assign",
        "1=canbo1",
        "--assign",
        "2=canbo2",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out) == {"set": 10, "gaps": 10}  # counters 3 and 4, five days
    code, out, _ = run(
        capsys,
        "roster",
        "check",
        "--db",
        db,
        "--user",
        "canbo2",
        "--counter",
        "1",
        "--day",
        "2026-03-02",
        "--json",
    )
    assert code == 1 and json.loads(out)["rostered"] == "canbo1"
    code, out, _ = run(
        capsys,
        "roster",
        "check",
        "--db",
        db,
        "--user",
        "canbo1",
        "--counter",
        "1",
        "--day",
        "2026-03-02",
    )
    assert code == 0 and "on duty" in out
    code, out, _ = run(
        capsys, "roster", "show", "--db", db, "--from", "2026-03-02", "--to", "2026-03-08"
    )
    assert code == 0 and "-- GAP --" in out and "10 gap(s)" in out
    code, _, err = run(
        capsys,
        "roster",
        "fill",
        "--db",
        db,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-06",
        "--assign",
        "one=canbo1",
    )
    assert code == 2 and "COUNTER=USER" in err
    code, _, err = run(
        capsys,
        "roster",
        "set",
        "--db",
        db,
        "--day",
        "2026-03-07",
        "--counter",
        "1",
        "--user",
        "canbo1",
    )
    assert code == 1 and "not a working day" in err


def test_results_text_shows_whole_names_and_aligns_the_total(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17.10: the text output cut field names at 33 characters and misaligned the total
    row. Columns are as wide as their widest cell, counted in terminal columns."""
    from kiosk.text_table import display_width

    code, out, err = run(capsys, "report", "results", *PERIOD, "--db", db)
    assert code == 0, err
    lines = out.rstrip("\n").split("\n")
    data = json.loads(run(capsys, "report", "results", *PERIOD, "--db", db, "--json")[1])
    names = [r["field"] for r in data["rows"]]
    body = lines[2 : 2 + len(names)]
    for name, line in zip(names, body, strict=True):
        assert line.startswith(name + " ")  # the whole name
    total = lines[-1]
    assert total.startswith("Tổng cộng") and set(lines[-2]) == {"-"}
    # every number column ends at the same terminal column in the header, rows and total
    header = lines[1]
    for line in [*body, total]:
        assert display_width(line) == display_width(header)
    assert total.split()[-11:] == [str(data["total"][k]) for k in COLUMNS]


def test_display_width_counts_terminal_columns() -> None:
    import unicodedata

    from kiosk.text_table import display_width, render

    nfc = "Chứng thực"
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) > len(nfc) and display_width(nfd) == display_width(nfc) == 10
    assert display_width("中文") == 4
    lines = render(
        ["field", "n"], [[nfd, 1], ["Hộ tịch", 22]], right=[False, True], total=["Tổng", 23]
    )
    assert len({display_width(x) for x in lines if not x.startswith("-")}) == 1
