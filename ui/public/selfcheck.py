"""The self-check (`--role selfcheck`): scan the receipt's QR or type the dossier code, read the
status in plain words, verify with the last 4 phone digits for the timeline, browse the public
procedure list, rate the service.

The receipt's QR carries `<code>` or `<code>#<token>` (kiosk.services.public); a QR with the
token shows the timeline at once. Everything a citizen sees comes from kiosk.services.public,
which returns public-safe fields only; guesses of the second factor are slowed down there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.services import public as pub
from kiosk.services.context import get_setting, now
from ui.context import AppContext
from ui.public.keyboard import BACKSPACE, CodeEntry, code_pad, digit_pad
from ui.public.kiosk import KioskWindow
from ui.public.procedures import ProcedureBrowser
from ui.public.rating import RatingPanel, save_rating
from ui.public.result import ResultPage
from ui.public.style import set_role

THANKS_SECONDS = 5


SHORT_SCREEN = 680  # px: below this the window's banner gives its place to the keypad



if TYPE_CHECKING:  # SQLAlchemy loads on the database worker, not with the window
    from sqlalchemy.orm import Session

def kept(job: Callable[[Session], pub.PublicDossier]) -> Callable[[Session], object]:
    """The job with a refusal (wrong answer, unknown code, too many look-ups) returned, not
    raised: its transaction then commits, and the brakes it counted stay (issue 16)."""

    def run(session: Session) -> object:
        try:
            return job(session)
        except KioskError as exc:
            return exc

    return run

class SelfCheckWindow(KioskWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Tra cứu hồ sơ"), parent)
        self.clock: Callable[[], datetime] = now
        self.limiter = pub.LIMITER
        self.entry = CodeEntry()
        self.answer = ""
        self.lookups = 0  # results shown (tests and the benchmark wait on it)
        self._rating_target: tuple[str | None, int | None] = (None, None)
        self.build()
        self.thanks_timer = QTimer(self, singleShot=True, interval=THANKS_SECONDS * 1000)
        self.thanks_timer.timeout.connect(self.go_home)
        ctx.hub.scanned.connect(self.on_scan)
        ctx.tasks.run(lambda s: get_setting(s, "agency_code") or "", self._set_agency)
        self.ready()

    def build(self) -> None:
        self.setWindowTitle(self.tr("Tra cứu hồ sơ"))
        lay = QVBoxLayout(self.body)
        lay.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self.tr("Tra cứu hồ sơ – Bộ phận Một cửa"))
        set_role(self.banner, "banner")
        lay.addWidget(self.banner)
        self.pages = QStackedWidget()
        lay.addWidget(self.pages, 1)
        self.home = self._home_page()
        self.code_page = self._code_page()
        self.result = ResultPage()
        self.verify_page = self._verify_page()
        self.procedures = ProcedureBrowser(self.ctx, lambda text: self.message(text))
        self.rating_page = self._rating_page()
        for page in (self.home, self.code_page, self.result, self.verify_page):
            self.pages.addWidget(page)
        self.pages.addWidget(self.procedures)
        self.pages.addWidget(self.rating_page)
        self.result.home_requested.connect(self.go_home)
        self.result.another_requested.connect(self.open_code_entry)
        self.result.verify_requested.connect(self.open_verify)
        self.result.rate_requested.connect(self.open_rating)
        self.procedures.back_requested.connect(self.go_home)

    # -- pages --------------------------------------------------------------------------------

    def _page(self, title: str, hint: str = "") -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(32, 16, 32, 16)
        lay.setSpacing(12)
        t = QLabel(title)
        set_role(t, "title")
        t.setWordWrap(True)
        lay.addWidget(t)
        if hint:
            h = QLabel(hint)
            h.setWordWrap(True)
            lay.addWidget(h)
        return page, lay

    def _home_page(self) -> QWidget:
        page, lay = self._page(self.tr("Tra cứu tình trạng hồ sơ"))
        scan = QLabel(
            self.tr(
                "Đưa mã QR trên giấy hẹn trả kết quả vào máy quét,\nhoặc chọn một mục dưới đây."
            )
        )
        scan.setWordWrap(True)
        set_role(scan, "subtitle")
        lay.addWidget(scan)
        lay.addStretch(1)
        self.home_buttons = QVBoxLayout()
        self.home_buttons.setSpacing(16)
        for text, action in (
            (self.tr("Nhập mã hồ sơ"), self.open_code_entry),
            (self.tr("Xem thủ tục hành chính"), self.open_procedures),
            (self.tr("Đánh giá sự hài lòng"), self.open_counter_rating),
        ):
            b = QPushButton(text)
            set_role(b, "service", "kind")
            b.clicked.connect(action)
            self.home_buttons.addWidget(b)
        lay.addLayout(self.home_buttons)
        lay.addStretch(1)
        return page

    def _code_page(self) -> QWidget:
        page, lay = self._page(self.tr("Nhập mã hồ sơ"))
        self.code_example = QLabel()  # the example is a code of this office (its agency code)
        self.code_example.setWordWrap(True)
        lay.addWidget(self.code_example)
        self._render_example(getattr(self, "agency", ""))
        self.code_label = QLabel()
        set_role(self.code_label, "entry")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.code_label)
        self.code_hint = QLabel()
        set_role(self.code_hint, "hint")
        self.code_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.code_hint)
        self.code_keys = code_pad()
        self.code_keys.pressed.connect(self._code_key)
        lay.addWidget(self.code_keys, 1)
        lay.addLayout(
            self._actions(
                (self.tr("Quay lại"), self.go_home, "secondary"),
                (self.tr("Xóa hết"), self._clear_code, "secondary"),
                (self.tr("Tra cứu"), self.submit_code, ""),
            )
        )
        self.submit_button = self._last_action
        return page

    def _verify_page(self) -> QWidget:
        page, lay = self._page(
            self.tr("Xác thực để xem chi tiết"),
            self.tr(
                "Nhập 4 số cuối của số điện thoại đã khai khi nộp hồ sơ, "
                "hoặc quét mã QR trên giấy hẹn."
            ),
        )
        self.answer_label = QLabel()
        set_role(self.answer_label, "entry")
        self.answer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.answer_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.answer_keys = digit_pad()
        self.answer_keys.pressed.connect(self._answer_key)
        row.addWidget(self.answer_keys, 2)
        row.addStretch(1)
        lay.addLayout(row, 1)
        lay.addLayout(
            self._actions(
                (self.tr("Quay lại"), self._back_to_result, "secondary"),
                (self.tr("Xác nhận"), self.submit_answer, ""),
            )
        )
        self.answer_button = self._last_action
        return page

    def _rating_page(self) -> QWidget:
        page, lay = self._page(self.tr("Đánh giá sự hài lòng"))
        self.counter_row = QHBoxLayout()  # counters first: a counter rating names its counter
        lay.addLayout(self.counter_row)
        self.rating = RatingPanel()
        self.rating.rated.connect(self._rated)
        lay.addWidget(self.rating, 1)
        lay.addLayout(self._actions((self.tr("Quay lại"), self.go_home, "secondary")))
        return page

    def _actions(self, *buttons: tuple[str, Callable[[], None], str]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for text, action, kind in buttons:
            b = QPushButton(text)
            if kind:
                set_role(b, kind, "kind")
            b.clicked.connect(action)
            row.addWidget(b)
            self._last_action = b
        return row

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        # a short screen (1366×768 at 125 % is 614 px high) keeps its height for the keys
        self.banner.setVisible(self.height() >= SHORT_SCREEN)
        super().resizeEvent(event)

    def relayout(self, landscape: bool) -> None:
        self.procedures.relayout(landscape)
        self.rating.relayout(landscape)
        # four rows of keys, each a touch target plus its frame, and the spacing between them
        rows = (self.touch + 16) * 4 + 24
        self.code_keys.setMaximumHeight(rows if landscape else self.touch * 6)
        self.answer_keys.setMaximumHeight(rows if landscape else self.touch * 6)

    # -- typing a code ------------------------------------------------------------------------

    def _set_agency(self, agency: str) -> None:
        self.agency = agency
        self.entry = CodeEntry(agency)
        self._render_example(agency)
        self._render_code()

    def _render_example(self, agency: str) -> None:
        today = self.clock()
        example = f"{agency or '000.00.00.H00'}-{today:%y%m%d}-0001"
        self.code_example.setText(
            self.tr("Mã in trên giấy hẹn, ví dụ {0}. Chỉ cần gõ các chữ số.").format(example)
        )

    def open_code_entry(self) -> None:
        self.entry.reset()
        self._render_code()
        self.pages.setCurrentWidget(self.code_page)

    def _code_key(self, key: str) -> None:
        if key == BACKSPACE:
            self.entry.backspace()
        else:
            self.entry.type(key)
        self._render_code()

    def _clear_code(self) -> None:
        self.entry.reset()  # back to this office's agency code: only the digits are erased
        self._render_code()

    def _render_code(self) -> None:
        self.code_label.setText(self.entry.display())
        self.code_keys.set_letters_enabled(self.entry.letters_allowed)
        self.code_keys.set_digits_enabled(self.entry.position is not None)
        missing = self.entry.missing
        self.code_hint.setText(
            self.tr("Còn thiếu %n ký tự.", "", missing)
            if missing
            else self.tr("Đủ mã. Chạm «Tra cứu».")
        )
        self.submit_button.setEnabled(missing == 0)

    def submit_code(self) -> None:
        if self.entry.value is None:
            self.message(self.tr("Mã hồ sơ chưa đủ. Vui lòng nhập đủ các chữ số trên giấy hẹn."))
            return
        self.look_up(self.entry.value)

    # -- scanning and looking up ------------------------------------------------------------

    def on_scan(self, payload: str) -> None:
        if not self.isVisible():
            return
        self.note_activity()
        try:
            code, token = pub.parse_lookup_payload(payload)
        except pub.PublicInputError as exc:
            self.message(exc.message_vi)
            return
        self.look_up(f"{code}#{token}" if token else code)

    def look_up(self, payload: str) -> None:
        at, limiter = self.clock(), self.limiter
        self.ctx.tasks.run(
            kept(lambda s: pub.open_payload(s, payload, limiter=limiter, at=at)),
            self._answered,
            self._failed,
        )

    def _answered(self, result: pub.PublicDossier | KioskError) -> None:
        if isinstance(result, KioskError):
            self._failed(result)
        else:
            self.show_result(result)

    def show_result(self, d: pub.PublicDossier) -> None:
        self.lookups += 1
        self.overlay.dismiss()
        self.result.show_dossier(d)
        self.pages.setCurrentWidget(self.result)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, KioskError):
            self.message(error.message_vi)
        else:
            self.message(self.tr("Chưa tra cứu được. Vui lòng thử lại hoặc hỏi cán bộ tại quầy."))

    # -- the second factor ------------------------------------------------------------------

    def open_verify(self) -> None:
        self.answer = ""
        self._render_answer()
        self.pages.setCurrentWidget(self.verify_page)

    def _answer_key(self, key: str) -> None:
        if key == BACKSPACE:
            self.answer = self.answer[:-1]
        elif len(self.answer) < 4:
            self.answer += key
        self._render_answer()

    def _render_answer(self) -> None:
        self.answer_label.setText(" ".join(self.answer.ljust(4, "_")))
        self.answer_button.setEnabled(len(self.answer) == 4)

    def submit_answer(self) -> None:
        d = self.result.dossier
        if d is None or len(self.answer) != 4:
            return
        code, answer, at, limiter = d.code, self.answer, self.clock(), self.limiter
        self.answer = ""
        self._render_answer()
        self.ctx.tasks.run(
            kept(lambda s: pub.verify_public(s, code, answer, limiter=limiter, at=at)),
            self._answered,
            self._failed,
        )

    def _back_to_result(self) -> None:
        self.pages.setCurrentWidget(self.result if self.result.dossier else self.home)

    # -- rating -------------------------------------------------------------------------------

    def open_rating(self) -> None:
        d = self.result.dossier
        if d is None or not d.verified:
            return
        self._rating_target = (d.code, None)
        self.rating.set_context(self.tr("Hồ sơ %1").replace("%1", d.code))
        self._show_counters([])
        self.pages.setCurrentWidget(self.rating_page)

    def open_counter_rating(self) -> None:
        from kiosk.services.public_queue import counter_numbers

        self._rating_target = (None, None)
        self.rating.set_context(self.tr("Chọn quầy đã phục vụ ông/bà, rồi chọn mức hài lòng."))
        self.rating.setEnabled(False)
        self.ctx.tasks.run(counter_numbers, self._show_counters)
        self.pages.setCurrentWidget(self.rating_page)

    def _show_counters(self, numbers: list[int]) -> None:
        while self.counter_row.count():
            item = self.counter_row.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.rating.setEnabled(not numbers)
        for n in numbers:
            b = QPushButton(self.tr("Quầy %1").replace("%1", str(n)))
            set_role(b, "key", "kind")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, k=n, btn=b: self._pick_counter(k, btn))
            self.counter_row.addWidget(b)
            b.show()  # with the result, not a turn of the event loop later

    def _pick_counter(self, number: int, button: QPushButton) -> None:
        for i in range(self.counter_row.count()):
            item = self.counter_row.itemAt(i)
            w = item.widget() if item is not None else None
            if isinstance(w, QPushButton):
                w.setChecked(w is button)
        self._rating_target = (None, number)
        self.rating.setEnabled(True)

    def _rated(self, level: int) -> None:
        code, counter = self._rating_target
        self.rating.setEnabled(False)
        save_rating(
            self.ctx,
            level,
            dossier_code=code,
            counter_number=counter,
            per_served_ticket=True,  # one rating per served ticket (issue 16)
            on_done=lambda _id: self._thanks(),
            on_error=self._failed,
        )

    def _thanks(self) -> None:
        self.overlay.show_card(
            self.tr("Cảm ơn ông/bà đã đánh giá!"),
            self.tr("Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn."),
            [(self.tr("Về trang đầu"), self.go_home, "")],
            kind="info",
        )
        self.thanks_timer.start()

    # -- kiosk ----------------------------------------------------------------------------------

    def open_procedures(self) -> None:
        self.procedures.open()
        self.pages.setCurrentWidget(self.procedures)

    def go_home(self) -> None:
        """Forget everything the last citizen saw or typed."""
        self.thanks_timer.stop()
        self.overlay.dismiss()
        self.entry.reset()
        self.answer = ""
        self.result.clear()
        self.rating.setEnabled(True)
        self.pages.setCurrentWidget(self.home)

    def at_home(self) -> bool:
        return self.pages.currentWidget() is self.home


def create(ctx: AppContext) -> QWidget:
    return SelfCheckWindow(ctx)
