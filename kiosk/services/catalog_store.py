"""The catalog in the database: import with a record of what changed, and back to the file format.

An import compares the file with the procedures already held and records, in `catalog_change`,
each procedure added, changed (with the names of the parts that changed) or withdrawn, so a
supervisor sees the difference before applying a new decision (`kiosk catalog import --dry-run`)
and the radio bulletin can say what changed this week. Withdrawn procedures stay in the database,
inactive, because dossiers and reports refer to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kiosk.catalog import (
    FORMAT_ID,
    Approval,
    Catalog,
    CatalogError,
    ProcedureSpec,
    approval_data,
    catalog_to_data,
    load_catalog,
)
from kiosk.domain.people import fold
from kiosk.errors import KioskError
from kiosk.store.models import CatalogChange, Field, Procedure, RequiredDocument, RouteStep

# The parts of a procedure a change is reported by (catalog file keys).
COMPARED = (
    "name", "field", "level", "agency", "time_limit", "fee", "documents", "result",
    "result_places", "route", "legal_basis", "notes", "approval", "applicants", "steps",
    "channels",
)  # fmt: skip


@dataclass
class CatalogDiff:
    added: list[tuple[str, str]] = field(default_factory=list)  # code, name
    changed: list[tuple[str, str, list[str]]] = field(default_factory=list)  # + changed keys
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": [{"code": c, "name": n} for c, n in self.added],
            "changed": [{"code": c, "name": n, "fields": f} for c, n, f in self.changed],
            "withdrawn": [{"code": c, "name": n} for c, n in self.withdrawn],
            "unchanged": self.unchanged,
        }

    def text(self) -> str:
        lines = [
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.withdrawn)} withdrawn, {self.unchanged} unchanged"
        ]
        lines += [f"  + {c}  {n}" for c, n in self.added]
        lines += [f"  ~ {c}  {n}  ({', '.join(f)})" for c, n, f in self.changed]
        lines += [f"  - {c}  {n}" for c, n in self.withdrawn]
        return "\n".join(lines)


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def procedure_data(p: Procedure) -> dict[str, Any]:
    """A stored procedure in the kiosk-catalog/1 format (inverse of the import)."""
    data: dict[str, Any] = {
        "code": p.code,
        "name": p.name,
        "field": p.field.name,
        "level": p.level or "—",
        "agency": p.agency or "—",
        "time_limit": {"value": _num(p.time_limit), "unit": p.time_unit, "text": p.time_text},
        "fee": {"amount_vnd": p.fee_vnd, "text": p.fee_text},
        "documents": [
            {
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "note": d.note,
                "required": d.required,
            }
            for d in p.documents
        ],
        "result": p.result or "—",
        "result_places": list(p.result_places) or ["Tại Bộ phận Một cửa"],
        "route": [{"agency": r.agency, "task": r.task, "days": _num(r.days)} for r in p.route],
        "sample": p.sample,
        "legal_basis": list(p.legal_basis),
        "notes": p.notes,
    }
    approval = stored_approval(p)
    if approval is not None:
        data["approval"] = approval_data(approval)
    if p.applicants:
        data["applicants"] = p.applicants
    if p.steps:
        data["steps"] = list(p.steps)
    if p.channels and list(p.channels) != ["direct"]:
        data["channels"] = list(p.channels)
    if p.internal_notes:
        data["internal_notes"] = p.internal_notes
    return data


def stored_approval(p: Procedure) -> Approval | None:
    if not p.approval_decision:
        return None
    return Approval(
        decision=p.approval_decision,
        issuer=p.approval_issuer or "",
        date=p.approval_date.isoformat() if p.approval_date else None,
    )


def catalog_rows(session: Session, *, active_only: bool = True) -> list[Procedure]:
    q = select(Procedure).options(
        selectinload(Procedure.field),
        selectinload(Procedure.documents),
        selectinload(Procedure.route),
    )
    if active_only:
        q = q.where(Procedure.active)
    return list(session.scalars(q.order_by(Procedure.code)))


def stored_catalog_data(session: Session, name: str, version: str, source: str) -> dict[str, Any]:
    """The active procedures as a kiosk-catalog/1 structure."""
    return {
        "format": FORMAT_ID,
        "name": name,
        "version": version,
        "source": source,
        "procedures": [procedure_data(p) for p in catalog_rows(session)],
    }


def _spec_data(spec: ProcedureSpec) -> dict[str, Any]:
    probe = Catalog(name="-", version="-", source="-", procedures=(spec,))
    data: dict[str, Any] = catalog_to_data(probe)["procedures"][0]
    return data


def _changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [k for k in COMPARED if old.get(k) != new.get(k)]


def diff_catalog(
    session: Session, catalog: Catalog, *, withdraw_missing: bool = False
) -> CatalogDiff:
    """What importing `catalog` would add, change and (with `withdraw_missing`) withdraw."""
    held = {p.code: p for p in catalog_rows(session, active_only=False)}
    diff = CatalogDiff()
    for spec in catalog.procedures:
        proc = held.get(spec.code)
        if proc is None or not proc.active:
            diff.added.append((spec.code, spec.name))
            continue
        keys = _changed_keys(procedure_data(proc), _spec_data(spec))
        if keys:
            diff.changed.append((spec.code, spec.name, keys))
        else:
            diff.unchanged += 1
    if withdraw_missing:
        codes = {spec.code for spec in catalog.procedures}
        diff.withdrawn = [
            (code, p.name) for code, p in sorted(held.items()) if p.active and code not in codes
        ]
    return diff


def import_catalog(
    session: Session,
    catalog: Catalog,
    *,
    withdraw_missing: bool = False,
    at: datetime | None = None,
) -> CatalogDiff:
    """Insert or update every procedure of the catalog (by national code), record the changes.

    With `withdraw_missing` the active procedures the file does not list are withdrawn
    (inactive). The first load of an empty database records no change: it is not news.
    """
    from kiosk.services.context import now

    diff = diff_catalog(session, catalog, withdraw_missing=withdraw_missing)
    first_load = session.scalar(select(Procedure.id).limit(1)) is None
    fields = {f.name: f for f in session.scalars(select(Field))}
    existing = {p.code: p for p in session.scalars(select(Procedure))}
    for spec in catalog.procedures:
        fld = fields.get(spec.field)
        if fld is None:
            fld = fields[spec.field] = Field(name=spec.field)
            session.add(fld)
        proc = existing.get(spec.code)
        if proc is None:
            proc = Procedure(code=spec.code)
            session.add(proc)
        fill_procedure(proc, spec, fld)
    for code, _ in diff.withdrawn:
        existing[code].active = False
    _office_fees(session, catalog, existing)
    if not first_load:
        _record(session, diff, catalog, at or now())
    session.flush()
    return diff


def _office_fees(session: Session, catalog: Catalog, procs: dict[str, Procedure]) -> None:
    """The fee amounts a catalog file gives are the office's (a PC, or a server of one office;
    a server of several sets them per office with `kiosk procedure fee set --office`)."""
    from kiosk.store.models import Office, ProcedureFee

    given = [p for p in catalog.procedures if p.fee_amounts is not None]
    offices = session.scalars(select(Office.id).limit(2)).all()
    if not given or len(offices) != 1:
        return
    session.flush()
    rows = {
        f.procedure_id: f
        for f in session.scalars(select(ProcedureFee).where(ProcedureFee.office_id == offices[0]))
    }
    for spec in given:
        assert spec.fee_amounts is not None
        proc = procs.get(spec.code) or session.scalar(
            select(Procedure).where(Procedure.code == spec.code)
        )
        if proc is None:
            continue
        row = rows.get(proc.id)
        if row is None:
            row = ProcedureFee(office_id=offices[0], procedure_id=proc.id)
            session.add(row)
        row.fee_vnd, row.charge_vnd, row.basis = spec.fee_amounts


def _record(session: Session, diff: CatalogDiff, catalog: Catalog, at: datetime) -> None:
    decisions = {p.code: p.approval.decision for p in catalog.procedures if p.approval}
    rows: Iterable[tuple[str, str, str, list[str]]] = [
        *((c, n, "added", []) for c, n in diff.added),
        *((c, n, "changed", f) for c, n, f in diff.changed),
        *((c, n, "withdrawn", []) for c, n in diff.withdrawn),
    ]
    for code, name, kind, keys in rows:
        session.add(
            CatalogChange(
                at=at,
                code=code,
                name=name,
                kind=kind,
                fields=keys,
                decision=decisions.get(code),
                catalog_version=catalog.version[:80],
            )
        )


def fill_procedure(proc: Procedure, spec: ProcedureSpec, fld: Field) -> None:
    proc.name = spec.name
    proc.search_key = fold(f"{spec.code} {spec.name}")
    proc.field = fld
    proc.level = spec.level
    proc.agency = spec.agency
    proc.time_limit = spec.time_limit
    proc.time_unit = spec.time_unit
    proc.time_text = spec.time_text
    proc.fee_vnd = spec.fee_vnd
    proc.fee_text = spec.fee_text
    proc.result = spec.result
    proc.result_places = list(spec.result_places)
    proc.sample = spec.sample
    proc.active = True
    proc.legal_basis = list(spec.legal_basis)
    proc.notes = spec.notes
    proc.internal_notes = spec.internal_notes
    proc.applicants = spec.applicants
    proc.steps = list(spec.steps)
    proc.channels = list(spec.channels)
    approval = spec.approval
    proc.approval_decision = approval.decision if approval else None
    proc.approval_issuer = approval.issuer if approval else None
    proc.approval_date = date.fromisoformat(approval.date) if approval and approval.date else None
    proc.documents = [
        RequiredDocument(
            position=i,
            name=d.name,
            originals=d.originals,
            copies=d.copies,
            required=d.required,
            note=d.note,
        )
        for i, d in enumerate(spec.documents)
    ]
    proc.route = [
        RouteStep(position=i, agency=r.agency, task=r.task, days=r.days)
        for i, r in enumerate(spec.route)
    ]


def read_catalog_file(path: str | Path) -> Catalog:
    try:
        return load_catalog(path)
    except CatalogError as exc:
        raise KioskError(str(exc), f"Tệp danh mục thủ tục không hợp lệ: {exc}") from exc


def read_catalog_payload(path: str | Path, *, withdraw_missing: bool = False) -> dict[str, Any]:
    """A catalog file as the payload of a `catalog.import` change (kiosk.services.admin_sync):
    the file's own JSON, checked here as the server will check it."""
    from kiosk.catalog import parse_catalog, read_catalog_data

    try:
        data = read_catalog_data(path)
        parse_catalog(data)
    except CatalogError as exc:
        raise KioskError(str(exc), f"Tệp danh mục thủ tục không hợp lệ: {exc}") from exc
    return {"catalog": data, "withdraw_missing": withdraw_missing}


def import_catalog_file(
    session: Session, path: str | Path, *, withdraw_missing: bool = False
) -> CatalogDiff:
    return import_catalog(session, read_catalog_file(path), withdraw_missing=withdraw_missing)


def changes_since(
    session: Session, since: datetime, until: datetime | None = None
) -> list[CatalogChange]:
    """Changes recorded from `since` on (and before `until`), in order."""
    q = select(CatalogChange).where(CatalogChange.at >= since)
    if until is not None:
        q = q.where(CatalogChange.at < until)
    return list(
        session.scalars(
            q
            .order_by(CatalogChange.at, CatalogChange.code)
        )
    )


def set_procedure_active(session: Session, code: str, active: bool) -> dict[str, Any]:
    """Mark one procedure withdrawn (inactive: no longer received, kept for its dossiers) or
    back in use, from the admin window."""
    from kiosk.domain.people import InputError

    proc = session.scalar(select(Procedure).where(Procedure.code == code.strip()))
    if proc is None:
        raise InputError(
            "procedure", f"there is no procedure '{code}'", f"Không có thủ tục «{code}»."
        )
    proc.active = bool(active)
    session.flush()
    return {"code": proc.code, "name": proc.name, "active": proc.active}
