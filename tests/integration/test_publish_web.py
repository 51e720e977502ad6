"""The exported website in a real browser, and the publishing commands as a user runs them.

`kiosk catalog export --html DIR` is opened in headless Chromium (Debian's chromium-headless-shell)
at a phone's and a counter PC's width; the screenshots go to test-output/publish_web/ to be
looked at. Every page is parsed as strict HTML5 (html5lib) and must load nothing from elsewhere.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import html5lib
import pytest

CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    done = kiosk(home, "init", "--demo")
    assert done.returncode == 0, done.stderr
    out = tmp_path_factory.mktemp("site") / "Thủ tục #1"  # spaces, '#', Vietnamese letters
    done = kiosk(home, "catalog", "export", "--html", str(out), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["procedures"] == 47
    return out


def test_every_page_is_strict_html5_without_outside_assets(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 48  # the index and one page per procedure
    parser = html5lib.HTMLParser(strict=True)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser.parse(text)  # raises on any parse error
        for ref in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert not ref.startswith("//"), (page.name, ref)
            if ref.startswith("http"):
                assert ref == "https://dichvucong.gov.vn", (page.name, ref)  # a link, not an asset
            else:
                assert (page.parent / ref.split("?")[0]).exists(), (page.name, ref)
    css = (site / "assets" / "style.css").read_text(encoding="utf-8")
    assert "http" not in css and "@media print" in css and "@media (max-width: 700px)" in css
    assert (site / "assets" / "NotoSans-Regular.ttf").stat().st_size > 100_000
    csv_bytes = (site / "thu-tuc.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and csv_bytes.count(b"\n") >= 48


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium-headless-shell (Debian)")
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_pages_in_a_real_browser(site: Path, output_dir: Path, width: int, height: int) -> None:
    for name, page in (("index", site / "index.html"),
                       ("land", site / "thu-tuc" / "1.013978.html")):  # fmt: skip
        shot = output_dir / f"{name}-{width}x{height}.png"
        shot.unlink(missing_ok=True)
        done = _chromium(f"--screenshot={shot}", f"--window-size={width},{height}", page.as_uri())
        assert shot.exists() and shot.stat().st_size > 10_000, done.stderr
    # the layout fits the phone: nothing wider than the viewport
    probe = site / "thu-tuc" / "probe.html"
    html = (site / "thu-tuc" / "1.013978.html").read_text(encoding="utf-8")
    probe.write_text(
        html.replace(
            "</body>",
            "<script>document.title = 'W' + document.documentElement.scrollWidth;</script></body>",
        ),
        encoding="utf-8",
    )
    dom = _chromium("--dump-dom", f"--window-size={width},{height}", probe.as_uri()).stdout
    probe.unlink()
    scroll = int(re.search(r"<title>W(\d+)</title>", dom).group(1))  # type: ignore[union-attr]
    assert scroll <= width, f"the page is {scroll} px wide in a {width} px window"


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium-headless-shell (Debian)")
def test_search_runs_in_the_browser_without_a_server(site: Path) -> None:
    """The index's search box (prefilled from ?q=) finds procedures accents and case ignored."""
    url = site.joinpath("index.html").as_uri() + "?q=DANG%20KY%20khai%20sinh"
    dom = _chromium("--dump-dom", "--virtual-time-budget=3000", url).stdout
    results = re.search(r'<ul id="results">(.*?)</ul>', dom, re.S)
    assert results is not None
    found = re.findall(r">([^<]+)</a>", results.group(1))
    assert found and all("khai sinh" in f.lower() for f in found), found
    assert "Thủ tục đăng ký khai sinh" in found
    dom = _chromium("--dump-dom", site.joinpath("index.html").as_uri() + "?q=zzzz").stdout
    assert "Không tìm thấy thủ tục phù hợp." in dom


def test_publishing_commands(tmp_path: Path, output_dir: Path) -> None:
    home = tmp_path / "home"
    assert kiosk(home, "init", "--demo").returncode == 0
    done = kiosk(home, "print", "posting", "--field", "Hộ tịch", "--out",
                 str(output_dir / "ho-tich.pdf"), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["procedures"] == 9
    bad = kiosk(home, "print", "posting", "--procedure", "NOPE", "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 1 and bad.stderr.strip() == "kiosk: No active procedure NOPE."
    assert not (tmp_path / "x.pdf").exists()

    catalog = json.loads(
        (Path(__file__).parents[2] / "resources" / "catalog" / "procedures.json").read_text(
            encoding="utf-8"
        )
    )
    catalog["procedures"][0]["fee"]["amount_vnd"] = 5000
    catalog["procedures"].pop()
    new_file = tmp_path / "decision.json"
    new_file.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    done = kiosk(home, "catalog", "import", str(new_file), "--dry-run", "--withdraw-missing",
                 "--json")  # fmt: skip
    seen = json.loads(done.stdout)
    assert seen["applied"] is False and len(seen["changed"]) == 1 and len(seen["withdrawn"]) == 1
    assert seen["changed"][0]["fields"] == ["fee"]
    done = kiosk(home, "catalog", "import", str(new_file), "--withdraw-missing", "--json")
    assert json.loads(done.stdout)["applied"] is True
    done = kiosk(home, "catalog", "import", str(new_file), "--dry-run", "--json")
    assert json.loads(done.stdout)["unchanged"] == 46

    script, audio = output_dir / "ban-tin.txt", output_dir / "ban-tin.wav"
    done = kiosk(home, "catalog", "bulletin", "--since", "2026-01-01", "--out", str(script))
    assert done.returncode == 0, done.stderr
    text = script.read_text(encoding="utf-8")
    assert "có thay đổi về phí, lệ phí" in text and "đã được bãi bỏ" in text
    done = kiosk(home, "catalog", "bulletin", "--since", "2026-01-01", "--out", str(audio))
    assert done.returncode == 0, done.stderr
    with wave.open(str(audio)) as w:
        assert w.getnframes() / w.getframerate() > 20
    mp3 = str(tmp_path / "b.mp3")
    bad = kiosk(home, "catalog", "bulletin", "--since", "2026-01-01", "--out", mp3)
    assert bad.returncode == 2 and "--out must end in .txt" in bad.stderr
