"""One app instance per role and data folder; starting it again brings the first to the front.

Who is first is decided by an OS lock on `<home>/locks/<role>.lock` (kiosk/instance_lock.py),
released by the OS when the process dies, whatever the OS: a named pipe alone cannot decide it
on Windows, where two servers may listen on one pipe name.

The first instance also listens on a local socket (a Unix socket in the temp folder, a named
pipe on Windows) whose name is derived from the data folder and the role. A later start finds
the lock taken, connects, sends `activate`, waits for `ok` and exits; the first instance raises
its windows. On Windows the later start first allows the first one to take the foreground
(`AllowSetForegroundWindow`): otherwise Windows only flashes its taskbar button.

Protocol (one line each way, UTF-8): client -> `activate\\n`; server -> `ok\\n`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from kiosk import paths
from kiosk.instance_lock import InstanceLock
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


def allow_foreground() -> None:
    """Windows: let the running instance take the foreground when asked (ASFW_ANY)."""
    if not paths.is_windows():
        return
    try:  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        log.warning("AllowSetForegroundWindow is not available")


def ask_running(name: str, *, connect_ms: int = CONNECT_MS, reply_ms: int = REPLY_MS) -> bool:
    """True when an instance listens on `name` (it has been asked to come to the front)."""
    allow_foreground()
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

    def __init__(
        self, name: str, parent: QObject | None = None, lock: InstanceLock | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.lock = lock
        self.windows: list[QWidget] = []
        self._clients: list[QLocalSocket] = []
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self.activated.connect(self.bring_to_front)

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
        log.info("started again: bringing the windows to the front")
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
        if self.lock is not None:
            self.lock.release()


def claim_instance(home: Path, role: str) -> SingleInstance | None:
    """This process's claim on (data folder, role); None when another instance has it (that one
    was told to come to the front, and this start should end)."""
    name = server_name(home, role)
    lock = InstanceLock.for_role(home, role)
    if lock.acquire():
        instance = SingleInstance(name, lock=lock)
        QLocalServer.removeServer(name)  # ours now: a socket file left by a crash goes
        if not instance.server.listen(name):
            log.warning("cannot listen on %s: %s", name, instance.server.errorString())
        return instance
    if not ask_running(name):
        log.warning("the %s window is open for this data folder but did not answer", role)
    log.info("the %s window is already open for this data folder: brought to the front", role)
    print(
        f"kiosk: the {role} window is already open for this data folder; "
        "it was brought to the front",
        flush=True,
    )
    return None
