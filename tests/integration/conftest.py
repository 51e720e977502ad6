"""Fixtures for the command-line tests: `kiosk` as a real process on a demo database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kiosk(
    home: Path, *args: str, ok: bool = True, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_HOME=str(home))
    env.pop("KIOSK_DB", None)
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def kj(home: Path, *args: str) -> dict[str, Any]:
    out = kiosk(home, *args, "--json").stdout
    assert out.count("\n") == 1, f"exactly one JSON object expected, got: {out!r}"
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    info = kj(
        tmp_path,
        "init",
        "--agency-code",
        "000.17.22.H56",
        "--agency-name",
        "UBND phường Quang Trung",
        "--demo",
    )
    assert info["agency_code"] == "000.17.22.H56" and info["procedures"] >= 30
    assert info["db"].startswith("sqlite:///")
    return tmp_path
