"""privacy: the retention purge may erase an event's free-text note and collector's name (PCs)

Dossier events stay append-only: on SQLite (the PCs) the update trigger now lets through one
change only — the retention purge (kiosk/privacy/retention.py) setting `note` to NULL and
removing `collected_by` from `data`, everything else equal. Deletes are still refused. The
server (PostgreSQL) is the archive: its trigger is unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:40:00.000000
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_SAME = (
    "NEW.id = OLD.id AND NEW.dossier_id = OLD.dossier_id AND NEW.at = OLD.at "
    "AND NEW.actor = OLD.actor AND NEW.kind = OLD.kind AND NEW.from_status IS OLD.from_status "
    "AND NEW.to_status = OLD.to_status AND NEW.agency_code IS OLD.agency_code "
    "AND NEW.counter_number IS OLD.counter_number AND NEW.device_id IS OLD.device_id"
)
_ERASURE = (
    f"NEW.note IS NULL AND {_SAME} AND (NEW.data IS OLD.data "
    "OR NEW.data IS json_remove(OLD.data, '$.collected_by'))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    op.execute(
        "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
        f"WHEN NOT ({_ERASURE}) "
        "BEGIN SELECT RAISE(ABORT, 'dossier_event rows are append-only'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    op.execute(
        "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
        "BEGIN SELECT RAISE(ABORT, 'dossier_event rows are append-only'); END"
    )
