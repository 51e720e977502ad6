"""Reading a Vietnamese text aloud to a WAV file, offline, with eSpeak NG.

The display calls numbers from recorded clips (resources/sounds); a bulletin is free text, so it
needs a speech engine. eSpeak NG has a Vietnamese voice, runs offline and small, and the
`espeakng-loader` package ships its library and data as wheels for Windows, Linux and macOS, so
nothing has to be installed on the PC. It is driven through its C API (ctypes): synchronous
synthesis into a callback that collects 16-bit mono samples.
"""

from __future__ import annotations

import ctypes
import threading
import wave
from pathlib import Path

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1  # espeak_PARAMETER espeakRATE (words per minute)
_lock = threading.Lock()  # the engine is one global state per process
_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class VoiceError(RuntimeError):
    """The speech engine is missing or failed; the message is one sentence."""


def _engine() -> tuple[ctypes.CDLL, int]:
    try:
        import espeakng_loader
    except ImportError as exc:  # pragma: no cover - a dependency of the app
        raise VoiceError("the speech engine (espeakng-loader) is not installed") from exc
    lib = ctypes.cdll.LoadLibrary(str(espeakng_loader.get_library_path()))
    data = Path(espeakng_loader.get_data_path())
    rate = int(lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, str(data.parent).encode(), 0))
    if rate <= 0:
        raise VoiceError("the speech engine could not start (its data folder is missing)")
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]  # fmt: skip
    return lib, rate


def speak_to_wav(text: str, out: str | Path, *, words_per_minute: int = 140) -> float:
    """Synthesise `text` (Vietnamese) into a 16-bit mono WAV at `out`; returns its seconds."""
    chunks: list[bytes] = []

    def collect(samples: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0:
            chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    callback = _Callback(collect)
    with _lock:
        lib, rate = _engine()
        lib.espeak_SetSynthCallback(callback)
        if lib.espeak_SetVoiceByName(b"vi") != 0:
            raise VoiceError("the speech engine has no Vietnamese voice")
        lib.espeak_SetParameter(_RATE, words_per_minute, 0)
        data = text.encode("utf-8")
        if lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None):
            raise VoiceError("the speech engine could not read the text")
        lib.espeak_Synchronize()
    pcm = b"".join(chunks)
    path = Path(out)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return len(pcm) / 2 / rate
