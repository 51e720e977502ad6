"""Administration from the command line (docs/admin.md): office, departments, counters, queue
services. Staff accounts: kiosk.cli.staff; the kiosk PIN, fees, `kiosk setup`: kiosk.cli.setup.

Every change goes through kiosk.services.admin_sync.submit: applied at once on a PC that
stands alone or on the server's database (--db), only recorded as pending on a PC enrolled
with a server (it is applied by the server and comes back down with the next sync).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk.cli.common import CliContext, Parents, UsageError, add_command
from kiosk.errors import KioskError
from kiosk.services import admin_office, admin_queue
from kiosk.services import admin_sync as sync
from kiosk.services.admin_sync import Outcome

PENDING = "waits for the server: it is applied there, then comes back with the next sync"


def _sub(sub: Any, name: str, help_text: str) -> Any:
    return sub.add_parser(name, help=help_text).add_subparsers(
        dest=f"{name}_command", metavar="ACTION", required=True
    )


def _office_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--office", metavar="AGENCY_CODE", help="the office (needed on a server with several)"
    )


def register(sub: Any, parents: Parents) -> None:
    off = _sub(sub, "office", "the office's details (name, agency, place name, hours...)")
    p = add_command(off, parents, "show", "the office's details")
    _office_opt(p)
    p.set_defaults(handler=cmd_office_show)
    p = add_command(off, parents, "set", "change the office's details")
    _office_opt(p)
    p.add_argument("--agency-code", help="electronic identifier, e.g. 000.17.22.H56")
    p.add_argument("--agency-name", help="the agency, e.g. UBND phường Quang Trung")
    p.add_argument("--name", help="the one-stop office's name")
    p.add_argument("--parent-name", help="the parent agency, e.g. UBND quận Hà Đông")
    p.add_argument("--parent-code", help="the parent agency's identifier, if it has one")
    p.add_argument("--place-name", help="the place of '…, ngày … tháng … năm' (e.g. Hà Đông)")
    p.add_argument("--address")
    p.add_argument("--phone")
    p.add_argument("--hours", help="office hours, e.g. 07:30-11:30,13:30-17:00")
    p.add_argument("--cutoff", help="the afternoon cut-off for receptions, e.g. 15:00")
    p.set_defaults(handler=cmd_office_set)

    dep = _sub(sub, "department", "departments (phòng chuyên môn) and the fields they handle")
    p = add_command(dep, parents, "add", "add a department")
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--field", action="append", default=[], help="a field it handles (repeat)")
    _office_opt(p)
    p.set_defaults(handler=cmd_department_add)
    p = add_command(dep, parents, "set", "rename a department or change its fields")
    p.add_argument("code")
    p.add_argument("--name")
    p.add_argument("--field", action="append", help="the fields it handles (all of them)")
    p.set_defaults(handler=cmd_department_set)
    p = add_command(dep, parents, "list", "the departments")
    _office_opt(p)
    p.set_defaults(handler=cmd_department_list)

    cnt = _sub(sub, "counter", "reception counters")
    p = add_command(cnt, parents, "add", "add a counter")
    p.add_argument("number", type=int)
    _counter_opts(p)
    p.set_defaults(handler=cmd_counter_add)
    p = add_command(cnt, parents, "set", "change a counter")
    p.add_argument("number", type=int)
    _counter_opts(p)
    p.add_argument("--active", choices=["yes", "no"], help="bring back or retire")
    p.set_defaults(handler=cmd_counter_set)
    p = add_command(cnt, parents, "remove", "remove a counter (retired if it has history)")
    p.add_argument("number", type=int)
    _office_opt(p)
    p.set_defaults(handler=cmd_counter_remove)
    p = add_command(cnt, parents, "list", "the counters")
    p.add_argument("--retired", action="store_true", help="retired counters too")
    _office_opt(p)
    p.set_defaults(handler=cmd_counter_list)

    svc = _sub(sub, "service", "queue services (ticket letters)")
    p = add_command(svc, parents, "add", "add a queue service")
    p.add_argument("code")
    _service_opts(p, required=True)
    p.set_defaults(handler=cmd_service_add)
    p = add_command(svc, parents, "set", "change a queue service")
    p.add_argument("code")
    _service_opts(p, required=False)
    p.add_argument("--active", choices=["yes", "no"], help="bring back or retire")
    p.set_defaults(handler=cmd_service_set)
    p = add_command(svc, parents, "remove", "remove a service (retired if it has tickets)")
    p.add_argument("code")
    _office_opt(p)
    p.set_defaults(handler=cmd_service_remove)
    p = add_command(svc, parents, "list", "the queue services")
    p.add_argument("--retired", action="store_true", help="retired services too")
    _office_opt(p)
    p.set_defaults(handler=cmd_service_list)


def _counter_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="default: Quầy số N")
    p.add_argument("--service", action="append", help="a service it serves (repeat)")
    p.add_argument("--printer", help="its receipt printer, e.g. tcp://10.0.0.21:9100")
    p.add_argument("--scanner", help="its scanner, e.g. serial://COM5")
    _office_opt(p)


def _service_opts(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--name", required=required)
    p.add_argument("--prefix", required=required, help="the ticket letter(s), e.g. A")
    p.add_argument("--field", action="append", help="a field it serves (repeat)")
    p.add_argument("--procedure", action="append", help="a single procedure it serves (repeat)")
    p.add_argument("--daily-limit", type=int, help="tickets per day (0: no limit)")
    p.add_argument(
        "--priority",
        action="append",
        help="a priority kind its tickets may have (repeat; none: no priority tickets)",
    )
    p.add_argument(
        "--priority-order",
        choices=["first", "arrival"],
        help="priority tickets called first (default) or in order of arrival",
    )
    _office_opt(p)


# -- output -------------------------------------------------------------------------------------


def show(ctx: CliContext, outcome: Outcome, obj: dict[str, Any], done_text: str) -> int:
    obj = {**obj, "pending": not outcome.done}
    ctx.out(obj, done_text if outcome.done else f"{done_text}: {PENDING}")
    return 0


def _given(args: argparse.Namespace, names: dict[str, str]) -> dict[str, Any]:
    return {
        key: getattr(args, attr) for attr, key in names.items() if getattr(args, attr) is not None
    }


def _lines(rows: list[dict[str, Any]], fmt: Any, empty: str) -> str:
    return "\n".join(fmt(r) for r in rows) or empty


def _pending(ctx: CliContext, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    with ctx.store.begin() as s:
        return sync.pending_changes(s, kinds)


# -- office -------------------------------------------------------------------------------------


def cmd_office_show(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        d = admin_office.office_details(s, args.office)
        pending = sync.pending_changes(s, (sync.OFFICE_SET,))
    from kiosk.services.setup import DEFAULT_AGENCY_CODE

    hours = ", ".join(f"{a}–{b}" for a, b in d["hours"])
    placeholder = d["agency_code"] == DEFAULT_AGENCY_CODE
    hint = " (a placeholder: kiosk office set --agency-code YOURS)" if placeholder else ""
    text = "\n".join(
        [
            f"Agency:       {d['agency_code']}  {d['agency_name']}{hint}",
            f"Parent:       {d['parent_name'] or '—'}",
            f"Office:       {d['name']}",
            f"Place name:   {d['place_name'] or '— (set it: kiosk office set --place-name ...)'}",
            f"Address:      {d['address'] or '—'}",
            f"Phone:        {d['phone'] or '—'}",
            f"Hours:        {hours}; receptions after {d['cutoff']} count from the next day",
            f"Kiosk PIN:    {'set' if d['kiosk_pin_set'] else 'not set (kiosk kiosk-pin set)'}",
        ]
        + [f"Pending:      {p['changes']}" for p in pending]
    )
    ctx.out({**d, "pending": pending}, text)
    return 0


OFFICE_OPTS = {"agency_code": "agency_code", "agency_name": "agency_name", "name": "name",
               "parent_name": "parent_name", "parent_code": "parent_code",
               "place_name": "place_name", "address": "address", "phone": "phone",
               "hours": "hours", "cutoff": "cutoff"}  # fmt: skip


def cmd_office_set(ctx: CliContext, args: argparse.Namespace) -> int:
    changes = _given(args, OFFICE_OPTS)
    if not changes:
        raise UsageError("say what to change (e.g. --place-name, --phone, --hours)")
    if args.office and "agency_code" in changes:
        raise UsageError("--agency-code changes this database's own office; leave out --office")
    with ctx.store.begin() as s:
        if args.office:  # on a server: apply to that office directly
            out = Outcome(sync.OFFICE_SET, {"changes": changes}, True)
            out.result = admin_office.set_office(s, changes, args.office)
        else:
            out = sync.submit(s, sync.OFFICE_SET, {"changes": changes})
    return show(ctx, out, out.result or {}, "Office details changed")


# -- departments --------------------------------------------------------------------------------


def cmd_department_add(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"action": "add", "code": args.code, "name": args.name, "fields": args.field}
    with ctx.store.begin() as s:
        out = _submit(s, sync.DEPARTMENT_SET, payload, args.office)
    return show(ctx, out, out.result, f"Added department {out.result['code']}")


def cmd_department_set(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.name is None and args.field is None:
        raise UsageError("say what to change (--name, --field)")
    payload = {"action": "set", "code": args.code, "name": args.name, "fields": args.field}
    with ctx.store.begin() as s:
        out = sync.submit(s, sync.DEPARTMENT_SET, payload)
    return show(ctx, out, out.result, f"Department {out.result['code']} changed")


def cmd_department_list(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        rows = admin_office.list_departments(s, args.office)
    text = _lines(
        rows,
        lambda r: f"{r['code']:<10} {r['name']} — {', '.join(r['fields']) or 'no field'}",
        "No departments (kiosk department add CODE --name NAME --field FIELD).",
    )
    ctx.out({"departments": rows, "pending": _pending(ctx, (sync.DEPARTMENT_SET,))}, text)
    return 0


def _submit(s: Any, kind: str, payload: dict[str, Any], office: str | None) -> Outcome:
    """With --office (a server holding several offices): applied to that office at once."""
    if office:
        return Outcome(
            kind, payload, True, sync.apply_admin(s, kind, payload, _office_id(s, office))
        )
    return sync.submit(s, kind, payload)


def _office_id(s: Any, office: str) -> int:
    return admin_office.resolve_office(s, office).id


# -- counters -----------------------------------------------------------------------------------


COUNTER_OPTS = {"name": "name", "service": "services", "printer": "printer", "scanner": "scanner"}


def cmd_counter_add(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"action": "add", "number": args.number, **_given(args, COUNTER_OPTS)}
    with ctx.store.begin() as s:
        out = _submit(s, sync.COUNTER_SET, payload, args.office)
    return show(ctx, out, out.result, f"Added counter {args.number}")


def cmd_counter_set(ctx: CliContext, args: argparse.Namespace) -> int:
    changes = _given(args, COUNTER_OPTS)
    if args.active is not None:
        changes["active"] = args.active == "yes"
    if not changes:
        raise UsageError("say what to change (--name, --service, --printer, --scanner, --active)")
    payload = {"action": "set", "number": args.number, "changes": changes}
    with ctx.store.begin() as s:
        out = _submit(s, sync.COUNTER_SET, payload, args.office)
    return show(ctx, out, out.result, f"Counter {args.number} changed")


def cmd_counter_remove(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"action": "remove", "number": args.number}
    with ctx.store.begin() as s:
        out = _submit(s, sync.COUNTER_SET, payload, args.office)
    what = out.result["outcome"]
    text = (
        f"Counter {args.number} retired: it has history, kept for the reports"
        if what == "retired"
        else f"Counter {args.number} removed"
    )
    return show(ctx, out, out.result, text)


def cmd_counter_list(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        rows = admin_queue.list_counters(s, args.office, retired=args.retired)
        pending = sync.pending_changes(s, (sync.COUNTER_SET,))
    text = _lines(
        rows,
        lambda r: (
            f"{r['number']:>3}  {r['name']:<20} {','.join(r['services']) or '—':<12} "
            f"{r['printer'] or ''}{'' if r['active'] else '  (retired)'}"
        ),
        "No counters (kiosk counter add N --service CODE).",
    )
    for p in pending:
        text += f"\npending: {p.get('action')} counter {p.get('number')}"
    ctx.out({"counters": rows, "pending": pending}, text)
    return 0


# -- services -----------------------------------------------------------------------------------


SERVICE_OPTS = {"name": "name", "prefix": "prefix", "field": "fields", "procedure": "procedures",
                "daily_limit": "daily_limit"}  # fmt: skip


def _priority(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if args.priority is not None:
        out["priority_kinds"] = [] if args.priority == ["none"] else args.priority
    if args.priority_order is not None:
        out["priority_first"] = args.priority_order == "first"
    return out


def cmd_service_add(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"action": "add", "code": args.code, **_given(args, SERVICE_OPTS), **_priority(args)}
    with ctx.store.begin() as s:
        out = _submit(s, sync.SERVICE_SET, payload, args.office)
    return show(ctx, out, out.result, f"Added queue service {out.result['code']}")


def cmd_service_set(ctx: CliContext, args: argparse.Namespace) -> int:
    changes = {**_given(args, SERVICE_OPTS), **_priority(args)}
    if args.active is not None:
        changes["active"] = args.active == "yes"
    if not changes:
        raise UsageError("say what to change (--name, --prefix, --field, --priority, ...)")
    payload = {"action": "set", "code": args.code, "changes": changes}
    with ctx.store.begin() as s:
        out = _submit(s, sync.SERVICE_SET, payload, args.office)
    return show(ctx, out, out.result, f"Queue service {out.result['code']} changed")


def cmd_service_remove(ctx: CliContext, args: argparse.Namespace) -> int:
    payload = {"action": "remove", "code": args.code}
    with ctx.store.begin() as s:
        out = _submit(s, sync.SERVICE_SET, payload, args.office)
    code = args.code.upper()
    text = (
        f"Queue service {code} retired: it has tickets, kept for the reports"
        if out.result["outcome"] == "retired"
        else f"Queue service {code} removed"
    )
    return show(ctx, out, out.result, text)


def cmd_service_list(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.store.begin() as s:
        rows = admin_queue.list_services(s, args.office, retired=args.retired)
        pending = sync.pending_changes(s, (sync.SERVICE_SET,))
    text = _lines(
        rows,
        lambda r: (
            f"{r['code']:<6} {r['prefix']:<3} {r['name']:<32} "
            f"{', '.join(r['fields'] + r['procedures'])}{'' if r['active'] else '  (retired)'}"
        ),
        "No queue services (kiosk service add CODE --name NAME --prefix A --field FIELD).",
    )
    for p in pending:
        text += f"\npending: {p.get('action')} service {p.get('code')}"
    ctx.out({"services": rows, "pending": pending}, text)
    return 0


def read_secret(from_stdin: bool, what: str) -> str:
    """One line of stdin, or asked twice at the terminal; never an argument."""
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise KioskError(f"no {what} on standard input")
        return value
    if not sys.stdin.isatty():
        raise KioskError(
            f"there is no terminal to ask the {what}; give it on standard input with "
            f"--{what.split()[-1]}-stdin"
        )
    first = getpass.getpass(f"New {what}: ")
    if getpass.getpass(f"The {what} again: ") != first:
        raise KioskError(f"the two {what}s are not the same")
    return first
