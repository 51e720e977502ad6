"""Checking what a device sends before anything is applied: a bad request changes nothing.

A push whose envelope or payload shapes are wrong (wrong types, a kind that is not a name,
too many mutations, sequences out of order) is refused whole with a 4xx and one clear sentence.
Whether a well-formed mutation makes sense (a known procedure, a legal transition) is decided
while applying it; a refusal there is recorded and does not block the mutations after it.

A kind this server does not know (a PC newer than the server) is not a malformed push: it is
refused when applied, on its own (kiosk.server.apply), so that one change never stops a PC's
sync. So are the payloads of `roster.set` and `rating.add`, checked when applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_BATCH = 1000
_UUID_RE = re.compile(r"^[0-9a-fA-F-]{8,36}$")


class BadRequest(Exception):
    """A request refused before anything was applied; `status` is the HTTP status."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Mutation:
    seq: int
    id: str
    kind: str
    payload: Any  # an object for the kinds checked here; anything for the rest (see above)


# A field spec: (type name, nullable, max length for strings).
Spec = tuple[str, bool, int]

DOSSIER_FIELDS: dict[str, Spec] = {
    "code": ("str", False, 60),
    "procedure": ("str", False, 40),
    "agency_code": ("str", False, 40),
    "applicant_name": ("str", False, 200),
    "applicant_id_number": ("str", True, 12),
    "applicant_phone": ("str", True, 20),
    "applicant_address": ("str", True, 2000),
    "applicant_email": ("str", True, 200),
    "documents": ("list", False, 0),
    "sets": ("int", False, 0),
    "channel": ("str", False, 10),
    "result_place": ("str", False, 200),
    "created_at": ("time", False, 0),
    "received_at": ("time", True, 0),
    "due_at": ("time", True, 0),
    "original_due_at": ("time", True, 0),
    "paused_at": ("time", True, 0),
    "finished_at": ("time", True, 0),
    "returned_at": ("time", True, 0),
    "status": ("int", False, 0),
    "counter_number": ("int", True, 0),
    "received_by": ("str", True, 80),
    "lookup_token": ("str", True, 32),
}
EVENT_FIELDS: dict[str, Spec] = {
    "at": ("time", False, 0),
    "actor": ("str", False, 80),
    "kind": ("str", False, 20),
    "from_status": ("int", True, 0),
    "to_status": ("int", False, 0),
    "note": ("str", True, 4000),
    "agency_code": ("str", True, 40),
    "counter_number": ("int", True, 0),
    "device_id": ("str", True, 64),
    "data": ("dict", True, 0),
}
TICKET_FIELDS: dict[str, Spec] = {
    "service": ("str", False, 20),
    "day": ("date", False, 0),
    "number": ("int", False, 0),
    "label": ("str", False, 10),
    "priority": ("str", True, 20),
    "status": ("str", False, 12),
    "arrived_at": ("time", False, 0),
    "issued_at": ("time", False, 0),
    "called_at": ("time", True, 0),
    "finished_at": ("time", True, 0),
    "counter_number": ("int", True, 0),
    "clerk": ("str", True, 80),
}
# Sent by newer clients only (see the core changes proposed in docs/server.md).
TICKET_OPTIONAL: dict[str, Spec] = {
    "queue_service": ("str", True, 20),
    "target_counter": ("int", True, 0),
    "served_at": ("time", True, 0),
    "call_count": ("int", True, 0),
    "dossier_code": ("str", True, 60),  # the dossier received on this ticket
}
TICKET_KINDS = ("ticket.issue", "ticket.call", "ticket.finish", "ticket.no_show", "ticket.transfer")
ROSTER_KIND = "roster.set"  # checked when applied (kiosk.server.roster): refused on its own
RATING_KIND = "rating.add"  # checked when applied (kiosk.server.ratings): refused on its own
KINDS = ("dossier.event", *TICKET_KINDS, ROSTER_KIND, RATING_KIND)
KIND_MAX = 40  # push_receipt.kind, outbox.kind


def _check(value: Any, spec: Spec, where: str) -> None:
    kind, nullable, max_len = spec
    if value is None:
        if not nullable:
            raise BadRequest(f"{where} is missing or null")
        return
    ok = True
    if kind == "str":
        ok = isinstance(value, str)
        if ok and max_len and len(value) > max_len:
            raise BadRequest(f"{where} is longer than {max_len} characters")
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31
    elif kind == "list":
        ok = isinstance(value, list)
    elif kind == "dict":
        ok = isinstance(value, dict)
    elif kind in ("time", "date"):
        ok = isinstance(value, str) and _parses(value, kind)
    if not ok:
        expected = {"time": "an ISO time", "date": "an ISO date"}.get(kind, f"a {kind}")
        raise BadRequest(f"{where} must be {expected}, not {_show(value)}")


def _parses(text: str, kind: str) -> bool:
    try:
        if kind == "date":
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value[:40])
    return type(value).__name__ if isinstance(value, list | dict) else repr(value)


def check_object(data: Any, fields: dict[str, Spec], where: str, optional: bool = False) -> None:
    if not isinstance(data, dict):
        raise BadRequest(f"{where} must be an object, not {_show(data)}")
    for name, spec in fields.items():
        if optional and name not in data:
            continue
        value = data.get(name)
        if _fine(value, spec):  # the common case, without building a message
            continue
        _check(value, spec, f"{where}.{name}")  # raises with the message


def _fine(value: Any, spec: Spec) -> bool:
    kind, nullable, max_len = spec
    t = type(value)
    if value is None:
        return nullable
    if kind == "str":
        return t is str and (not max_len or len(value) <= max_len)
    if kind == "int":
        return t is int and -(2**31) < value < 2**31
    if kind == "list":
        return t is list
    if kind == "dict":
        return t is dict
    return t is str and _parses(value, kind)


def _check_payload(kind: str, payload: Any, where: str) -> None:
    if kind == "dossier.event":
        if not isinstance(payload, dict):
            raise BadRequest(f"{where} must be an object")
        check_object(payload.get("dossier"), DOSSIER_FIELDS, f"{where}.dossier")
        check_object(payload.get("event"), EVENT_FIELDS, f"{where}.event")
    elif kind in TICKET_KINDS:
        check_object(payload, TICKET_FIELDS, where)
        check_object(payload, TICKET_OPTIONAL, where, optional=True)


def parse_push(body: Any) -> list[Mutation]:
    """The mutations of a push body, checked; raises BadRequest (nothing applied)."""
    if not isinstance(body, dict) or not isinstance(body.get("mutations"), list):
        raise BadRequest('the body must be a JSON object with a "mutations" list')
    items = body["mutations"]
    if not items:
        raise BadRequest("the push has no mutations")
    if len(items) > MAX_BATCH:
        raise BadRequest(f"a push may carry at most {MAX_BATCH} mutations, not {len(items)}", 413)
    out: list[Mutation] = []
    for i, item in enumerate(items):
        where = f"mutations[{i}]"
        if not isinstance(item, dict):
            raise BadRequest(f"{where} must be an object, not {_show(item)}")
        seq, mid, kind = item.get("seq"), item.get("id"), item.get("kind")
        if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq < 2**62:
            raise BadRequest(f"{where}.seq must be a whole number from 1, not {_show(seq)}")
        if not isinstance(mid, str) or not _UUID_RE.match(mid):
            raise BadRequest(f"{where}.id must be the mutation's UUID, not {_show(mid)}")
        if not isinstance(kind, str) or not 1 <= len(kind) <= KIND_MAX or not kind.isprintable():
            raise BadRequest(
                f"{where}.kind must be the name of a kind of change (text of 1 to {KIND_MAX} "
                f"characters), not {_show(kind)}"
            )
        _check_payload(str(kind), item.get("payload"), f"{where}.payload")
        if out and seq != out[-1].seq + 1:
            raise BadRequest(
                f"{where}.seq is {seq} but the one before is {out[-1].seq}; "
                "a push must carry consecutive sequence numbers"
            )
        out.append(Mutation(seq, mid.lower(), kind, item.get("payload")))
    return out
