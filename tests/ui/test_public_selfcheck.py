"""The self-check: scan or type a code, masking, the second factor, slowed guessing, bad input,
the procedure list, rating, idle reset — and what is never on screen."""

from __future__ import annotations

# The shared fixtures are imported by name, so pytest finds them and ruff sees a redefinition.
# ruff: noqa: F401, F811
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton
from sqlalchemy import func, select

from kiosk.services import public as pub
from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, get_dossier, receive_dossier
from kiosk.services.queue import call_next, issue_ticket
from kiosk.store.db import Store
from kiosk.store.models import Counter, CounterService, Rating, Service
from tests.ui.public_fixtures import (
    AT,
    ctx,
    new_context,
    office,
    office_template,
    settle,
    shoot,
    shots,
)
from ui.context import AppContext
from ui.public.selfcheck import SelfCheckWindow

NAME, PHONE, CCCD = "Nguyễn Thị Hồng Nhung", "0912345678", "001190012345"
OTHER = ("Trần Văn Bình", "001085054321", "0987654321")  # name, CCCD, phone


class Clock:
    t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def dossiers(office: Store) -> dict[str, str]:
    with office.begin() as s:
        mine = receive_dossier(
            s, Intake("1.001193", Applicant(NAME, CCCD, PHONE)), Actor("canbo1", 3), at=AT
        )
        other = receive_dossier(s, Intake("1.001193", Applicant(*OTHER)), Actor("canbo2", 1), at=AT)
        return {"code": mine.code, "token": str(mine.lookup_token), "other": other.code}


@pytest.fixture
def window(qtbot: Any, ctx: AppContext, dossiers: dict[str, str]) -> SelfCheckWindow:
    w = SelfCheckWindow(ctx)
    w.clock = lambda: AT
    w.limiter = pub.AttemptLimiter(clock=Clock())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    settle(qtbot, ctx)
    return w


def screen_text(w: SelfCheckWindow) -> str:
    """Everything any label or button of the window shows right now."""
    parts = [lbl.text() for lbl in w.findChildren(QLabel) if lbl.isVisible()]
    parts += [b.text() for b in w.findChildren(QPushButton) if b.isVisible()]
    for lst in w.findChildren(QListWidget):
        parts += [lst.item(i).text() for i in range(lst.count())]
    return "\n".join(parts)


def assert_private(w: SelfCheckWindow) -> None:
    shown = screen_text(w)
    for secret in (NAME, PHONE, CCCD, "5678", *OTHER, "canbo1"):
        assert secret not in shown, secret


def button(w: Any, text: str) -> QPushButton:
    found = [b for b in w.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert found, f"no visible button {text!r}"
    return found[0]


def tap(qtbot: Any, w: Any, text: str) -> None:
    b = button(w, text)
    assert b.isEnabled(), text
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def test_scan_with_token_shows_masked_details(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    dossiers: dict[str, str],
    shots: Path,
) -> None:
    shoot(window, shots / "selfcheck-home-1920x1080.png", 1920, 1080)
    shoot(window, shots / "selfcheck-home-portrait-1080x1920.png", 1080, 1920)
    shoot(window, shots / "selfcheck-home-1366x768.png", 1366, 768)
    ctx.hub.scanned.emit(f"{dossiers['code']}#{dossiers['token']}")
    settle(qtbot, ctx)
    assert window.pages.currentWidget() is window.result
    r = window.result
    assert r.values["name"].text() == "N. T. H. Nhung"
    assert r.status.text().startswith("Đã tiếp nhận") and r.timing.text() == "Trong hạn"
    assert r.details.isVisible() and "quầy số 3" in r.timeline.text()
    assert_private(window)
    shoot(window, shots / "selfcheck-verified-1366x768.png", 1366, 768)
    shoot(window, shots / "selfcheck-verified-1920x1080.png", 1920, 1080)
    shoot(window, shots / "selfcheck-verified-portrait-1080x1920.png", 1080, 1920)


def test_type_the_code_then_verify_with_phone_digits(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    dossiers: dict[str, str],
    shots: Path,
) -> None:
    tap(qtbot, window, "Nhập mã hồ sơ")
    assert window.code_label.text() == "000.17.22.H56-______-____"  # the office's agency is in
    assert not button(window, "Tra cứu").isEnabled()  # a half-typed code cannot be sent
    assert not window.code_keys.keys["A"].isEnabled()  # no letters in the date part
    digits = dossiers["code"].split("-", 1)[1].replace("-", "")
    for d in digits[:-1]:
        tap(qtbot, window.code_keys, d)
    assert "Còn thiếu 1 ký tự" in window.code_hint.text()
    tap(qtbot, window.code_keys, digits[-1])
    assert window.code_label.text() == dossiers["code"]
    shoot(window, shots / "selfcheck-typing-1366x768.png", 1366, 768)
    tap(qtbot, window, "Tra cứu")
    settle(qtbot, ctx)
    r = window.result
    assert r.values["code"].text() == dossiers["code"]
    assert not r.details.isVisible() and r.locked.isVisible()
    assert_private(window)
    shoot(window, shots / "selfcheck-summary-1366x768.png", 1366, 768)
    tap(qtbot, window, "Xem chi tiết")
    for d in "1111":
        tap(qtbot, window.answer_keys, d)
    shoot(window, shots / "selfcheck-second-factor-1366x768.png", 1366, 768)
    tap(qtbot, window, "Xác nhận")
    settle(qtbot, ctx)
    assert window.overlay.kind == "error" and "chưa đúng" in window.overlay.text.text()
    assert not window.result.details.isVisible()
    tap(qtbot, window.overlay, "Quay lại")
    assert window.pages.currentWidget() is window.verify_page  # try again right there
    for d in "5678":
        tap(qtbot, window.answer_keys, d)
    tap(qtbot, window, "Xác nhận")
    settle(qtbot, ctx)
    assert window.pages.currentWidget() is window.result and window.result.details.isVisible()
    assert_private(window)


def test_repeated_wrong_answers_are_slowed_down(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    dossiers: dict[str, str],
) -> None:
    window.look_up(dossiers["code"])
    settle(qtbot, ctx)
    messages = []
    for guess in ("0000", "1111", "2222", "3333", "5678"):  # the last one is right, but late
        window.open_verify()
        for d in guess:
            window._answer_key(d)
        window.submit_answer()
        settle(qtbot, ctx)
        messages.append(window.overlay.text.text())
        window.overlay.dismiss()
    assert all("chưa đúng" in m for m in messages[:4])
    assert "thử lại sau 5 giây" in messages[4]
    assert not window.result.details.isVisible()


@pytest.mark.parametrize(
    "payload, expected",
    [
        (f"{CCCD}||{NAME}|15031990|Nữ|Số 5 Lê Lợi|01012022", "không phải mã hồ sơ"),
        ("TICKET:A012:2026-02-09", "không phải mã hồ sơ"),
        ("000.17.22.H56-2602", "không phải mã hồ sơ"),
        ("\x00\x01garbage\xff", "không phải mã hồ sơ"),
        ("000.17.22.H56-260209-9999", "Không tìm thấy hồ sơ"),
    ],
)
def test_bad_scans_get_a_friendly_message(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    payload: str,
    expected: str,
    shots: Path,
) -> None:
    ctx.hub.scanned.emit(payload)
    settle(qtbot, ctx)
    assert window.overlay.kind == "error" and expected in window.overlay.text.text()
    if "garbage" in payload:
        shoot(window, shots / "selfcheck-bad-scan-1366x768.png", 1366, 768)
    tap(qtbot, window.overlay, "Quay lại")  # the way back
    assert not window.overlay.isVisible() and window.isVisible()


def test_another_citizens_token_reveals_nothing(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    dossiers: dict[str, str],
) -> None:
    ctx.hub.scanned.emit(f"{dossiers['other']}#{dossiers['token']}")  # someone else's token
    settle(qtbot, ctx)
    assert window.overlay.kind == "error"
    assert window.pages.currentWidget() is not window.result
    assert_private(window)


def test_rate_after_verified_lookup_and_rate_a_counter(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    office: Store,
    dossiers: dict[str, str],
    shots: Path,
) -> None:
    ctx.hub.scanned.emit(f"{dossiers['code']}#{dossiers['token']}")
    settle(qtbot, ctx)
    tap(qtbot, window, "Đánh giá")
    tap(qtbot, window, "Rất hài lòng")
    settle(qtbot, ctx)
    assert "Cảm ơn" in window.overlay.title.text()
    window.go_home()
    tap(qtbot, window, "Đánh giá sự hài lòng")
    settle(qtbot, ctx)
    assert not window.rating.isEnabled()  # choose the counter first
    shoot(window, shots / "selfcheck-rating-1366x768.png", 1366, 768)
    tap(qtbot, window, "Quầy 2")
    tap(qtbot, window, "Không hài lòng")
    settle(qtbot, ctx)
    # issue 16: counter 2 has served nobody today, so a rating of it is refused, calmly
    assert "đã được đánh giá" in window.overlay.title.text() + window.overlay.text.text()
    with office.begin() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 1
        service = s.scalar(
            select(Service.code)
            .join(CounterService, CounterService.service_id == Service.id)
            .join(Counter, Counter.id == CounterService.counter_id)
            .where(Counter.number == 2)
        )
        assert service is not None
        issue_ticket(s, service)
        assert call_next(s, 2, Actor("canbo2", 2)) is not None
    window.go_home()
    tap(qtbot, window, "Đánh giá sự hài lòng")
    settle(qtbot, ctx)
    tap(qtbot, window, "Quầy 2")
    tap(qtbot, window, "Không hài lòng")
    settle(qtbot, ctx)
    with office.begin() as s:
        rows = [
            (r.level, r.counter_number, r.clerk, r.dossier_code)
            for r in s.scalars(select(Rating).order_by(Rating.id))
        ]
        assert all(r.at is not None for r in s.scalars(select(Rating)))
    assert rows == [(5, 3, "canbo1", dossiers["code"]), (2, 2, None, None)]


def test_public_procedure_list(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    shots: Path,
) -> None:
    tap(qtbot, window, "Xem thủ tục hành chính")
    settle(qtbot, ctx)
    p = window.procedures
    assert p.fields.count() > 5 and p.results.count() > 20
    shoot(window, shots / "selfcheck-procedures-1366x768.png", 1366, 768)
    tap(qtbot, window, "Tìm theo tên")
    for key in "KHAI SINH":
        tap(qtbot, p.keyboard, "Dấu cách" if key == " " else key)
    settle(qtbot, ctx)
    assert p.keyboard_button.text() == "Ẩn bàn phím"
    names = [p.results.item(i).text() for i in range(p.results.count())]
    assert names and all("khai sinh" in n.lower() for n in names)
    shoot(window, shots / "selfcheck-procedure-search-1366x768.png", 1366, 768)
    p._procedure_chosen(p.results.item(0))
    settle(qtbot, ctx)
    text = p.detail.text()
    for heading in ("Thành phần hồ sơ", "Thời hạn giải quyết", "Phí, lệ phí", "Nơi nộp hồ sơ"):
        assert heading in text
    shoot(window, shots / "selfcheck-procedure-1366x768.png", 1366, 768)
    shoot(window, shots / "selfcheck-procedure-portrait-1080x1920.png", 1080, 1920)


def test_idle_returns_home_and_forgets(
    qtbot: Any,
    office: Store,
    tmp_path: Path,
    dossiers: dict[str, str],
    shots: Path,
) -> None:
    ctx2 = new_context(office, tmp_path, idle_seconds=1, idle_warning_seconds=2)
    try:
        w = SelfCheckWindow(ctx2)
        w.clock = lambda: AT
        qtbot.addWidget(w)
        w.show()
        settle(qtbot, ctx2)
        ctx2.hub.scanned.emit(f"{dossiers['code']}#{dossiers['token']}")
        settle(qtbot, ctx2)
        assert w.result.dossier is not None
        qtbot.waitUntil(lambda: w.overlay.kind == "idle", timeout=3000)
        shoot(w, shots / "selfcheck-idle-warning-1366x768.png", 1366, 768)
        qtbot.waitUntil(lambda: w.at_home() and not w.overlay.isVisible(), timeout=4000)
        assert w.result.dossier is None and w.result.values["name"].text() == ""
    finally:
        ctx2.tasks.shutdown()


def test_code_entry_with_another_agency(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
) -> None:
    window.open_code_entry()
    for _ in range(10):  # a receipt of another office: its agency part is erased key by key
        window._code_key("⌫")
    assert window.code_label.text() == "___.__.__.___-______-____"
    for ch in "0001722T0":
        assert window.code_keys.keys["T"].isEnabled()  # letters allowed in the agency part
        window._code_key(ch)
    window._code_key("1")
    assert window.code_label.text() == "000.17.22.T01-______-____"
    assert not window.code_keys.keys["T"].isEnabled()  # the date part takes digits only
    window._code_key("X")  # ignored, not typed
    for ch in "2602090001":
        window._code_key(ch)
    assert window.entry.value == "000.17.22.T01-260209-0001"
    tap(qtbot, window, "Tra cứu")
    settle(qtbot, ctx)
    assert window.overlay.kind == "error" and "Không tìm thấy" in window.overlay.text.text()


def test_every_touch_target_is_at_least_15_mm(
    qtbot: Any,
    window: SelfCheckWindow,
    ctx: AppContext,
    dossiers: dict[str, str],
) -> None:
    from ui.public.style import touch_px

    ctx.hub.scanned.emit(f"{dossiers['code']}#{dossiers['token']}")
    settle(qtbot, ctx)
    pages = [
        window.home,
        window.code_page,
        window.result,
        window.verify_page,
        window.rating_page,
        window.procedures,
    ]
    for size in ((1366, 768), (1920, 1080), (1080, 1920), (768, 1366)):
        window.resize(*size)
        for page in pages:
            window.pages.setCurrentWidget(page)
            qtbot.wait(30)
            minimum = touch_px(window)
            small = [
                (b.text(), b.width(), b.height())
                for b in page.findChildren(QPushButton)
                if b.isVisible() and min(b.width(), b.height()) < minimum
            ]
            assert small == [], (size, page, minimum)


def test_customer_facing_rating_window(
    qtbot: Any,
    ctx: AppContext,
    office: Store,
    dossiers: dict[str, str],
    shots: Path,
) -> None:
    from ui.public.rating import RatingWindow

    w = RatingWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    assert w.at_home() and not w.panel.isVisible()
    w.ask(dossier_code=dossiers["code"])  # the counter just returned or received it
    shoot(w, shots / "rating-window-1366x768.png", 1366, 768)
    tap(qtbot, w, "Hài lòng")
    settle(qtbot, ctx)
    assert "Cảm ơn" in w.quiet_text.text() and not w.panel.isVisible()
    w.ask(counter_number=4, clerk="canbo2")  # a service without a dossier
    tap(qtbot, w, "Bình thường")
    settle(qtbot, ctx)
    with office.begin() as s:
        rows = [
            (r.level, r.counter_number, r.clerk, r.dossier_code)
            for r in s.scalars(select(Rating).order_by(Rating.id))
        ]
    assert rows == [(4, 3, "canbo1", dossiers["code"]), (3, 4, "canbo2", None)]


def test_clear_keeps_the_agency_and_the_example_is_this_offices(
    qtbot: Any, window: SelfCheckWindow
) -> None:
    """Issue 17.7: "Xóa hết" erased the pre-filled agency code too, so the citizen's digits
    landed in the agency part; the example code was another office's."""
    window.open_code_entry()
    assert window.code_label.text().startswith("000.17.22.H56-")
    for ch in "260209":
        window._code_key(ch)
    assert window.code_label.text() == "000.17.22.H56-260209-____"
    tap(qtbot, window, "Xóa hết")
    assert window.code_label.text() == "000.17.22.H56-______-____"
    window._code_key("2")
    assert window.code_label.text() == "000.17.22.H56-2_____-____"  # the digits go to the date
    assert "ví dụ 000.17.22.H56-260209-0001" in window.code_example.text()  # AT is 09/02/2026


def test_the_example_follows_the_offices_agency_code(qtbot: Any, window: SelfCheckWindow) -> None:
    window._set_agency("000.31.05.K12")
    assert "ví dụ 000.31.05.K12-260209-0001" in window.code_example.text()
    window.open_code_entry()
    assert window.code_label.text().startswith("000.31.05.K12-")


def test_tapping_the_search_box_opens_the_keyboard(
    qtbot: Any, window: SelfCheckWindow, ctx: AppContext
) -> None:
    """Issue 17.7: tapping the search box did nothing until "Tìm theo tên" was pressed."""
    window.open_procedures()
    settle(qtbot, ctx)
    browser = window.procedures
    assert not browser.keyboard.isVisible()
    qtbot.mouseClick(browser.search_label, Qt.MouseButton.LeftButton)
    assert browser.keyboard.isVisible() and browser.keyboard_button.isChecked()


def test_the_procedure_list_shows_no_internal_remarks(
    qtbot: Any, window: SelfCheckWindow, ctx: AppContext, office: Store
) -> None:
    """Issue 17.7: the list showed research notes ("(QĐ 2831/QĐ-UBND Hải Phòng); CSDL quốc
    gia ghi '1'") to citizens. It shows the time limit from its number, never the free text."""
    from kiosk.store.models import Procedure

    remark = "05 ngày làm việc (GHI CHÚ NỘI BỘ: CSDL quốc gia ghi '1')"
    with office.begin() as s:
        for p in s.scalars(select(Procedure)):
            p.time_text = remark
    window.open_procedures()
    settle(qtbot, ctx)
    items = [
        window.procedures.results.item(i).text() for i in range(window.procedures.results.count())
    ]
    assert items and not [t for t in items if "GHI CHÚ" in t or "CSDL" in t]
    assert any("ngày làm việc" in t or "Trong ngày" in t for t in items)
