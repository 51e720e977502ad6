"""repeated supplement requests found by an index

- ix_dossier_event_supplements (to_status, kind, dossier_id): the results report counts the
  supplement requests made on a dossier that had had one already (kiosk.services.reports
  .repeated_supplements). It first lists the dossiers with two requests or more, a range of this
  index read without touching the table, and only then looks at their events; without it every
  supplement request of the year was read from the table (about 0.1 s of each report at
  1,000,000 dossiers, as of a date or not).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 21:00:00.000000
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.create_index(
            'ix_dossier_event_supplements', ['to_status', 'kind', 'dossier_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_event_supplements')
