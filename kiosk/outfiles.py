"""Files the app writes for people (printed forms, reports, exports) without tripping on Windows.

Windows refuses to replace a file another program holds open: Acrobat keeps the PDF a clerk
opened with "Mở PDF", Excel the CSV a supervisor is reading, and an antivirus or the search
indexer opens every new file for a moment. So:

- every print gets a new file name (`new_name`): the next print never has to replace the PDF
  that is open on screen, and the office keeps each copy it handed out;
- a file is written under a temporary name and renamed (whole or not at all), with a few short
  retries when the rename is refused for a moment (`replace_retrying`);
- a file the person chose to overwrite and that stays locked is saved next to it under a free
  name instead (`write_file(..., fallback=True)`), and that name is reported.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from kiosk.privacy.files import restrict_to_owner

# about 1.5 s in all: an antivirus scan of a new PDF takes tens of milliseconds
RETRY_DELAYS: Sequence[float] = (0.05, 0.1, 0.2, 0.4, 0.8)


def replace_retrying(
    src: str | Path,
    dst: str | Path,
    *,
    delays: Sequence[float] = RETRY_DELAYS,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """os.replace, retried a few times while Windows says the target is in use."""
    for delay in (*delays, None):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if delay is None:
                raise
            sleep(delay)


def free_name(path: Path) -> Path:
    """`path` if nothing is there, else `stem-2.ext`, `stem-3.ext`... (the first free one)."""
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def new_name(folder: Path, stem: str, suffix: str, *, now: datetime | None = None) -> Path:
    """A file name no earlier output has: `<stem>-YYYYMMDD-HHMMSS<suffix>` (then -2, -3...)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return free_name(folder / f"{stem}-{stamp}{suffix}")


def stamped_name(folder: Path, name: str, *, now: datetime | None = None) -> Path:
    """`<first part>-YYYYMMDD-HHMMSS-<rest>`: e.g. CODE-<time>-mau01-giay-tiep-nhan.pdf."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path, n = folder / name.format(stamp=stamp), 2
    while path.exists():  # two prints in one second: the counter goes with the time
        path, n = folder / name.format(stamp=f"{stamp}-{n}"), n + 1
    return path


def write_file(
    path: str | Path,
    data: bytes,
    *,
    fallback: bool = False,
    delays: Sequence[float] = RETRY_DELAYS,
    sleep: Callable[[float], None] = time.sleep,
) -> Path:
    """Write `data` at `path` whole or not at all; returns where it was written.

    With `fallback`, a target that stays locked (open in another program) is left alone and the
    data goes to the next free name beside it; without, PermissionError is raised.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        restrict_to_owner(tmp)  # printouts and exports hold citizens' data: the user's alone
        try:
            replace_retrying(tmp, target, delays=delays, sleep=sleep)
        except PermissionError:
            if not fallback:
                raise
            target = free_name(target.with_name(f"{target.stem}-moi{target.suffix}"))
            replace_retrying(tmp, target, delays=delays, sleep=sleep)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
