"""Running the server: open (and migrate) the database, then serve the app with uvicorn."""

from __future__ import annotations

import logging
import socket

import uvicorn
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from kiosk.privacy.logsafe import PersonalDataFilter
from kiosk.server.app import create_app
from kiosk.store.db import Store, StoreError, is_sqlite, make_engine, upgrade


def open_server_store(url: str | URL) -> Store:
    """Like open_store, with a connection pool sized for the request threads."""
    engine = make_engine(url, pool_size=20, max_overflow=20, pool_timeout=10)
    try:
        upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, sessionmaker(engine, expire_on_commit=False))


def serve(
    url: str | URL, host: str = "127.0.0.1", port: int = 8765, sock: socket.socket | None = None
) -> None:
    """Blocks until interrupted. Migrations run first: a new version upgrades on start."""
    store = open_server_store(url)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # no personal data on the console either
        handler.addFilter(PersonalDataFilter())
    where = "SQLite (for a trial only)" if is_sqlite(store.engine) else "PostgreSQL"
    logging.getLogger("kiosk.server").info("database: %s", where)
    config = uvicorn.Config(
        create_app(store),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        timeout_graceful_shutdown=3,
        timeout_keep_alive=30,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock] if sock is not None else None)
    finally:
        store.close()
