"""The waiting-room display and its announcer: calls read from the database are shown and
announced once, queued, and never played over each other."""

from __future__ import annotations

# The shared fixtures are imported by name, so pytest finds them and ruff sees a redefinition.
# ruff: noqa: F401, F811
import io
import time
import wave
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.services import queue as q
from kiosk.services.context import Actor, now
from kiosk.store.db import Store
from tests.ui.public_fixtures import ctx, office, office_template, settle, shoot, shots
from ui.context import AppContext
from ui.public.announcer import Announcer, SilentSink
from ui.public.display import DisplayWindow
from ui.public.voice import ClipBank, call_script, duration_ms, number_words

CLIPS = (
    ["chime", "moi_cong_dan", "den_quay_so"]
    + [f"digit_{i}" for i in range(10)]
    + [f"letter_{chr(c)}" for c in range(ord("A"), ord("Z") + 1)]
    + [f"word_{w}" for w in ("muoi", "muoi2", "mot2", "lam", "tu", "tram", "linh")]
)


class FakeSink:
    """Plays for the clip's real length (scaled down); fails the test on any overlap."""

    def __init__(self, speed: float = 1.0, answer: bool = True) -> None:
        self.speed, self.answer = speed, answer
        self.playing = False
        self.log: list[tuple[float, float]] = []  # (start, end) per play
        self.overlaps = 0

    def play(self, wav: bytes, done: Callable[[], None]) -> None:
        from PySide6.QtCore import QTimer

        if self.playing:
            self.overlaps += 1
        self.playing = True
        start = time.monotonic()

        def finish() -> None:
            self.playing = False
            self.log.append((start, time.monotonic()))
            done()

        if self.answer:
            QTimer.singleShot(max(1, int(duration_ms(wav) * self.speed)), finish)

    def stop(self) -> None:
        self.playing = False


def tiny_bank(root: Path, ms: int = 20) -> ClipBank:
    """Every clip 20 ms of a tone: announcements take a fraction of a second in tests."""
    (root / "vi").mkdir(parents=True, exist_ok=True)
    frames = b"\x00\x10" * (16 * ms)
    for name in CLIPS:
        path = root / ("chime.wav" if name == "chime" else f"vi/{name}.wav")
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(frames)
    return ClipBank(root)


def test_vietnamese_numbers() -> None:
    cases = {
        3: "ba",
        10: "mười",
        12: "mười hai",
        15: "mười lăm",
        21: "hai mươi mốt",
        24: "hai mươi tư",
        30: "ba mươi",
        105: "một trăm linh năm",
        110: "một trăm mười",
        999: "chín trăm chín mươi chín",
    }
    assert {n: number_words(n) for n in cases} == cases
    with pytest.raises(ValueError):
        number_words(1000)


def test_bundled_clips_cover_every_call_and_stay_small() -> None:
    bank = ClipBank()
    assert bank.available()
    for label in ("A012", "Z999", "B007"):
        for counter in (1, 3, 12, 21, 99):
            wav = bank.announcement(label, counter)  # every clip exists and is 16 kHz mono
            assert 3000 < duration_ms(wav) < 12000
    with wave.open(io.BytesIO(bank.announcement("A012", 3)), "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
    script = call_script("A012", 3)
    spoken = [s for s in script if isinstance(s, str)]
    assert spoken == [
        "chime", "moi_cong_dan", "letter_A", "digit_0", "digit_1", "digit_2",
        "den_quay_so", "digit_3",
    ]  # fmt: skip
    total = sum(p.stat().st_size for p in bank.root.rglob("*.wav"))
    assert total < 1_000_000  # the bundle stays small


def test_announcements_are_queued_and_never_overlap(qtbot: Any, tmp_path: Path) -> None:
    sink = FakeSink()
    ann = Announcer(sink, tiny_bank(tmp_path))
    said: list[str] = []
    ann.finished.connect(said.append)
    ann.announce("A001", 1)
    ann.announce("B002", 2)
    ann.announce("B002", 2)  # the same call already waiting is not queued twice
    ann.announce("C003", 3)
    assert ann.busy and list(ann.pending) == [("B002", 2), ("C003", 3)]
    qtbot.waitUntil(lambda: len(said) == 3 and not ann.busy, timeout=10000)
    assert said == [
        "Mời công dân có số thứ tự A001 đến quầy số 1",
        "Mời công dân có số thứ tự B002 đến quầy số 2",
        "Mời công dân có số thứ tự C003 đến quầy số 3",
    ]
    assert sink.overlaps == 0
    for (_s1, end1), (start2, _e2) in zip(sink.log, sink.log[1:], strict=False):
        assert start2 >= end1  # each call starts after the previous one ended


def test_a_silent_player_does_not_block_the_queue(qtbot: Any, tmp_path: Path) -> None:
    sink = FakeSink(answer=False)  # never says it finished
    ann = Announcer(sink, tiny_bank(tmp_path))
    said: list[str] = []
    ann.started.connect(said.append)
    ann.announce("A001", 1)
    ann.announce("A002", 1)
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10000)  # the watchdog moved on
    assert sink.overlaps == 0  # stop() was called before the next play


def test_silent_sink_keeps_the_pacing(qtbot: Any, tmp_path: Path) -> None:
    ann = Announcer(SilentSink(), tiny_bank(tmp_path))
    with qtbot.waitSignal(ann.finished, timeout=5000):
        ann.announce("A001", 1)


def call(store: Store, counter: int) -> str:
    with store.begin() as s:
        t = q.call_next(s, counter, Actor("canbo1", counter))
        assert t is not None
        return t.label


@pytest.fixture
def board(qtbot: Any, ctx: AppContext, office: Store, tmp_path: Path) -> DisplayWindow:
    with office.begin() as s:
        for svc in ("HT", "DD", "KD", "XH"):
            for _ in range(4):
                q.issue_ticket(s, svc, at=now() - timedelta(minutes=30))
    call(office, 1)  # called before the board starts: shown, not announced
    w = DisplayWindow(ctx, sink=FakeSink(speed=0.0))
    w.announcer.bank = tiny_bank(tmp_path / "clips")
    qtbot.addWidget(w)
    w.poll_timer.setInterval(100)
    settle(qtbot, ctx)
    return w


def test_board_shows_and_announces_each_call_once(
    qtbot: Any,
    board: DisplayWindow,
    ctx: AppContext,
    office: Store,
    shots: Path,
) -> None:
    said: list[str] = []
    board.announcer.started.connect(said.append)
    qtbot.waitUntil(lambda: board.serving.get(1) == "A001", timeout=3000)
    qtbot.wait(300)
    assert said == []  # calls made before the board started are not re-announced
    label = call(office, 2)
    ctx.hub.ticket_called.emit(label, 2)
    qtbot.waitUntil(lambda: len(said) == 1, timeout=3000)
    assert said == [f"Mời công dân có số thứ tự {label} đến quầy số 2"]
    assert board.serving[2] == label and "quầy\u00a02" in board.callout.text()
    with office.begin() as s:
        q.recall(s, 2)  # a recall is a new call: announced again
    qtbot.waitUntil(lambda: len(said) == 2, timeout=3000)
    qtbot.wait(500)
    assert len(said) == 2  # and only once
    texts = [lbl.text() for lbl in board.history_labels if lbl.text()]
    assert texts[0].startswith(label) and "Quầy 2" in texts[0] and "gọi lại" in texts[0]
    assert "gọi lại" not in texts[1]
    board.show()
    shoot(board, shots / "display-1920x1080.png", 1920, 1080)
    shoot(board, shots / "display-1366x768.png", 1366, 768)
    shoot(board, shots / "display-portrait-1080x1920.png", 1080, 1920)


def test_a_call_known_only_from_the_signal_is_still_announced(
    qtbot: Any,
    board: DisplayWindow,
    ctx: AppContext,
) -> None:
    said: list[str] = []
    board.announcer.started.connect(said.append)
    ctx.hub.ticket_called.emit("D009", 4)  # no such row in this database (e.g. another server)
    qtbot.waitUntil(lambda: len(said) == 1, timeout=6000)
    assert said == ["Mời công dân có số thứ tự D009 đến quầy số 4"]
    assert board.serving[4] == "D009"


def test_a_player_process_is_fed_each_call_in_turn(qtbot: Any, tmp_path: Path) -> None:
    import sys

    from ui.public.announcer import ProcessSink

    out = tmp_path / "played"
    player = (
        "import sys, time; data = sys.stdin.buffer.read(); "
        f"open({str(out)!r}, 'ab').write(b'%d,' % len(data)); time.sleep(0.05)"
    )
    ann = Announcer(ProcessSink([sys.executable, "-c", player]), tiny_bank(tmp_path / "clips"))
    done: list[str] = []
    ann.finished.connect(done.append)
    ann.announce("A001", 1)
    ann.announce("B002", 12)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=15000)
    sizes = [int(x) for x in out.read_text().strip(",").split(",")]
    assert len(sizes) == 2 and all(n > 44 for n in sizes)  # two whole WAVs, one after the other


def test_sound_problems_are_shown_on_the_board_not_only_logged(
    qtbot: Any, board: DisplayWindow, tmp_path: Path
) -> None:
    """Issue 17.8: missing audio was only a log line. A player that fails, a missing clip and
    no player at all each show a small line at the foot of the board; a call heard clears it."""
    import sys

    from ui.public.announcer import ProcessSink, SilentSink

    board.show()
    assert not board.audio_status.isVisible()  # the fixture's player works
    board.announcer.sink = ProcessSink([sys.executable, "-c", "import sys; sys.exit(1)"])
    board.announcer.announce("A009", 2)
    qtbot.waitUntil(board.audio_status.isVisible, timeout=10000)
    assert "báo lỗi (mã 1)" in board.audio_status.text()
    assert board.serving  # the calls still show

    board.announcer.sink = FakeSink(speed=0.0)
    board.announcer.announce("A010", 2)
    qtbot.waitUntil(lambda: not board.audio_status.isVisible(), timeout=10000)

    broken = tiny_bank(tmp_path / "broken")
    (broken.root / "vi" / "digit_7.wav").unlink()
    board.announcer.bank = broken
    board.announcer.announce("A007", 1)
    qtbot.waitUntil(board.audio_status.isVisible, timeout=10000)
    assert "Thiếu tệp âm thanh" in board.audio_status.text()

    silent = DisplayWindow(
        board.ctx, sink=SilentSink(problem="Máy không có thiết bị phát âm thanh.")
    )
    qtbot.addWidget(silent)
    silent.show()
    qtbot.waitUntil(silent.audio_status.isVisible, timeout=5000)
    assert "không có thiết bị phát âm thanh" in silent.audio_status.text()


def test_the_board_shows_the_date_and_time(qtbot: Any, board: DisplayWindow) -> None:
    """Issue 17.7: the display had no clock."""
    from datetime import datetime

    board.clock = lambda: datetime(2026, 2, 9, 9, 5)
    board._tick_clock()
    assert board.clock_label.text() == "09:05  Thứ Hai, 09/02/2026"
    assert board.clock_timer.isActive() and board.clock_timer.interval() == 1000
    board.clock = lambda: datetime(2026, 2, 9, 9, 6)
    qtbot.waitUntil(lambda: board.clock_label.text().startswith("09:06"), timeout=3000)
