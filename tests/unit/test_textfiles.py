"""Issue 19, item 3: files a person may edit (config.toml, a calendar, a catalog) saved by
Notepad with a UTF-8 BOM are read; saved in cp1258 they are refused with one sentence naming
the file and saying "save it as UTF-8" (no traceback, no TOML error about a stray character)."""

from __future__ import annotations

import codecs
import logging
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kiosk.catalog import CatalogError, load_catalog
from kiosk.devices.config import ConfigError, load_config
from kiosk.domain.calendar import CalendarError, WorkCalendar
from kiosk.logs import configured_level
from kiosk.paths import resource
from kiosk.textfiles import NotUtf8Error, read_text

ROOT = Path(__file__).resolve().parents[2]
CONFIG = 'log_level = "DEBUG"\ncounter = 3\n# Quầy số 3 — Bộ phận Một cửa\n[printers.ticket]\nurl = "tcp://127.0.0.1:9100"\n'
FOLDER = "Phòng #2 %20 Một cửa"


def cp1258(text: str) -> bytes:
    """As a Vietnamese Windows editor saves in the ANSI code page: base letters (ư, ơ, â...)
    precomposed, tone marks as combining characters."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", c)
        forms = [c] + [
            unicodedata.normalize("NFC", base + m) + "".join(marks[:i] + marks[i + 1 :])
            for i, m in enumerate(marks)
        ] + [unicodedata.normalize("NFD", c)]
        for form in forms:
            try:
                out += form.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:  # e.g. "≤": an editor would write "?"
            out += b"?"
    return bytes(out)


def write(path: Path, text: str, encoding: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def test_read_text_accepts_a_bom_and_refuses_cp1258(tmp_path: Path) -> None:
    f = write(tmp_path / "a.txt", "Một cửa", "utf-8-sig")
    assert f.read_bytes().startswith(codecs.BOM_UTF8)
    assert read_text(f) == "Một cửa"
    write(f, "Một cửa", "cp1258")
    with pytest.raises(NotUtf8Error) as err:
        read_text(f, "configuration file")
    assert str(f) in str(err.value) and "save it as UTF-8" in str(err.value)
    assert "UTF-8" in err.value.message_vi and "\n" not in str(err.value)


def test_config_with_a_bom(tmp_path: Path) -> None:
    home = tmp_path / FOLDER
    write(home / "config.toml", CONFIG, "utf-8-sig")
    assert load_config(home)["counter"] == 3
    assert configured_level(home) == logging.DEBUG


def test_config_in_cp1258(tmp_path: Path) -> None:
    home = tmp_path / FOLDER
    write(home / "config.toml", CONFIG, "cp1258")
    with pytest.raises(ConfigError, match=r"config\.toml is not UTF-8 text .*save it as UTF-8"):
        load_config(home)
    assert configured_level(home) == logging.INFO  # logging still starts


def test_calendar_with_a_bom_and_in_cp1258(tmp_path: Path) -> None:
    text = resource("calendar", "vn-2025-2026.json").read_text(encoding="utf-8")
    cal = WorkCalendar.from_file(write(tmp_path / "lịch.json", text, "utf-8-sig"))
    assert cal.name
    bad = write(tmp_path / "lịch-cp1258.json", text, "cp1258")
    with pytest.raises(CalendarError, match="lịch-cp1258.json is not UTF-8 text.*save it as UTF-8"):
        WorkCalendar.from_file(bad)


def test_catalog_with_a_bom_and_in_cp1258(tmp_path: Path) -> None:
    text = resource("catalog", "procedures.json").read_text(encoding="utf-8")
    assert load_catalog(write(tmp_path / "c.json", text, "utf-8-sig")).procedures
    write(tmp_path / "c1258.json", text, "cp1258")
    with pytest.raises(CatalogError, match="c1258.json is not UTF-8 text.*save it as UTF-8"):
        load_catalog(tmp_path / "c1258.json")


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120,
    )


def test_doctor_and_run_with_a_cp1258_config(tmp_path: Path) -> None:
    home = tmp_path / FOLDER
    write(home / "config.toml", CONFIG, "cp1258")
    doctor = run_cli(home, "doctor", "--json")
    assert doctor.returncode == 1 and "Traceback" not in doctor.stderr
    assert "save it as UTF-8" in doctor.stdout
    run = run_cli(home, "run", "--role", "display", "--quit-after-ready")
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "config.toml is not UTF-8 text" in lines[0], run.stderr
    log = (home / "logs" / "kiosk-display.log").read_text(encoding="utf-8")
    assert "start failed before the first window" in log and "save it as UTF-8" in log
    write(home / "config.toml", CONFIG, "utf-8-sig")
    assert run_cli(home, "doctor", "--json").stdout.count("not UTF-8") == 0
