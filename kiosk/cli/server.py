"""Server and sync commands: server, server add-device/devices/revoke-device, enroll, sync."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from kiosk.cli.common import CliContext, Parents, add_command
from kiosk.errors import KioskError
from kiosk.services.context import now, set_setting
from kiosk.store.server_models import Device, PushReceipt

if TYPE_CHECKING:
    from kiosk.sync.worker import SyncStatus

# The server and sync modules (uvicorn, starlette, httpx) load only when their command runs:
# every other command starts faster.


def register(sub: Any, parents: Parents) -> None:
    p = add_command(
        sub, parents, "server", "run the district server, or manage its devices", json_output=False
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: all)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--max-per-address", type=int, default=128, metavar="N",
        help="open connections one client address may hold (default 128)",
    )  # fmt: skip
    p.add_argument(
        "--max-connections", type=int, default=4096, metavar="N",
        help="open connections in all (default 4096; kept below the open-file limit)",
    )  # fmt: skip
    p.add_argument(
        "--workers", type=int, default=1, metavar="N",
        help="server processes sharing the port (default 1; docs/server.md, Capacity)",
    )  # fmt: skip
    p.add_argument(
        "--insecure-http", action="store_true",
        help="plain HTTP, for a trial only (default: TLS with the server's own CA)",
    )  # fmt: skip
    p.add_argument(
        "--tls-name", action="append", default=[], metavar="NAME",
        help="another host name or address PCs use for this server (repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--restored-from-backup", action="store_true",
        help="the database was restored: start anyway, and have every PC send again what "
        "the database lacks",
    )  # fmt: skip
    p.set_defaults(handler=cmd_server)
    actions = p.add_subparsers(dest="server_command", metavar="ACTION")
    a = add_command(actions, parents, "add-device", "a one-time enrollment code for a PC")
    a.add_argument("--office", required=True, metavar="AGENCY_CODE")
    a.add_argument("--slots", type=int, help="dossier-number slots of the office (default 10)")
    a.add_argument(
        "--roles",
        default="counter",
        help="what the PC is for, comma-separated: counter, supervisor, department, dispenser, "
        "selfcheck, display (default counter); a PC with only public roles gets no citizen's "
        "name beyond the masked form, no ID number, phone or address",
    )
    a.set_defaults(handler=cmd_add_device)
    a = add_command(actions, parents, "devices", "the enrolled PCs")
    a.set_defaults(handler=cmd_devices)
    a = add_command(actions, parents, "revoke-device", "refuse a PC from now on")
    a.add_argument("device_id")
    a.set_defaults(handler=cmd_revoke)
    a = add_command(actions, parents, "rejected", "changes from PCs the server refused")
    a.add_argument("--limit", type=int, default=50)
    a.set_defaults(handler=cmd_rejected)

    p = add_command(sub, parents, "enroll", "enroll this PC with the server (one-time code)")
    p.add_argument("--server", required=True, help="e.g. https://10.0.0.2:8765")
    p.add_argument("--code", required=True)
    p.add_argument("--name", help="this PC's name on the server (default: host name)")
    p.set_defaults(handler=cmd_enroll)

    p = add_command(sub, parents, "sync", "push and pull now (or keep syncing until Ctrl+C)")
    p.add_argument("--once", action="store_true", help="one round, then exit")
    p.add_argument("--status", action="store_true", help="show the sync state, no network")
    p.set_defaults(handler=cmd_sync)


def cmd_server(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.server.run import ServeOptions, serve  # uvicorn only when serving

    if not 0 < args.port < 65536:
        raise KioskError(f"--port {args.port} is not a TCP port")
    if args.max_per_address < 1 or args.max_connections < 1:
        raise KioskError("--max-per-address and --max-connections must be 1 or more")
    if not 1 <= args.workers <= 64:
        raise KioskError(f"--workers {args.workers} must be from 1 to 64")
    opts = ServeOptions(
        args.host,
        args.port,
        tls_home=None if args.insecure_http else ctx.home,
        tls_names=tuple(args.tls_name),
        state_home=ctx.home,
        restored_from_backup=args.restored_from_backup,
        max_per_address=args.max_per_address,
        max_connections=args.max_connections,
        workers=args.workers,
    )
    scheme = "http" if args.insecure_http else "https"
    sys.stderr.write(f"kiosk server: {scheme}://{args.host}:{args.port}/v1/health\n")
    if args.insecure_http:
        sys.stderr.write(
            "kiosk server: WARNING plain HTTP: passwords, device secrets and citizens' data "
            "cross the network unencrypted; for a trial only\n"
        )
    serve(ctx.db_url, opts=opts)
    return 0


def cmd_add_device(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.privacy.roles import parse_roles
    from kiosk.server.auth import add_device_code

    with ctx.store.begin() as s:
        code, expires = add_device_code(s, args.office, args.slots, args.roles)
    ctx.out(
        {
            "code": code,
            "office": args.office.strip().upper(),
            "expires_at": expires,
            "roles": parse_roles(args.roles),
        },
        f"Enrollment code for a PC of {args.office}: {code}\n"
        f"(one use, until {expires:%H:%M %d/%m/%Y}): kiosk enroll --server URL --code {code}",
    )
    return 0


def cmd_devices(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        rows = [
            {
                "device_id": d.id,
                "office": d.agency_code,
                "name": d.name,
                "code_slot": d.code_slot,
                "acked": d.last_seq,
                "enrolled_at": d.enrolled_at,
                "last_seen_at": d.last_seen_at,
                "revoked": d.revoked_at is not None,
            }
            for d in s.scalars(select(Device).order_by(Device.agency_code, Device.enrolled_at))
        ]
    text = "\n".join(
        f"{r['device_id']}  {r['office']}  slot {r['code_slot']}  {r['name']}"
        + ("  (revoked)" if r["revoked"] else "")
        for r in rows
    )
    ctx.out({"devices": rows}, text or "No devices enrolled.")
    return 0


def cmd_revoke(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.server.auth import revoke_device

    with ctx.store.begin() as s:
        d = revoke_device(s, args.device_id)
        out = {"device_id": d.id, "revoked_at": d.revoked_at}
    ctx.out(out, f"Device {d.id} is revoked; its requests are refused from now on")
    return 0


def cmd_rejected(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        rows = [
            {
                "device_id": r.device_id,
                "seq": r.seq,
                "kind": r.kind,
                "error": r.error,
                "at": r.received_at,
            }  # fmt: skip
            for r in s.scalars(
                select(PushReceipt)
                .where(PushReceipt.outcome == "rejected")
                .order_by(PushReceipt.received_at.desc())
                .limit(args.limit)
            )
        ]
    text = "\n".join(f"{r['device_id']} #{r['seq']} {r['kind']}: {r['error']}" for r in rows)
    ctx.out({"rejected": rows}, text or "No refused changes.")
    return 0


def cmd_enroll(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.sync.engine import enroll_pc

    info = enroll_pc(ctx.store, args.server, args.code, name=args.name)
    ctx.out(
        info,
        f"Enrolled as device {info['device_id']} of {info['agency_code']} "
        f"(dossier-number slot {info['code_slot'] + 1} of {info['code_slots']}); "
        "the app syncs by itself while a window is open ('kiosk sync' without one)",
    )
    return 0


def _status_json(st: SyncStatus) -> dict[str, Any]:
    return {
        "enrolled": st.enrolled,
        "server": st.server,
        "last_success": st.last_success,
        "pending": st.pending,
        "last_error": st.last_error,
        "rejected": [
            {"seq": r.seq, "kind": r.kind, "subject": r.subject, "error": r.error}
            for r in st.rejected
        ],
    }


def cmd_sync(ctx: CliContext, args: argparse.Namespace) -> int:
    from kiosk.sync.client import SyncError
    from kiosk.sync.worker import read_status

    store = ctx.store
    if args.status:
        st = read_status(store)
        lines = [
            f"Server: {st.server or 'not enrolled'}",
            f"Last success: {st.last_success or 'never'}; pending changes: {st.pending}",
        ]
        lines += [f"Last error: {st.last_error}"] if st.last_error else []
        lines += [f"Refused: {r.subject} ({r.kind}): {r.error}" for r in st.rejected]
        ctx.out(_status_json(st), "\n".join(lines))
        return 0
    from kiosk.sync.lock import ALREADY_SYNCING, sync_lock

    lock = sync_lock(ctx.home)  # the app's windows sync by themselves while one is open
    if not lock.acquire():
        raise SyncError(ALREADY_SYNCING)
    try:
        return _sync_now(ctx, store) if args.once else _run_worker(ctx, store)
    finally:
        lock.release()


def _sync_now(ctx: CliContext, store: Any) -> int:
    from kiosk.sync.engine import Syncer

    syncer = Syncer(store)
    try:
        report = syncer.sync_once()
    except KioskError as exc:
        with store.begin() as s:
            set_setting(s, "sync_last_error", str(exc))
        raise
    finally:
        syncer.close()
    with store.begin() as s:
        set_setting(s, "sync_last_error", "")
        set_setting(s, "sync_last_success", now().isoformat())
    if report.pulled:
        from kiosk.services.queue_signal import announce_queue_change

        announce_queue_change(ctx.home)  # the windows of this PC look at once
    ctx.out(
        report.to_json(),
        f"Pushed {report.pushed}, pulled {report.pulled}; {report.pending} waiting"
        + (f"; {report.rejected} refused by the server" if report.rejected else ""),
    )
    return 0


def _run_worker(ctx: CliContext, store: Any) -> int:
    from kiosk.sync.worker import SyncWorker

    done = threading.Event()

    def show(st: SyncStatus) -> None:
        if not ctx.json:
            state = f"error: {st.last_error}" if st.last_error else "ok"
            sys.stdout.write(f"[{st.last_success or '-'}] pending {st.pending}; {state}\n")
            sys.stdout.flush()

    from kiosk.services.queue_signal import announce_queue_change

    # what the pull brought (tickets called at the other PCs...) reaches this PC's windows now
    worker = SyncWorker(store, on_status=show, on_pulled=lambda _n: announce_queue_change(ctx.home))
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    worker.start()
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        worker.stop()
    ctx.out(_status_json(worker.status()), "Sync stopped.")
    return 0
