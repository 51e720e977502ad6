"""Applying pulled ratings of the office (kiosk.server.ratings) to the PC's ratings.

An entry carries one rating made on any PC of the office, `{"at", "level", "counter_number",
"clerk", "dossier_code", "comment", "device_id", "mutation_id"}`, under the key `<agency>/<mutation
id>`. The PC keeps each mutation id once (`rating.mutation_id` is unique), so its satisfaction
report counts every rating of the office once:

- a rating it already has (pulled before, or made here: record_rating keeps its outbox mutation
  id on the rating) is left as it is, so a page applied twice or a full re-sync adds nothing;
- a rating made here before the PC kept that id is recognised by its outbox mutation: the local
  row (same time, level, counter and clerk, no id yet) gets the id, and no copy is stored;
- a rating of another office (the key names another agency) is never stored.

Pulled ratings keep an empty `agency_code`, like the PC's own: on a PC every rating is of its
office. Checked as the server checks a pushed rating (kiosk.server.ratings.parse_rating); a bad
entry is listed in the problems and skipped. Nothing is written to the outbox.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.server.ratings import KIND, RatingRefused, parse_rating
from kiosk.store.models import Outbox, Rating

_IN_CLAUSE = 500


def apply_ratings(
    session: Session, entries: list[dict[str, Any]], agency: str, problems: list[str]
) -> None:
    if not entries:
        return
    wanted: dict[str, dict[str, Any]] = {}
    for e in entries:
        key = str(e.get("key"))
        owner, _, mutation_id = key.rpartition("/")
        if owner != agency:
            problems.append(f"rating {key} is of office {owner}, not of this PC's ({agency})")
            continue
        try:
            item = e["rating"]
            columns = parse_rating(item)
            if item.get("mutation_id") != mutation_id or not 1 <= len(mutation_id) <= 36:
                raise ValueError("its mutation_id is not the one of its key")
            device = item.get("device_id")
            if device is not None and (not isinstance(device, str) or len(device) > 64):
                raise ValueError("its device_id is not a device id")
        except (KeyError, TypeError, ValueError, RatingRefused) as exc:
            problems.append(f"rating {key} from the server could not be applied: {exc}")
            continue
        wanted[mutation_id] = {**columns, "device_id": device, "mutation_id": mutation_id}
    ids = sorted(wanted)
    stored: set[str] = set()
    own: set[str] = set()
    for start in range(0, len(ids), _IN_CLAUSE):
        chunk = ids[start : start + _IN_CLAUSE]
        stored.update(
            str(m)
            for m in session.scalars(
                select(Rating.mutation_id).where(Rating.mutation_id.in_(chunk))
            )
        )
        own.update(
            session.scalars(
                select(Outbox.mutation_id).where(Outbox.kind == KIND, Outbox.mutation_id.in_(chunk))
            )
        )
    for mutation_id, columns in wanted.items():
        if mutation_id in stored:
            continue
        if mutation_id in own:
            _link(session, columns)
        else:
            session.add(Rating(**columns))


def _link(session: Session, columns: dict[str, Any]) -> None:
    """This PC's own rating, from before it kept the mutation id: give the row the id."""
    row = session.scalar(
        select(Rating)
        .where(
            Rating.mutation_id.is_(None),
            Rating.at == columns["at"],
            Rating.level == columns["level"],
            Rating.counter_number.is_not_distinct_from(columns["counter_number"]),
            Rating.clerk.is_not_distinct_from(columns["clerk"]),
        )
        .order_by(Rating.id)
        .limit(1)
    )
    if row is not None:
        row.mutation_id = columns["mutation_id"]
