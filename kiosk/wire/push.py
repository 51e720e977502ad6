"""A push: its envelope, refused whole when malformed, and its payloads, refused one by one.

The envelope (a JSON object with a non-empty `mutations` list of at most MAX_BATCH objects,
each with a consecutive `seq`, a UUID `id` and a `kind` name) is written by the PC's own code,
so a broken one is a bug or an attack: the push is refused whole with a 4xx and one sentence.

A payload carries what people typed. One that breaks the wire format (a note over its limit, a
NUL byte, `documents` that are not a list of documents) gives its mutation a `problem`: the
server refuses that mutation alone, with the reason, acknowledges it, and applies the rest, so
no input can stop a PC's sync. The PC runs the same checks when the change is recorded
(`check_recorded`), so a current PC never sends one: it refuses the input as it is typed.

A kind this server does not know (a PC newer than the server) is not malformed either: it is
refused when applied, on its own (kiosk.server.apply). `roster.set` and `rating.add` payloads
are checked here for storable text only; their meaning is checked when applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kiosk.domain.people import InputError
from kiosk.wire.fields import (
    DOSSIER_FIELDS,
    DOSSIER_OPTIONAL,
    EVENT_FIELDS,
    FORM_FIELDS,
    RATING_COMMENT,
    TICKET_FIELDS,
    TICKET_OPTIONAL,
    WireError,
    check_object,
    check_tree,
    show,
)
from kiosk.wire.shared import KINDS as SHARED_KINDS
from kiosk.wire.shared import check_shared

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_BATCH = 1000
MAX_PAYLOAD_CHARS = 64_000  # all the texts of one mutation's payload together
_UUID_RE = re.compile(r"^[0-9a-fA-F-]{8,36}$")

DOSSIER_KIND = "dossier.event"
TICKET_KINDS = (
    "ticket.issue",
    "ticket.call",
    "ticket.finish",
    "ticket.no_show",
    "ticket.transfer",
    "ticket.undo_no_show",  # kiosk/services/queue_undo.py
)
ROSTER_KIND = "roster.set"
RATING_KIND = "rating.add"
DOCUMENT_KIND = "document.issue"  # an issued document (kiosk.server.documents checks it)
KINDS = (DOSSIER_KIND, *TICKET_KINDS, ROSTER_KIND, RATING_KIND, DOCUMENT_KIND)
KIND_MAX = 40  # push_receipt.kind, outbox.kind


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
    payload: Any  # checked for the kinds above when `problem` is None
    problem: str | None = None  # why this mutation breaks the wire format: refused alone


def check_payload(kind: str, payload: Any) -> None:
    """Raises WireError (with the path of the bad field) when the payload breaks the format."""
    if kind == DOSSIER_KIND:
        if not isinstance(payload, dict):
            raise WireError("payload", f"the payload must be an object, not {show(payload)}")
        check_object(payload.get("dossier"), DOSSIER_FIELDS, "dossier")
        check_object(payload["dossier"], DOSSIER_OPTIONAL, "dossier", optional=True)
        check_object(payload.get("event"), EVENT_FIELDS, "event")
    elif kind in TICKET_KINDS:
        check_object(payload, TICKET_FIELDS, "ticket")
        check_object(payload, TICKET_OPTIONAL, "ticket", optional=True)
    elif kind in SHARED_KINDS:  # the catalog and the calendar (kiosk.wire.shared)
        check_shared(kind, payload)
    else:  # the fields above are all the server reads of those kinds; these are read whole
        if kind == RATING_KIND and isinstance(payload, dict):
            comment = payload.get("comment")
            if isinstance(comment, str) and len(comment) > RATING_COMMENT:
                raise WireError(
                    "comment", f"the rating's comment is longer than {RATING_COMMENT} characters "
                    f"(at most {RATING_COMMENT})"
                )
        if check_tree(payload, "payload") > MAX_PAYLOAD_CHARS:
            raise WireError(
                "payload", f"the payload holds more than {MAX_PAYLOAD_CHARS} characters"
            )


def check_recorded(kind: str, payload: Any) -> None:
    """The PC's check of a change it is about to record: an InputError naming the form field
    (the counter's form shows it next to that field) instead of a change the server refuses."""
    try:
        check_payload(kind, payload)
    except WireError as exc:
        field, label = FORM_FIELDS.get(exc.path, (exc.path.rsplit(".", 1)[-1], ""))
        message = str(exc)
        if "longer than" in message:
            limit = message.rsplit("than ", 1)[-1].split()[0]
            vi = f"{label or 'Nội dung'} quá dài (tối đa {limit} ký tự)."
        elif "NUL" in message or "Unicode" in message:
            vi = f"{label or 'Nội dung'} chứa ký tự không hợp lệ."
        else:
            vi = f"{label or 'Nội dung'} không hợp lệ."
        raise InputError(field, message, vi) from exc


def _envelope(item: Any, where: str, before: Mutation | None) -> tuple[int, str, str]:
    if not isinstance(item, dict):
        raise BadRequest(f"{where} must be an object, not {show(item)}")
    seq, mid, kind = item.get("seq"), item.get("id"), item.get("kind")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq < 2**62:
        raise BadRequest(f"{where}.seq must be a whole number from 1, not {show(seq)}")
    if not isinstance(mid, str) or not _UUID_RE.match(mid):
        raise BadRequest(f"{where}.id must be the mutation's UUID, not {show(mid)}")
    if not isinstance(kind, str) or not 1 <= len(kind) <= KIND_MAX or not kind.isprintable():
        raise BadRequest(
            f"{where}.kind must be the name of a kind of change (text of 1 to {KIND_MAX} "
            f"characters), not {show(kind)}"
        )
    if before is not None and seq != before.seq + 1:
        raise BadRequest(
            f"{where}.seq is {seq} but the one before is {before.seq}; "
            "a push must carry consecutive sequence numbers"
        )
    return seq, mid.lower(), kind


def parse_push(body: Any) -> list[Mutation]:
    """The mutations of a push body. A bad envelope raises BadRequest (nothing applied); a bad
    payload makes that mutation's `problem` (refused alone when the push is applied)."""
    if not isinstance(body, dict) or not isinstance(body.get("mutations"), list):
        raise BadRequest('the body must be a JSON object with a "mutations" list')
    items = body["mutations"]
    if not items:
        raise BadRequest("the push has no mutations")
    if len(items) > MAX_BATCH:
        raise BadRequest(f"a push may carry at most {MAX_BATCH} mutations, not {len(items)}", 413)
    out: list[Mutation] = []
    for i, item in enumerate(items):
        seq, mid, kind = _envelope(item, f"mutations[{i}]", out[-1] if out else None)
        payload = item.get("payload")
        problem = None
        try:
            check_payload(kind, payload)
        except WireError as exc:
            problem = f"this change breaks the sync format and was not applied: {exc}"
        out.append(Mutation(seq, mid, kind, payload, problem))
    return out
