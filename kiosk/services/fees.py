"""Fees (phí) and charges (lệ phí): what a procedure costs in an office, what was collected.

A procedure's amounts are set per office (each province decides its own, by a decision of its
People's Council: the legal basis), imported with the catalog or set with `kiosk procedure fee
set`; without them the catalog's `fee_vnd` / `fee_text` stand. At reception the clerk records
what was collected on the dossier: paid (the amount and the receipt number), exempt (with the
reason), paid online, or nothing due. The day-end report adds it up per counter and clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.services.admin_common import optional_text, refuse, resolve_office, text, whole
from kiosk.store.models import Dossier, Procedure, ProcedureFee

FEE_MODES = ("paid", "exempt", "online", "none")
FEE_COLUMNS = ("fee_mode", "fee_paid_vnd", "fee_note", "fee_receipt")  # on the dossier, synced
FEE_MODE_VI = {
    "paid": "Đã thu",
    "exempt": "Miễn",
    "online": "Đã nộp trực tuyến",
    "none": "Không thu",
}
MAX_VND = 100_000_000
_RECEIPT_RE = re.compile(r"^[0-9A-Za-z./-]{1,40}$")


def _procedure(session: Session, code: Any) -> Procedure:
    clean = text(code, "procedure", "Mã thủ tục", max_len=40)
    proc = session.scalar(select(Procedure).where(Procedure.code == clean))
    if proc is None:
        raise refuse(
            "procedure",
            f"there is no procedure '{clean}' in the catalog",
            f"Không có thủ tục «{clean}» trong danh mục.",
        )
    return proc


def _amount(value: Any, field: str, label_vi: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = value.replace(".", "").replace(",", "").replace(" ", "")
    return whole(value, field, label_vi, 0, MAX_VND)


@dataclass(frozen=True)
class Fee:
    fee_vnd: int | None
    charge_vnd: int | None
    basis: str
    text: str  # the catalog's words when no amount is set

    @property
    def total(self) -> int | None:
        if self.fee_vnd is None and self.charge_vnd is None:
            return None
        return (self.fee_vnd or 0) + (self.charge_vnd or 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fee_vnd": self.fee_vnd,
            "charge_vnd": self.charge_vnd,
            "total_vnd": self.total,
            "basis": self.basis,
            "text": self.text,
        }


def fee_of(session: Session, proc: Procedure, office: int | str | None = None) -> Fee:
    o = resolve_office(session, office)
    row = session.scalar(
        select(ProcedureFee).where(
            ProcedureFee.office_id == o.id, ProcedureFee.procedure_id == proc.id
        )
    )
    if row is not None:
        return Fee(row.fee_vnd, row.charge_vnd, row.basis, proc.fee_text)
    return Fee(None, proc.fee_vnd, "", proc.fee_text)


def office_fee(session: Session, proc: Procedure) -> str | None:
    """The office's amounts for a procedure in words, as a receipt prints them (None: the
    office has set none, the catalog's words stand)."""
    fee = fee_of(session, proc)
    if not fee.basis and fee.fee_vnd is None:
        return None  # only the catalog's amount: the caller words it as before
    parts = []
    if fee.fee_vnd:
        parts.append(f"phí {vnd(fee.fee_vnd)}")
    if fee.charge_vnd:
        parts.append(f"lệ phí {vnd(fee.charge_vnd)}")
    text_ = ", ".join(parts) or "Miễn phí"
    return f"{text_[:1].upper()}{text_[1:]} ({fee.basis})" if fee.basis else text_


def set_fee(
    session: Session,
    procedure: str,
    fee_vnd: Any,
    charge_vnd: Any,
    basis: str,
    *,
    office: int | str | None = None,
) -> dict[str, Any]:
    o = resolve_office(session, office)
    proc = _procedure(session, procedure)
    fee = _amount(fee_vnd, "fee_vnd", "Phí")
    charge = _amount(charge_vnd, "charge_vnd", "Lệ phí")
    clean_basis = text(basis, "basis", "Căn cứ pháp lý", max_len=2000, required=False)
    if (fee or charge) and not clean_basis:
        raise refuse(
            "basis",
            "an amount needs its legal basis (e.g. Nghị quyết 12/2025/NQ-HĐND)",
            "Cần ghi căn cứ pháp lý của mức thu.",
        )
    row = session.scalar(
        select(ProcedureFee).where(
            ProcedureFee.office_id == o.id, ProcedureFee.procedure_id == proc.id
        )
    )
    if row is None:
        row = ProcedureFee(office_id=o.id, procedure_id=proc.id)
        session.add(row)
    row.fee_vnd, row.charge_vnd, row.basis = fee, charge, clean_basis
    session.flush()
    return {"procedure": proc.code, **fee_of(session, proc, o.id).as_dict()}


@dataclass(frozen=True)
class Collected:
    """What the clerk recorded at reception."""

    mode: str
    amount_vnd: int | None = None
    note: str | None = None
    receipt: str | None = None


def check_collected(
    mode: Any, amount: Any = None, note: Any = None, receipt: Any = None
) -> Collected:
    if mode not in FEE_MODES:
        raise refuse(
            "fee_mode",
            f"'{mode}' is not a way of paying ({', '.join(FEE_MODES)})",
            "Chọn hình thức thu phí.",
        )
    if mode == "paid":
        value = _amount(amount, "fee_amount", "Số tiền")
        if not value:
            raise refuse(
                "fee_amount", "say the amount collected, in VND", "Nhập số tiền đã thu (đồng)."
            )
        number = optional_text(receipt, "fee_receipt", "Số biên lai", max_len=40)
        if not number or not _RECEIPT_RE.match(number):
            raise refuse(
                "fee_receipt",
                "a payment needs its receipt number (letters, digits, '.', '/', '-')",
                "Nhập số biên lai thu phí.",
            )
        return Collected("paid", value, None, number)
    if mode == "exempt":
        reason = optional_text(note, "fee_note", "Lý do miễn", max_len=500)
        if not reason:
            raise refuse("fee_note", "an exemption needs its reason", "Ghi lý do miễn phí, lệ phí.")
        return Collected("exempt", 0, reason, None)
    if mode == "online":
        number = optional_text(receipt, "fee_receipt", "Mã giao dịch", max_len=40)
        return Collected("online", _amount(amount, "fee_amount", "Số tiền"), None, number)
    return Collected("none", None, None, None)


def record_collected(dossier: Dossier, collected: Collected) -> None:
    dossier.fee_mode = collected.mode
    dossier.fee_paid_vnd = collected.amount_vnd
    dossier.fee_note = collected.note
    dossier.fee_receipt = collected.receipt


def fee_line(dossier: Dossier) -> str | None:
    """The words printed on the receipt (Mẫu 01, the thermal slip); None if nothing recorded."""
    mode = dossier.fee_mode
    if mode is None:
        return None
    if mode == "paid":
        return f"Đã thu: {vnd(dossier.fee_paid_vnd or 0)} (biên lai số {dossier.fee_receipt})"
    if mode == "exempt":
        return f"Miễn phí, lệ phí: {dossier.fee_note}"
    if mode == "online":
        amount = f" {vnd(dossier.fee_paid_vnd)}" if dossier.fee_paid_vnd else ""
        return f"Đã nộp trực tuyến{amount}"
    return "Không thu phí, lệ phí"


def vnd(amount: int) -> str:
    """12000 -> '12.000 đồng' (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


@dataclass
class FeeRow:
    counter: int | None
    clerk: str
    dossiers: int = 0
    paid: int = 0
    paid_vnd: int = 0
    online: int = 0
    online_vnd: int = 0
    exempt: int = 0
    none: int = 0
    not_recorded: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fee_report(session: Session, day: date, last: date | None = None) -> list[FeeRow]:
    """The receptions of a day (or of day..last) per counter and clerk: what was collected
    (the cash to hand over)."""
    start = datetime.combine(day, time())
    end = datetime.combine(last or day, time()) + timedelta(days=1)
    rows: dict[tuple[int | None, str], FeeRow] = {}
    for d in session.execute(
        select(
            Dossier.counter_number, Dossier.received_by, Dossier.fee_mode, Dossier.fee_paid_vnd
        ).where(Dossier.received_at >= start, Dossier.received_at < end)
    ):
        key = (d.counter_number, d.received_by or "")
        row = rows.setdefault(key, FeeRow(d.counter_number, d.received_by or ""))
        row.dossiers += 1
        if d.fee_mode == "paid":
            row.paid += 1
            row.paid_vnd += d.fee_paid_vnd or 0
        elif d.fee_mode == "online":
            row.online += 1
            row.online_vnd += d.fee_paid_vnd or 0
        elif d.fee_mode == "exempt":
            row.exempt += 1
        elif d.fee_mode == "none":
            row.none += 1
        else:
            row.not_recorded += 1
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0] or 0, k[1]))]


def fee_total(rows: list[FeeRow]) -> FeeRow:
    total = FeeRow(None, "")
    for r in rows:
        for key in ("dossiers", "paid", "paid_vnd", "online", "online_vnd", "exempt", "none",
                    "not_recorded"):  # fmt: skip
            setattr(total, key, getattr(total, key) + getattr(r, key))
    return total
