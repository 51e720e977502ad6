"""The results report (form II.06a, "Tình hình, kết quả giải quyết TTHC") as a landscape A4 PDF.

Same heading and fonts as the statutory forms (`printing.forms.common`); the wording of the
report is the constants of :class:`ReportText`, in one place. The numbers are the ones of
:class:`kiosk.services.reports.ResultsReport`, printed as they are (the renderer computes
nothing, so the PDF, the CSV and the JSON always agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kiosk.services.reports import COLUMNS, ResultsReport

from .common import (
    PathLike,
    build_pdf,
    esc,
    fmt_date,
    fmt_time_date,
    frame_width,
    grid_style,
    header_block,
    para,
    signature_block,
    styles_for,
)
from .data import AgencyHeader
from .fonts import SERIF, SERIF_BOLD
from .layout import PageGeometry

__all__ = ["ReportText", "render_results_report"]


class ReportText:
    FORM: Final = "Biểu số II.06a"
    TITLE: Final = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    PERIOD: Final = "Kỳ báo cáo: từ ngày {start} đến ngày {end}"
    UNIT: Final = "Đơn vị tính: hồ sơ"
    NO: Final = "STT"
    LABEL: Final = {
        "field": "Lĩnh vực giải quyết",
        "procedure": "Thủ tục hành chính",
        "counter": "Quầy tiếp nhận",
        "clerk": "Cán bộ tiếp nhận",
        "agency": "Cơ quan",
    }
    RECEIVED: Final = "Số hồ sơ nhận giải quyết"
    RESULTS: Final = "Kết quả giải quyết"
    TOTAL: Final = "Tổng số"
    NEW: Final = "Số mới tiếp nhận"
    ONLINE: Final = "Trực tuyến"
    DIRECT: Final = "Trực tiếp, dịch vụ bưu chính"
    CARRIED: Final = "Từ kỳ trước chuyển qua"
    RESOLVED: Final = "Số hồ sơ đã giải quyết"
    EARLY: Final = "Trước hạn"
    ON_TIME: Final = "Đúng hạn"
    LATE: Final = "Quá hạn"
    PENDING: Final = "Số hồ sơ đang giải quyết"
    IN_TIME: Final = "Trong hạn"
    OVERDUE: Final = "Quá hạn"
    GRAND_TOTAL: Final = "Tổng cộng"
    EMPTY: Final = "Không có hồ sơ trong kỳ báo cáo."
    NOTE: Final = (
        "Ghi chú: (3) = (4) + (5) + (6); (7) = (8) + (9) + (10); (11) = (12) + (13); "
        "(3) = (7) + (11). Hồ sơ rút, trả lại, dừng giải quyết tính là đã giải quyết đúng hạn; "
        "hồ sơ chờ bổ sung tính là đang giải quyết trong hạn. Số hồ sơ đang giải quyết tính đến "
        "{measured}."
    )
    END_OF: Final = "hết ngày {date}"
    MAKER: Final = ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)")
    HEAD: Final = ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)")


# Decree 30/2020/NĐ-CP format (like the letters, layout.LETTER_PAGES): serif body at 13 pt,
# margins 20 mm left, 15 mm right, 20 mm top and bottom; the table keeps its own smaller cells.
GEOMETRY: Final = PageGeometry(
    size=landscape(A4),
    margin_left=20 * mm,
    margin_right=15 * mm,
    margin_top=20 * mm,
    margin_bottom=20 * mm,
    body=13,
    heading=12,
    title=14,
    small=10,
    sign_space=18 * mm,
)


@dataclass(frozen=True)
class _Styles:
    head: ParagraphStyle
    cell: ParagraphStyle
    number: ParagraphStyle
    small: ParagraphStyle


def _styles() -> _Styles:
    base = ParagraphStyle("rep", fontName=SERIF, fontSize=8.5, leading=10.5, alignment=TA_LEFT)
    return _Styles(
        head=ParagraphStyle("rep_head", parent=base, fontName=SERIF_BOLD, alignment=TA_CENTER),
        cell=base,
        number=ParagraphStyle("rep_num", parent=base, alignment=TA_CENTER),
        small=ParagraphStyle("rep_small", parent=base, fontSize=8, leading=10),
    )


def _label(row: dict[str, Any], by: str) -> str:
    if by == "procedure":
        return f"{row['procedure_name']} ({row['procedure']})"
    return str(row["field"])


def _heading(by: str, s: _Styles) -> list[list[Any]]:
    t = ReportText

    def h(text: str) -> Any:
        return para(esc(text), s.head)

    blank = ""
    return [
        [h(t.NO), h(t.LABEL[by]), h(t.RECEIVED), blank, blank, blank, h(t.RESULTS)] + [blank] * 6,
        [blank, blank, h(t.TOTAL), h(t.NEW), blank, h(t.CARRIED), h(t.RESOLVED)]
        + [blank] * 3
        + [h(t.PENDING), blank, blank],
        [blank, blank, blank, h(t.ONLINE), h(t.DIRECT), blank, h(t.TOTAL), h(t.EARLY)]
        + [h(t.ON_TIME), h(t.LATE), h(t.TOTAL), h(t.IN_TIME), h(t.OVERDUE)],
        [para(f"({i})", s.number) for i in range(1, 14)],
    ]


_SPANS: Final = [
    ((0, 0), (0, 2)),  # STT
    ((1, 0), (1, 2)),  # label
    ((2, 0), (5, 0)),  # received group
    ((6, 0), (12, 0)),  # results group
    ((2, 1), (2, 2)),  # received total
    ((3, 1), (4, 1)),  # new
    ((5, 1), (5, 2)),  # carried over
    ((6, 1), (9, 1)),  # resolved
    ((10, 1), (12, 1)),  # pending
]


def _table(report: ResultsReport, width: float, s: _Styles) -> Table:
    data = _heading(report.by, s)
    rows = [r.as_dict() for r in report.rows]
    for i, row in enumerate(rows, 1):
        data.append(
            [str(i), para(esc(_label(row, report.by)), s.cell)] + [str(row[c]) for c in COLUMNS]
        )
    if not rows:
        data.append(["", para(esc(ReportText.EMPTY), s.cell)] + [""] * len(COLUMNS))
    total = report.total.as_dict()
    data.append(
        ["", para(f"<b>{esc(ReportText.GRAND_TOTAL)}</b>", s.cell)]
        + [str(total[c]) for c in COLUMNS]
    )
    no_w, label_w = 9 * mm, 62 * mm
    num_w = (width - no_w - label_w) / len(COLUMNS)
    table = Table(data, colWidths=[no_w, label_w] + [num_w] * len(COLUMNS), repeatRows=4)
    cmds = grid_style(header_rows=4, font_size=9)
    cmds += [("SPAN", a, b) for a, b in _SPANS]
    cmds += [
        ("ALIGN", (0, 4), (0, -1), "CENTER"),
        ("ALIGN", (2, 4), (-1, -1), "RIGHT"),
        ("FONTNAME", (0, -1), (-1, -1), SERIF_BOLD),
    ]
    table.setStyle(TableStyle(cmds))
    return table


def _measured(report: ResultsReport) -> str:
    if report.measured_at == report.period.ends:
        return ReportText.END_OF.format(date=fmt_date(report.period.end))
    return fmt_time_date(report.measured_at)


def closing_lines(report: ResultsReport) -> list[str]:
    """A closed period: when and by whom it was closed, then each later correction as its own
    line (kiosk.services.reports_close): the table keeps the closed figures."""
    if not report.closed:
        return []
    at = datetime.fromisoformat(str(report.closed["at"]))
    lines = [f"Số liệu đã chốt lúc {at:%H:%M} ngày {at:%d/%m/%Y} ({report.closed['by']})."]
    numbers = {key: n for n, key in enumerate(COLUMNS, 3)}
    for adj in report.adjustments:
        a = adj.as_dict()
        changes = ", ".join(f"cột ({numbers[k]}) {a[k]:+d}" for k in COLUMNS if a[k])
        lines.append(f"Điều chỉnh sau khi chốt – {adj.field}: {changes}.")
    return lines


def render_results_report(
    report: ResultsReport,
    header: AgencyHeader,
    *,
    made_on: date | None = None,
    maker: str | None = None,
    out: PathLike | None = None,
) -> bytes:
    """The II.06a report as PDF bytes (also written to `out` when given)."""
    geom = GEOMETRY
    st = styles_for(geom)
    s = _styles()
    t = ReportText
    period = t.PERIOD.format(start=fmt_date(report.period.start), end=fmt_date(report.period.end))
    form_style = ParagraphStyle("rep_form", parent=st.small, alignment=2)  # right
    story: list[Flowable] = [
        para(f"<b>{esc(t.FORM)}</b>", form_style),
        header_block(geom, st, header.name, header.parent_name, header.place, made_on),
        para(f"<b>{esc(t.TITLE)}</b>", st.title),
        para(f"<i>{esc(period)}</i>", st.italic_center),
        para(f"<i>{esc(t.UNIT)}</i>", form_style),
        Spacer(1, 2 * mm),
        _table(report, frame_width(geom), s),
        Spacer(1, 2 * mm),
        para(esc(t.NOTE.format(measured=_measured(report))), s.small),
        *(para(esc(line), s.small) for line in closing_lines(report)),
        signature_block(geom, st, [t.MAKER, t.HEAD], [maker, None]),
    ]
    return build_pdf(story, geom, title=t.TITLE, out=out)
