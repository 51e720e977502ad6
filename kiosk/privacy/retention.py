"""Retention on the PCs: the personal fields of dossiers closed long ago are erased.

The PC is not the archive: the sync server (and the paper file) keeps every dossier as the
agency's record for the archival retention periods (Law on Archives; Circular 10/2022/TT-BNV,
applied by the agency's archivist on the server's data). A counter PC needs a citizen's name,
ID number, phone and address only while the dossier is open and until the result can no longer
be contested: a complaint within 90 days of receiving the decision (Law on Complaints 2011,
art. 9), a lawsuit within one year (Law on Administrative Procedure 2015, art. 116.2.a).
Decree 13/2023/NĐ-CP (art. 3.7: storage limited to the time the purpose needs) asks for no
longer. Default: 12 months after the dossier was closed (returned, refused, withdrawn or
stopped) — the one-year time limit to sue; setting `retention_months` (kiosk purge --months
overrides it once). docs/privacy.md has the reasoning. The app runs it by itself once a day,
right after the day's encrypted backup (`daily_purge`, from kiosk/backup.py's housekeeping);
`retention_months` = 0/off stops that on a PC.

Erased: the applicant's name (replaced by `ERASED`), its search key, ID number, phone, address
and e-mail; the free-text notes of the dossier's events and the name of who collected the
result. Kept: the code, procedure, agency, counter, dates, statuses, documents handed in and the
events themselves — everything the statistics (form II.06a), the tracking book's counts and the
overdue figures are made of. SQLite's secure_delete (kiosk/store/db.py) zeroes the old bytes.
The outbox's acknowledged changes already hold no personal data (kiosk/sync/outbox.py); on a
PC that is not enrolled, nothing will ever be sent, so its outbox is cut too; acknowledged
entries older than the window a restored server may ask again for (ACK_RETENTION) go.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.services.context import get_setting, now, set_setting
from kiosk.store.models import Dossier, DossierEvent, Outbox, RetentionPurge
from kiosk.sync.outbox import prunable

log = logging.getLogger("kiosk.retention")

SETTING = "retention_months"
LAST_RUN = "retention_last_run"  # the day (ISO) the daily housekeeping last purged on this PC
OFF = ("0", "off", "no", "false")  # retention_months set to one of these: no automatic purge
DEFAULT_MONTHS = 12
ERASED = "(đã xoá theo thời hạn lưu giữ)"
CLOSED = (3, 7, 8, 10)  # refused, withdrawn, stopped, returned


@dataclass
class PurgeReport:
    months: int
    cutoff: datetime
    dossiers: int
    events: int
    outbox: int
    dry_run: bool
    outbox_deleted: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": self.months,
            "cutoff": self.cutoff.isoformat(),
            "dossiers": self.dossiers,
            "events": self.events,
            "outbox": self.outbox,
            "dry_run": self.dry_run,
            "outbox_deleted": self.outbox_deleted,
        }


def retention_months(session: Session) -> int:
    raw = get_setting(session, SETTING)
    if raw is not None and raw.strip().lower() in OFF:  # off for the daily purge; by hand: 12
        return DEFAULT_MONTHS
    try:
        months = int(raw) if raw else DEFAULT_MONTHS
    except ValueError:
        months = DEFAULT_MONTHS
    return max(1, months)


def _closed_on() -> Any:
    return func.coalesce(
        Dossier.returned_at, Dossier.finished_at, Dossier.received_at, Dossier.created_at
    )


def _due(cutoff: datetime) -> Any:
    return and_(
        Dossier.status.in_(CLOSED),
        _closed_on() < cutoff,
        or_(
            Dossier.applicant_name != ERASED,
            Dossier.applicant_id_number.is_not(None),
            Dossier.applicant_phone.is_not(None),
            Dossier.applicant_address.is_not(None),
            Dossier.applicant_email.is_not(None),
        ),
    )


# The stub of kiosk/sync/outbox.py, made in one statement (SQLite's JSON functions).
_STRIP_SQL = """
UPDATE outbox SET payload = json_object(
    'stripped', json('true'),
    'dossier', json_object('code', json_extract(payload, '$.dossier.code')),
    'event', json_object(
        'at', json_extract(payload, '$.event.at'),
        'kind', json_extract(payload, '$.event.kind'),
        'from_status', json_extract(payload, '$.event.from_status'),
        'to_status', json_extract(payload, '$.event.to_status')))
WHERE kind = 'dossier.event' AND json_extract(payload, '$.stripped') IS NULL
"""


def purge(
    session: Session,
    *,
    months: int | None = None,
    dry_run: bool = False,
    at: datetime | None = None,
) -> PurgeReport:
    """Erase the personal fields of dossiers closed more than `months` ago (on a PC only)."""
    if session.get_bind().dialect.name != "sqlite":
        raise KioskError(
            "the purge is for the PCs: the server's database is the archive and keeps the records"
        )
    months = retention_months(session) if months is None else months
    if months < 1:
        raise KioskError("--months must be at least 1")
    cutoff = (at or now()) - timedelta(days=round(months * 30.44))
    ids = select(Dossier.id).where(_due(cutoff)).scalar_subquery()
    dossiers = int(session.scalar(select(func.count()).where(_due(cutoff))) or 0)
    events_q = and_(
        DossierEvent.dossier_id.in_(ids),
        or_(DossierEvent.note.is_not(None), DossierEvent.data.is_not(None)),
    )
    events = int(
        session.scalar(select(func.count()).select_from(DossierEvent).where(events_q)) or 0
    )
    # acknowledged changes; on a PC that is not enrolled, every one (nothing will be sent)
    enrolled = bool(get_setting(session, "sync_secret"))
    where_outbox = " AND acked = 1" if enrolled else ""
    outbox = int(
        session.scalar(
            text(
                "SELECT count(*) FROM outbox WHERE kind = 'dossier.event' "
                "AND json_extract(payload, '$.stripped') IS NULL" + where_outbox
            )
        )
        or 0
    )
    # acknowledged entries past the window a restored server may ask again for are deleted
    old = prunable(session, at or now())
    deletable = int(session.scalar(select(func.count()).select_from(old.subquery())) or 0)
    report = PurgeReport(months, cutoff, dossiers, events, outbox, dry_run, deletable)
    if dry_run:
        return report
    if dossiers:
        session.add(RetentionPurge(id=1))  # opens the event trigger, in this transaction only
        session.flush()
        # the search keys of names, phones and ID numbers go; the code's keys stay
        session.execute(
            text(
                "DELETE FROM dossier_word WHERE word NOT LIKE 'c:%' AND dossier_id IN "
                "(SELECT id FROM dossier WHERE status IN (3, 7, 8, 10) AND applicant_name != :e "
                "AND coalesce(returned_at, finished_at, received_at, created_at) < :cutoff)"
            ),
            {"e": ERASED, "cutoff": cutoff},
        )
        session.execute(
            update(DossierEvent)
            .where(DossierEvent.dossier_id.in_(ids))
            .values(note=None, data=func.json_remove(DossierEvent.data, "$.collected_by")),
            execution_options={"synchronize_session": False},
        )
        session.execute(
            update(Dossier)
            .where(_due(cutoff))
            .values(
                applicant_name=ERASED,
                applicant_name_key="",
                applicant_id_number=None,
                applicant_phone=None,
                applicant_address=None,
                applicant_email=None,
            ),
            execution_options={"synchronize_session": False},
        )
        session.execute(delete(RetentionPurge))
    if outbox:
        session.execute(text(_STRIP_SQL + where_outbox))
    if deletable:
        session.execute(delete(Outbox).where(Outbox.seq.in_(old.scalar_subquery())))
    return report


def daily_purge(engine: Engine, today: date, *, at: datetime | None = None) -> PurgeReport | None:
    """The daily housekeeping's purge (kiosk/backup.py runs it once today's backup is written).

    Once a day per PC (setting `retention_last_run`); nothing on a PostgreSQL database (the
    server keeps the archive) nor when `retention_months` is 0/off. Logs counts only.
    Returns the report, or None when it did not run.
    """
    if engine.dialect.name != "sqlite":
        return None
    with Session(engine) as session, session.begin():
        raw = (get_setting(session, SETTING) or "").strip().lower()
        if raw in OFF:
            return None
        if get_setting(session, LAST_RUN) == today.isoformat():
            return None
        report = purge(session, at=at)
        set_setting(session, LAST_RUN, today.isoformat())
    log.info(
        "retention purge (%d months): %d dossiers erased, %d event notes, %d outbox entries "
        "stripped, %d deleted",
        report.months,
        report.dossiers,
        report.events,
        report.outbox,
        report.outbox_deleted,
    )
    return report
