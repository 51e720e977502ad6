"""The HTTP side of sync: one small client for the server's API (docs/server.md).

Errors come out as two kinds the caller can act on: `Offline` (cannot reach the server, or the
server is unwell: try again later, with back-off) and `Refused` (the server answered no: a
4xx with its one-sentence reason; retrying the same request will not help).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from kiosk.errors import KioskError
from kiosk.privacy.logsafe import mark_log_safe
from kiosk.sync.http import server_client

DEFAULT_TIMEOUT = 15.0


class SyncError(KioskError):
    """Something in sync went wrong; the message is for the user."""


@mark_log_safe
class Offline(SyncError):
    """The server cannot be reached or is unwell; try again later."""


class Refused(SyncError):
    """The server refused the request (4xx); `data` is its JSON answer."""

    def __init__(self, message: str, status: int, data: dict[str, Any]) -> None:
        super().__init__(message)
        self.status = status
        self.data = data


@dataclass(frozen=True)
class Credentials:
    server: str
    device_id: str
    secret: str = field(repr=False)
    ca_pem: str | None = field(default=None, repr=False)  # pinned at enrollment (TLS)


def normalize_server(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise SyncError(f"'{url}' is not a server address (expected like http://10.0.0.2:8765)")
    return url


class ServerClient:
    """Talks to one server as one device (or anonymously, to enroll)."""

    def __init__(
        self,
        server: str,
        credentials: Credentials | None = None,
        *,
        http: httpx.Client | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        ca_pem: str | None = None,
        unverified: bool = False,
    ) -> None:
        self.server = normalize_server(server)
        self.credentials = credentials
        self._own_http = http is None
        ca_pem = ca_pem or (credentials.ca_pem if credentials else None)
        # direct to the LAN server, never through the system's proxy (kiosk/sync/http.py)
        self.http = http or server_client(self.server, timeout, ca_pem, unverified=unverified)
        self.timeout = timeout
        self.staff_token: str | None = None

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def _headers(self) -> dict[str, str]:
        if self.staff_token:  # a staff session (kiosk.sync.shared_admin), never stored
            return {"Authorization": f"Bearer {self.staff_token}"}
        if self.credentials is None:
            return {}
        c = self.credentials
        return {"Authorization": f"Bearer {c.device_id}.{c.secret}"}

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        url = self.server + path
        try:
            response = self.http.request(
                method,
                url,
                json=json,
                params=params,
                headers=self._headers(),
                timeout=timeout or self.timeout,
            )
        except httpx.TimeoutException:
            raise Offline(f"the server at {self.server} did not answer in time") from None
        except httpx.ConnectError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                raise SyncError(
                    f"the server at {self.server} does not show the certificate this PC was "
                    "enrolled with; it may be another machine: ask the administrator",
                    "Máy chủ không xuất trình đúng chứng chỉ đã đăng ký; hỏi quản trị viên.",
                ) from None
            raise Offline(f"cannot reach the server at {self.server} ({exc})") from None
        except httpx.HTTPError as exc:
            raise Offline(f"cannot reach the server at {self.server} ({exc})") from None
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            if response.status_code >= 400:
                data = {"error": response.text.strip()[:200] or response.reason_phrase}
            else:
                raise Offline(f"the server at {self.server} did not answer with JSON")
        if response.status_code >= 500:
            raise Offline(f"the server at {self.server} has a problem: {data.get('error')}")
        if response.status_code >= 400:
            reason = str(data.get("error") or response.reason_phrase)
            raise Refused(f"the server refused: {reason}", response.status_code, data)
        return data

    # -- the API ----------------------------------------------------------------------------

    def device_path(self, tail: str = "") -> str:
        if self.credentials is None:
            raise SyncError("this PC is not enrolled with a server")
        return f"/v1/devices/{self.credentials.device_id}{tail}"

    def health(self) -> dict[str, Any]:
        return self.request("GET", "/v1/health")

    def ca(self) -> dict[str, Any]:
        return self.request("GET", "/v1/ca")

    def enroll(self, code: str, name: str, first_seq: int) -> dict[str, Any]:
        return self.request(
            "POST", "/v1/enroll", json={"code": code, "name": name, "first_seq": first_seq}
        )

    def rotate(self) -> dict[str, Any]:
        return self.request("POST", self.device_path("/rotate"), json={})

    def push(self, mutations: list[dict[str, Any]]) -> dict[str, Any]:
        return self.request("POST", self.device_path("/push"), json={"mutations": mutations})

    def changes(self, since: int, wait: int = 0, limit: int = 500) -> dict[str, Any]:
        return self.request(
            "GET",
            self.device_path("/changes"),
            params={"since": since, "wait": wait, "limit": limit},
            timeout=self.timeout + wait,
        )

    def call_next(self, counter: int, actor: str) -> dict[str, Any]:
        return self.request(
            "POST", self.device_path("/queue/call-next"), json={"counter": counter, "actor": actor}
        )

    def lookup(self, code: str) -> dict[str, Any]:
        return self.request("GET", f"/v1/dossiers/{code}")

    def action(self, code: str, action: str, **body: Any) -> dict[str, Any]:
        return self.request("POST", f"/v1/dossiers/{code}/actions/{action}", json=body)
