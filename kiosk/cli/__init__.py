"""The `kiosk` command line (CONTRACT.md): set-up, scripting, diagnostics, automated checks.

Commands from `kiosk/` register here directly. Commands that need printing or the GUI live in
those packages and are found through the `kiosk.commands` entry-point group (one entry point per
command, named after it), so that the core never imports `printing` or `ui` (DESIGN.md §4) and the
server runs without Qt.

Only the module of the command being run is imported: `kiosk run` must not pay for SQLAlchemy
before its window is on screen, nor `kiosk lookup` for reportlab. `--help`, no command or an
unknown one builds the whole parser, so argparse lists (and checks against) every command.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # as early as Python gets: the base of `run --quit-after-ready`

import argparse  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any, NoReturn  # noqa: E402

from kiosk.cli.common import CliContext, UsageError, fail, make_parents  # noqa: E402

# command -> the kiosk.cli module that registers it (tests/unit/test_cli_lazy.py keeps it true)
CORE: dict[str, str] = {
    **dict.fromkeys(("init", "demo-data", "calendar"), "data"),
    "catalog": "catalog",
    "staff": "staff",
    **dict.fromkeys(("office", "department", "counter", "service"), "admin"),
    **dict.fromkeys(("kiosk-pin", "procedure", "setup"), "setup"),
    **dict.fromkeys(
        (
            "receive",
            "refuse",
            "supplement",
            "resume",
            "advance",
            "apologise",
            "return",
            "lookup",
            "search",
            "hand-over",
        ),
        "dossiers",
    ),
    "queue": "queue",
    **dict.fromkeys(("backup", "backup-key", "restore", "doctor"), "ops"),
    "devices": "devices",
    **dict.fromkeys(("server", "enroll", "sync"), "server"),
    "roster": "reports",
    **dict.fromkeys(("purge", "subject-report"), "privacy"),
    "db": "database",
}
GROUP = "kiosk.commands"


def entry_points(**kw: Any) -> Any:
    """importlib.metadata's, imported only when a plug-in command is wanted (~50 ms)."""
    from importlib.metadata import entry_points as found

    return found(**kw)


def core_module(name: str) -> Any:
    return importlib.import_module(f"kiosk.cli.{name}")


class _Unparsable(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Unparsable(message)


def command_word(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv` (after any --home/--db given before it), if any."""
    pre = _QuietParser(add_help=False, parents=[make_parents().common])
    try:
        _, rest = pre.parse_known_args(list(argv))
    except _Unparsable:  # e.g. `--home` without its value: the full parser says so, once
        return None
    if rest and not rest[0].startswith("-"):
        return rest[0]
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: only its command's module, or every command (argv None or unknown)."""
    parents = make_parents()
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Reception counter (Bộ phận Một cửa): set-up, dossiers, queue, printing, sync.",
        parents=[parents.common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    word = command_word(argv) if argv is not None else None
    if word in CORE:
        core_module(CORE[word]).register(sub, parents)
        return parser
    plugins = sorted(entry_points(group=GROUP), key=lambda e: e.name)
    chosen = [ep for ep in plugins if ep.name == word]
    if not chosen:  # help, no command, an unknown one: all of them
        for module in dict.fromkeys(CORE.values()):
            core_module(module).register(sub, parents)
        chosen = plugins
    for ep in chosen:
        try:
            ep.load()(sub, parents)
        except ImportError as exc:  # e.g. Qt missing on a server: its commands are just absent
            print(f"kiosk: commands '{ep.name}' unavailable: {exc}", file=sys.stderr)
    return parser


def utf8_streams() -> None:
    """UTF-8 on stdout and stderr whatever the console or pipe would pick.

    On Windows a redirected or piped stream takes the ANSI code page (cp1252, cp1258) or the
    OEM one (cp437), which cannot write most Vietnamese letters: `kiosk --help > f` would end
    in UnicodeEncodeError. UTF-8 is what every tool reading our output (PowerShell 7, Python,
    Excel's import, a second `kiosk`) expects; the frozen build also runs in UTF-8 mode.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # replaced by a test or an embedding host: leave it be
            continue
        try:
            reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):  # a closed stream: nothing will be written to it anyway
            continue


def main(argv: list[str] | None = None) -> int:
    utf8_streams()
    argv = sys.argv[1:] if argv is None else argv
    # Every file and folder this process creates (database, logs, backups, printouts, exports,
    # config) is the user's alone: 0600/0700 (kiosk/privacy/files.py; Windows: ACLs there).
    os.umask(0o077)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    ctx = CliContext.from_args(args)
    try:
        return int(args.handler(ctx, args) or 0)
    except UsageError as exc:
        prog = getattr(args, "command_prog", None)
        if prog is None:
            parser.error(str(exc))
        # one sentence about that command, not the top-level usage of every command
        print(f"{prog}: {exc} (see {prog} --help)", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - every refusal becomes one sentence, exit 1
        return fail(exc)
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
