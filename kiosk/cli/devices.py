"""`kiosk devices ...`: set up scanners (what does this scanner send?) and see the ports present."""

from __future__ import annotations

import argparse
import queue
import sys
import time
from typing import Any

from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.devices.framing import Frame
from kiosk.devices.payloads import Scan, classify_frame
from kiosk.devices.ports import list_ports
from kiosk.devices.reader import ReaderState, SerialScannerReader
from kiosk.devices.urls import parse_scanner_url
from kiosk.errors import KioskError


def register(sub: Any, parents: Parents) -> None:
    dv = sub.add_parser("devices", help="scanners and serial ports").add_subparsers(
        dest="devices_command", metavar="ACTION", required=True
    )
    p = add_command(dv, parents, "scan-test", "read scans from a scanner and say what each is")
    p.add_argument("--scanner", required=True, help="e.g. serial:///dev/ttyACM0?baud=9600")
    p.add_argument("--count", type=int, default=1, help="how many scans to read (default 1)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait (default 30)")
    p.set_defaults(handler=cmd_scan_test)
    p = add_command(dv, parents, "list", "the serial ports present (to pick a scanner's port)")
    p.set_defaults(handler=cmd_list)


def describe(scan: Scan) -> str:
    d = scan.as_dict()
    if scan.kind == "dossier":
        return f"dossier {d['code']}" + (f" (lookup token {d['token']})" if d.get("token") else "")
    if scan.kind == "citizen_id":
        return (
            f"citizen ID card {d['id_number']}: {d['name']}, born {d['birth_date']}, {d['address']}"
        )
    if scan.kind == "ticket":
        return f"queue ticket {d['number']} of {d['date']}"
    return f"unknown: {d['error']}"


def cmd_scan_test(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.count < 1:
        raise UsageError("--count must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    url = parse_scanner_url(args.scanner)
    if url.scheme != "serial":
        raise KioskError(f"{args.scanner} is the app's virtual scanner; test a serial:// scanner")
    events: queue.Queue[Frame | ReaderState] = queue.Queue()
    reader = SerialScannerReader(url, events.put, events.put)
    scans: list[Scan] = []
    deadline = time.monotonic() + args.timeout
    ever_connected = False
    reader.start()
    try:
        while len(scans) < args.count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                event = events.get(timeout=left)
            except queue.Empty:
                break
            if isinstance(event, ReaderState):
                if event.connected and not ever_connected and not ctx.json:
                    print(f"Scanner {event.detail}; scan {args.count} code(s)...", flush=True)
                if not event.connected and not ever_connected:
                    raise KioskError(f"cannot use the scanner {url.label}: {event.detail}")
                if not event.connected:
                    print(f"kiosk: {event.detail}; waiting for it to come back", file=sys.stderr)
                ever_connected = ever_connected or event.connected
                continue
            scan = classify_frame(event)
            scans.append(scan)
            if not ctx.json:
                print(f"{len(scans)}. {describe(scan)}", flush=True)
    finally:
        reader.stop()
    out: dict[str, Any] = {"scans": [s.as_dict() for s in scans]}
    if len(scans) < args.count:
        out["timed_out"] = True
        if ctx.json:
            ctx.out(out)
        raise KioskError(
            f"only {len(scans)} of {args.count} scan(s) arrived from {url.label} "
            f"within {args.timeout:g} s"
        )
    ctx.out(out, None)
    return 0


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    ports = list_ports()
    lines = [
        f"{p.device:<16} {p.usb_id or '':<10} {p.description}"
        + (f"\n{'':16} {p.stable_path}" if p.stable_path else "")
        for p in ports
    ]
    ctx.out({"ports": [p.as_dict() for p in ports]}, "\n".join(lines) or "No serial ports found.")
    return 0
