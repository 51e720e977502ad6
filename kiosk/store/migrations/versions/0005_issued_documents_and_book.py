"""records that hold: issued documents, the tracking book as a register

- issued_document: every paper issued for a dossier (Mẫu 01–06, the thermal receipt) with the
  exact data printed, append-only (triggers, like dossier_event).
- register_sequence: the last number of a register per device slot (a book's lines, a year's
  letters), so that counters working offline never give the same number twice.
- dossier.book_no (+ the existing book_line), unique per agency and book.

Existing data: dossiers received before this revision get their book number in reception order
(received_at, then id) in the book of their year, named by the year ("2026": what their receipts
printed until now, the rank among the year's receptions), and their Mẫu 01 is reconstructed once
from what does not change (reception time, the appointment first given, the receiving officer),
marked `reconstructed`, without a PDF hash (the paper handed over then is not at hand). Its uid
is derived from the dossier code, so every database reconstructs the same document.

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-04 18:00:00.000000
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0006'
branch_labels = None
depends_on = None

RECONSTRUCTED_NS = uuid.UUID("6f1c3f0e-13d0-4c5e-9a47-0a0b5e6c0005")


def upgrade() -> None:
    op.create_table('register_sequence',
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('agency_code', 'name', 'slot', name=op.f('pk_register_sequence'))
    )
    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('event_at', sa.DateTime(), nullable=True),
    sa.Column('issuer', sa.String(length=80), nullable=False),
    sa.Column('issuer_name', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('reconstructed', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_issued_document_dossier_id_dossier')),
    sa.ForeignKeyConstraint(['event_id'], ['dossier_event.id'], name=op.f('fk_issued_document_event_id_dossier_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document')),
    sa.UniqueConstraint('uid', name=op.f('uq_issued_document_uid'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index('ix_issued_document_dossier_kind', ['dossier_id', 'kind'], unique=False)
    # Plain ALTER TABLE and a unique index: on SQLite a batch rebuild of `dossier` (referenced by
    # the events, with foreign keys on) is refused once the table holds rows.
    op.add_column('dossier', sa.Column('book_no', sa.String(length=20), nullable=True))
    _number_the_book()
    op.create_index('uq_dossier_book_line', 'dossier', ['agency_code', 'book_no', 'book_line'], unique=True)
    _reconstruct_receipts()
    _append_only("issued_document")


def _number_the_book() -> None:
    """Book numbers of the dossiers already received: the year's book, in reception order."""
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, agency_code, received_at FROM dossier WHERE received_at IS NOT NULL "
        "ORDER BY received_at, id"
    )).all()
    lines: dict[tuple[str, str], int] = {}
    params = []
    for id_, agency, received in rows:
        year = _dt(received).year
        key = (agency, str(year))
        lines[key] = lines.get(key, 0) + 1
        params.append({"i": id_, "b": str(year), "l": lines[key]})
    if params:
        conn.execute(sa.text("UPDATE dossier SET book_no = :b, book_line = :l WHERE id = :i"), params)


def _dt(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _iso(value: Any) -> str | None:
    return None if value is None else _dt(value).isoformat()


def _time_limit_text(limit: float, unit: str) -> str:
    if limit == 0:
        return "Trong ngày làm việc"
    n = f"{limit:g}".replace(".", ",")
    return {"hours": f"{n} giờ làm việc", "calendar_days": f"{n} ngày"}.get(unit, f"{n} ngày làm việc")


def _fee_text(fee_vnd: int | None, fee_text: str | None) -> str:
    if fee_vnd == 0:
        return "Miễn phí"
    if fee_vnd:
        return f"{fee_vnd:,} đồng".replace(",", ".")
    first = (fee_text or "").split(". ")[0].strip()
    return first if len(first) <= 240 else first[:237] + "…"


def _header(conn: Any) -> dict[str, Any]:
    settings = dict(conn.execute(sa.text("SELECT key, value FROM setting")).all())
    code = settings.get("agency_code")
    name, parent = settings.get("agency_name") or "", None
    if code:
        row = conn.execute(sa.text(
            "SELECT a.name, p.name FROM agency a LEFT JOIN agency p ON p.id = a.parent_id "
            "WHERE a.code = :c"), {"c": code}).first()
        if row is not None:
            name, parent = row[0], row[1]
    place = None
    if code and "place_name" in {c["name"] for c in sa.inspect(conn).get_columns("office")}:
        place = conn.execute(sa.text(
            "SELECT o.place_name FROM office o JOIN agency a ON a.id = o.agency_id "
            "WHERE a.code = :c ORDER BY o.id"), {"c": code}).scalar()
    place = place or settings.get("office.place_name") or settings.get("place")
    return {"name": name, "parent_name": parent, "place": place}


def _reconstruct_receipts() -> None:
    """One reconstructed Mẫu 01 per dossier already received (see the module's note)."""
    conn = op.get_bind()
    header = _header(conn)
    staff = dict(conn.execute(sa.text("SELECT username, full_name FROM staff")).all())
    first_received = dict(conn.execute(sa.text(
        "SELECT dossier_id, min(id) FROM dossier_event WHERE to_status = 2 GROUP BY dossier_id"
    )).all())
    rows = conn.execute(sa.text(
        "SELECT d.id, d.code, d.applicant_name, d.applicant_address, d.applicant_phone, "
        "d.applicant_email, d.documents, d.sets, d.received_at, d.original_due_at, d.due_at, "
        "d.result_place, d.received_by, d.book_no, d.book_line, d.lookup_token, d.device_id, "
        "p.name, p.time_limit, p.time_unit, p.fee_vnd, p.fee_text "
        "FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
        "WHERE d.received_at IS NOT NULL ORDER BY d.id"
    )).all()
    now = datetime.now().replace(microsecond=0)
    table = sa.table(
        'issued_document',
        *(sa.column(n) for n in ('uid', 'dossier_id', 'kind', 'number', 'event_id', 'issuer',
                                 'issuer_name', 'sha256', 'device_id')),
        *(sa.column(n, sa.DateTime()) for n in ('issued_at', 'event_at', 'recorded_at')),
        sa.column('data', sa.JSON()),
        sa.column('reconstructed', sa.Boolean()),
    )
    batch: list[dict[str, Any]] = []
    for r in rows:
        docs = r.documents if isinstance(r.documents, list) else json.loads(r.documents or "[]")
        officer = staff.get(r.received_by or "", r.received_by or "") or ""
        due = r.original_due_at if r.original_due_at is not None else r.due_at
        data = {
            "v": 1,
            "header": header,
            "issued_on": _dt(r.received_at).date().isoformat(),
            "dossier": {
                "code": r.code,
                "procedure_name": r.name,
                "applicant_name": r.applicant_name,
                "applicant_address": r.applicant_address,
                "applicant_phone": r.applicant_phone,
                "applicant_email": r.applicant_email,
                "documents": [
                    {"name": str(x["name"]), "originals": int(x.get("originals", 0)),
                     "copies": int(x.get("copies", 0))} for x in docs
                ],
                "sets": r.sets,
                "time_limit_text": _time_limit_text(r.time_limit, r.time_unit),
                "received_at": _iso(r.received_at),
                "due_at": _iso(due),
                "result_place": r.result_place,
                "fee_text": _fee_text(r.fee_vnd, r.fee_text),
                "receiving_officer": officer,
                "book_no": r.book_no,
                "line_no": r.book_line,
                "qr_payload": f"{r.code}#{r.lookup_token}" if r.lookup_token else r.code,
            },
        }
        batch.append({
            "uid": str(uuid.uuid5(RECONSTRUCTED_NS, f"receipt:{r.code}")),
            "dossier_id": r.id,
            "kind": "receipt",
            "number": None,
            "issued_at": _dt(r.received_at),
            "event_id": first_received.get(r.id),
            "event_at": _dt(r.received_at),
            "issuer": r.received_by or "",
            "issuer_name": officer,
            "data": data,
            "sha256": None,
            "reconstructed": True,
            "recorded_at": now,
            "device_id": r.device_id,
        })
        if len(batch) >= 5000:
            op.bulk_insert(table, batch)
            batch = []
    if batch:
        op.bulk_insert(table, batch)


def _append_only(table: str) -> None:
    """Issued documents are evidence: the database refuses to change or delete them."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )
    else:
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{table} rows are append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS issued_document_no_update")
        op.execute("DROP TRIGGER IF EXISTS issued_document_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS issued_document_append_only ON issued_document")
        op.execute("DROP FUNCTION IF EXISTS issued_document_append_only()")
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index('ix_issued_document_dossier_kind')
    op.drop_table('issued_document')
    op.drop_table('register_sequence')
    op.drop_index('uq_dossier_book_line', table_name='dossier')
    op.execute("ALTER TABLE dossier DROP COLUMN book_no")  # SQLite >= 3.35: no rebuild
    op.execute("UPDATE dossier SET book_line = NULL")
