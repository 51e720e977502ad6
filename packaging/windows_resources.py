#!/usr/bin/env python3
"""The Windows exes' icon and version information, generated (nothing binary in git).

    .venv/bin/python packaging/windows_resources.py [--out packaging/build]

- `kiosk.ico` (16-256 px) rendered from packaging/linux/kiosk-mot-cua.svg, the app's one icon
  (Qt's SVG renderer, then Pillow's ICO writer);
- `version_info.txt`: a PyInstaller version resource (file and product version from
  pyproject.toml, company, description), shown in Explorer's Properties > Details and used by
  Windows to tell the app's processes apart.

packaging/kiosk.spec calls `generate()` on Windows; the installer (kiosk.iss) uses the icon too.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "packaging" / "linux" / "kiosk-mot-cua.svg"
OUT = ROOT / "packaging" / "build"
SIZES = (16, 24, 32, 48, 64, 128, 256)

VERSION_TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('042A04B0', [
        StringStruct('CompanyName', 'Bộ phận Một cửa'),
        StringStruct('FileDescription', '{description}'),
        StringStruct('FileVersion', '{version}'),
        StringStruct('InternalName', '{name}'),
        StringStruct('OriginalFilename', '{name}.exe'),
        StringStruct('ProductName', 'Một cửa'),
        StringStruct('ProductVersion', '{version}')])
    ]),
    VarFileInfo([VarStruct('Translation', [0x042A, 1200])])
  ]
)
"""


def project_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    return found.group(1) if found else "0.0.0"


def version_numbers(version: str) -> tuple[int, int, int, int]:
    nums = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple((nums + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def make_version_file(out: Path, name: str, description: str, version: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        VERSION_TEMPLATE.format(
            nums=version_numbers(version), version=version, name=name, description=description
        ),
        encoding="utf-8",
    )
    return out


def make_icon(out: Path, svg: Path = SVG) -> Path:
    """The SVG drawn at each size (QSvgRenderer), written as one .ico by Pillow."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["windows_resources"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    png = Image.open(io.BytesIO(bytes(buffer.data().data())))
    out.parent.mkdir(parents=True, exist_ok=True)
    png.save(out, format="ICO", sizes=[(s, s) for s in SIZES])
    del app
    return out


def generate(out_dir: Path = OUT) -> dict[str, Path]:
    """kiosk.ico and one version file per exe; returns their paths by name."""
    version = project_version()
    return {
        "icon": make_icon(out_dir / "kiosk.ico"),
        "kiosk": make_version_file(
            out_dir / "version_kiosk.txt", "kiosk", "Một cửa — dòng lệnh (kiosk)", version
        ),
        "kiosk-app": make_version_file(
            out_dir / "version_kiosk-app.txt", "kiosk-app", "Một cửa — ứng dụng", version
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for name, path in generate(args.out).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
