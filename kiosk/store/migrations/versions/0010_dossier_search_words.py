"""dossier search keys: any word of a name, the last digits of a code, phone or ID number

- dossier_word (word, dossier_id): one row per search key of a dossier (kiosk/store/search_index.py):
  `n:<word>` per word of the accent-folded name, `c:`/`p:`/`i:` + the code's, phone's, ID
  number's letters and digits reversed (the last digits typed are then a prefix: an index range).
- ix_dossier_word_dossier: the keys of one dossier (rewritten when it changes).
- The keys of the dossiers already in the database are built here, in batches.

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-04 17:55:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dossier_word',
    sa.Column('word', sa.String(length=60), nullable=False),
    sa.Column('dossier_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('word', 'dossier_id', name=op.f('pk_dossier_word'))
    )
    with op.batch_alter_table('dossier_word', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_word_dossier', ['dossier_id'], unique=False)

    from kiosk.store.search_index import reindex_all

    reindex_all(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('dossier_word', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_word_dossier')
    op.drop_table('dossier_word')
