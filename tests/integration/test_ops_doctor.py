"""`kiosk doctor` as a support person runs it: JSON keys, exit 1 with a fix for each problem.

Real things where they run here: a TCP printer that answers ESC/POS status queries, a pty as a
plugged-in serial scanner, the district server under uvicorn, a copy of the resources folder
with a font missing (as a frozen build would find it, through sys._MEIPASS).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.doctor.system import XCB_LIBRARIES, check_qt_libraries
from kiosk.services.context import set_setting
from kiosk.store import cipher
from kiosk.store.db import open_store
from printing.escpos.status import status_bytes
from tests.integration.conftest import ROOT, kiosk, kj
from tests.integration.test_sync_harness import ServerThread, free_port, new_code
from tests.posix import require_posix

OFFICE = "000.17.22.H56"


def doctor(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    proc = kiosk(home, "doctor", "--json", "--timeout", "3", *args, ok=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stdout.count("\n") == 1, proc.stdout
    return proc.returncode, json.loads(proc.stdout)


def by_name(info: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in info["checks"]}


@pytest.fixture
def pc(tmp_path: Path) -> Path:
    home = tmp_path / "pc"
    kj(home, "init", "--agency-code", OFFICE, "--agency-name", "UBND phường Quang Trung")
    # a PC with nobody to sign in is not set up (issue 17.12): one clerk account
    kiosk(
        home,
        "staff",
        "add",
        "canbo1",
        "--name",
        "Lê Văn Tâm",
        "--role",
        "clerk",
        "--password",
        "motcua123",
    )
    return home


def test_a_healthy_pc_passes_with_the_contract_keys(pc: Path) -> None:
    code, info = doctor(pc)
    assert code == 0 and info["ok"] is True
    assert isinstance(info["checks"], list) and info["checks"]
    for c in info["checks"]:
        assert set(c) >= {"name", "ok", "detail"} and isinstance(c["ok"], bool)
        assert isinstance(c["name"], str) and isinstance(c["detail"], str) and c["detail"]
    names = set(by_name(info))
    assert names >= {"data folder", "database", "migrations", "server", "fonts", "catalog"}
    assert names >= {"calendar", "config", "scanners", "printers"}
    if sys.platform.startswith("linux"):
        assert "qt libraries" in names
    text = kiosk(pc, "doctor").stdout
    assert "[ok] database:" in text and text.rstrip().endswith("All checks passed.")


def test_a_missing_font_fails_with_what_to_do(pc: Path, tmp_path: Path) -> None:
    frozen = tmp_path / "frozen"
    shutil.copytree(ROOT / "resources", frozen / "resources")
    (frozen / "resources" / "fonts" / "NotoSerif-Bold.ttf").unlink()
    (frozen / "resources" / "fonts" / "NotoSans-Bold.ttf").write_bytes(b"<html>oops</html>")
    # as the PyInstaller build runs: resources come from sys._MEIPASS
    code = "import sys; sys._MEIPASS = sys.argv.pop(1); from kiosk.cli import main; "
    code += "sys.exit(main())"
    env = dict(os.environ, KIOSK_HOME=str(pc))
    proc = subprocess.run(
        [sys.executable, "-c", code, str(frozen), "doctor", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    info = json.loads(proc.stdout)
    fonts = by_name(info)["fonts"]
    assert info["ok"] is False and fonts["ok"] is False
    assert "NotoSerif-Bold.ttf missing" in fonts["detail"]
    assert "NotoSans-Bold.ttf not a TrueType" in fonts["detail"]
    assert "reinstall" in fonts["fix"]
    assert all(c["ok"] for c in info["checks"] if c["name"] != "fonts")


def test_no_database_a_newer_one_and_a_foreign_one(tmp_path: Path, pc: Path) -> None:
    code, info = doctor(tmp_path / "empty")
    assert code == 1 and "no database" in by_name(info)["database"]["detail"]
    assert "kiosk init" in by_name(info)["database"]["fix"]
    assert not (tmp_path / "empty" / "kiosk.sqlite3").exists(), "doctor must not create it"

    conn = cipher.connect(pc / "kiosk.sqlite3")
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    code, info = doctor(pc)
    assert code == 1 and "newer version" in by_name(info)["migrations"]["detail"]
    assert by_name(info)["migrations"]["fix"]

    other = tmp_path / "other"
    other.mkdir()
    (other / "kiosk.sqlite3").write_bytes(b"this is a spreadsheet, honest" * 100)
    code, info = doctor(other)
    assert code == 1 and by_name(info)["database"]["ok"] is False
    assert "kiosk restore" in by_name(info)["database"]["fix"]


def _enroll_settings(home: Path, server: str) -> None:
    store = open_store(f"sqlite:///{home / 'kiosk.sqlite3'}")
    with store.begin() as s:
        set_setting(s, "sync_server", server)
        set_setting(s, "device_id", "pc-1")
        set_setting(s, "sync_secret", "not-a-real-secret")
    store.close()


def test_an_unreachable_server_fails(pc: Path) -> None:
    _enroll_settings(pc, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    code, info = doctor(pc)
    server = by_name(info)["server"]
    assert code == 1 and server["ok"] is False and "cannot reach" in server["detail"]
    assert "offline" in server["fix"]
    text = kiosk(pc, "doctor", "--timeout", "3", ok=False)
    assert text.returncode == 1 and "[FAIL] server:" in text.stdout and "fix:" in text.stdout


def test_an_enrolled_pc_reaches_its_server_until_it_is_revoked(pc: Path, tmp_path: Path) -> None:
    server_db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with ServerThread(server_db) as srv:
        kiosk(pc, "enroll", "--server", srv.url, "--code", new_code(server_db, OFFICE))
        code, info = doctor(pc)
        assert code == 0, info
        assert "reachable" in by_name(info)["server"]["detail"]
        device = kj(tmp_path, "--db", server_db, "server", "devices")["devices"][0]["device_id"]
        kiosk(tmp_path, "--db", server_db, "server", "revoke-device", device)
        code, info = doctor(pc)
        assert code == 1 and "refused this PC" in by_name(info)["server"]["detail"]
        assert "kiosk enroll" in by_name(info)["server"]["fix"]


class StatusPrinter:
    """A network thermal printer: answers each DLE EOT n with the status byte of its state."""

    def __init__(self, **state: bool) -> None:
        self.answers = dict(zip((1, 2, 4), status_bytes(**state), strict=True))
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.url = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while chunk := conn.recv(64):
                    data += chunk
                    while (i := data.find(b"\x10\x04")) >= 0 and len(data) > i + 2:
                        conn.sendall(bytes([self.answers.get(data[i + 2], 0x12)]))
                        data = data[i + 3 :]

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def printers() -> Iterator[tuple[StatusPrinter, StatusPrinter]]:
    ready, empty = StatusPrinter(), StatusPrinter(paper_out=True)
    yield ready, empty
    ready.close()
    empty.close()


def test_printers_and_scanners_from_config(
    pc: Path, printers: tuple[StatusPrinter, StatusPrinter]
) -> None:
    ready, empty = printers
    require_posix("a pty pair standing in for a serial scanner")
    master, slave = os.openpty()  # a plugged-in serial (USB-CDC) scanner
    try:
        (pc / "config.toml").write_text(
            f'[printers]\nticket = "{ready.url}"\nreceipt = "{empty.url}"\nforms = "pdf://"\n\n'
            f'[[scanners]]\nurl = "serial://{os.ttyname(slave)}?name=Quầy 1"\n\n'
            '[[scanners]]\nurl = "serial:///dev/ttyACM97?usb=0C2E:0B61&name=Tra cứu"\n',
            encoding="utf-8",
        )
        code, info = doctor(pc)
    finally:
        os.close(master)
        os.close(slave)
    checks = by_name(info)
    assert code == 1
    assert checks["printer ticket (queue tickets)"]["ok"] is True
    assert checks["printer ticket (queue tickets)"]["detail"].endswith("ready")
    receipt = checks["printer receipt (receipt slips)"]
    assert receipt["ok"] is False and "paper" in receipt["detail"] and "roll" in receipt["fix"]
    assert checks["printer forms (A4 forms)"]["ok"] is True
    assert checks["scanner Quầy 1"]["ok"] is True
    missing = checks["scanner Tra cứu"]
    assert missing["ok"] is False and "USB-CDC" in missing["fix"]


def test_a_bad_config_file_is_named(pc: Path) -> None:
    (pc / "config.toml").write_text("[wedge]\nmin_length = 0\n", encoding="utf-8")
    code, info = doctor(pc)
    config = by_name(info)["config"]
    assert code == 1 and "wedge.min_length" in config["detail"] and "config.toml" in config["fix"]


def test_a_server_installation_checks_the_database_only(pc: Path) -> None:
    code, info = doctor(pc, "--server")
    assert code == 0 and set(by_name(info)) == {"data folder", "database", "migrations"}


def test_qt_xcb_libraries_are_named_with_the_package_to_install() -> None:
    everything = set(XCB_LIBRARIES)
    [ok] = check_qt_libraries(platform="linux", qpa="", present=lambda: everything)
    assert ok.ok
    [bad] = check_qt_libraries(
        platform="linux", qpa="xcb", present=lambda: everything - {"libxcb-cursor.so.0"}
    )
    assert not bad.ok and "libxcb-cursor0" in bad.detail
    assert bad.fix == "install them (Debian/Ubuntu): sudo apt-get install libxcb-cursor0"
    [skipped] = check_qt_libraries(platform="linux", qpa="offscreen", present=set)
    assert skipped.ok and "offscreen" in skipped.detail
    assert check_qt_libraries(platform="win32", present=set) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_qt_xcb_libraries_on_this_machine() -> None:
    """The real lookup (ldconfig): scripts/dev.py installs them, so none may be missing."""
    [found] = check_qt_libraries(qpa="xcb")
    assert found.ok, found.detail
