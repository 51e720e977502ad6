"""Running the server: open (and migrate) the database, then serve the app with uvicorn."""

from __future__ import annotations

import json
import logging
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sqlalchemy import func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from kiosk.errors import KioskError
from kiosk.logs import setup_console_logging
from kiosk.server import limits as lim
from kiosk.server.app import THREADS, create_app
from kiosk.server.auth import CA_SETTING
from kiosk.server.config import bootstrap
from kiosk.server.restore import check_at_start
from kiosk.server.tls import ensure_tls
from kiosk.services.context import get_setting, set_setting
from kiosk.store.db import Store, StoreError, is_sqlite, make_engine, upgrade
from kiosk.store.server_models import Device
from kiosk.wire.pin import fingerprint_pin


@dataclass
class ServeOptions:
    """How `kiosk server` listens (docs/server.md, "Limits" and "TLS")."""

    host: str = "127.0.0.1"
    port: int = 8765
    tls_home: Path | None = None  # TLS: the data folder with tls/ (None: plain HTTP)
    tls_names: tuple[str, ...] = ()  # extra names or addresses PCs use for this server
    state_home: Path | None = None  # where the restore check remembers the change log's head
    restored_from_backup: bool = False
    max_per_address: int = 128
    max_connections: int = 4096
    header_timeout: float = lim.HEADER_TIMEOUT
    idle_timeout: int = 30
    workers: int = 1  # server processes sharing the port (uvicorn's worker processes)


def open_server_store(url: str | URL, *, migrate: bool = True) -> Store:
    """Like open_store, with one connection per request thread (kiosk.server.app.THREADS):
    connections stay open, none is opened and closed per request. No ping before each use (a
    round trip per request): after a database restart the first use of a dead connection
    fails (the watcher's, within half a second, or one request's 503, which the PC retries)
    and the whole pool is replaced then."""
    engine = make_engine(
        url, pool_size=THREADS, max_overflow=2, pool_timeout=10, pool_pre_ping=False
    )
    try:
        if migrate:
            upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, sessionmaker(engine, expire_on_commit=False))


WORKER_ENV = "KIOSK_SERVER_WORKER"  # the settings a worker process builds its app from


def worker_app() -> object:
    """The app of one worker process (`kiosk server --workers N`; uvicorn's app factory):
    its own connection pool, watcher and housekeeping, over the database the parent
    process already migrated and checked."""
    settings = json.loads(os.environ[WORKER_ENV])
    store = open_server_store(settings["db"], migrate=False)
    home = Path(settings["home"]) if settings.get("home") else None
    return create_app(store, home=home)


class KioskConfig(uvicorn.Config):
    """uvicorn's settings, whose limits (kiosk.server.limits) are set up in the process that
    serves: with --workers each worker process loads them for itself (the settings travel
    to it pickled, and the guarded protocol class is made there)."""

    kiosk_limits: tuple[int, int, float] = (128, 4096, lim.HEADER_TIMEOUT)

    def load(self) -> None:
        if not self.loaded:
            setup_console_logging()
            nofile = lim.raise_file_limit()
            limits = lim.Limits(*self.kiosk_limits)
            limits.fit_to_files(nofile)
            lim.quiet_floods()
            lim.shorter_tls_handshakes()
            self.http = lim.protocol_class(limits)
            self.limit_concurrency = limits.total + 1  # the caps answer first: a backstop
        super().load()


def uvicorn_config(app: object, opts: ServeOptions, log_level: str = "info") -> uvicorn.Config:
    """uvicorn with the limits of kiosk.server.limits (shared by `kiosk server` and tests).
    `app`: the app, or for --workers the import string of an app factory."""
    tls = {}
    if opts.tls_home is not None:
        files = ensure_tls(opts.tls_home, [opts.host, *opts.tls_names])
        tls = {
            "ssl_certfile": str(files.certfile),
            "ssl_keyfile": str(files.keyfile),
            "ssl_version": ssl.PROTOCOL_TLS_SERVER,
        }
    config = KioskConfig(
        app,  # type: ignore[arg-type]
        host=opts.host,
        port=opts.port,
        http="h11",  # made the guarded protocol in load(), in the serving process
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=3,
        proxy_headers=False,  # no proxy in front: the client address is the socket's
        timeout_keep_alive=opts.idle_timeout,
        backlog=2048,
        h11_max_incomplete_event_size=lim.MAX_HEADER_BYTES,
        workers=opts.workers,
        factory=isinstance(app, str),
        **tls,  # type: ignore[arg-type]
    )
    config.kiosk_limits = (opts.max_per_address, opts.max_connections, opts.header_timeout)
    return config


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
    setup_console_logging()
    where = "SQLite (for a trial only)" if is_sqlite(store.engine) else "PostgreSQL"
    logging.getLogger("kiosk.server").info("database: %s", where)
    try:
        publish_ca(store, opts)
        if opts.state_home is not None:
            bootstrap(store)  # the epoch exists before the check compares it
            check_at_start(store, opts.state_home, opts.restored_from_backup)
    except KioskError:
        store.close()
        raise
    if opts.workers > 1:  # N processes on one port, each with its own pool and watcher
        store.close()
        home = str(opts.state_home) if opts.state_home else ""
        os.environ[WORKER_ENV] = json.dumps({"db": _url_text(url), "home": home})
        config = uvicorn_config("kiosk.server.run:worker_app", opts)
        sock = sock or config.bind_socket()
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
        return
    config = uvicorn_config(create_app(store, home=opts.state_home), opts)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock] if sock is not None else None)
    finally:
        store.close()


def _url_text(url: str | URL) -> str:
    return url.render_as_string(hide_password=False) if isinstance(url, URL) else url


def publish_ca(store: Store, opts: ServeOptions) -> None:
    """Keep the CA certificate in the database (enrollment codes pin it); refuse a CA other
    than the one the enrolled PCs pinned (a server moved without its tls/ folder)."""
    with store.begin() as s:
        known = get_setting(s, CA_SETTING) or None
        if opts.tls_home is None:
            if known:
                set_setting(s, CA_SETTING, "")  # codes made now must not ask for TLS
            return
        files = ensure_tls(opts.tls_home, [opts.host, *opts.tls_names])
        enrolled = s.scalar(select(func.count()).select_from(Device)) or 0
        if known and known != files.ca_pem and enrolled:
            raise KioskError(
                f"this database's PCs trust another certificate authority than the one in "
                f"{files.folder} (fingerprint {fingerprint_pin(known)}); copy the tls folder "
                "of the previous server here, or re-enroll the PCs after removing the "
                f"'{CA_SETTING}' setting"
            )
        set_setting(s, CA_SETTING, files.ca_pem)
