"""The waiting-room announcer: a queue of calls, played one at a time, never overlapping.

Each call becomes one WAV (ui.public.voice) handed to a sound sink; the next call starts only
when the sink reports the end (or a watchdog, if a player dies without saying so). Sinks, in the
order `default_sink` tries them (config `sound`: "auto" | "off"):

- QtMultimedia (PySide6-Addons; PySide6-Essentials does not ship it), from an in-memory buffer;
- Windows: the stdlib `winsound` on a worker thread;
- Linux/macOS: a player process fed the WAV (`pw-play`, `paplay`, `aplay`, `afplay`);
- silence: waits as long as the clip would play, so the board keeps its pacing without a
  sound card (and in tests).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QTimer, Signal

from ui.public.voice import ClipBank, duration_ms, number_words

log = logging.getLogger(__name__)
Done = Callable[[], None]
MAX_PENDING = 12
PAUSE_BETWEEN_MS = 400


class Sink(Protocol):
    def play(self, wav: bytes, done: Done) -> None: ...
    def stop(self) -> None: ...


class SilentSink:
    """No sound device: 'plays' for the clip's duration. `problem` says why, when sound was
    wanted (None when sound is off on purpose)."""

    def __init__(self, parent: QObject | None = None, problem: str | None = None) -> None:
        self.problem = problem
        self.timer = QTimer(parent, singleShot=True)
        self._done: Done | None = None
        self.timer.timeout.connect(self._finish)

    def play(self, wav: bytes, done: Done) -> None:
        self._done = done
        self.timer.start(duration_ms(wav))

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done:
            done()

    def stop(self) -> None:
        self.timer.stop()
        self._done = None


class ProcessSink:
    """A command-line player reading the WAV from stdin (or a temp file for afplay)."""

    def __init__(self, command: list[str], parent: QObject | None = None) -> None:
        self.command = command
        self.parent = parent
        self.proc: QProcess | None = None
        self._tmp: Any = None

    def play(self, wav: bytes, done: Done) -> None:
        self.problem: str | None = None
        proc = QProcess(self.parent)
        args = self.command[1:]
        if self.command[0].endswith("afplay"):  # afplay cannot read stdin
            self._tmp = tempfile.NamedTemporaryFile(suffix=".wav")  # noqa: SIM115
            self._tmp.write(wav)
            self._tmp.flush()
            args = [*args, self._tmp.name]
        name = self.command[0]

        def finished(code: int, _status: object) -> None:
            if code != 0:  # e.g. aplay without a sound card
                self.problem = QCoreApplication.translate(
                    "Announcer", "Trình phát âm thanh {0} báo lỗi (mã {1})."
                ).format(name, code)
            done()

        def failed(*_: object) -> None:
            self.problem = QCoreApplication.translate(
                "Announcer", "Không chạy được trình phát âm thanh {0}."
            ).format(name)
            done()

        proc.finished.connect(finished)
        proc.errorOccurred.connect(failed)
        proc.start(self.command[0], args)
        if not self.command[0].endswith("afplay"):
            proc.write(wav)
            proc.closeWriteChannel()
        self.proc = proc

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc = None


class WinSoundSink(QObject):
    """Windows: winsound.PlaySound from memory on a worker thread (it blocks while playing)."""

    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finished.connect(lambda done: done())

    def play(self, wav: bytes, done: Done) -> None:
        import winsound

        def run() -> None:
            try:
                getattr(winsound, "PlaySound")(wav, getattr(winsound, "SND_MEMORY"))  # noqa: B009
            except RuntimeError:
                log.warning("winsound could not play the announcement")
            self._finished.emit(done)

        threading.Thread(target=run, name="announce", daemon=True).start()

    def stop(self) -> None:
        pass


class QtMultimediaSink:
    """QMediaPlayer from a QBuffer (only when PySide6.QtMultimedia is installed)."""

    def __init__(self, parent: QObject | None = None) -> None:
        from PySide6.QtCore import QBuffer, QByteArray  # noqa: F401
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self.player = QMediaPlayer(parent)
        self.output = QAudioOutput(parent)
        self.player.setAudioOutput(self.output)
        self._done: Done | None = None
        self._buffer: Any = None
        self.problem: str | None = None
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(self._error)

    def play(self, wav: bytes, done: Done) -> None:
        from PySide6.QtCore import QBuffer, QByteArray, QUrl
        from PySide6.QtMultimedia import QMediaDevices

        self._done = done
        self.problem = (
            None
            if QMediaDevices.audioOutputs()
            else QCoreApplication.translate("Announcer", "Máy không có thiết bị phát âm thanh.")
        )
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(wav))
        self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.player.setSourceDevice(self._buffer, QUrl("announce.wav"))
        self.player.play()

    def _status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._finish()

    def _error(self, *_: object) -> None:
        self.problem = QCoreApplication.translate(
            "Announcer", "Không phát được âm thanh: {0}"
        ).format(self.player.errorString())
        self._finish()

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done:
            done()

    def stop(self) -> None:
        self.player.stop()
        self._done = None


def default_sink(config: dict[str, Any], parent: QObject | None = None) -> Sink:
    if str(config.get("sound", "auto")) == "off":
        return SilentSink(parent)
    try:
        return QtMultimediaSink(parent)
    except ImportError:
        pass
    if sys.platform == "win32":
        return WinSoundSink(parent)
    for cmd in (["pw-play", "-"], ["paplay"], ["aplay", "-q", "-"], ["afplay"]):
        if shutil.which(cmd[0]):
            return ProcessSink(cmd, parent)
    log.info("no audio player found; announcements are shown but not heard")
    return SilentSink(
        parent,
        QCoreApplication.translate(
            "Announcer", "Không tìm thấy chương trình phát âm thanh: số gọi chỉ hiện trên màn hình."
        ),
    )


class Announcer(QObject):
    """Calls in, sounds out, one at a time. `started`/`finished` carry the spoken text."""

    started = Signal(str)
    finished = Signal(str)
    # what stops the calls being heard ("" once a call was heard again): for the operator
    problem_changed = Signal(str)

    def __init__(self, sink: Sink, bank: ClipBank | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.sink = sink
        self.bank = bank or ClipBank()
        self.pending: deque[tuple[str, int]] = deque()
        self.current: tuple[str, int] | None = None
        self._play_id = 0
        self.watchdog = QTimer(self, singleShot=True)
        self.watchdog.timeout.connect(self._timed_out)
        self.gap = QTimer(self, singleShot=True, interval=PAUSE_BETWEEN_MS)
        self.gap.timeout.connect(self._next)
        self.problem = ""
        QTimer.singleShot(0, self, lambda: self._report(self._sink_problem()))

    def _sink_problem(self) -> str:
        return str(getattr(self.sink, "problem", None) or "")

    def _report(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            if problem:
                log.warning("announcements are not heard: %s", problem)
            self.problem_changed.emit(problem)

    @staticmethod
    def text(label: str, counter: int) -> str:
        return f"Mời công dân có số thứ tự {label} đến quầy số {counter}"

    @property
    def busy(self) -> bool:
        return self.current is not None or self.gap.isActive()

    def announce(self, label: str, counter: int) -> None:
        call = (label, counter)
        if call in self.pending:
            return  # already waiting to be said
        if len(self.pending) >= MAX_PENDING:
            self.pending.popleft()  # a long backlog: the oldest call is the least useful
        self.pending.append(call)
        if not self.busy:
            self._next()

    def _next(self) -> None:
        if self.current is not None or not self.pending:
            return
        label, counter = self.current = self.pending.popleft()
        self._play_id += 1
        play_id = self._play_id
        try:
            wav = self.bank.announcement(label, counter)
        except (OSError, ValueError) as exc:
            log.warning("cannot assemble the call %s/%s: %s", label, counter, exc)
            self._finished(play_id)
            self._report(
                QCoreApplication.translate(
                    "Announcer", "Thiếu tệp âm thanh để đọc số (thư mục resources/sounds)."
                )
            )
            return
        self.watchdog.start(duration_ms(wav) + 3000)
        self.started.emit(self.text(label, counter))
        self.sink.play(wav, lambda: self._finished(play_id))

    def _finished(self, play_id: int) -> None:
        if play_id != self._play_id or self.current is None:
            return  # a late or repeated "done" from a sink
        self.watchdog.stop()
        label, counter = self.current
        self.current = None
        self._report(self._sink_problem())
        self.finished.emit(self.text(label, counter))
        self.gap.start()

    def _timed_out(self) -> None:
        log.warning("the sound player did not report the end of a call; going on")
        self.sink.stop()
        self._finished(self._play_id)
        self._report(QCoreApplication.translate("Announcer", "Trình phát âm thanh không trả lời."))

    def stop(self) -> None:
        self.pending.clear()
        self.watchdog.stop()
        self.gap.stop()
        self.sink.stop()
        self.current = None


__all__ = ["Announcer", "SilentSink", "default_sink", "number_words"]
