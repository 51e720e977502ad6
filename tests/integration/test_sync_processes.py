"""Real processes for the sync tests: `kiosk server` to SIGKILL, a PostgreSQL cluster to
restart, and a TCP proxy that holds or drops the server's answers after it committed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.integration import test_sync_harness as harness
from tests.integration.test_sync_harness import ROOT, ServerThread, free_port
from tests.posix import is_root

server, server_db, plain_server = harness.server, harness.server_db, harness.plain_server
pytestmark = pytest.mark.postgres


class ServerProcess:
    """`kiosk server` as a real process, to be killed with SIGKILL and started again."""

    def __init__(
        self,
        db_url: str,
        home: Path,
        port: int | None = None,
        *,
        args: tuple[str, ...] = (),
        max_files: int | None = None,
        tls: bool = False,
    ) -> None:
        """`tls`: the default `kiosk server` (its own CA, https); else --insecure-http, for
        tests about something else than the transport (they talk to it with plain httpx)."""
        self.db_url, self.home, self.tls = db_url, home, tls
        self.port = port or free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.args, self.max_files = args, max_files
        self.log = home / "server.log"  # its stderr: what an operator's journal would hold
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def _limit_files(self) -> None:  # in the child, before exec
        import resource

        assert self.max_files is not None
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.max_files, self.max_files))

    def start(self) -> None:
        env = dict(os.environ, KIOSK_HOME=str(self.home))
        self.home.mkdir(parents=True, exist_ok=True)
        log = open(self.log, "ab")  # noqa: SIM115 - the child keeps it
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk.cli",
                "--db",
                self.db_url,
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *(() if self.tls else ("--insecure-http",)),
                *self.args,
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=self._limit_files if self.max_files else None,  # noqa: PLW1509
        )
        log.close()
        deadline = time.monotonic() + 60
        while True:
            assert self.proc.poll() is None, "kiosk server exited"
            try:
                # verify=False: only "is it up?"; the tests of TLS check the certificate
                if httpx.get(self.url + "/v1/health", timeout=1, verify=False).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "kiosk server did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # SIGKILL; TerminateProcess on Windows
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


class PgCluster:
    """A PostgreSQL cluster of its own, for a test that restarts it (as tests/conftest.py)."""

    def __init__(self) -> None:
        from tests.conftest import _pg_bin

        bindir = _pg_bin()
        if bindir is None:
            pytest.skip("PostgreSQL is not installed")
        base = Path(tempfile.mkdtemp(prefix="kiosk-pg-restart-"))  # postgres must reach it
        self.bin, self.base = bindir, base
        self.data, sock = base / "data", base / "sock"
        sock.mkdir(parents=True)
        self.prefix: list[str] = []
        if is_root():
            shutil.chown(base, "postgres")
            shutil.chown(sock, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self.opts = f"-p {self.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.log = str(base / "log")
        self._run("initdb", "-D", str(self.data), "-U", "kiosk", "--auth=trust", "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", str(self.data), "-l", self.log, "-w", "-o", self.opts, "start")
        self.url = f"postgresql://kiosk@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        cmd = [*self.prefix, str(self.bin / tool), *args]
        # cwd: initdb fails when the postgres user cannot read the directory it starts in
        subprocess.run(cmd, check=check, capture_output=True, timeout=120, cwd=self.base)

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", self.log, "-w", "-m", "fast", "restart")

    def crash_and_start(self) -> None:
        """`pg_ctl -m immediate`: the server dies as on a power cut (recovery at the start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        self._run("pg_ctl", "-D", str(self.data), "-l", self.log, "-w", "-o", self.opts, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.base, ignore_errors=True)


# -- a proxy that loses answers -------------------------------------------------------------------


class Proxy:
    """A TCP proxy to the server. mode: 'pass', 'drop' (the answer is read from the server,
    then the client's connection is closed without it) or 'hold' (the answer is kept back
    until `release()`; meanwhile `answered` is set)."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.mode = "pass"
        self.answered = threading.Event()
        self.released = threading.Event()
        self.dropped = 0
        self.forwarded: list[str] = []  # request lines whose answer reached the client
        self.on_forward = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._closed = True
        self.released.set()
        self.listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        """One request per connection (Connection: close), so answers are whole."""
        try:
            upstream = socket.create_connection(self.target)
            request = _read_http(client)
            if request is None:
                return
            request = request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
            upstream.sendall(request)
            answer = _read_all(upstream)
            upstream.close()
            if self.mode == "drop":
                self.dropped += 1
                return
            if self.mode == "hold":
                self.answered.set()
                self.released.wait()
            client.sendall(answer)
            self.forwarded.append(request.split(b"\r\n", 1)[0].decode())
            self.on_forward.set()
        except OSError:
            pass
        finally:
            client.close()


def _read_http(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def test_proxy_passes_and_drops(plain_server: ServerThread) -> None:
    proxy = Proxy(plain_server.port)
    try:
        assert httpx.get(proxy.url + "/v1/health").json()["ok"] is True
        proxy.mode = "drop"
        with pytest.raises(httpx.HTTPError):
            httpx.get(proxy.url + "/v1/health")
        assert proxy.dropped == 1
    finally:
        proxy.close()
