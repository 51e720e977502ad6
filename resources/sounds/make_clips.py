"""Regenerate the bundled announcement clips (a developer tool; the app never runs espeak).

    apt-get install -y espeak-ng sox      # Debian/Ubuntu
    python resources/sounds/make_clips.py

Every clip is 16 kHz, mono, 16-bit PCM WAV, trimmed of leading/trailing silence and normalised
to -1 dBFS (the chime to -8 dBFS, under the voice), so ui/public/voice.py can join them sample by
sample into one announcement. SoX runs without dither (`-D`): the same input gives the same bytes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VOICE = "vi"  # espeak-ng's Northern Vietnamese voice
SPEED = "145"  # words per minute: slower than the default 175, clearer in a noisy hall
RATE = "16000"

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
# Vietnamese names of the Latin letters, as staff read ticket prefixes aloud.
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}  # fmt: skip
# Extra words for reading counter numbers as numbers (12 -> "mười hai", 21 -> "hai mươi mốt").
WORDS = {"muoi": "mười", "muoi2": "mươi", "mot2": "mốt", "lam": "lăm", "tu": "tư",
         "tram": "trăm", "linh": "linh"}  # fmt: skip
PHRASES = {
    "moi_cong_dan": "Mời công dân có số thứ tự",
    "den_quay_so": "đến quầy số",
}


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        sys.exit(f"{tool} is not installed (apt-get install -y espeak-ng sox)")
    return path


def speak(text: str, out: Path, tmp: Path) -> None:
    raw = tmp / "raw.wav"
    subprocess.run([need("espeak-ng"), "-v", VOICE, "-s", SPEED, "-w", str(raw), text], check=True)
    # trim silence at both ends (reverse trick), resample, normalise
    subprocess.run(
        [need("sox"), "-D", str(raw), "-r", RATE, "-c", "1", "-b", "16", str(out),
         "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse",
         "norm", "-1"],
        check=True,
    )  # fmt: skip


def chime(out: Path, tmp: Path) -> None:
    """Two soft bell tones (E5 then C5) with a quick attack and a long decay."""
    parts = []
    for i, freq in enumerate(("659.25", "523.25")):
        p = tmp / f"tone{i}.wav"
        subprocess.run(
            [need("sox"), "-D", "-n", "-r", RATE, "-c", "1", "-b", "16", str(p),
             "synth", "0.9", "sine", freq, "sine", str(float(freq) * 2),
             "remix", "1,2", "fade", "q", "0.005", "0.9", "0.85", "vol", "0.5"],
            check=True,
        )  # fmt: skip
        parts.append(str(p))
    subprocess.run([need("sox"), "-D", *parts, str(out), "norm", "-8"], check=True)


def main() -> None:
    vi = HERE / "vi"
    vi.mkdir(exist_ok=True)
    for old in vi.glob("*.wav"):
        old.unlink()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        chime(HERE / "chime.wav", tmp)
        for i, word in enumerate(DIGITS):
            speak(word, vi / f"digit_{i}.wav", tmp)
        for letter, name in LETTERS.items():
            speak(name, vi / f"letter_{letter}.wav", tmp)
        for key, word in WORDS.items():
            speak(word, vi / f"word_{key}.wav", tmp)
        for key, text in PHRASES.items():
            speak(text, vi / f"{key}.wav", tmp)
    total = sum(p.stat().st_size for p in HERE.rglob("*.wav"))
    print(f"{len(list(HERE.rglob('*.wav')))} clips, {total // 1024} KiB")


if __name__ == "__main__":
    main()
