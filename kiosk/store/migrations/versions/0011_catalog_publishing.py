"""publishing the procedures: approval decision, applicants, steps, channels, internal notes;
catalog_change

- procedure.approval_decision / approval_issuer / approval_date: the decision that announced the
  procedure for the province (công bố thủ tục hành chính), printed on posting sheets and the
  website.
- procedure.applicants, steps, channels: who may apply, the process in steps, how it may be
  submitted (direct, post, online).
- procedure.internal_notes: provenance and doubts for staff; public screens and exports never read
  it. Existing rows keep their notes where they were (an import of the catalog moves them).
- catalog_change: one row per procedure added, changed or withdrawn by an import, for the radio
  bulletin ("what changed this week").

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-04 18:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_decision', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('approval_issuer', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('approval_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('applicants', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('steps', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('channels', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('internal_notes', sa.Text(), nullable=True))
    op.create_table(
        'catalog_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('decision', sa.String(length=120), nullable=True),
        sa.Column('catalog_version', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_change')),
    )
    with op.batch_alter_table('catalog_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_change_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('catalog_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_change_at'))
    op.drop_table('catalog_change')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('internal_notes')
        batch_op.drop_column('channels')
        batch_op.drop_column('steps')
        batch_op.drop_column('applicants')
        batch_op.drop_column('approval_date')
        batch_op.drop_column('approval_issuer')
        batch_op.drop_column('approval_decision')
