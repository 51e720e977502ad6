"""Running the server: open (and migrate) the database, then serve the app with uvicorn."""

from __future__ import annotations

import logging
import socket
import ssl
from dataclasses import dataclass

import uvicorn
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from kiosk.server import limits as lim
from kiosk.server.app import create_app
from kiosk.store.db import Store, StoreError, is_sqlite, make_engine, upgrade


@dataclass
class ServeOptions:
    """How `kiosk server` listens (docs/server.md, "Limits" and "TLS")."""

    host: str = "127.0.0.1"
    port: int = 8765
    certfile: str | None = None  # TLS: the server's certificate chain and key (None: plain)
    keyfile: str | None = None
    max_per_address: int = 128
    max_connections: int = 4096
    header_timeout: float = lim.HEADER_TIMEOUT
    idle_timeout: int = 30


def open_server_store(url: str | URL) -> Store:
    """Like open_store, with a connection pool sized for the request threads."""
    engine = make_engine(url, pool_size=20, max_overflow=20, pool_timeout=10)
    try:
        upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, sessionmaker(engine, expire_on_commit=False))


def uvicorn_config(app: object, opts: ServeOptions, log_level: str = "info") -> uvicorn.Config:
    """uvicorn with the limits of kiosk.server.limits (shared by `kiosk server` and tests)."""
    files = lim.raise_file_limit()
    limits = lim.Limits(opts.max_per_address, opts.max_connections, opts.header_timeout)
    limits.fit_to_files(files)
    lim.quiet_floods()
    lim.shorter_tls_handshakes()
    tls = {}
    if opts.certfile:
        tls = {
            "ssl_certfile": opts.certfile,
            "ssl_keyfile": opts.keyfile,
            "ssl_version": ssl.PROTOCOL_TLS_SERVER,
        }
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=opts.host,
        port=opts.port,
        http=lim.protocol_class(limits),
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=3,
        timeout_keep_alive=opts.idle_timeout,
        limit_concurrency=limits.total + 1,  # the caps answer first; this is uvicorn's backstop
        backlog=2048,
        h11_max_incomplete_event_size=lim.MAX_HEADER_BYTES,
        **tls,  # type: ignore[arg-type]
    )


def serve(
    url: str | URL,
    host: str = "127.0.0.1",
    port: int = 8765,
    sock: socket.socket | None = None,
    *,
    opts: ServeOptions | None = None,
) -> None:
    """Blocks until interrupted. Migrations run first: a new version upgrades on start."""
    opts = opts or ServeOptions(host, port)
    store = open_server_store(url)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    where = "SQLite (for a trial only)" if is_sqlite(store.engine) else "PostgreSQL"
    logging.getLogger("kiosk.server").info("database: %s", where)
    config = uvicorn_config(create_app(store), opts)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock] if sock is not None else None)
    finally:
        store.close()
