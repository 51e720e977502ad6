"""The `kiosk` command line (CONTRACT.md): set-up, scripting, diagnostics, automated checks.

Commands from `kiosk/` register here directly. Commands that need printing or the GUI live in
those packages and are found through the `kiosk.commands` entry-point group, so that the core
never imports `printing` or `ui` (DESIGN.md §4) and the server runs without Qt.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # as early as Python gets: the base of `run --quit-after-ready`

import argparse  # noqa: E402
import sys  # noqa: E402
from importlib.metadata import entry_points  # noqa: E402

from kiosk.cli import data, devices, dossiers, ops, queue, reports, server  # noqa: E402
from kiosk.cli.common import CliContext, UsageError, fail, make_parents  # noqa: E402

CORE = (data, dossiers, queue, ops, devices, server, reports)


def build_parser() -> argparse.ArgumentParser:
    parents = make_parents()
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Reception counter (Bộ phận Một cửa): set-up, dossiers, queue, printing, sync.",
        parents=[parents.common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in CORE:
        module.register(sub, parents)
    for ep in sorted(entry_points(group="kiosk.commands"), key=lambda e: e.name):
        try:
            ep.load()(sub, parents)
        except ImportError as exc:  # e.g. Qt missing on a server: its commands are just absent
            print(f"kiosk: commands '{ep.name}' unavailable: {exc}", file=sys.stderr)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext.from_args(args)
    try:
        return int(args.handler(ctx, args) or 0)
    except UsageError as exc:
        parser.error(str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 - every refusal becomes one sentence, exit 1
        return fail(exc)
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
