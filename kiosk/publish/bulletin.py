"""The radio bulletin: a plain script for the commune loudspeaker (đài truyền thanh xã).

It says which procedures were added, changed or withdrawn since a date (from `catalog_change`,
written by every catalog import), then the standing reminders: office hours and the afternoon
cut-off, the next days off, online submission and the status look-up, where the office is. It is
written to be read aloud: no codes, no web addresses spelled out, short sentences, dates in words
a listener follows ("ngày 9 tháng 2"). `kiosk catalog bulletin --out FILE.wav` reads the same
text with the offline voice (kiosk/publish/voice.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.calendar import WorkCalendar
from kiosk.publish.content import money, office_info, time_words
from kiosk.services.calendar_store import load_calendar
from kiosk.services.catalog_store import changes_since
from kiosk.store.models import Procedure

# What changed, in the words of a bulletin (catalog file keys -> Vietnamese).
FIELD_WORDS = {
    "name": "tên thủ tục",
    "field": "lĩnh vực",
    "level": "cấp thực hiện",
    "agency": "cơ quan giải quyết",
    "time_limit": "thời hạn giải quyết",
    "fee": "phí, lệ phí",
    "documents": "thành phần hồ sơ",
    "result": "kết quả",
    "result_places": "nơi trả kết quả",
    "route": "quy trình liên thông",
    "legal_basis": "căn cứ pháp lý",
    "notes": "lưu ý",
    "approval": "quyết định công bố",
    "applicants": "đối tượng thực hiện",
    "steps": "trình tự thực hiện",
    "channels": "cách thức nộp hồ sơ",
}


def spoken_date(d: date) -> str:
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def spoken_time(t: time) -> str:
    return f"{t.hour} giờ" + (f" {t.minute}" if t.minute else "")


def _fee_words(p: Procedure) -> str:
    if p.fee_vnd is None:
        return "Phí, lệ phí theo quy định của Hội đồng nhân dân tỉnh."
    if p.fee_vnd == 0:
        return "Không thu phí, lệ phí."
    return f"Lệ phí {money(p.fee_vnd)}."


def bulletin_text(session: Session, since: date, today: date | None = None) -> str:
    """The script of the bulletin for the changes recorded from `since` on."""
    from kiosk.services.context import now

    today = today or now().date()
    office = office_info(session)
    cal = load_calendar(session)
    until = datetime.combine(today + timedelta(days=1), time())
    changes = changes_since(session, datetime.combine(since, time()), until)
    procs = {
        p.code: p
        for p in session.scalars(
            select(Procedure).where(Procedure.code.in_({c.code for c in changes}))
        )
    }
    lines = [
        "BẢN TIN THỦ TỤC HÀNH CHÍNH",
        "",
        f"Kính thưa bà con nhân dân. Bộ phận Một cửa {office.name} xin thông báo đến bà con "
        "những thông tin về thủ tục hành chính như sau.",
        "",
    ]
    added = [c for c in changes if c.kind == "added"]
    changed = [c for c in changes if c.kind == "changed"]
    withdrawn = [c for c in changes if c.kind == "withdrawn"]
    if not changes:
        lines.append(
            f"Từ {spoken_date(since)} đến nay, danh mục thủ tục hành chính không có thay đổi."
        )
    else:
        lines.append(
            f"Từ {spoken_date(since)} đến nay, danh mục thủ tục hành chính có "
            f"{len(changes)} thay đổi."
        )
    for c in added:
        p = procs.get(c.code)
        text = f"Thủ tục mới: {c.name}."
        if p is not None:
            text += f" Thời hạn giải quyết {time_words(p.time_limit, p.time_unit)}. {_fee_words(p)}"
        lines += ["", text]
    for c in changed:
        p = procs.get(c.code)
        what = ", ".join(FIELD_WORDS.get(str(f), str(f)) for f in c.fields) or "nội dung"
        text = f"Thủ tục {c.name} có thay đổi về {what}."
        if p is not None and "time_limit" in c.fields:
            text += f" Thời hạn giải quyết nay là {time_words(p.time_limit, p.time_unit)}."
        if p is not None and "fee" in c.fields:
            text += f" {_fee_words(p)}"
        lines += ["", text]
    for c in withdrawn:
        lines += ["", f"Thủ tục {c.name} đã được bãi bỏ, Bộ phận Một cửa không tiếp nhận nữa."]
    if any(c.decision for c in changes):
        decisions = sorted({str(c.decision) for c in changes if c.decision})
        lines += ["", f"Các thay đổi trên theo Quyết định số {', '.join(decisions)}."]

    hours = cal.hours
    spans = [f"từ {spoken_time(a)} đến {spoken_time(b)}" for a, b in hours.periods]
    lines += [
        "",
        "Bộ phận Một cửa xin nhắc bà con:",
        "",
        "Giờ tiếp nhận hồ sơ từ thứ Hai đến thứ Sáu, " + ", ".join(spans) + ".",
        f"Hồ sơ nộp sau {spoken_time(hours.cutoff)} chiều được tính là tiếp nhận vào ngày làm "
        "việc tiếp theo.",
    ]
    ahead = sorted(d for d in cal.days_off if today <= d <= today + timedelta(days=30))
    while ahead:
        first, last = ahead[0], _run_end(ahead, cal)
        name = cal.names.get(first)
        span = f"từ {spoken_date(first)} đến {spoken_date(last)}" if last != first else (
            spoken_date(first)
        )
        lines.append(f"Bộ phận Một cửa nghỉ {('dịp ' + name + ' ') if name else ''}{span}.")
        ahead = [d for d in ahead if d > last]
    lines += [
        "Bà con có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia, và tra cứu tình "
        "trạng hồ sơ bằng mã hồ sơ ghi trên giấy tiếp nhận, hoặc quét mã QR tại máy tra cứu "
        "ở Bộ phận Một cửa.",
        "Khi đến nộp hồ sơ, bà con mang theo căn cước và đủ giấy tờ theo danh mục niêm yết.",
    ]
    if office.address:
        lines.append(f"Địa chỉ Bộ phận Một cửa: {office.address}.")
    if office.phone:
        groups = (" ".join(ch for ch in g if ch.isdigit()) for g in office.phone.split())
        lines.append(f"Số điện thoại hỗ trợ: {', '.join(g for g in groups if g)}.")
    lines += ["", "Xin cảm ơn bà con đã lắng nghe."]
    return "\n".join(lines) + "\n"


def _run_end(days: list[date], cal: WorkCalendar) -> date:
    """The last day off of the break that starts the list (weekends between days off join)."""
    end = days[0]
    for d in days[1:]:
        gap = (end + timedelta(days=i) for i in range(1, (d - end).days))
        if any(cal.is_working_day(x) for x in gap):
            break
        end = d
    return end
