"""The command line of issue 13 items 4 and 5: `report results --as-of`, `report close`,
`report overdue --as-of`, and the supervisor rules of `supplement`, `advance` and
`apologise` (one English sentence, exit 1). The recording clock is set by the test."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from kiosk.services import context
from kiosk.services.setup import add_staff
from kiosk.store.db import Store
from tests.unit.test_reports_cli import reports_entry_point as reports_entry_point  # noqa: F401
from tests.unit.test_reports_cli import run

HT = "1.004884"  # Hộ tịch, 5 working days
MARCH = ("--from", "2026-03-01", "--to", "2026-03-31")


def test_cli_rules_as_of_and_closing(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [datetime(2026, 3, 2, 9)]
    monkeypatch.setattr(context, "clock", lambda: clock[0])
    with store.begin() as s:
        add_staff(s, "giamsat", "Lê Thị Thu Hà", "supervisor", "motcua123")
    db = ("--db", store.engine.url.render_as_string(hide_password=False))

    def ok(*args: str) -> dict[str, object]:
        code, out, err = run(capsys, *args, *db, "--json")
        assert code == 0, err
        result: dict[str, object] = json.loads(out)
        return result

    def refused(*args: str) -> str:
        code, out, err = run(capsys, *args, *db)
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, (code, out, err)
        return err

    code = str(
        ok("receive", "--procedure", HT, "--name", "Trần Thị Bình", "--at", "2026-03-02T09:00")[
            "code"
        ]
    )  # due 9/3 09:00: overdue at the end of March
    clock[0] = datetime(2026, 4, 1, 8)
    code_, before, err = run(capsys, "report", "results", *MARCH, *db, "--json")
    assert code_ == 0, err
    assert json.loads(before)["total"]["pending_overdue"] == 1

    # April: an apology, a second one (supervisor), a supplement and a second one (supervisor)
    clock[0] = datetime(2026, 4, 15, 9)
    out = ok(
        "apologise", code, "--new-due", "2026-04-20T09:00", "--reason", "Chậm",
        "--at", "2026-04-15T09:00",
    )  # fmt: skip
    assert out["due_at"] == "2026-03-09T09:00:00" and out["new_due_at"] == "2026-04-20T09:00:00"
    err = refused(
        "apologise", code, "--new-due", "2026-04-18T09:00", "--reason", "Chậm nữa",
        "--at", "2026-04-15T09:30",
    )  # fmt: skip
    assert "later than the current one (20/04/2026 09:00)" in err
    err = refused(
        "apologise", code, "--new-due", "2026-04-24T09:00", "--reason", "Chậm nữa",
        "--at", "2026-04-15T09:30",
    )  # fmt: skip
    assert "second apology" in err and "supervisor" in err
    ok(
        "apologise", code, "--new-due", "2026-04-24T09:00", "--reason", "Chậm nữa",
        "--at", "2026-04-15T09:30", "--supervisor", "giamsat",
    )  # fmt: skip
    ok("supplement", code, "--reason", "Thiếu giấy", "--at", "2026-04-15T10:00")
    ok("resume", code, "--at", "2026-04-15T11:00")
    err = refused("supplement", code, "--reason", "Thiếu nữa", "--at", "2026-04-15T14:00")
    assert "second supplement request" in err
    err = refused("advance", code, "--to", "5", "--note", "Thiếu", "--at", "2026-04-15T14:00")
    assert "second supplement request" in err
    ok(
        "supplement", code, "--reason", "Thiếu nữa", "--at", "2026-04-15T14:00",
        "--supervisor", "giamsat",
    )  # fmt: skip
    info = ok("lookup", code)
    assert info["due_at"] == info["original_due_at"] == "2026-03-09T09:00:00"
    assert info["new_due_at"] == "2026-04-24T09:00:00"

    code_, after, err = run(capsys, "report", "results", *MARCH, *db, "--json")
    assert after == before  # byte for byte
    april = ok("report", "results", "--from", "2026-04-01", "--to", "2026-04-30")
    assert april["total"]["supplement_repeated"] == 1  # type: ignore[index]

    # A fact of March recorded on 16/4: counted now; --as-of 15/4 gives what was said then.
    clock[0] = datetime(2026, 4, 16, 9)
    ok("resume", code, "--at", "2026-04-16T08:00")
    ok("advance", code, "--to", "8", "--note", "Dừng", "--at", "2026-03-31T10:00")
    assert ok("report", "results", *MARCH)["total"]["pending_overdue"] == 0  # type: ignore[index]
    as_of = ok("report", "results", *MARCH, "--as-of", "2026-04-15T23:00")
    assert as_of["total"] == json.loads(before)["total"]
    watch = ok("report", "overdue", "--at", "2026-03-31T17:00", "--as-of", "2026-04-15T23:00")
    assert [d["code"] for d in watch["dossiers"]] == [code]  # type: ignore[index]

    # Closing March
    clock[0] = datetime(2026, 4, 17, 9)
    closed = ok("report", "close", *MARCH, "--actor", "giamsat")
    assert closed["closed_at"] == "2026-04-17T09:00:00" and closed["closed_by"] == "giamsat"
    err = refused("report", "close", *MARCH)
    assert "was closed on 17/04/2026 09:00 by giamsat" in err
    err = refused("report", "close", "--from", "2026-12-01", "--to", "2099-12-31")
    assert "has not ended" in err
    code_, text, err = run(capsys, "report", "results", *MARCH, *db)
    assert "closed on 2026-04-17T09:00:00 by giamsat" in text
