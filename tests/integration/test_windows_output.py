"""Issue 19, item 2: CLI output on a Windows code page (cp1252, cp1258, cp437), simulated with
PYTHONIOENCODING: piped and redirected output stays UTF-8 with the Vietnamese intact, and a
command that has done its work does not exit 1 because its output could not be written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.integration.conftest import ROOT

CODE_PAGES = ["cp1252", "cp1258", "cp437"]


def run(home: Path, *args: str, encoding: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, KIOSK_HOME=str(home), PYTHONIOENCODING=encoding)
    env.pop("KIOSK_DB", None)
    env.pop("PYTHONUTF8", None)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kiosk.cli", *args], env=env, cwd=ROOT, timeout=120, **kw
    )


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_help_through_a_pipe_is_utf8(tmp_path: Path, encoding: str) -> None:
    # `kiosk --help | cat`: stdout is a pipe
    proc = run(tmp_path, "--help", encoding=encoding, stdout=subprocess.PIPE,
               stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert "Bộ phận Một cửa" in proc.stdout.decode("utf-8")


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_search_json_redirected_to_a_file(home: Path, tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "f"
    with out.open("wb") as f:  # `kiosk search Nguyễn --json > f`
        proc = run(home, "search", "Nguyễn", "--json", encoding=encoding, stdout=f,
                   stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    data = json.loads(out.read_bytes().decode("utf-8"))
    names = {d["applicant_name"] for d in data["dossiers"]}
    assert names and all(n.startswith("Nguyễn") for n in names)
    assert any(d["status_name"] == "Đang xử lý" for d in data["dossiers"]) or data["dossiers"]


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_catalog_list_and_errors_in_utf8(home: Path, encoding: str) -> None:
    proc = run(home, "catalog", "list", encoding=encoding, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert "Đăng ký" in proc.stdout.decode("utf-8")
    bad = run(home, "lookup", "KHÔNG-CÓ", encoding=encoding, capture_output=True)
    assert bad.returncode == 1
    err = bad.stderr.decode("utf-8")
    assert "KHÔNG-CÓ" in err and "Traceback" not in err


class _Cp1252Only(io.TextIOBase):
    """A stream like a Windows pipe of old: no reconfigure, cp1252 only, strict."""

    encoding = "cp1252"

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, s: str) -> int:
        self.data += s.encode("cp1252")  # UnicodeEncodeError on "ộ"
        return len(s)


class _ClosedPipe(io.TextIOBase):
    encoding = "utf-8"

    def write(self, s: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("stream", [_Cp1252Only, _ClosedPipe])
def test_a_done_import_is_not_reported_as_failed(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stream: type[io.TextIOBase]
) -> None:
    catalog = ROOT / "resources" / "catalog"
    source = catalog / "procedures.json"
    target = tmp_path / "Thủ tục Một cửa" / source.name
    target.parent.mkdir()
    target.write_bytes(source.read_bytes())
    monkeypatch.setattr(sys, "stdout", stream())
    assert main(["--home", str(home), "catalog", "import", str(target)]) == 0
    (tmp_path / "Sao lưu ộ").mkdir()
    monkeypatch.setattr(sys, "stdout", stream())
    assert main(["--home", str(home), "backup", "--out", str(tmp_path / "Sao lưu ộ") + "/"]) == 0
    assert list((tmp_path / "Sao lưu ộ").glob("kiosk-*.sqlite3*"))
