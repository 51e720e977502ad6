"""Citizens' ratings on the server: `rating.add` pushed by a PC, kept per office.

A PC records each rating (kiosk.services.public.record_rating: the rating screen, or a rated
dossier) as a `rating.add` mutation `{"at", "level", "counter_number", "clerk", "dossier_code",
"comment"}`. The server stores it in `rating` with the pushing device's office (`agency_code`),
the device and the mutation id (migration 0004), so the district satisfaction report counts
each office's ratings apart (`GET /v1/reports/satisfaction`, `kiosk report satisfaction
--agency`). A mutation id is stored once (a unique column): a replay, even one the push's
receipts did not catch, changes nothing.

Each rating stored comes down to the other PCs of its office as its own change-log entry (kind
`rating`, key `<agency>/<mutation id>`, scope the agency) carrying the rating, `{"at",
"level", "counter_number", "clerk", "dossier_code", "comment", "device_id", "mutation_id"}`;
the PC stores it once by its mutation id (kiosk/sync/local_ratings.py), so the satisfaction
report of any PC of the office counts the office's ratings. One entry per rating, not one per
day: an office gets a few hundred a day, as many as tickets (one entry each already), and a
day's entry would be sent again whole with every new rating of that day (docs/server.md).
Ratings stored by a server before this (none of them in the change log) are logged once when
the server starts (`log_ratings`).

Shapes are checked here, when applied, not when the push is parsed: a bad rating is refused on
its own with its reason and the rest of the push goes on. What is checked: `at` an ISO time,
`level` 1 to 5, the counter a number or null, the clerk text of at most 80 characters or null,
the dossier code a dossier code or null, the comment text of at most 500 characters or null.
Keys the server does not know (a newer PC) are ignored. The clerk and the dossier are not
looked up: a rating is kept even when its dossier never reached the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kiosk.domain.codes import CodeError, normalize_code, parse_code
from kiosk.server.changes import Changes
from kiosk.services.context import get_setting, set_setting
from kiosk.store.models import Rating
from kiosk.store.server_models import Device, SyncChange
from kiosk.wire.fields import RATING_COMMENT

KIND = "rating.add"
CHANGE = "rating"
LOGGED = "sync_ratings_logged"  # setting: the highest rating id log_ratings has looked at
LEVELS = range(1, 6)
MAX_COMMENT = RATING_COMMENT  # one limit for the PC and the server (kiosk.wire)
_IN_CLAUSE = 500


class RatingRefused(Exception):
    """This rating cannot be stored; the message says why (sent back to the PC)."""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value[:40])
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return type(value).__name__


def _text(payload: dict[str, Any], name: str, limit: int) -> str | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise RatingRefused(
            f"the rating's {name} must be text of at most {limit} characters or null, "
            f"not {_show(value)}"
        )
    return value.strip() or None


def parse_rating(payload: Any) -> dict[str, Any]:
    """The columns of a `rating.add` payload, or RatingRefused with the reason."""
    if not isinstance(payload, dict):
        raise RatingRefused(
            "a rating must be an object with at, level, counter_number, clerk, dossier_code, "
            "comment"
        )
    raw_at, level, counter = payload.get("at"), payload.get("level"), payload.get("counter_number")
    try:
        at = datetime.fromisoformat(raw_at) if isinstance(raw_at, str) else None
    except ValueError:
        at = None
    if at is None:
        raise RatingRefused(f"the rating's time (at) must be an ISO time, not {_show(raw_at)}")
    if at.tzinfo is not None:
        at = at.astimezone().replace(tzinfo=None)
    if not isinstance(level, int) or isinstance(level, bool) or level not in LEVELS:
        raise RatingRefused(f"the rating's level must be a whole number 1 to 5, not {_show(level)}")
    if counter is not None and (
        not isinstance(counter, int) or isinstance(counter, bool) or not 1 <= counter < 10_000
    ):
        raise RatingRefused(
            f"the rating's counter_number must be a counter number or null, not {_show(counter)}"
        )
    code = _text(payload, "dossier_code", 60)
    if code is not None:
        try:
            parse_code(code)
        except CodeError as exc:
            raise RatingRefused(f"the rating's dossier_code is not a dossier code: {exc}") from exc
        code = normalize_code(code)
    return {
        "at": at,
        "level": level,
        "counter_number": counter,
        "clerk": _text(payload, "clerk", 80),
        "dossier_code": code,
        "comment": _text(payload, "comment", MAX_COMMENT),
    }


def stored_ratings(session: Session, mutation_ids: Iterable[str]) -> set[str]:
    """The mutation ids among these that the server already stored as ratings."""
    ids = sorted(set(mutation_ids))
    found: set[str] = set()
    for start in range(0, len(ids), _IN_CLAUSE):
        chunk = ids[start : start + _IN_CLAUSE]
        q = select(Rating.mutation_id).where(Rating.mutation_id.in_(chunk))
        found.update(str(m) for m in session.scalars(q))
    return found


def rating_key(agency: str, mutation_id: str) -> str:
    return f"{agency}/{mutation_id}"


def apply_rating_add(
    session: Session,
    device: Device,
    mutation_id: str,
    payload: Any,
    stored: set[str],
    changes: Changes,
) -> bool:
    """Store one rating of the device's office and have the office's PCs pull it; False if
    this mutation id is stored already (it was logged when it was stored).

    `stored` holds the mutation ids known to be stored (stored_ratings, then this push's)."""
    if mutation_id in stored:
        return False
    columns = parse_rating(payload)
    agency = device.agency_code
    session.add(Rating(**columns, agency_code=agency, device_id=device.id, mutation_id=mutation_id))
    stored.add(mutation_id)
    changes.keys[(CHANGE, rating_key(agency, mutation_id))] = agency
    return True


def rating_entries(session: Session, agency: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The rating of each key `<agency>/<mutation id>` of this agency (another's: none)."""
    ids = sorted({key.rpartition("/")[2] for key in keys if key.rpartition("/")[0] == agency})
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _IN_CLAUSE):
        chunk = ids[start : start + _IN_CLAUSE]
        for r in session.scalars(
            select(Rating).where(Rating.agency_code == agency, Rating.mutation_id.in_(chunk))
        ):
            assert r.mutation_id is not None
            out[rating_key(agency, r.mutation_id)] = {"rating": rating_row(r)}
    return out


def rating_row(r: Rating) -> dict[str, Any]:
    return {
        "at": r.at.isoformat(),
        "level": r.level,
        "counter_number": r.counter_number,
        "clerk": r.clerk,
        "dossier_code": r.dossier_code,
        "comment": r.comment,
        "device_id": r.device_id,
        "mutation_id": r.mutation_id,
    }


def log_ratings(session: Session) -> Changes:
    """Change-log entries for the ratings of PCs that have none (stored by a server before
    ratings came down to the PCs); only ratings newer than the last look are read."""
    changes = Changes()
    last = int(get_setting(session, LOGGED, "0") or 0)
    top = session.scalar(select(func.max(Rating.id)))
    if top is None or top <= last:
        return changes
    key = Rating.agency_code + "/" + Rating.mutation_id
    logged = and_(SyncChange.kind == CHANGE, SyncChange.key == key)
    rows = session.execute(
        select(Rating.agency_code, Rating.mutation_id)
        .outerjoin(SyncChange, logged)
        .where(
            Rating.id > last,
            Rating.id <= top,
            Rating.agency_code.is_not(None),
            Rating.mutation_id.is_not(None),
            SyncChange.key.is_(None),
        )
        .order_by(Rating.id)
    )
    for agency, mutation_id in rows:
        changes.keys[(CHANGE, rating_key(str(agency), str(mutation_id)))] = str(agency)
    set_setting(session, LOGGED, str(top))
    return changes
