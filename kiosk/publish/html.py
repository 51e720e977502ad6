"""A static website of the procedures, and the same list as open data (CSV, JSON).

`kiosk catalog export --html DIR` writes a site an office can copy to any web server, a portal's
file area or a USB stick: an index by field with a search box, a page per procedure with the
content of its posting sheet, one style sheet, the bundled fonts. It needs no server and loads
nothing from elsewhere: the search runs in the browser on an index written into `search.js`
(accents and case ignored, as in the app), so it works from `file://` too. Pages are plain HTML5,
readable on a phone (one column under 700 px) and printable (the print style drops the chrome).
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path
from typing import Any

from kiosk.csv_cells import rows_to_csv
from kiosk.domain.people import fold
from kiosk.paths import font_path
from kiosk.publish.content import Publication, PublicSheet

FONTS = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")

_CSS = """\
@font-face { font-family: "Noto Sans"; src: url("NotoSans-Regular.ttf") format("truetype");
  font-weight: 400; font-display: swap; }
@font-face { font-family: "Noto Sans"; src: url("NotoSans-Bold.ttf") format("truetype");
  font-weight: 700; font-display: swap; }
:root { --ink: #1b1f24; --muted: #555d66; --accent: #0b3d91; --line: #c9d1db; --band: #eef3fa; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; font-family: "Noto Sans", sans-serif; color: var(--ink); line-height: 1.5;
  background: #fff; overflow-wrap: anywhere; }
header.site { background: var(--accent); color: #fff; padding: 0.8rem 1rem; }
header.site p { margin: 0; font-size: 0.85rem; opacity: 0.9; }
header.site h1 { margin: 0.1rem 0 0; font-size: 1.35rem; }
header.site a { color: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h2 { color: var(--accent); font-size: 1.15rem; margin: 1.6rem 0 0.5rem;
  border-bottom: 2px solid var(--band); padding-bottom: 0.2rem; }
h1.procedure { font-size: 1.5rem; line-height: 1.3; margin: 0.4rem 0; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.search { margin: 0.5rem 0 1rem; }
.search input { width: 100%; font: inherit; font-size: 1.05rem; padding: 0.6rem 0.8rem;
  border: 2px solid var(--line); border-radius: 6px; }
.search input:focus { outline: 3px solid #f2b705; border-color: var(--accent); }
#results { list-style: none; padding: 0; margin: 0; }
#results li { padding: 0.45rem 0; border-bottom: 1px solid var(--band); }
ul.list { list-style: none; padding: 0; margin: 0; }
ul.list li { padding: 0.45rem 0; border-bottom: 1px solid var(--band); }
ul.list a, #results a { color: var(--accent); font-weight: 700; text-decoration: none; }
ul.list a:hover, #results a:hover { text-decoration: underline; }
.code { color: var(--muted); font-size: 0.85rem; }
.where { color: var(--muted); font-size: 0.9rem; margin: -0.3rem 0 0.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.6rem; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: var(--band); }
td.n { width: 2.5rem; text-align: center; }
td.count { width: 11rem; }
.big { font-size: 1.2rem; font-weight: 700; }
.small { color: var(--muted); font-size: 0.9rem; }
footer { max-width: 60rem; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted);
  font-size: 0.85rem; }
.back { display: inline-block; margin: 0.2rem 0 0.6rem; }
@media (max-width: 700px) {
  html { font-size: 16px; }
  main { padding: 0.7rem; }
  td.count { width: auto; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid var(--line); margin-bottom: 0.5rem; }
  td { border: 0; }
  td.n { text-align: left; font-weight: 700; width: auto; }
}
@media print {
  header.site { background: none; color: #000; border-bottom: 2px solid #000; }
  header.site a { color: #000; }
  .search, .back, #results { display: none; }
  a { color: #000; text-decoration: none; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
}
"""

_SEARCH_JS = """\
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase();
  }
  var box = document.getElementById("q");
  var out = document.getElementById("results");
  var lists = document.getElementById("fields");
  if (!box || !out) { return; }
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { box.value = asked; }
  function show() {
    var words = fold(box.value).split(/\\s+/).filter(Boolean);
    out.textContent = "";
    if (!words.length) { lists.hidden = false; return; }
    lists.hidden = true;
    var found = window.PROCEDURES.filter(function (p) {
      return words.every(function (w) { return p.k.indexOf(w) >= 0; });
    });
    if (!found.length) {
      var li = document.createElement("li");
      li.textContent = "Không tìm thấy thủ tục phù hợp.";
      out.appendChild(li);
    }
    found.slice(0, 100).forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = p.u; a.textContent = p.n;
      var c = document.createElement("span");
      c.className = "code"; c.textContent = " " + p.c + " · " + p.f;
      li.appendChild(a); li.appendChild(c); out.appendChild(li);
    });
  }
  box.addEventListener("input", show);
  show();
}());
"""


def page_name(code: str) -> str:
    return f"{code}.html"


def _page(title: str, office_line: str, body: str, *, css: str, home: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{css}">\n</head>\n<body>\n'
        f'<header class="site"><p>{escape(office_line)}</p>'
        f'<h1><a href="{home}">Thủ tục hành chính</a></h1></header>\n'
        f"<main>\n{body}</main>\n"
        "<footer>Thông tin công khai theo Nghị định 61/2018/NĐ-CP; "
        "văn bản công bố thủ tục là căn cứ chính thức.</footer>\n"
        "</body>\n</html>\n"
    )


def _office_line(pub: Publication) -> str:
    o = pub.office
    return " – ".join(x for x in (o.parent, f"Bộ phận Một cửa {o.name}".strip()) if x)


def _index(pub: Publication) -> str:
    parts = [
        '<form class="search" role="search" onsubmit="return false">'
        '<label for="q">Tìm thủ tục (gõ tên hoặc mã, có dấu hay không dấu đều được)</label>'
        '<input id="q" type="search" autocomplete="off" placeholder="Ví dụ: khai sinh">'
        "</form>\n",
        '<ul id="results"></ul>\n<div id="fields">\n',
    ]
    for group in pub.groups:
        parts.append(f"<h2>{escape(group.field)}</h2>\n")
        parts.append(f'<p class="where">Nộp tại: {escape(group.queue)}</p>\n<ul class="list">\n')
        for s in group.sheets:
            parts.append(
                f'<li><a href="thu-tuc/{escape(page_name(s.code))}">{escape(s.name)}</a> '
                f'<span class="code">{escape(s.code)} · {escape(s.time_words)}</span></li>\n'
            )
        parts.append("</ul>\n")
    parts.append("</div>\n")
    o = pub.office
    contact = ", ".join(x for x in (o.address, f"điện thoại {o.phone}" if o.phone else "") if x)
    if contact:
        parts.append(f'<p class="small">{escape(o.name)}: {escape(contact)}</p>\n')
    parts.append(f'<p class="small">Cập nhật ngày {pub.issued_on.strftime("%d/%m/%Y")}.</p>\n')
    parts.append('<script src="assets/search.js"></script>\n')
    return "".join(parts)


def _procedure(s: PublicSheet) -> str:
    e = escape
    rows = []
    for i, d in enumerate(s.documents, start=1):
        name = e(d.name)
        if d.note:
            name += f" <em>({e(d.note)})</em>"
        elif not d.required:
            name += " <em>(nếu có)</em>"
        rows.append(f'<tr><td class="n">{i}</td><td>{name}</td>'
                    f'<td class="count">{e(d.count_text())}</td></tr>\n')  # fmt: skip
    docs = (
        "<table><thead><tr><th>TT</th><th>Tên giấy tờ</th><th>Số lượng</th></tr></thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody></table>\n"
        if rows
        else "<p>Không yêu cầu giấy tờ.</p>\n"
    )
    parts = [
        '<a class="back" href="../index.html">← Danh sách thủ tục</a>\n',
        f'<h1 class="procedure">{e(s.name)}</h1>\n',
        f'<p class="meta">Mã thủ tục {e(s.code)} · Lĩnh vực {e(s.field)}'
        + (f" · {e(s.level)}" if s.level else "")
        + "</p>\n",
        "<h2>1. Đối tượng thực hiện</h2>\n",
        f"<p>{e(s.applicants)}</p>\n<p><strong>Cơ quan giải quyết:</strong> {e(s.agency)}</p>\n",
        f"<h2>2. Thành phần hồ sơ ({e(s.sets)})</h2>\n",
        docs,
        "<h2>3. Thời hạn giải quyết</h2>\n",
        f'<p class="big">{e(s.time_words)}</p>\n',
    ]
    if s.time_detail:
        parts.append(f'<p class="small">{e(s.time_detail)}</p>\n')
    parts += ["<h2>4. Phí, lệ phí</h2>\n", f'<p class="big">{e(s.fee_amount)}</p>\n']
    if s.fee_basis:
        parts.append(f'<p class="small">Căn cứ, mức thu chi tiết: {e(s.fee_basis)}</p>\n')
    parts.append("<h2>5. Cách thức và địa điểm nộp hồ sơ</h2>\n<ul>\n")
    parts += [f"<li>{e(c)}</li>\n" for c in s.channels]
    parts.append(f"<li>Tại {e(s.office.name)}: {e(s.queue)}</li>\n")
    if s.online:
        parts.append(f'<li>Nộp trực tuyến: <a href="{e(s.portal)}">{e(s.portal)}</a></li>\n')
    parts.append("</ul>\n<h2>6. Trình tự thực hiện</h2>\n<ol>\n")
    parts += [f"<li>{e(step)}</li>\n" for step in s.steps]
    parts.append("</ol>\n")
    if s.route:
        parts.append(
            "<p>Thủ tục liên thông – các cơ quan tham gia:</p>\n<table><thead><tr><th>Bước</th>"
            "<th>Cơ quan – công việc</th><th>Thời gian</th></tr></thead>\n<tbody>\n"
        )
        for i, (agency, task, share) in enumerate(s.route, start=1):
            what = f"<strong>{e(agency)}</strong>" + (f": {e(task)}" if task else "")
            parts.append(
                f'<tr><td class="n">{i}</td><td>{what}</td><td class="count">{e(share)}</td></tr>\n'
            )
        parts.append("</tbody></table>\n")
    parts += ["<h2>7. Kết quả và nơi trả kết quả</h2>\n", f"<p>{e(s.result)}</p>\n<ul>\n"]
    parts += [f"<li>{e(p)}</li>\n" for p in s.result_places]
    parts.append("</ul>\n<h2>8. Căn cứ pháp lý</h2>\n<ul>\n")
    parts += [f"<li>{e(b)}</li>\n" for b in s.legal_basis or ("—",)]
    parts.append("</ul>\n")
    if s.approval:
        parts.append(f"<p><strong>Công bố tại:</strong> {e(s.approval)}</p>\n")
    if s.notes:
        parts.append(f"<p><strong>Lưu ý:</strong> {e(s.notes)}</p>\n")
    return "".join(parts)


def _search_index(pub: Publication) -> str:
    items = [
        {
            "c": s.code,
            "n": s.name,
            "f": s.field,
            "u": f"thu-tuc/{page_name(s.code)}",
            "k": fold(f"{s.code} {s.name} {s.field}"),
        }
        for s in pub.sheets
    ]
    data = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return f"window.PROCEDURES = {data};\n" + _SEARCH_JS


def export_html(pub: Publication, out_dir: str | Path) -> list[Path]:
    """Write the site into `out_dir` (created); returns the files written."""
    root = Path(out_dir)
    assets, pages = root / "assets", root / "thu-tuc"
    for folder in (root, assets, pages):
        folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)

    line = _office_line(pub)
    write(
        root / "index.html",
        _page("Thủ tục hành chính – " + pub.office.name, line, _index(pub),
              css="assets/style.css", home="index.html"),
    )  # fmt: skip
    for s in pub.sheets:
        write(
            pages / page_name(s.code),
            _page(f"{s.name} – {s.code}", line, _procedure(s),
                  css="../assets/style.css", home="../index.html"),
        )  # fmt: skip
    write(assets / "style.css", _CSS)
    write(assets / "search.js", _search_index(pub))
    for name in FONTS:
        target = assets / name
        shutil.copyfile(font_path(name), target)
        written.append(target)
    write(root / "thu-tuc.csv", "\ufeff" + open_data_csv(pub))
    write(root / "thu-tuc.json", json.dumps(open_data(pub), ensure_ascii=False, indent=1) + "\n")
    return written


def open_data(pub: Publication) -> dict[str, Any]:
    """The published list as one JSON object (open data): the public fields only."""
    o = pub.office
    return {
        "office": {"name": o.name, "parent": o.parent, "address": o.address, "phone": o.phone},
        "published": pub.issued_on.isoformat(),
        "procedures": [
            {
                "code": s.code,
                "name": s.name,
                "field": s.field,
                "level": s.level,
                "agency": s.agency,
                "applicants": s.applicants,
                "documents": [
                    {
                        "name": d.name,
                        "originals": d.originals,
                        "copies": d.copies,
                        "required": d.required,
                        "note": d.note,
                    }
                    for d in s.documents
                ],
                "time_limit": s.time_words,
                "time_detail": s.time_detail,
                "fee": s.fee_amount,
                "fee_basis": s.fee_basis,
                "channels": list(s.channels),
                "steps": list(s.steps),
                "route": [{"agency": a, "task": t, "time": w} for a, t, w in s.route],
                "result": s.result,
                "result_places": list(s.result_places),
                "legal_basis": list(s.legal_basis),
                "approval": s.approval,
                "queue": s.queue,
            }
            for s in pub.sheets
        ],
    }


CSV_COLUMNS = (
    "code", "name", "field", "level", "agency", "time_limit", "fee", "fee_basis", "documents",
    "channels", "result", "legal_basis", "approval", "queue",
)  # fmt: skip


def open_data_csv(pub: Publication) -> str:
    """The list as CSV, every cell safe to open in a spreadsheet (kiosk/csv_cells.py)."""
    rows = (
        (
            s.code, s.name, s.field, s.level, s.agency, s.time_words, s.fee_amount, s.fee_basis,
            "; ".join(f"{d.name} ({d.count_text()})" for d in s.documents),
            "; ".join(s.channels), s.result, "; ".join(s.legal_basis), s.approval, s.queue,
        )  # fmt: skip
        for s in pub.sheets
    )
    return rows_to_csv(list(CSV_COLUMNS), rows)
