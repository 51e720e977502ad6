"""Vietnamese call announcements assembled from bundled clips (no speech engine at run time).

"Mời công dân có số thứ tự A012 đến quầy số 3" is the chime, then the phrase clip, the ticket
read letter by letter and digit by digit ("A – không – một – hai"), "đến quầy số", and the
counter read as a number ("ba", "mười hai", "hai mươi mốt"). All clips are 16 kHz mono 16-bit
WAV (resources/sounds/README.md); they are joined sample by sample with short silences into one
WAV, so an announcement plays as one sound and nothing can interleave inside it.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

from kiosk.paths import resource

RATE = 16_000
WORD_GAP_MS = 90
PHRASE_GAP_MS = 260
AFTER_CHIME_MS = 250
DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def number_clips(n: int) -> list[str]:
    """Clip names that read 0..999 the Vietnamese way (mười, mươi, mốt, tư, lăm, linh)."""
    if not 0 <= n <= 999:
        raise ValueError(f"{n} is outside 0..999")
    if n < 10:
        return [f"digit_{n}"]
    if n < 100:
        tens, unit = divmod(n, 10)
        out = ["word_muoi"] if tens == 1 else [f"digit_{tens}", "word_muoi2"]
        if unit == 1 and tens > 1:
            out.append("word_mot2")
        elif unit == 4 and tens > 1:
            out.append("word_tu")
        elif unit == 5:
            out.append("word_lam")
        elif unit:
            out.append(f"digit_{unit}")
        return out
    hundreds, rest = divmod(n, 100)
    out = [f"digit_{hundreds}", "word_tram"]
    if rest == 0:
        return out
    if rest < 10:
        return [*out, "word_linh", f"digit_{rest}"]
    return out + number_clips(rest)


def number_words(n: int) -> str:
    """The same reading as text (for the screen and for tests)."""
    words = {
        "word_muoi": "mười",
        "word_muoi2": "mươi",
        "word_mot2": "mốt",
        "word_tu": "tư",
        "word_lam": "lăm",
        "word_tram": "trăm",
        "word_linh": "linh",
    }
    return " ".join(
        DIGIT_WORDS[int(c[6:])] if c.startswith("digit_") else words[c] for c in number_clips(n)
    )


def ticket_clips(label: str) -> list[str]:
    """A012 -> letter A, then each digit; characters we have no clip for are skipped."""
    out = []
    for ch in label.strip().upper():
        if "A" <= ch <= "Z":
            out.append(f"letter_{ch}")
        elif ch.isdigit():
            out.append(f"digit_{ch}")
    return out


def call_script(label: str, counter: int) -> list[str | int]:
    """The whole announcement: clip names, and ints for silences in milliseconds."""
    script: list[str | int] = ["chime", AFTER_CHIME_MS, "moi_cong_dan", PHRASE_GAP_MS]
    for clip in ticket_clips(label):
        script += [clip, WORD_GAP_MS]
    script[-1] = PHRASE_GAP_MS
    script += ["den_quay_so", PHRASE_GAP_MS]
    for clip in number_clips(counter):
        script += [clip, WORD_GAP_MS]
    return script[:-1]


class ClipBank:
    """The bundled clips, read once; `assemble` joins a script into one WAV (bytes)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or resource("sounds")
        self._frames: dict[str, bytes] = {}

    def path(self, name: str) -> Path:
        return self.root / ("chime.wav" if name == "chime" else f"vi/{name}.wav")

    def frames(self, name: str) -> bytes:
        if name not in self._frames:
            with wave.open(str(self.path(name)), "rb") as w:
                if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
                    raise ValueError(f"{self.path(name)} is not 16 kHz mono 16-bit")
                self._frames[name] = w.readframes(w.getnframes())
        return self._frames[name]

    def available(self) -> bool:
        return self.path("chime").exists() and self.path("moi_cong_dan").exists()

    def assemble(self, script: list[str | int]) -> bytes:
        pcm = bytearray()
        for part in script:
            if isinstance(part, int):
                pcm += bytes(2 * RATE * part // 1000)
            else:
                pcm += self.frames(part)
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(bytes(pcm))
        return out.getvalue()

    def announcement(self, label: str, counter: int) -> bytes:
        return self.assemble(call_script(label, counter))


def duration_ms(wav_bytes: bytes) -> int:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        return round(1000 * w.getnframes() / w.getframerate())
