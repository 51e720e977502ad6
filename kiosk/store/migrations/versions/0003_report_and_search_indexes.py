"""report and search indexes; the server's copy of each office's duty roster

- ix_dossier_report: the covering index the results report (form II.06a) reads in procedure
  order (kiosk/services/reports_sql.py); `kiosk report results` for a year of 200,000
  dossiers on SQLite takes about half the time with it (docs/server.md, "Migration 0003").
- ix_dossier_applicant_id_number: the dossier search by citizen ID number (the phone number
  has had ix_dossier_applicant_phone since 0001).
- office_roster: the duty rosters that PCs push (`roster.set`), per office, on the server.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 13:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_applicant_id_number'), ['applicant_id_number'], unique=False)
        batch_op.create_index('ix_dossier_report', ['procedure_id', 'status', 'received_at', 'finished_at', 'due_at', 'channel', 'paused_at'], unique=False)

    op.create_table('office_roster',
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('counter_number', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('agency_code', 'day', 'counter_number', name=op.f('pk_office_roster'))
    )


def downgrade() -> None:
    op.drop_table('office_roster')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_report')
        batch_op.drop_index(batch_op.f('ix_dossier_applicant_id_number'))
