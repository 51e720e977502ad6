"""`kiosk run`: the desktop app (registered through the `kiosk.commands` entry point)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import CliContext, Parents, add_command, windowed

if TYPE_CHECKING:
    from kiosk.store.db import Store


def register(sub: Any, parents: Parents) -> None:
    p = add_command(sub, parents, "run", "start the desktop app", json_output=False)
    p.add_argument(
        "--role",
        choices=[
            "counter",
            "dispenser",
            "selfcheck",
            "display",
            "department",
            "supervisor",
            "admin",
            "all",
        ],  # fmt: skip
        default="counter",
    )
    p.add_argument("--demo", action="store_true", help="demo data and simulated devices")
    p.add_argument("--fullscreen", action="store_true")
    p.add_argument("--quit-after-ready", action="store_true", help="print 'ready <ms>' and exit")
    p.add_argument("--counter", type=int, help="this PC's counter number")
    p.add_argument("--lang", choices=["vi", "en"], help="interface language")
    p.set_defaults(handler=cmd_run)


def cmd_run(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.cli import STARTED  # the moment the process reached Python: start-up time base
    from kiosk.devices.config import load_config
    from ui.app import run_app  # Qt is imported only for this command

    try:
        config: dict[str, Any] = load_config(ctx.home)  # printers, scanners, counter
    except Exception as exc:
        start_failed(ctx, args.role, exc)
        raise
    if args.counter:
        config["counter"] = args.counter
    if args.lang:
        config["language"] = args.lang

    def open_store() -> Store:
        """On the database worker, while the first window is already on screen."""
        from kiosk.backup import encrypt_on_start, start_daily_backups

        made = encrypt_on_start(ctx.db_url, ctx.home)  # an older version's plain database
        if made is not None and sys.stderr is not None:  # the windowed exe has no console
            sys.stderr.write(f"kiosk: the database is now encrypted; a backup of it: {made}\n")
        store = ctx.store  # SQLAlchemy, the migrations check, the file's integrity
        if args.demo:
            from kiosk.services.demo import seed_demo
            from kiosk.services.setup import init_database

            with store.begin() as s:
                init_database(s)
                seed_demo(s)
        start_daily_backups(store.engine, ctx.home)  # on its own thread (kiosk/backup.py)
        return store

    try:
        return run_app(
            open_store,
            ctx.home,
            args.role,
            demo=args.demo,
            fullscreen=args.fullscreen,
            quit_after_ready=args.quit_after_ready,
            started=STARTED,
            config=config,
        )
    except Exception as exc:  # before or around the first window: say why, then exit 1
        start_failed(ctx, args.role, exc)
        raise


def start_failed(ctx: CliContext, role: str, exc: BaseException) -> None:
    """Log why the app did not start; in the windowed exe (no console) also a message box."""
    from ui.start_error import report_start_failure

    report_start_failure(ctx.home, role, exc, show=windowed())
