"""The public list of procedures (the posting the law requires): by field or search. Qt-free.

What a citizen reads before coming to the counter: documents (originals and copies), fees, time
limit, where to apply and where the result is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from kiosk.domain.people import fold
from kiosk.errors import NotFound
from kiosk.services.context import get_setting
from kiosk.store.models import Field, Procedure


@dataclass(frozen=True)
class PublicProcedure:
    code: str
    name: str
    field: str
    time_text: str
    fee_text: str
    level: str = ""
    apply_at: str = ""
    result: str = ""
    result_places: tuple[str, ...] = ()
    documents: tuple[tuple[str, int, int, bool, str], ...] = ()  # name, originals, copies, req.
    route: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    time_short: str = ""  # the time limit in a few words, from its number: for lists


def _time_text(p: Procedure) -> str:
    if p.time_text:
        return p.time_text
    return _time_short(p)


def _time_short(p: Procedure) -> str:
    """The time limit from its number and unit only ("5 ngày làm việc", "Trong ngày"), never
    from the free text, which may carry remarks not meant for citizens."""
    n = f"{p.time_limit:g}"
    return {"hours": f"{n} giờ làm việc", "calendar_days": f"{n} ngày"}.get(
        p.time_unit, "Trong ngày" if p.time_limit == 0 else f"{n} ngày làm việc"
    )


def _fee_text(p: Procedure) -> str:
    if p.fee_text:
        return p.fee_text
    if not p.fee_vnd:
        return "Không thu phí, lệ phí"
    return f"{p.fee_vnd:,} đồng".replace(",", ".")


def list_fields(session: Session) -> list[tuple[str, int]]:
    """Fields with the number of published procedures in each, by name."""
    rows = session.execute(
        select(Field.name, func.count(Procedure.id))
        .join(Procedure, Procedure.field_id == Field.id)
        .where(Procedure.active)
        .group_by(Field.name)
        .order_by(Field.name)
    )
    return [(str(name), int(n)) for name, n in rows]


def search_procedures(
    session: Session, text: str | None = None, field: str | None = None, limit: int = 300
) -> list[PublicProcedure]:
    """Accent-insensitive search of names and codes, optionally within one field."""
    q = select(Procedure).options(joinedload(Procedure.field)).where(Procedure.active)
    for word in fold(text or "").split()[:8]:
        q = q.where(Procedure.search_key.contains(word, autoescape=True))
    if field:
        q = q.join(Field, Procedure.field_id == Field.id).where(Field.name == field)
    q = q.order_by(Procedure.name).limit(limit)
    return [
        PublicProcedure(
            p.code, p.name, p.field.name, _time_text(p), _fee_text(p), time_short=_time_short(p)
        )
        for p in session.scalars(q)
    ]


def procedure_detail(session: Session, code: str) -> PublicProcedure:
    p = session.scalar(select(Procedure).where(Procedure.code == code, Procedure.active))
    if p is None:
        raise NotFound(f"no procedure {code}", "Không tìm thấy thủ tục này.")
    office = get_setting(session, "agency_name") or ""
    return PublicProcedure(
        code=p.code,
        name=p.name,
        field=p.field.name,
        time_text=_time_text(p),
        fee_text=_fee_text(p),
        level=p.level,
        apply_at=f"Bộ phận Một cửa – {office}" if office else "Bộ phận Một cửa",
        result=p.result,
        result_places=tuple(str(x) for x in p.result_places),
        documents=tuple(
            (d.name, d.originals, d.copies, d.required, d.note or "") for d in p.documents
        ),
        route=tuple(f"{r.agency}: {r.task}" if r.task else r.agency for r in p.route),
        legal_basis=tuple(str(x) for x in p.legal_basis),
    )
