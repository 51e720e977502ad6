"""What every command shares: --home, --db, --json, the store, times, output and errors."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError
from kiosk.paths import default_home, sqlite_url

if TYPE_CHECKING:  # SQLAlchemy loads with the first command that opens the store, not before
    from kiosk.store.db import Store


# Set by the windowed exe (packaging/kiosk_main.py), which has no console to write errors to;
# KIOSK_WINDOWED=1 does the same for a Linux autostart entry (and the tests).
WINDOWED = False


def windowed() -> bool:
    """True when nobody reads stderr: a start failure must be shown in a message box."""
    return WINDOWED or os.environ.get("KIOSK_WINDOWED") == "1"


class UsageError(Exception):
    """Bad option values that argparse cannot check: exit status 2."""


@dataclass
class Parents:
    common: argparse.ArgumentParser
    json: argparse.ArgumentParser


def make_parents() -> Parents:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a value given before the sub-command from being reset by the sub-parser.
    common.add_argument("--home", default=argparse.SUPPRESS, help="data folder ($KIOSK_HOME)")
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL ($KIOSK_DB)")
    js = argparse.ArgumentParser(add_help=False)
    js.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    return Parents(common, js)


def add_command(
    sub: Any, parents: Parents, name: str, help_text: str, *, json_output: bool = True
) -> argparse.ArgumentParser:
    ps = [parents.common] + ([parents.json] if json_output else [])
    p = sub.add_parser(name, help=help_text, description=help_text, parents=ps)
    p.set_defaults(command_prog=p.prog)  # "kiosk report results": named in a usage error
    return p


@dataclass
class CliContext:
    home: Path
    db_url: str
    json: bool = False
    _store: Store | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        home = Path(getattr(args, "home", None) or default_home()).expanduser()
        db = getattr(args, "db", None) or os.environ.get("KIOSK_DB") or ""
        if not db:  # as kiosk.store.db.default_url(home), without importing SQLAlchemy
            db = sqlite_url(home / "kiosk.sqlite3")
        return cls(home=home, db_url=db, json=bool(getattr(args, "json", False)))

    @property
    def store(self) -> Store:
        if self._store is None:
            from kiosk.store.db import open_store

            if self.db_url.startswith("sqlite"):
                from kiosk.privacy.files import ensure_private_dir

                ensure_private_dir(self.home)
            self._store = open_store(self.db_url)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def out(self, obj: dict[str, Any], text: str | None = None) -> None:
        """Exactly one JSON object with --json, else the human text.

        Called once the work is done (and committed): a stream that cannot take the text must
        not turn a done import or backup into "exit 1", which a script would retry.
        """
        if self.json:
            write_out(json.dumps(obj, ensure_ascii=False, default=_jsonable) + "\n")
        elif text is not None:
            write_out(text.rstrip("\n") + "\n")


def write_out(text: str) -> None:
    """`text` on stdout, come what may: letters the stream cannot encode are escaped, and a
    closed pipe (`kiosk ... | head -1`) is not an error of the command."""
    stream = sys.stdout
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except (BrokenPipeError, ValueError):  # reader gone, or stdout closed
        _silence_stdout()
    except OSError as exc:  # e.g. EINVAL from a Windows pipe whose reader has gone
        _silence_stdout()
        sys.stderr.write(f"kiosk: the output could not be written ({exc.strerror or exc}).\n")


def _silence_stdout() -> None:
    # Python flushes stdout once more at exit, which would fail again and set status 120.
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def fail(exc: BaseException) -> int:
    """One clear English sentence on stderr, exit status 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.store.db import StoreError

    if isinstance(exc, KioskError | StoreError):
        msg = str(exc)
    elif isinstance(english := getattr(exc, "message_en", None), str):  # e.g. a printer fault
        msg = english
    elif isinstance(exc, SQLAlchemyError):
        msg = f"the database refused the change: {str(getattr(exc, 'orig', exc)).strip()}"
    elif isinstance(exc, OSError):
        msg = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
    elif isinstance(exc, ValueError):
        msg = str(exc)
    else:
        msg = f"unexpected error ({type(exc).__name__}): {exc}"
    msg = msg.strip().rstrip(".")
    sys.stderr.write(f"kiosk: {msg[:1].upper() + msg[1:]}.\n")
    return 1


def parse_time(text: str | None, option: str = "--at") -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise KioskError(
            f"{option} '{text}' is not a valid time (use e.g. 2026-02-09T09:00:00)"
        ) from None
    if value.tzinfo is not None:  # office local time is what the rules use
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KioskError(f"{option} '{text}' is not a valid date (use e.g. 2026-02-09)") from None


def fmt_dt(value: datetime | None) -> str:
    return value.strftime("%H:%M %d/%m/%Y") if value else "—"
