"""The fields of the wire format, their limits, and the checks of a value against them.

A limit here is the one limit of that field everywhere: the PC's services refuse a longer value
when it is typed (kiosk.services.context.record runs `check_recorded`), the server refuses a
mutation carrying one (alone, with the reason), and the database columns are at least as wide.

Every text anywhere in a payload is also refused when it holds a NUL byte or a lone surrogate:
PostgreSQL cannot store either (a NUL made psycopg's COPY fail and the whole push with it).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


class WireError(ValueError):
    """A value that breaks the wire format; `path` names it (e.g. `dossier.applicant_address`)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


# A field spec: (type name, nullable, max length for strings).
Spec = tuple[str, bool, int]

MAX_DOCUMENTS = 100  # documents of one dossier, or missing ones asked for
MAX_DOCUMENT_NAME = 1000
MAX_COPIES = 99
MAX_DATA_CHARS = 20_000  # an event's `data` object, measured as all its texts together
MAX_DEPTH = 8  # nesting of objects and lists in a payload

DOSSIER_FIELDS: dict[str, Spec] = {
    "code": ("str", False, 60),
    "procedure": ("str", False, 40),
    "agency_code": ("str", False, 40),
    "applicant_name": ("str", False, 200),
    "applicant_id_number": ("str", True, 12),
    "applicant_phone": ("str", True, 20),
    "applicant_address": ("str", True, 2000),
    "applicant_email": ("str", True, 200),
    "documents": ("documents", False, 0),
    "sets": ("int", False, 0),
    "channel": ("str", False, 10),
    "result_place": ("str", False, 200),
    "created_at": ("time", False, 0),
    "received_at": ("time", True, 0),
    "due_at": ("time", True, 0),
    "original_due_at": ("time", True, 0),
    "new_due_at": ("time", True, 0),
    "paused_at": ("time", True, 0),
    "finished_at": ("time", True, 0),
    "returned_at": ("time", True, 0),
    "status": ("int", False, 0),
    "counter_number": ("int", True, 0),
    "received_by": ("str", True, 80),
    "lookup_token": ("str", True, 32),
}
# Sent by newer clients only: the dossier's entry in the tracking book (migration 0005).
DOSSIER_OPTIONAL: dict[str, Spec] = {
    "book_no": ("str", True, 20),
    "book_line": ("int", True, 0),
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
    "data": ("data", True, 0),
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
# Sent by newer clients only (older ones leave them out).
TICKET_OPTIONAL: dict[str, Spec] = {
    "queue_service": ("str", True, 20),
    "target_counter": ("int", True, 0),
    "served_at": ("time", True, 0),
    "call_count": ("int", True, 0),
    "dossier_code": ("str", True, 60),  # the dossier received on this ticket
}
RATING_COMMENT = 500  # rating.add's comment (kiosk.server.ratings checks the rest)

# Where the counter's forms show a refused field (ui/counter/applicant_form.py), and its name in
# Vietnamese for the message.
FORM_FIELDS: dict[str, tuple[str, str]] = {
    "dossier.applicant_name": ("name", "Họ tên người nộp"),
    "dossier.applicant_id_number": ("id_number", "Số CCCD"),
    "dossier.applicant_phone": ("phone", "Số điện thoại"),
    "dossier.applicant_address": ("address", "Địa chỉ"),
    "dossier.applicant_email": ("email", "Email"),
    "dossier.documents": ("documents", "Danh sách giấy tờ"),
    "dossier.result_place": ("result_place", "Nơi trả kết quả"),
    "event.note": ("note", "Ghi chú / lý do"),
    "event.data": ("data", "Nội dung kèm theo"),
    "comment": ("comment", "Góp ý"),
}


def show(value: Any) -> str:
    """A value in a message: its kind, never someone's text (messages reach logs and screens)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"text of {len(value)} characters"
    return type(value).__name__ if isinstance(value, list | dict) else repr(value)


def bad_text(value: str) -> str | None:
    """Why this text cannot travel (a NUL byte, a lone surrogate), or None."""
    if "\x00" in value:
        return "holds a NUL byte"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a character that is not valid Unicode"
    return None


def check_tree(value: Any, path: str, depth: int = 0) -> int:
    """Every text inside `value` (any JSON) is storable; returns their total length."""
    if isinstance(value, str):
        why = bad_text(value)
        if why:
            raise WireError(path, f"{path} {why}")
        return len(value)
    if depth > MAX_DEPTH:
        raise WireError(path, f"{path} is nested more than {MAX_DEPTH} levels deep")
    total = 0
    if isinstance(value, dict):
        for k, v in value.items():
            total += check_tree(k, path, depth + 1) + check_tree(v, f"{path}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            total += check_tree(v, f"{path}[{i}]", depth + 1)
    elif isinstance(value, float) and value != value:  # NaN (json.loads refuses it already)
        raise WireError(path, f"{path} is not a number")
    return total


def _is_int(value: Any, low: int = -(2**31) + 1, high: int = 2**31 - 1) -> bool:
    # An IntEnum (a Status) is fine: it travels as its number.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_documents(value: Any, path: str) -> None:
    """A list of `{name, originals, copies}`: what printing and the other PCs can rely on."""
    if not isinstance(value, list):
        raise WireError(path, f"{path} must be a list of documents, not {show(value)}")
    if len(value) > MAX_DOCUMENTS:
        raise WireError(path, f"{path} lists more than {MAX_DOCUMENTS} documents")
    for i, doc in enumerate(value):
        where = f"{path}[{i}]"
        if not isinstance(doc, dict):
            raise WireError(path, f"{where} must be an object with a name, not {show(doc)}")
        name = doc.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_DOCUMENT_NAME:
            raise WireError(
                path,
                f"{where}.name must be text of 1 to {MAX_DOCUMENT_NAME} characters, "
                f"not {show(name)}",
            )
        for key in ("originals", "copies"):
            n = doc.get(key, 0)
            if not _is_int(n, 0, MAX_COPIES):
                raise WireError(
                    path, f"{where}.{key} must be a whole number 0 to {MAX_COPIES}, not {show(n)}"
                )
        check_tree(doc, where)


def check_data(value: Any, path: str) -> None:
    """An event's `data` object: storable texts, bounded, and a well-formed `missing` list."""
    if not isinstance(value, dict):
        raise WireError(path, f"{path} must be an object, not {show(value)}")
    if check_tree(value, path) > MAX_DATA_CHARS:
        raise WireError(path, f"{path} holds more than {MAX_DATA_CHARS} characters of text")
    if "missing" in value:
        check_documents(value["missing"], path + ".missing")


def _parses(text: str, kind: str) -> bool:
    try:
        if kind == "date":
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_value(value: Any, spec: Spec, path: str) -> None:
    """Raises WireError when `value` breaks its spec."""
    kind, nullable, max_len = spec
    if value is None:
        if not nullable:
            raise WireError(path, f"{path} is missing or null")
        return
    if kind == "documents":
        check_documents(value, path)
        return
    if kind == "data":
        check_data(value, path)
        return
    ok = True
    if kind == "str":
        ok = isinstance(value, str)
        if ok:
            if max_len and len(value) > max_len:
                raise WireError(path, f"{path} is longer than {max_len} characters")
            why = bad_text(value)
            if why:
                raise WireError(path, f"{path} {why}")
    elif kind == "int":
        ok = _is_int(value)
    elif kind in ("time", "date"):
        ok = isinstance(value, str) and "\x00" not in value and _parses(value, kind)
    if not ok:
        expected = {"time": "an ISO time", "date": "an ISO date"}.get(kind, f"a {kind}")
        raise WireError(path, f"{path} must be {expected}, not {show(value)}")


def _fine(value: Any, spec: Spec) -> bool:
    """The common case, quickly and without a message (check_value explains a False)."""
    kind, nullable, max_len = spec
    t = type(value)
    if value is None:
        return nullable
    if kind == "str":
        return (
            t is str
            and (not max_len or len(value) <= max_len)
            and "\x00" not in value
            and (value.isascii() or bad_text(value) is None)
        )
    if kind == "int":
        return _is_int(value)
    if kind in ("documents", "data"):
        return False  # always looked into
    return t is str and _parses(value, kind)


def check_object(data: Any, fields: dict[str, Spec], path: str, optional: bool = False) -> None:
    if not isinstance(data, dict):
        raise WireError(path, f"{path} must be an object, not {show(data)}")
    for name, spec in fields.items():
        if optional and name not in data:
            continue
        value = data.get(name)
        if not _fine(value, spec):
            check_value(value, spec, f"{path}.{name}")
