"""The sync wire format: what a PC pushes and the checks both sides run on it.

One module for the PC (kiosk.services record through `check_recorded`, kiosk.sync) and the
server (kiosk.server parses pushes with `parse_push`): one set of limits per field, so a PC
never records a change its server would refuse for its shape, and the server refuses a bad
mutation alone, with its reason, instead of the whole push (docs/server.md, "Limits").

- `kiosk.wire.fields`: the field tables (type, nullable, maximum length) and the value checks:
  no NUL byte or lone surrogate in any text, `documents` a list of well-formed objects.
- `kiosk.wire.push`: the push envelope (`Mutation`, `parse_push`) and per-kind payload checks.
"""

from kiosk.wire.fields import WireError
from kiosk.wire.push import (
    KINDS,
    MAX_BATCH,
    MAX_BODY_BYTES,
    BadRequest,
    Mutation,
    check_payload,
    check_recorded,
    parse_push,
)

__all__ = [
    "KINDS",
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "BadRequest",
    "Mutation",
    "WireError",
    "check_payload",
    "check_recorded",
    "parse_push",
]
