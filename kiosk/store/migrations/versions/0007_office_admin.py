"""offices, staff, counters and services administered for real; fees per office

- office: phone, place_name (the place of "…, ngày … tháng … năm"), hours (the office's own
  hours and afternoon cut-off, JSON), kiosk_pin_hash (the public kiosks' admin PIN, hashed).
- staff: office_id, all_offices (a supervisor or admin of every office), counter_number (the
  clerk's usual counter).
- counter: active (retired counters are kept for reports), printer_url, scanner_url.
- service: procedures (codes served besides whole fields), priority_kinds, priority_first.
- procedure_fee: a procedure's fee and charge (VND) with their legal basis, per office.
- dossier: fee_mode, fee_paid_vnd, fee_note, fee_receipt (what was collected at reception).

Existing staff: a department officer gets its department's office; the others the only office
of the database (a PC); on a server of several offices they stay unplaced for an admin.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-04 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None

# Only columns are added and dropped: SQLite's own ALTER TABLE does it, with no table rebuilt
# (a rebuild of `office` or `staff` would trip over the rows that reference them). The one
# exception is dropping staff.office_id, a foreign key, which needs the rebuild.
_RECREATE = 'never'


def upgrade() -> None:
    with op.batch_alter_table('office', recreate=_RECREATE) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('place_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('hours', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('kiosk_pin_hash', sa.String(length=300), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':  # the foreign key inline: no rebuild
        op.execute(
            'ALTER TABLE staff ADD COLUMN office_id INTEGER '
            'CONSTRAINT fk_staff_office_id_office REFERENCES office (id)'
        )
    else:
        op.add_column('staff', sa.Column('office_id', sa.Integer(), nullable=True))
        op.create_foreign_key(
            'fk_staff_office_id_office', 'staff', 'office', ['office_id'], ['id']
        )
    with op.batch_alter_table('staff', recreate=_RECREATE) as batch_op:
        batch_op.add_column(
            sa.Column('all_offices', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('counter_number', sa.Integer(), nullable=True))
    with op.batch_alter_table('counter', recreate=_RECREATE) as batch_op:
        batch_op.add_column(
            sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column('printer_url', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('scanner_url', sa.String(length=300), nullable=True))
    with op.batch_alter_table('service', recreate=_RECREATE) as batch_op:
        batch_op.add_column(sa.Column('procedures', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('priority_kinds', sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column('priority_first', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table('dossier', recreate=_RECREATE) as batch_op:
        batch_op.add_column(sa.Column('fee_mode', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('fee_paid_vnd', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('fee_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('fee_receipt', sa.String(length=40), nullable=True))
    op.create_table(
        'procedure_fee',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('fee_vnd', sa.Integer(), nullable=True),
        sa.Column('charge_vnd', sa.Integer(), nullable=True),
        sa.Column('basis', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['office_id'], ['office.id'], name=op.f('fk_procedure_fee_office_id_office')
        ),
        sa.ForeignKeyConstraint(
            ['procedure_id'], ['procedure.id'], name=op.f('fk_procedure_fee_procedure_id_procedure')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_fee')),
        sa.UniqueConstraint(
            'office_id', 'procedure_id', name=op.f('uq_procedure_fee_office_id')
        ),
    )
    # A department officer belongs to its department's office; everyone else to the only
    # office of a PC. On a server of several offices the others stay unplaced (office_id
    # NULL) until an admin places them: `kiosk staff set USER --office C` or --all-offices.
    op.execute(
        "UPDATE staff SET office_id = (SELECT MIN(o.id) FROM office o JOIN department d "
        "ON d.agency_id = o.agency_id WHERE d.id = staff.department_id) "
        "WHERE department_id IS NOT NULL"
    )
    op.execute(
        "UPDATE staff SET office_id = (SELECT MIN(id) FROM office) "
        "WHERE office_id IS NULL AND (SELECT COUNT(*) FROM office) = 1"
    )


def downgrade() -> None:
    op.drop_table('procedure_fee')
    with op.batch_alter_table('dossier', recreate=_RECREATE) as batch_op:
        batch_op.drop_column('fee_receipt')
        batch_op.drop_column('fee_note')
        batch_op.drop_column('fee_paid_vnd')
        batch_op.drop_column('fee_mode')
    with op.batch_alter_table('service', recreate=_RECREATE) as batch_op:
        batch_op.drop_column('priority_first')
        batch_op.drop_column('priority_kinds')
        batch_op.drop_column('procedures')
    with op.batch_alter_table('counter', recreate=_RECREATE) as batch_op:
        batch_op.drop_column('scanner_url')
        batch_op.drop_column('printer_url')
        batch_op.drop_column('active')
    if op.get_bind().dialect.name != 'sqlite':  # SQLite's rebuild leaves the key out
        op.drop_constraint('fk_staff_office_id_office', 'staff', type_='foreignkey')
    with op.batch_alter_table('staff', recreate='auto') as batch_op:
        batch_op.drop_column('counter_number')
        batch_op.drop_column('all_offices')
        batch_op.drop_column('office_id')
    with op.batch_alter_table('office', recreate=_RECREATE) as batch_op:
        batch_op.drop_column('kiosk_pin_hash')
        batch_op.drop_column('hours')
        batch_op.drop_column('place_name')
        batch_op.drop_column('phone')
