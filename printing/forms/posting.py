"""Posting sheets for the notice board (niêm yết công khai thủ tục hành chính) as A4 PDF.

One sheet (or more) per procedure in large sans-serif type, read standing a metre away: name and
code, field, who may apply, the documents (originals / copies), fee and charge with their basis,
the time limit in words, where and how to submit (the portal's address as a QR code for online
submission), the process in steps, the legal basis, the approving decision and the office. A
cover sheet lists the procedures by field with the counters and queue letters that serve them.
The content comes from kiosk/publish/content.py, the same as the website and the radio bulletin;
the building blocks (fonts, styles, QR, build) are the statutory forms' own.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from kiosk.publish.content import Publication, PublicSheet

from .codes import qr_code
from .common import PathLike, build_pdf, esc, fmt_date, frame_width, para
from .fonts import SANS, SANS_BOLD, register_fonts
from .layout import PageGeometry

GEOMETRY = PageGeometry(
    size=A4,
    margin_left=20 * mm,
    margin_right=15 * mm,
    margin_top=15 * mm,
    margin_bottom=15 * mm,
    body=13,
    heading=12,
    title=20,
    small=10.5,
    qr=28 * mm,
)


class _Styles:
    def __init__(self) -> None:
        register_fonts()
        g = GEOMETRY

        def st(name: str, size: float, **kw: object) -> ParagraphStyle:
            kw.setdefault("fontName", SANS)
            return ParagraphStyle(name, fontSize=size, leading=round(size * 1.3, 1), **kw)

        self.office = st("office", g.heading, alignment=TA_CENTER, fontName=SANS_BOLD)
        self.title = st("title", g.title, alignment=TA_CENTER, fontName=SANS_BOLD, spaceAfter=4)
        self.code = st("code", g.body, alignment=TA_CENTER, spaceAfter=6)
        self.section = st(
            "section", g.body + 2, fontName=SANS_BOLD, spaceBefore=8, spaceAfter=3,
            textColor=colors.Color(0.05, 0.2, 0.45),
        )  # fmt: skip
        self.body = st("body", g.body, spaceAfter=2)
        self.cell = st("cell", g.body - 1)
        self.cell_head = st("cell_head", g.body - 1, fontName=SANS_BOLD, alignment=TA_CENTER)
        self.small = st("small", g.small, textColor=colors.Color(0.25, 0.25, 0.25))


def _grid() -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.93, 0.97)),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )


def _documents(sheet: PublicSheet, s: _Styles, width: float) -> Table:
    rows: list[list[object]] = [
        [para("TT", s.cell_head), para("Tên giấy tờ", s.cell_head), para("Số lượng", s.cell_head)]
    ]
    for i, d in enumerate(sheet.documents, start=1):
        name = esc(d.name)
        if d.note:
            name += f" <i>({esc(d.note)})</i>"
        elif not d.required:
            name += " <i>(nếu có)</i>"
        rows.append([para(str(i), s.cell), para(name, s.cell), para(d.count_text(), s.cell)])
    if len(rows) == 1:
        rows.append(["", para("Không yêu cầu giấy tờ", s.cell), ""])
    table = Table(rows, colWidths=[12 * mm, width - 12 * mm - 42 * mm, 42 * mm], repeatRows=1)
    table.setStyle(_grid())
    return table


def _route(sheet: PublicSheet, s: _Styles, width: float) -> Table:
    rows: list[list[object]] = [
        [para("Bước", s.cell_head), para("Cơ quan – công việc", s.cell_head),
         para("Thời gian", s.cell_head)]
    ]  # fmt: skip
    for i, (agency, task, share) in enumerate(sheet.route, start=1):
        text = f"<b>{esc(agency)}</b>" + (f": {esc(task)}" if task else "")
        rows.append([para(str(i), s.cell), para(text, s.cell), para(esc(share), s.cell)])
    table = Table(rows, colWidths=[14 * mm, width - 14 * mm - 42 * mm, 42 * mm], repeatRows=1)
    table.setStyle(_grid())
    return table


def _line(label: str, value: str, s: _Styles) -> Flowable:
    return para(f"<b>{esc(label)}:</b> {esc(value)}", s.body)


def _sheet(sheet: PublicSheet, s: _Styles) -> list[Flowable]:
    width = frame_width(GEOMETRY)
    office = sheet.office
    story: list[Flowable] = []
    if office.parent:
        story.append(para(esc(office.parent.upper()), s.office))
    story.append(para(esc(f"BỘ PHẬN MỘT CỬA – {office.name}".upper()), s.office))
    story.append(Spacer(1, 4 * mm))
    story.append(para(esc(sheet.name.upper()), s.title))
    code_line = f"Mã thủ tục: <b>{esc(sheet.code)}</b> · Lĩnh vực: {esc(sheet.field)}"
    if sheet.level:
        code_line += f" · {esc(sheet.level)}"
    story.append(para(code_line, s.code))

    story.append(para("1. Đối tượng thực hiện", s.section))
    story.append(para(esc(sheet.applicants), s.body))
    story.append(_line("Cơ quan giải quyết", sheet.agency, s))

    story.append(para(f"2. Thành phần hồ sơ ({esc(sheet.sets)})", s.section))
    story.append(_documents(sheet, s, width))

    story.append(para("3. Thời hạn giải quyết", s.section))
    story.append(para(f"<b>{esc(sheet.time_words)}</b>", s.body))
    if sheet.time_detail:
        story.append(para(esc(sheet.time_detail), s.small))

    story.append(para("4. Phí, lệ phí", s.section))
    story.append(para(f"<b>{esc(sheet.fee_amount)}</b>", s.body))
    if sheet.fee_basis:
        story.append(para(f"Căn cứ, mức thu chi tiết: {esc(sheet.fee_basis)}", s.small))

    story.append(CondPageBreak(50 * mm))
    story.append(para("5. Cách thức và địa điểm nộp hồ sơ", s.section))
    ways = [para(f"• {esc(c)}", s.body) for c in sheet.channels]
    ways.append(para(f"Tại đây: {esc(sheet.queue)}", s.body))
    if office.address:
        ways.append(para(f"Địa chỉ: {esc(office.address)}", s.body))
    if sheet.online:
        ways.append(para(f"Nộp trực tuyến: {esc(sheet.portal)}", s.body))
        table = Table(
            [[ways, qr_code(sheet.portal, GEOMETRY.qr)]],
            colWidths=[width - GEOMETRY.qr - 6 * mm, GEOMETRY.qr + 6 * mm],
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    else:
        story.extend(ways)

    story.append(para("6. Trình tự thực hiện", s.section))
    for i, step in enumerate(sheet.steps, start=1):
        story.append(para(f"<b>Bước {i}.</b> {esc(step)}", s.body))
    if sheet.route:
        story.append(para("Thủ tục liên thông – các cơ quan tham gia:", s.body))
        story.append(_route(sheet, s, width))

    story.append(para("7. Kết quả và nơi trả kết quả", s.section))
    story.append(para(esc(sheet.result), s.body))
    for place in sheet.result_places:
        story.append(para(f"• {esc(place)}", s.body))

    story.append(para("8. Căn cứ pháp lý", s.section))
    for basis in sheet.legal_basis or ("—",):
        story.append(para(f"• {esc(basis)}", s.small))
    if sheet.approval:
        story.append(para(f"<b>Công bố tại:</b> {esc(sheet.approval)}", s.small))
    if sheet.notes:
        story.append(para(f"<b>Lưu ý:</b> {esc(sheet.notes)}", s.small))
    phone = f"ĐT {office.phone}" if office.phone else ""
    contact = ", ".join(x for x in (office.address, phone) if x)
    story.append(Spacer(1, 3 * mm))
    story.append(para(esc(f"{office.name}" + (f" – {contact}" if contact else "")), s.small))
    return story


def _cover(pub: Publication, s: _Styles) -> list[Flowable]:
    width = frame_width(GEOMETRY)
    office = pub.office
    story: list[Flowable] = []
    if office.parent:
        story.append(para(esc(office.parent.upper()), s.office))
    story.append(para(esc(office.name.upper()), s.office))
    story.append(Spacer(1, 6 * mm))
    story.append(para("DANH MỤC THỦ TỤC HÀNH CHÍNH", s.title))
    story.append(para("tiếp nhận và trả kết quả tại Bộ phận Một cửa", s.code))
    when = f"Niêm yết ngày {fmt_date(pub.issued_on)}"
    if office.place:
        when = f"{office.place}, {when[0].lower()}{when[1:]}"
    story.append(para(esc(when), s.code))
    rows: list[list[object]] = [
        [para("TT", s.cell_head), para("Tên thủ tục", s.cell_head), para("Mã", s.cell_head),
         para("Thời hạn", s.cell_head)]
    ]  # fmt: skip
    spans = []
    n = 0
    for group in pub.groups:
        spans.append(len(rows))
        rows.append([para(f"<b>{esc(group.field)}</b> – {esc(group.queue)}", s.cell), "", "", ""])
        for sheet in group.sheets:
            n += 1
            rows.append(
                [
                    para(str(n), s.cell),
                    para(esc(sheet.name), s.cell),
                    para(esc(sheet.code), s.cell),
                    para(esc(sheet.time_words), s.cell),
                ]
            )
    table = Table(
        rows, colWidths=[12 * mm, width - 12 * mm - 30 * mm - 40 * mm, 30 * mm, 40 * mm],
        repeatRows=1,
    )  # fmt: skip
    style = _grid()
    for row in spans:
        style.add("SPAN", (0, row), (-1, row))
        style.add("BACKGROUND", (0, row), (-1, row), colors.Color(0.96, 0.96, 0.9))
    table.setStyle(style)
    story.append(table)
    return story


def render_posting(
    pub: Publication, *, cover: bool = True, out: PathLike | None = None
) -> bytes:
    """The cover sheet (unless `cover` is False) and one sheet or more per procedure."""
    s = _Styles()
    story: list[Flowable] = _cover(pub, s) if cover else []
    for sheet in pub.sheets:
        if story:
            story.append(PageBreak())
        story.extend(_sheet(sheet, s))
    return build_pdf(story, GEOMETRY, title="Niêm yết thủ tục hành chính", out=out)
