"""ratings per office on the server: rating.agency_code, device_id, mutation_id

- agency_code: the office (its agency code) of the PC that pushed the rating (`rating.add`);
  the district server's satisfaction report groups and filters by it.
- device_id: that PC; mutation_id: the outbox mutation that carried the rating, unique, so a
  rating is stored once however often it is replayed.
- ix_rating_agency_at: one office's ratings of a period.

On a PC the three columns stay empty (its ratings are its own office's). Ratings already in a
database keep an empty office: before this revision the server refused `rating.add`, so no
rating came from a PC.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 13:46:56.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('device_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mutation_id', sa.String(length=36), nullable=True))
        batch_op.create_index('ix_rating_agency_at', ['agency_code', 'at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_rating_mutation_id'), ['mutation_id'])


def downgrade() -> None:
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_rating_mutation_id'), type_='unique')
        batch_op.drop_index('ix_rating_agency_at')
        batch_op.drop_column('mutation_id')
        batch_op.drop_column('device_id')
        batch_op.drop_column('agency_code')
