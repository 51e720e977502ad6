"""reproducible reports: recorded times, the apology's own appointment, closed periods

- dossier_event.recorded_at: when this database recorded the event (`at` is when it took
  effect, which `--at` can set). Events already there keep NULL, read as `at`.
- dossier.recorded_at / changed_at: when the database learned of the dossier and last learned
  a fact about it (filled from the events' times); the results report "as of" a past time
  reads a dossier's row when changed_at is not later, its events otherwise.
- dossier.new_due_at: the new appointment of the latest apology. `due_at` is again the
  appointment of Mẫu 01 moved only by pauses (docs/rules.md): for a dossier with apologies,
  the new date moves to new_due_at and due_at goes back to the first apology's old date
  (a resumption recorded after an apology had extended the apology's date; that extension is
  not re-applied: such dossiers, if any, keep the first apology's old date).
- a dossier awaiting payment (status 6) has its clock paused: paused_at = when it got there.
- ix_dossier_report gains recorded_at and changed_at (still covering); ix_dossier_event_status_at
  finds the supplement requests of a period.
- report_close: the closed periods ("chốt số liệu") with their figures.

Revision ID: 0006
Revises: 0008
Create Date: 2026-12-04 18:00:00.000000
"""
from datetime import datetime
from typing import Any

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0008'
branch_labels = None
depends_on = None

OLD_REPORT = ['procedure_id', 'status', 'received_at', 'finished_at', 'due_at', 'channel', 'paused_at']


def _time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def upgrade() -> None:
    op.add_column('dossier_event', sa.Column('recorded_at', sa.DateTime(), nullable=True))
    op.create_index('ix_dossier_event_status_at', 'dossier_event', ['to_status', 'at'], unique=False)
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_due_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('recorded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(), nullable=True))
        batch_op.drop_index('ix_dossier_report')
    op.create_table('report_close',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=False),
    sa.Column('agency', sa.String(length=40), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.String(length=80), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_close')),
    sa.UniqueConstraint('date_from', 'date_to', 'agency', name=op.f('uq_report_close_date_from'))
    )

    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE dossier SET "
        "recorded_at = COALESCE((SELECT min(e.at) FROM dossier_event e WHERE e.dossier_id = dossier.id), created_at), "
        "changed_at = COALESCE((SELECT max(e.at) FROM dossier_event e WHERE e.dossier_id = dossier.id), created_at)"
    ))
    conn.execute(sa.text(
        "UPDATE dossier SET paused_at = (SELECT max(e.at) FROM dossier_event e "
        "WHERE e.dossier_id = dossier.id AND e.to_status = 6) "
        "WHERE status = 6 AND paused_at IS NULL"
    ))
    first_old: dict[int, datetime] = {}
    for dossier_id, data in conn.execute(sa.text(
        "SELECT dossier_id, data FROM dossier_event WHERE kind = 'apology' ORDER BY id"
    )):
        if isinstance(data, str):
            import json
            data = json.loads(data)
        old = _time((data or {}).get('old_due_at'))
        if old is not None and dossier_id not in first_old:
            first_old[dossier_id] = old
    for dossier_id, old in first_old.items():
        conn.execute(
            sa.text("UPDATE dossier SET new_due_at = due_at, due_at = :old WHERE id = :id"),
            {"old": old, "id": dossier_id},
        )

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_report', [*OLD_REPORT, 'recorded_at', 'changed_at'], unique=False)


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE dossier SET due_at = new_due_at WHERE new_due_at IS NOT NULL"
    ))
    op.drop_table('report_close')
    op.drop_index('ix_dossier_report', table_name='dossier')
    op.drop_index('ix_dossier_event_status_at', table_name='dossier_event')
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): no table rebuild, so the events keep
    # their append-only triggers and the dossier table its foreign keys.
    for table, column in (('dossier', 'changed_at'), ('dossier', 'recorded_at'),
                          ('dossier', 'new_due_at'), ('dossier_event', 'recorded_at')):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.create_index('ix_dossier_report', 'dossier', OLD_REPORT, unique=False)
