"""The day-end fee report (báo cáo thu phí, lệ phí trong ngày) per counter and clerk, as PDF:
what each clerk hands over (cash collected), what was paid online and what was exempt."""

from __future__ import annotations

from datetime import date
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kiosk.services.fees import FeeRow, vnd

from .common import (
    PathLike,
    build_pdf,
    esc,
    fmt_date,
    frame_width,
    grid_style,
    header_block,
    para,
    signature_block,
    styles_for,
)
from .data import AgencyHeader
from .report import GEOMETRY

TITLE: Final = "BÁO CÁO THU PHÍ, LỆ PHÍ TRONG NGÀY"
HEAD: Final = ("Quầy", "Cán bộ tiếp nhận", "Hồ sơ", "Đã thu (số)", "Đã thu (tiền)",
               "Trực tuyến", "Miễn", "Không thu", "Chưa ghi")  # fmt: skip
SIGNERS: Final = (
    ("NGƯỜI NỘP TIỀN", "(Ký, ghi rõ họ tên)"),
    ("NGƯỜI NHẬN TIỀN", "(Ký, ghi rõ họ tên)"),
)


def render_fee_report(
    rows: list[FeeRow],
    day: date,
    header: AgencyHeader,
    *,
    names: dict[str, str] | None = None,
    out: PathLike | None = None,
) -> bytes:
    geom = GEOMETRY
    st = styles_for(geom)
    names = names or {}
    data: list[list[str]] = [list(HEAD)]
    for r in rows:
        data.append(
            [
                str(r.counter or "—"),
                names.get(r.clerk, r.clerk) or "—",
                str(r.dossiers),
                str(r.paid),
                vnd(r.paid_vnd),
                f"{r.online} ({vnd(r.online_vnd)})" if r.online_vnd else str(r.online),
                str(r.exempt),
                str(r.none),
                str(r.not_recorded),
            ]
        )
    total = sum(r.paid_vnd for r in rows)
    data.append(["", "Tổng cộng", str(sum(r.dossiers for r in rows)),
                 str(sum(r.paid for r in rows)), vnd(total), str(sum(r.online for r in rows)),
                 str(sum(r.exempt for r in rows)), str(sum(r.none for r in rows)),
                 str(sum(r.not_recorded for r in rows))])  # fmt: skip
    width = frame_width(geom)
    fractions = (0.06, 0.24, 0.07, 0.09, 0.14, 0.14, 0.08, 0.09, 0.09)
    table = Table(data, colWidths=[f * width for f in fractions], repeatRows=1)
    table.setStyle(TableStyle(grid_style(1, geom.body)))
    story: list[Flowable] = [
        header_block(geom, st, header.name, header.parent_name, header.place, day),
        para(f"<b>{esc(TITLE)}</b>", st.title),
        para(f"<i>Ngày {esc(fmt_date(day))}</i>", st.italic_center),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 3 * mm),
        para(esc(f"Số tiền đã thu bằng tiền mặt phải nộp: {vnd(total)}."), st.body),
        signature_block(geom, st, list(SIGNERS), [None, None]),
    ]
    return build_pdf(story, geom, title=TITLE, out=out)
