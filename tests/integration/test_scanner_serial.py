"""Serial scanners through real pty pairs: reading, unplug and replug, several at once, and the
`kiosk devices scan-test` command end to end."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.devices.framing import Frame
from kiosk.devices.payloads import classify
from kiosk.devices.reader import ReaderState, SerialScannerReader
from tests.integration.scanner_pty import LINUX, PtyScanner, opened_by, wait_for

pytestmark = pytest.mark.skipif(not LINUX, reason="pty pairs and /proc are Linux")

CCCD = "001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi, phường Quang Trung|01012022"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[PtyScanner]:
    s = PtyScanner(tmp_path / "usb-Scanner_Counter1-if00")
    yield s
    s.close()


class Recorder:
    def __init__(self) -> None:
        self.frames: queue.Queue[Frame] = queue.Queue()
        self.states: queue.Queue[ReaderState] = queue.Queue()

    def frame(self, timeout: float = 5.0) -> Frame:
        return self.frames.get(timeout=timeout)

    def state(self, timeout: float = 5.0) -> ReaderState:
        return self.states.get(timeout=timeout)


def start_reader(url: str, rec: Recorder) -> SerialScannerReader:
    reader = SerialScannerReader(url, rec.frames.put, rec.states.put, retry_interval=0.05)
    reader.start()
    return reader


def test_citizen_card_qr_with_vietnamese_name_arrives_whole(scanner: PtyScanner) -> None:
    rec = Recorder()
    reader = start_reader(scanner.url, rec)
    try:
        state = rec.state()
        assert state.connected and scanner.tty in state.detail
        data = CCCD.encode("utf-8") + b"\r"
        for i in range(0, len(data), 5):  # bytes trickle in as from a 9600-baud line
            scanner.send(data[i : i + 5])
        frame = rec.frame()
        assert frame == Frame(CCCD.encode("utf-8"))
        scan = classify(frame.data)
        assert scan.kind == "citizen_id" and scan.card is not None
        assert scan.card.name == "Nguyễn Thị Hồng Nhung"
        assert scan.as_dict()["address"] == "Số 5 Lê Lợi, phường Quang Trung"
    finally:
        reader.stop()


def test_unplug_is_reported_and_replug_at_the_stable_path_reconnects(
    scanner: PtyScanner,
) -> None:
    rec = Recorder()
    reader = start_reader(scanner.url, rec)
    try:
        assert rec.state().connected
        first_tty = scanner.tty
        scanner.send(b"000.17.22.H56-260209-0001\r000.17.22")  # the second code is cut off
        assert rec.frame().data == b"000.17.22.H56-260209-0001"
        wait_for(lambda: reader.framer.pending > 0, what="the half code to arrive")
        scanner.unplug()
        gone = rec.state()
        assert not gone.connected and "disconnected" in gone.detail
        assert rec.frame() == Frame(b"000.17.22", "partial")  # dropped, not glued to the next
        assert not reader.connected
        scanner.plug()  # a new pty: the link now points elsewhere
        back = rec.states.get(timeout=5)
        while not back.connected:  # "nothing plugged in" may be reported first
            back = rec.state()
        assert back.connected and scanner.tty in back.detail
        scanner.send("000.17.22.H56-260209-0002#abcd1234\r")
        scan = classify(rec.frame().data)
        assert (scan.kind, scan.code, scan.token) == (
            "dossier",
            "000.17.22.H56-260209-0002",
            "abcd1234",
        )
        assert first_tty  # (the new pty may or may not reuse the number; either works)
    finally:
        reader.stop()


def test_scanner_absent_at_start_is_picked_up_when_plugged_in(tmp_path: Path) -> None:
    link = tmp_path / "by-id-scanner"
    rec = Recorder()
    reader = start_reader(f"serial://{link}", rec)
    try:
        missing = rec.state()
        assert not missing.connected and "nothing is plugged in" in missing.detail
        scanner = PtyScanner(link)
        try:
            assert rec.state().connected
            scanner.send(b"TICKET:A012:2026-02-09\r")
            assert classify(rec.frame().data).number == "A012"
        finally:
            scanner.close()
    finally:
        reader.stop()


def test_two_scanners_at_once_keep_their_scans_apart(tmp_path: Path) -> None:
    a, b = PtyScanner(tmp_path / "counter"), PtyScanner(tmp_path / "selfcheck")
    got: queue.Queue[tuple[str, bytes]] = queue.Queue()
    readers = [
        SerialScannerReader(s.url, lambda f, n=name: got.put((n, f.data)), retry_interval=0.05)
        for name, s in (("a", a), ("b", b))
    ]
    try:
        for r in readers:
            r.start()
        wait_for(lambda: all(r.connected for r in readers), what="both scanners")
        for i in range(20):  # interleaved halves: each reader frames its own stream
            a.send(f"000.17.22.H56-260209-{i:04d}"[:10])
            b.send(f"TICKET:B{i:03d}:2026-02-09"[:8])
            a.send(f"000.17.22.H56-260209-{i:04d}"[10:] + "\r")
            b.send(f"TICKET:B{i:03d}:2026-02-09"[8:] + "\r")
        results = [got.get(timeout=5) for _ in range(40)]
        assert [d for n, d in results if n == "a"] == [
            f"000.17.22.H56-260209-{i:04d}".encode() for i in range(20)
        ]
        assert [classify(d).number for n, d in results if n == "b"] == [
            f"B{i:03d}" for i in range(20)
        ]
    finally:
        for r in readers:
            r.stop()
        a.close()
        b.close()


def _kiosk(*args: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "KIOSK_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def test_scan_test_command_end_to_end(scanner: PtyScanner, tmp_path: Path) -> None:
    proc = _kiosk(
        "devices", "scan-test", "--scanner", scanner.url, "--count", "4", "--timeout", "20",
        "--json", home=tmp_path,
    )  # fmt: skip
    tty_path = scanner.tty
    wait_for(lambda: opened_by(proc.pid, tty_path), timeout=20, what="scan-test to open the port")
    scanner.send(CCCD.encode("utf-8") + b"\r")
    scanner.send(b"000.17.22.H56-260209-0001#3f9a01c2\r")
    scanner.send(b"TICKET:A012:2026-02-09\r")
    scanner.send(b"\x00\xff\xfe garbage\r")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    doc = json.loads(out)
    assert list(doc) == ["scans"]
    cccd, dossier, ticket, noise = doc["scans"]
    assert cccd["kind"] == "citizen_id"
    assert (cccd["id_number"], cccd["name"], cccd["birth_date"], cccd["address"]) == (
        "001190012345",
        "Nguyễn Thị Hồng Nhung",
        "1990-03-15",
        "Số 5 Lê Lợi, phường Quang Trung",
    )
    assert dossier == {"kind": "dossier", "code": "000.17.22.H56-260209-0001", "token": "3f9a01c2"}
    assert ticket == {"kind": "ticket", "number": "A012", "date": "2026-02-09"}
    assert noise["kind"] == "unknown" and "not text" in noise["error"]


def test_scan_test_text_output_and_timeout(scanner: PtyScanner, tmp_path: Path) -> None:
    proc = _kiosk(
        "devices", "scan-test", "--scanner", scanner.url, "--count", "2", "--timeout", "3",
        home=tmp_path,
    )  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert "connected on" in first and scanner.tty in first
    scanner.send("000.17.22.H56-260209-0007\r")
    out, err = proc.communicate(timeout=30)
    assert "1. dossier 000.17.22.H56-260209-0007" in out
    assert proc.returncode == 1
    assert err.strip() == (f"kiosk: Only 1 of 2 scan(s) arrived from {scanner.link} within 3 s.")


def test_scan_test_json_timeout_still_prints_one_object(
    scanner: PtyScanner, tmp_path: Path
) -> None:
    proc = _kiosk(
        "devices", "scan-test", "--scanner", scanner.url, "--timeout", "0.5", "--json",
        home=tmp_path,
    )  # fmt: skip
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert json.loads(out) == {"scans": [], "timed_out": True}
    assert "0 of 1 scan(s)" in err


def test_scan_test_refuses_a_missing_port_or_a_bad_address(tmp_path: Path) -> None:
    proc = _kiosk("devices", "scan-test", "--scanner", f"serial://{tmp_path}/none", home=tmp_path)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and out == ""
    where = f"{tmp_path}/none"
    assert (
        err.strip() == f"kiosk: Cannot use the scanner {where}: nothing is plugged in at {where}."
    )
    proc = _kiosk("devices", "scan-test", "--scanner", "serial:///dev/x?baud=fast", home=tmp_path)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and "baud must be a number" in err and err.count("\n") == 1


def test_devices_list_json(tmp_path: Path) -> None:
    proc = _kiosk("devices", "list", "--json", home=tmp_path)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    ports = json.loads(out)["ports"]
    assert isinstance(ports, list)
    for p in ports:
        assert {"device", "stable_path", "description", "usb_id", "url"} <= set(p)
        assert p["url"].startswith("serial://")
