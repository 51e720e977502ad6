"""The admin changes to what every office of a server shares: the catalog and the holiday calendar.

- `catalog.import` `{"catalog": <a kiosk-catalog/1 object>, "withdraw_missing": bool}`: a
  catalog file as the admin chose it (resources/catalog/FORMAT.md), at most MAX_CATALOG_BYTES
  once encoded (UTF-8 JSON), so that it always fits in one push (kiosk.sync.outbox sends it in
  a batch of its own when it must);
- `procedure.set` `{"code", "active"}`: one procedure withdrawn (or back in use);
- `calendar.import` `{"calendar": <a calendar object>}`: next year's days off (the calendar
  file's own format, kiosk.domain.calendar).

The payload is checked here with the same parsers the import uses (kiosk.catalog.parse_catalog,
WorkCalendar.from_dict): a bad file is refused on the PC before anything is recorded, and if one
reaches a server anyway (an older PC, a database edited by hand) that mutation alone is refused
with the parser's one sentence, and the PC's sync goes on.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.catalog import CatalogError, parse_catalog
from kiosk.domain.calendar import CalendarError, WorkCalendar
from kiosk.wire.fields import WireError, check_tree, show

CATALOG_IMPORT = "catalog.import"
PROCEDURE_SET = "procedure.set"
CALENDAR_IMPORT = "calendar.import"
KINDS = (CATALOG_IMPORT, PROCEDURE_SET, CALENDAR_IMPORT)

MAX_CATALOG_BYTES = 6 * 1024 * 1024  # a push body is at most 8 MiB (kiosk.wire.push)
MAX_CALENDAR_CHARS = 200_000  # some years of days off with their names
MAX_CODE = 64  # a procedure code (resources/catalog/FORMAT.md)


def encoded_size(payload: Any) -> int:
    """Bytes of `payload` as the PC sends it (httpx: compact UTF-8 JSON)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return len(text.encode("utf-8", "surrogatepass"))


def _object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise WireError("payload", f"the payload must be an object, not {show(payload)}")
    return payload


def check_shared(kind: str, payload: Any) -> None:
    """Raises WireError when a change of the catalog or the calendar cannot be applied."""
    p = _object(payload)
    if kind == CATALOG_IMPORT:
        check_tree(p, "payload")  # no NUL byte, no lone surrogate, not nested too deep
        size = encoded_size(p)
        if size > MAX_CATALOG_BYTES:
            raise WireError(
                "catalog", f"the catalog is {size // 1024} KiB, more than the "
                f"{MAX_CATALOG_BYTES // (1024 * 1024)} MiB a change may carry; import it on "
                "the server (kiosk catalog import --db)"
            )  # fmt: skip
        if not isinstance(p.get("withdraw_missing", False), bool):
            raise WireError("withdraw_missing", "withdraw_missing must be true or false")
        try:
            parse_catalog(p.get("catalog"))
        except CatalogError as exc:
            raise WireError("catalog", f"the catalog is not valid: {exc}") from exc
    elif kind == PROCEDURE_SET:
        code, active = p.get("code"), p.get("active")
        if not isinstance(code, str) or not 1 <= len(code.strip()) <= MAX_CODE:
            raise WireError("code", f"code must be a procedure code, not {show(code)}")
        if not isinstance(active, bool):
            raise WireError("active", f"active must be true or false, not {show(active)}")
        check_tree(p, "payload")
    elif kind == CALENDAR_IMPORT:
        if check_tree(p, "payload") > MAX_CALENDAR_CHARS:
            raise WireError(
                "calendar", f"the calendar holds more than {MAX_CALENDAR_CHARS} characters"
            )
        try:
            WorkCalendar.from_dict(p.get("calendar"))  # type: ignore[arg-type]
        except CalendarError as exc:
            raise WireError("calendar", f"the calendar is not valid: {exc}") from exc
