"""The HTTP client to the office's sync server: on the LAN, never through a system proxy.

httpx follows the environment's proxy settings (HTTPS_PROXY, and on Windows the Internet
Options proxy it reads from the registry); their bypass list for local addresses is not
applied the way Windows applies it, so on a PC set up for an Internet proxy every request to
the server on the LAN went to the proxy and failed. The server is reached directly
(`trust_env=False`) unless the office names a proxy for it in `$KIOSK_SYNC_PROXY` (e.g.
`http://10.0.0.1:3128`) — rarely wanted, but some district networks route between offices
only through one.
"""

from __future__ import annotations

import os
import socket
import ssl

import httpx

from kiosk.wire.pin import pinned_context

PROXY_ENV = "KIOSK_SYNC_PROXY"
_PINNED: dict[str, str] = {}  # server URL -> the CA certificate (PEM) enrollment pinned


def remember_pin(server: str, ca_pem: str | None) -> None:
    """The CA this PC pinned for `server` at enrollment (setting `sync_ca_pem`)."""
    if ca_pem:
        _PINNED[server.rstrip("/")] = ca_pem


def server_client(
    server: str, timeout: float, ca_pem: str | None = None, *, unverified: bool = False
) -> httpx.Client:
    """A client for `server`. An https server is checked against the CA pinned at enrollment
    (kiosk.wire.pin: that CA alone), else against the system's CAs (loading that bundle costs
    ~0.1 s, so only an https server pays for it). `unverified`: only to fetch the CA before
    checking it against the enrollment code's fingerprint."""
    proxy = os.environ.get(PROXY_ENV, "").strip() or None
    ca_pem = ca_pem or _PINNED.get(server.rstrip("/"))
    verify: bool | ssl.SSLContext = server.startswith("https://")
    if unverified:
        verify = False
    elif ca_pem and verify:
        verify = pinned_context(ca_pem)
    return httpx.Client(timeout=timeout, verify=verify, trust_env=False, proxy=proxy)


def interrupt(http: httpx.Client) -> None:
    """End the client's requests in flight at once (a long poll, on quit): closing the client
    from another thread does not wake a thread blocked reading its socket; shutting the socket
    down does (the request then fails, and the worker, told to stop, ends). Best effort."""
    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    for conn in list(getattr(pool, "connections", None) or []):
        stream = getattr(getattr(conn, "_connection", None), "_network_stream", None)
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            continue
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed
