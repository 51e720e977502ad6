"""One app instance per role and data folder; starting it again brings the first to the front.

The first instance listens on a local socket (a Unix socket in the temp folder, a named pipe on
Windows) whose name is derived from the data folder and the role. A later start connects, sends
`activate`, waits for `ok` and exits; the first instance raises its windows. A socket file left by
a crashed instance does not answer, so it is removed and taken over.

Protocol (one line each way, UTF-8): client -> `activate\\n`; server -> `ok\\n`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from kiosk.paths import APP_NAME

log = logging.getLogger(__name__)

REQUEST = b"activate\n"
REPLY = b"ok\n"
CONNECT_MS = 1000
# A first instance that is still starting answers once its event loop runs: wait for that.
REPLY_MS = 10_000


def server_name(home: Path, role: str) -> str:
    """A short, stable name per (data folder, role); fits a Unix socket path."""
    key = f"{Path(home).expanduser().resolve()}\0{role}".encode()
    return f"{APP_NAME}-{hashlib.sha256(key).hexdigest()[:20]}"


def ask_running(name: str, *, connect_ms: int = CONNECT_MS, reply_ms: int = REPLY_MS) -> bool:
    """True when an instance listens on `name` (it has been asked to come to the front)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(connect_ms):
        return False
    sock.write(REQUEST)
    sock.waitForBytesWritten(connect_ms)
    answered = sock.canReadLine() or sock.waitForReadyRead(reply_ms)
    if not answered:
        log.warning("an instance holds %s but did not answer; not starting a second one", name)
    sock.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """The listening side, held by the running instance."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.windows: list[QWidget] = []
        self._clients: list[QLocalSocket] = []
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self.activated.connect(self.bring_to_front)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # The name is taken: a live instance (the caller asked it first, but one may have
        # started since) or a socket file left by a crash, which nobody answers on.
        if ask_running(self.name):
            return False
        QLocalServer.removeServer(self.name)
        if not self.server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, self.server.errorString())
        return True

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            self._clients.append(sock)
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(self._on_disconnected)
            self._answer(sock)  # the request may have arrived with the connection

    def _on_ready_read(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._answer(sock)

    def _on_disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket) and sock in self._clients:
            self._clients.remove(sock)
            sock.deleteLater()

    def _answer(self, sock: QLocalSocket) -> None:
        while sock.canReadLine():
            line = bytes(sock.readLine().data())
            if line == REQUEST:
                sock.write(REPLY)
                sock.flush()
                self.activated.emit()

    def follow(self, windows: list[QWidget]) -> None:
        """The windows to bring to the front when the app is started again."""
        self.windows = list(windows)

    def bring_to_front(self) -> None:
        for w in self.windows:
            if w.isMinimized():
                w.setWindowState(w.windowState() & ~Qt.WindowState.WindowMinimized)
            w.show()
            w.raise_()
            w.activateWindow()

    def close(self) -> None:
        for sock in self._clients:
            sock.abort()
        self._clients.clear()
        self.server.close()


def claim_instance(home: Path, role: str) -> SingleInstance | None:
    """This process's claim on (data folder, role); None when another instance has it (that one
    was told to come to the front, and this start should end)."""
    name = server_name(home, role)
    instance: SingleInstance | None = None
    if not ask_running(name):
        instance = SingleInstance(name)
        if instance.listen():
            return instance
    log.info("the %s window is already open for %s: brought to the front", role, home)
    print(
        f"kiosk: the {role} window is already open for this data folder; "
        "it was brought to the front",
        flush=True,
    )
    return None
