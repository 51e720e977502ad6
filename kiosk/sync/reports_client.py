"""The district reports from the server, for the supervisor's window (Qt-free).

`GET /v1/reports/{results,queue,satisfaction,overdue}` (docs/server.md, "District reports")
wants a staff session of a supervisor or an admin, not the PC's device credentials: the
supervisor signs in with `sign_in` (`POST /v1/staff/login`, the password goes no further than
that request) and the `StaffSession` it returns, kept in memory by the caller, reads the
reports with `fetch_report` / `fetch_report_csv`.

Every failure is a `ReportsError` (a `KioskError`) with one sentence in English and one in
Vietnamese: the server cannot be reached (`ServerUnreachable`), refuses the user name or password
or the account (`CredentialsRefused`), the session has run out (`SessionExpired`: sign in again),
or the request itself (`ReportsError`).

`results_from_json` turns the results report's JSON back into a `ResultsReport`, so the PDF of
the district report comes from the same printing code as the PC's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import httpx

from kiosk.errors import KioskError
from kiosk.services.reports import COLUMNS, LEAVES, Period, ResultRow, ResultsReport
from kiosk.sync.client import SyncError, normalize_server
from kiosk.sync.http import server_client

KINDS = ("results", "queue", "satisfaction", "overdue")
REPORT_ROLES = ("supervisor", "admin")
LOGIN_TIMEOUT = 15.0
REPORT_TIMEOUT = 60.0  # a district report over a year of every office takes a few seconds


class ReportsError(KioskError):
    """The district server did not give the report; the message says why."""

    def __init__(self, message_en: str, message_vi: str, status: int | None = None) -> None:
        super().__init__(message_en, message_vi)
        self.status = status


class ServerUnreachable(ReportsError):
    """No answer, or the server is unwell (5xx): try again later."""


class CredentialsRefused(ReportsError):
    """The server refused the user name, the password or the account (its role, its office)."""


class SessionExpired(ReportsError):
    """The staff session is no longer valid (401): sign in again."""


@dataclass(frozen=True)
class StaffSession:
    """A supervisor's session on the server: kept in memory for one sign-in, never on disk."""

    server: str
    username: str
    role: str
    token: str = field(repr=False)
    expires_at: str = ""


def server_address(url: str) -> str:
    """The configured server address, checked (`http://host:port`)."""
    try:
        return normalize_server(url)
    except SyncError:
        raise ReportsError(
            f"the server address configured on this PC is not valid: {url[:80]!r}",
            f"Địa chỉ máy chủ huyện cấu hình trên máy này không hợp lệ: {url[:80]}",
        ) from None


def _request(
    server: str,
    method: str,
    path: str,
    *,
    token: str | None = None,
    json: Any = None,
    params: dict[str, str] | None = None,
    timeout: float,
    http: httpx.Client | None = None,
) -> httpx.Response:
    """One request; no answer or a 5xx is `ServerUnreachable`, any other status is returned."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    own = http is None
    client = http or server_client(server, timeout)  # no system proxy (kiosk/sync/http.py)
    try:
        response = client.request(
            method, server + path, json=json, params=params, headers=headers, timeout=timeout
        )
    except httpx.TimeoutException:
        raise ServerUnreachable(
            f"the district server at {server} did not answer in time",
            f"Máy chủ huyện ({server}) không trả lời kịp. Kiểm tra mạng rồi thử lại.",
        ) from None
    except httpx.HTTPError as exc:
        raise ServerUnreachable(
            f"cannot reach the district server at {server} ({exc})",
            f"Không kết nối được máy chủ huyện ({server}). Kiểm tra mạng hoặc hỏi quản trị "
            "viên; số liệu của đơn vị này vẫn xem được.",
        ) from None
    finally:
        if own:
            client.close()
    if response.status_code >= 500:
        raise ServerUnreachable(
            f"the district server at {server} has a problem: {_reason(response)}",
            f"Máy chủ huyện ({server}) đang gặp sự cố. Thử lại sau ít phút.",
            response.status_code,
        )
    return response


def _reason(response: httpx.Response) -> str:
    """The server's one sentence (`{"error": ...}`), or the start of whatever it sent."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])[:300]
    return response.text.strip()[:200] or response.reason_phrase


def _json(server: str, response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ServerUnreachable(
            f"the server at {server} did not answer as a district server",
            f"Địa chỉ {server} không trả lời như máy chủ huyện. Hỏi quản trị viên địa chỉ "
            "máy chủ đồng bộ.",
            response.status_code,
        )
    return data


def sign_in(
    server: str,
    username: str,
    password: str,
    *,
    http: httpx.Client | None = None,
    timeout: float = LOGIN_TIMEOUT,
) -> StaffSession:
    """A staff session of a supervisor or an admin on the server."""
    server = server_address(server)
    response = _request(
        server,
        "POST",
        "/v1/staff/login",
        json={"username": username, "password": password},
        timeout=timeout,
        http=http,
    )
    if response.status_code in (401, 403):
        reason = _reason(response)
        if response.status_code == 401:
            vi = "Máy chủ huyện không chấp nhận tên đăng nhập hoặc mật khẩu này."
        else:
            vi = f"Tài khoản {username} không được đăng nhập máy chủ huyện."
        raise CredentialsRefused(
            f"the district server refused the sign-in: {reason}", vi, response.status_code
        )
    if response.status_code >= 400:
        raise ReportsError(
            f"the district server refused the sign-in: {_reason(response)}",
            "Máy chủ huyện không nhận yêu cầu đăng nhập.",
            response.status_code,
        )
    data = _json(server, response)
    role, token = data.get("role"), data.get("token")
    if not isinstance(token, str) or not isinstance(role, str):
        raise ServerUnreachable(
            f"the server at {server} did not answer as a district server",
            f"Địa chỉ {server} không trả lời như máy chủ huyện.",
        )
    if role not in REPORT_ROLES:
        raise CredentialsRefused(
            f"a {role} account cannot read the district reports",
            f"Tài khoản {username} trên máy chủ huyện không phải giám sát hay quản trị, nên "
            "không xem được báo cáo toàn huyện.",
            403,
        )
    return StaffSession(server, username, role, token, str(data.get("expires_at") or ""))


def _get(
    session: StaffSession,
    kind: str,
    params: dict[str, str],
    *,
    http: httpx.Client | None,
    timeout: float,
) -> httpx.Response:
    if kind not in KINDS:
        raise ValueError(f"no district report {kind!r}")
    response = _request(
        session.server,
        "GET",
        f"/v1/reports/{kind}",
        token=session.token,
        params=params,
        timeout=timeout,
        http=http,
    )
    status = response.status_code
    if status < 400:
        return response
    reason = _reason(response)
    if status == 401:
        raise SessionExpired(
            f"the district server session has ended: {reason}",
            "Phiên làm việc với máy chủ huyện đã hết hạn; đăng nhập lại.",
            status,
        )
    if status == 403:
        raise CredentialsRefused(
            f"the district server refused: {reason}",
            "Máy chủ huyện không cho tài khoản này xem báo cáo toàn huyện (chỉ giám sát, quản "
            "trị; người gắn với một phòng chỉ xem được đơn vị của mình).",
            status,
        )
    if status == 404:
        raise ReportsError(
            f"the district server has no such report: {reason}",
            "Máy chủ huyện chưa có báo cáo này; cần cập nhật phần mềm máy chủ.",
            status,
        )
    raise ReportsError(
        f"the district server refused the request: {reason}",
        f"Máy chủ huyện không nhận yêu cầu báo cáo: {reason}",
        status,
    )


def fetch_report(
    session: StaffSession,
    kind: str,
    params: dict[str, str],
    *,
    http: httpx.Client | None = None,
    timeout: float = REPORT_TIMEOUT,
) -> dict[str, Any]:
    """One district report as the server's JSON (`report`, `scope`, `offices`, ...)."""
    response = _get(session, kind, {**params, "format": "json"}, http=http, timeout=timeout)
    return _json(session.server, response)


def fetch_report_csv(
    session: StaffSession,
    kind: str,
    params: dict[str, str],
    *,
    http: httpx.Client | None = None,
    timeout: float = REPORT_TIMEOUT,
) -> str:
    """The report as the server's CSV (as `kiosk report ... --format csv`), without the BOM."""
    response = _get(session, kind, {**params, "format": "csv"}, http=http, timeout=timeout)
    if not response.headers.get("content-type", "").startswith("text/csv"):
        raise ServerUnreachable(
            f"the server at {session.server} did not answer with CSV",
            f"Máy chủ huyện ({session.server}) không trả về tệp CSV.",
            response.status_code,
        )
    return response.content.decode("utf-8-sig")


def results_from_json(data: dict[str, Any]) -> ResultsReport:
    """The results report (II.06a) as the server's JSON has it, back as a `ResultsReport`.

    The leaf counts are taken as they are; the totals are derived again, so a row whose totals
    disagree with its leaves is refused rather than printed."""

    def row(d: dict[str, Any]) -> ResultRow:
        extra = {k: v for k, v in d.items() if k != "field" and k not in COLUMNS}
        repeated = int(extra.pop("supplement_repeated", 0) or 0)
        r = ResultRow(
            str(d.get("field") or ""),
            **{k: int(d[k]) for k in LEAVES},
            extra=extra,
            supplement_repeated=repeated,
        )
        if any(int(d[k]) != getattr(r, k) for k in COLUMNS):
            raise ReportsError(
                f"the district server's row {r.field!r} does not add up",
                f"Số liệu dòng “{r.field}” của máy chủ huyện không khớp nhau.",
            )
        return r

    try:
        return ResultsReport(
            Period(date.fromisoformat(data["from"]), date.fromisoformat(data["to"])),
            datetime.fromisoformat(data["measured_at"]),
            str(data["by"]),
            [row(r) for r in data["rows"]],
            row(data["total"]),
            data.get("agency"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportsError(
            f"the district server's results report is not as expected ({exc})",
            "Báo cáo kết quả của máy chủ huyện không đúng dạng.",
        ) from None
