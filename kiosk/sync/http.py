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

import httpx

PROXY_ENV = "KIOSK_SYNC_PROXY"


def server_client(server: str, timeout: float) -> httpx.Client:
    """A client for `server`; certificates checked for https (loading the CA bundle costs
    ~0.1 s, so only an https server pays for it)."""
    proxy = os.environ.get(PROXY_ENV, "").strip() or None
    return httpx.Client(
        timeout=timeout,
        verify=server.startswith("https://"),
        trust_env=False,
        proxy=proxy,
    )
