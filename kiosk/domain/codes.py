"""Dossier codes (Circular 01/2018 art. 19, kept by Circular 03/2025).

`<agency electronic ID>-<YYMMDD>-<NNNN>`, e.g. `000.17.22.H56-210531-0001`.

Uniqueness with every counter offline: the 9,999 numbers of a day are split into equal,
disjoint ranges, one per device slot (slot k of K owns numbers k*R+1 .. (k+1)*R with
R = 9999 // K). A device needs no coordination to number a dossier, ever; the slot is given
once, when the PC is set up or enrolled. An all-in-one office has one slot, so its numbers
run 0001..9999 as the circular expects. When a slot's range is used up the next dossier is
refused with a clear message: wrapping around would duplicate a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.errors import KioskError

MAX_PER_DAY = 9999
AGENCY_CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$")
DOSSIER_CODE_RE = re.compile(
    r"^(?P<agency>[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3})-(?P<day>\d{6})-(?P<seq>\d{4})$"
)


class CodeError(KioskError, ValueError):
    pass


@dataclass(frozen=True)
class SlotRange:
    slot: int
    slots: int

    def __post_init__(self) -> None:
        if not 1 <= self.slots <= 99 or not 0 <= self.slot < self.slots:
            raise CodeError(f"device slot {self.slot} of {self.slots} is not valid (1 to 99 slots)")

    @property
    def first(self) -> int:
        return self.slot * (MAX_PER_DAY // self.slots) + 1

    @property
    def last(self) -> int:
        return (self.slot + 1) * (MAX_PER_DAY // self.slots)


def check_agency_code(code: str) -> str:
    code = code.strip().upper()
    if not AGENCY_CODE_RE.match(code):
        raise CodeError(
            f"'{code}' is not an agency electronic identifier (expected like 000.17.22.H56)"
        )
    return code


def format_code(agency_code: str, day: date, number: int) -> str:
    if not 1 <= number <= MAX_PER_DAY:
        raise CodeError(f"dossier number {number} is outside 1..{MAX_PER_DAY}")
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def normalize_code(text: str) -> str:
    return text.strip().upper()


def parse_code(text: str) -> tuple[str, date, int]:
    m = DOSSIER_CODE_RE.match(normalize_code(text))
    if not m:
        raise CodeError(f"'{text}' is not a dossier code (expected like 000.17.22.H56-260209-0001)")
    d = m["day"]
    try:
        day = date(2000 + int(d[:2]), int(d[2:4]), int(d[4:]))
    except ValueError as exc:
        raise CodeError(f"'{text}' has an impossible date in it") from exc
    return m["agency"], day, int(m["seq"])
