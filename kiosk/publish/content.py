"""What is published about each procedure: one content model for the wall, the website, the radio.

Decree 61/2018 (art. 6) and the directive on one-stop offices ask that every procedure an office
handles be posted publicly and completely: the documents, fees and charges, the process, the time
limit, where and how to submit. The posting sheets (printing/forms/posting.py), the static
website (kiosk/publish/html.py) and the radio bulletin (kiosk/publish/bulletin.py) all print the
`PublicSheet` built here, so they never disagree. Only public fields are read: a procedure's
`internal_notes` (provenance, doubts) never reach a citizen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog import Approval
from kiosk.domain.people import fold
from kiosk.errors import KioskError
from kiosk.services.calendar_store import load_calendar
from kiosk.services.catalog_store import catalog_rows, stored_approval
from kiosk.services.context import get_setting
from kiosk.store.models import (
    Counter,
    CounterService,
    Office,
    Procedure,
    ProcedureFee,
    Service,
)

DEFAULT_PORTAL = "https://dichvucong.gov.vn"
CHANNEL_WORDS = {
    "direct": "Trực tiếp tại Bộ phận Một cửa",
    "post": "Qua dịch vụ bưu chính công ích",
    "online": "Trực tuyến trên Cổng Dịch vụ công",
}


@dataclass(frozen=True)
class OfficeInfo:
    name: str  # the agency whose one-stop office this is
    parent: str  # its parent agency, e.g. "UBND THÀNH PHỐ HẢI PHÒNG"
    place: str  # for "…, ngày … tháng … năm"
    address: str
    phone: str
    portal: str  # the public-service portal where procedures can be submitted online


@dataclass(frozen=True)
class PublicDocument:
    name: str
    originals: int
    copies: int
    required: bool
    note: str

    def count_text(self) -> str:
        """'01 bản chính, 01 bản sao' (what the citizen brings)."""
        parts = []
        if self.originals:
            parts.append(f"{self.originals:02d} bản chính")
        if self.copies:
            parts.append(f"{self.copies:02d} bản sao")
        return ", ".join(parts) or "—"


@dataclass(frozen=True)
class PublicSheet:
    code: str
    name: str
    field: str
    level: str
    agency: str  # who decides
    applicants: str
    documents: tuple[PublicDocument, ...]
    sets: str  # "01 bộ"
    fee_amount: str  # "50.000 đồng", "Không thu", or "Theo quy định của HĐND tỉnh"
    fee_basis: str  # the catalog's wording: rates, exemptions, the resolution
    time_words: str  # "05 ngày làm việc"
    time_detail: str  # the catalog's public wording, when it says more than the words
    channels: tuple[str, ...]  # how to submit, in words
    online: bool
    portal: str
    steps: tuple[str, ...]
    route: tuple[tuple[str, str, str], ...]  # agency, task, its share in words
    result: str
    result_places: tuple[str, ...]
    legal_basis: tuple[str, ...]
    approval: str  # "Quyết định số … ngày … của …" or ""
    notes: str  # public remarks
    queue: str  # "Quầy 1, 2 – số thứ tự A"
    office: OfficeInfo
    sample: bool = False


@dataclass(frozen=True)
class FieldGroup:
    field: str
    queue: str
    sheets: tuple[PublicSheet, ...]


@dataclass(frozen=True)
class Publication:
    office: OfficeInfo
    groups: tuple[FieldGroup, ...]
    issued_on: date

    @property
    def sheets(self) -> tuple[PublicSheet, ...]:
        return tuple(s for g in self.groups for s in g.sheets)


def office_info(session: Session) -> OfficeInfo:
    """This PC's office as the public texts name it (kiosk office set changes it)."""
    from kiosk.services.admin_office import office_details

    d = office_details(session)
    return OfficeInfo(
        name=d["agency_name"] or d["name"],
        parent=d["parent_name"] or "",
        place=d["place_name"] or "",
        address=d["address"] or "",
        phone=d["phone"] or "",
        portal=get_setting(session, "office.portal_url") or DEFAULT_PORTAL,
    )


def time_words(limit: float, unit: str, cutoff: str = "15 giờ") -> str:
    """A time limit in words as the law writes it: '05 ngày làm việc', 'Trong ngày'."""
    n = f"{int(limit):02d}" if float(limit).is_integer() else f"{limit:g}".replace(".", ",")
    if unit == "hours":
        return f"{n} giờ làm việc"
    if unit == "calendar_days":
        return f"{n} ngày"
    if limit == 0:
        return f"Trong ngày (tiếp nhận sau {cutoff} thì trả trong ngày làm việc tiếp theo)"
    return f"{n} ngày làm việc"


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def _fee(p: Procedure, own: ProcedureFee | None) -> tuple[str, str]:
    """The amount(s) in words and their basis: the office's own fee if set, else the catalog's."""
    if own is not None and (own.fee_vnd is not None or own.charge_vnd is not None):
        parts = []
        if own.fee_vnd is not None:
            parts.append(f"Phí: {money(own.fee_vnd) if own.fee_vnd else 'không thu'}")
        if own.charge_vnd is not None:
            parts.append(f"Lệ phí: {money(own.charge_vnd) if own.charge_vnd else 'không thu'}")
        return "; ".join(parts), own.basis or p.fee_text
    return _catalog_fee(p), p.fee_text


def _catalog_fee(p: Procedure) -> str:
    if p.fee_vnd is None:
        return "Theo quy định của HĐND tỉnh (xem căn cứ)"
    if p.fee_vnd == 0:
        return "Không thu"
    return money(p.fee_vnd)


def default_steps(p: Procedure) -> tuple[str, ...]:
    """The process of a procedure whose catalog entry lists no steps (Decree 61/2018 art. 15-20)."""
    limit = time_words(p.time_limit, p.time_unit)
    return (
        "Tổ chức, cá nhân nộp hồ sơ tại Bộ phận Một cửa, qua bưu chính hoặc trực tuyến.",
        "Công chức Bộ phận Một cửa kiểm tra, hướng dẫn bổ sung nếu thiếu; hồ sơ đầy đủ thì "
        "tiếp nhận, cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        f"Cơ quan có thẩm quyền giải quyết hồ sơ trong thời hạn {limit}.",
        "Tổ chức, cá nhân nhận kết quả tại nơi đã đăng ký (Bộ phận Một cửa, bưu chính hoặc "
        "trực tuyến).",
    )


def _queue_by_field(session: Session) -> dict[str, str]:
    """'Quầy 1, 2 – số thứ tự A' for each field an active queue service serves."""
    counters: dict[int, list[int]] = defaultdict(list)
    for service_id, number in session.execute(
        select(CounterService.service_id, Counter.number)
        .join(Counter, Counter.id == CounterService.counter_id)
        .order_by(Counter.number)
    ):
        counters[service_id].append(number)
    found: dict[str, tuple[list[int], list[str]]] = {}
    for service in session.scalars(select(Service).where(Service.active).order_by(Service.code)):
        for name in service.fields or []:
            nums, letters = found.setdefault(str(name), ([], []))
            nums.extend(n for n in counters.get(service.id, []) if n not in nums)
            if service.prefix not in letters:
                letters.append(service.prefix)
    out = {}
    for name, (nums, letters) in found.items():
        where = f"Quầy {', '.join(str(n) for n in sorted(nums))}" if nums else "Bộ phận Một cửa"
        out[name] = f"{where} – số thứ tự {', '.join(letters)}"
    return out


def _share(days: float, unit: str) -> str:
    if days == 0:
        return "đồng thời"
    return time_words(days, unit).replace("Trong ngày", "trong ngày")


def _note(name: str, note: str | None) -> str:
    """A document's note, unless its name already says it ('… (nếu có)')."""
    if not note or fold(note) in fold(name):
        return ""
    return note


def sheet_for(
    p: Procedure,
    office: OfficeInfo,
    queue: dict[str, str],
    cutoff: str = "15 giờ",
    own_fee: ProcedureFee | None = None,
) -> PublicSheet:
    approval: Approval | None = stored_approval(p)
    channels = tuple(p.channels or ["direct"])
    words = time_words(p.time_limit, p.time_unit, cutoff)
    detail = p.time_text if p.time_text and p.time_text.strip() != words else ""
    fee_amount, fee_basis = _fee(p, own_fee)
    return PublicSheet(
        code=p.code,
        name=p.name,
        field=p.field.name,
        level=p.level,
        agency=p.agency,
        applicants=p.applicants or "Tổ chức, cá nhân có yêu cầu",
        documents=tuple(
            PublicDocument(d.name, d.originals, d.copies, d.required, _note(d.name, d.note))
            for d in p.documents
        ),
        sets="01 bộ",
        fee_amount=fee_amount,
        fee_basis=fee_basis,
        time_words=words,
        time_detail=detail,
        channels=tuple(CHANNEL_WORDS[c] for c in channels if c in CHANNEL_WORDS),
        online="online" in channels,
        portal=office.portal,
        steps=tuple(str(s) for s in p.steps) or default_steps(p),
        route=tuple((r.agency, r.task, _share(r.days, p.time_unit)) for r in p.route),
        result=p.result,
        result_places=tuple(str(x) for x in p.result_places),
        legal_basis=tuple(str(x) for x in p.legal_basis),
        approval=approval.describe() if approval else "",
        notes=p.notes or "",
        queue=queue.get(p.field.name, "Bộ phận Một cửa"),
        office=office,
        sample=p.sample,
    )


def publication(
    session: Session,
    *,
    field_name: str | None = None,
    codes: list[str] | None = None,
    issued_on: date | None = None,
) -> Publication:
    """Every active procedure (or those of one field, or the codes given), grouped by field."""
    from kiosk.services.context import now

    office = office_info(session)
    queue = _queue_by_field(session)
    cutoff = load_calendar(session).hours.cutoff
    cut = f"{cutoff.hour} giờ" + (f" {cutoff.minute:02d}" if cutoff.minute else "")
    rows = catalog_rows(session)
    if field_name:
        rows = [p for p in rows if p.field.name == field_name]
        if not rows:
            raise KioskError(f"no active procedure in the field '{field_name}'")
    if codes:
        wanted = {c.strip().upper() for c in codes}
        rows = [p for p in rows if p.code.upper() in wanted]
        missing = wanted - {p.code.upper() for p in rows}
        if missing:
            raise KioskError(f"no active procedure {', '.join(sorted(missing))}")
    here = session.scalar(select(Office.id).order_by(Office.id))
    fees = {f.procedure_id: f for f in session.scalars(select(ProcedureFee).where(
        ProcedureFee.office_id == here))}  # fmt: skip
    groups: dict[str, list[PublicSheet]] = defaultdict(list)
    for p in sorted(rows, key=lambda p: (p.field.name, p.name)):
        groups[p.field.name].append(sheet_for(p, office, queue, cut, fees.get(p.id)))
    return Publication(
        office=office,
        groups=tuple(
            FieldGroup(name, queue.get(name, "Bộ phận Một cửa"), tuple(items))
            for name, items in groups.items()
        ),
        issued_on=issued_on or now().date(),
    )


__all__ = [
    "FieldGroup",
    "OfficeInfo",
    "Publication",
    "PublicDocument",
    "PublicSheet",
    "money",
    "office_info",
    "publication",
    "time_words",
]
