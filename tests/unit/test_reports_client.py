"""kiosk.sync.reports_client without a server: each kind of answer becomes the right error with
its Vietnamese sentence, and the results report's JSON comes back as the same report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import httpx
import pytest

from kiosk.services.reports import Period, ResultRow, ResultsReport, results_csv
from kiosk.sync.reports_client import (
    CredentialsRefused,
    ReportsError,
    ServerUnreachable,
    SessionExpired,
    StaffSession,
    fetch_report,
    fetch_report_csv,
    results_from_json,
    server_address,
    sign_in,
)

SERVER = "http://10.0.0.2:8765"


def client(handler: Any) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def answer(status: int, body: Any = None, **kw: Any) -> Any:
    return lambda request: httpx.Response(status, json=body, **kw)


def test_sign_in_keeps_the_token_not_the_password() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"token": "staff.ab.cd", "role": "supervisor"})

    session = sign_in(SERVER + "/", "giamsat", "bí mật", http=client(handler))
    assert session.server == SERVER and session.token == "staff.ab.cd"
    assert "bí mật" not in repr(session) and "staff.ab.cd" not in repr(session)
    assert seen[0].url.path == "/v1/staff/login"


@pytest.mark.parametrize(
    ("status", "body", "kind", "words"),
    [
        (401, {"error": "wrong password"}, CredentialsRefused, "không chấp nhận tên đăng nhập"),
        (403, {"error": "a clerk account"}, CredentialsRefused, "không được đăng nhập"),
        (200, {"token": "t", "role": "department"}, CredentialsRefused, "không phải giám sát"),
        (500, {"error": "boom"}, ServerUnreachable, "đang gặp sự cố"),
        (200, ["not", "an", "object"], ServerUnreachable, "không trả lời như máy chủ huyện"),
    ],
)
def test_sign_in_refusals(status: int, body: Any, kind: type[ReportsError], words: str) -> None:
    with pytest.raises(kind) as e:
        sign_in(SERVER, "giamsat", "x", http=client(answer(status, body)))
    assert words in e.value.message_vi


def test_no_answer_and_a_bad_address() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(ServerUnreachable) as e:
        sign_in(SERVER, "giamsat", "x", http=client(down))
    assert "Không kết nối được máy chủ huyện (http://10.0.0.2:8765)" in e.value.message_vi
    assert "cannot reach" in str(e.value)
    with pytest.raises(ReportsError) as e2:
        server_address("10.0.0.2:8765")
    assert "không hợp lệ" in e2.value.message_vi


def test_reports_and_their_refusals() -> None:
    session = StaffSession(SERVER, "giamsat", "supervisor", "staff.ab.cd")
    seen: list[httpx.Request] = []

    def ok(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.params["format"] == "csv":
            return httpx.Response(
                200, content="\ufeffno,field\n".encode(), headers={"content-type": "text/csv"}
            )
        return httpx.Response(200, json={"report": "queue", "rows": []})

    assert fetch_report(session, "queue", {"from": "2026-03-02"}, http=client(ok))["rows"] == []
    assert seen[0].headers["authorization"] == "Bearer staff.ab.cd"
    assert seen[0].url.params["from"] == "2026-03-02"
    assert fetch_report_csv(session, "results", {}, http=client(ok)) == "no,field\n"
    for status, kind in ((401, SessionExpired), (403, CredentialsRefused), (404, ReportsError)):
        with pytest.raises(kind):
            fetch_report(session, "results", {}, http=client(answer(status, {"error": "no"})))


def test_results_json_round_trip() -> None:
    report = ResultsReport(
        Period(date(2026, 3, 2), date(2026, 3, 6)),
        datetime(2026, 3, 7),
        "agency",
        [
            ResultRow(
                "UBND A",
                received_direct=3,
                resolved_late=1,
                pending_in_time=2,
                extra={"agency": "A", "agency_name": "UBND A"},
            ),
            ResultRow(
                "UBND B",
                received_online=1,
                resolved_early=1,
                extra={"agency": "B", "agency_name": "UBND B"},
            ),
        ],  # fmt: skip
        ResultRow(
            "Tổng cộng",
            received_direct=3,
            received_online=1,
            resolved_late=1,
            resolved_early=1,
            pending_in_time=2,
        ),  # fmt: skip
    )
    back = results_from_json(report.as_dict())
    assert back.as_dict() == report.as_dict() and results_csv(back) == results_csv(report)
    bad = report.as_dict()
    bad["rows"][0]["received_total"] = 99
    with pytest.raises(ReportsError) as e:
        results_from_json(bad)
    assert "không khớp" in e.value.message_vi
    with pytest.raises(ReportsError):
        results_from_json({"rows": []})
