"""Issue 19, item 13: the LAN sync server is reached directly even when the PC has a system
proxy (on Windows, Internet Options; simulated with HTTP_PROXY/ALL_PROXY, which httpx reads the
same way), unless $KIOSK_SYNC_PROXY names one. Loopback only."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from kiosk.sync.client import ServerClient
from kiosk.sync.http import PROXY_ENV, server_client


class Recorder(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).seen.append(self.path)
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    class Handler(Recorder):
        seen: list[str] = []

    srv = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", Handler.seen
    srv.shutdown()
    srv.server_close()


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nothing listens there


def test_the_system_proxy_is_not_used(
    http_server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, seen = http_server
    proxy = f"http://127.0.0.1:{dead_port()}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy", PROXY_ENV):
        monkeypatch.delenv(name, raising=False)
    with server_client(url, 5.0) as http:
        assert http.get(url + "/v1/health").status_code == 200
    client = ServerClient(url, timeout=5.0)
    try:
        assert client.http.get(url + "/v1/health").json() == {"ok": True}
    finally:
        client.close()
    assert seen == ["/v1/health", "/v1/health"]


def test_an_explicit_proxy_is_used(
    http_server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, seen = http_server  # the recording server plays the proxy: it gets absolute URLs
    monkeypatch.setenv(PROXY_ENV, proxy)
    target = f"http://127.0.0.1:{dead_port()}/v1/health"
    with server_client(target, 5.0) as http:
        assert http.get(target).status_code == 200
    assert seen == [target]
