"""The public list of procedures: browse by field or search, then read one procedure's posting
(documents, fees, time limit, where to apply, where the result is returned)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.public import (
    PublicProcedure,
    list_fields,
    procedure_detail,
    search_procedures,
)
from ui.context import AppContext
from ui.public.keyboard import BACKSPACE, letter_board
from ui.public.style import set_role

ALL = ""


class TapLabel(QLabel):
    """The search box: a touch on it opens the keyboard at once."""

    tapped = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        super().mousePressEvent(event)
        self.tapped.emit()


class ProcedureBrowser(QWidget):
    back_requested = Signal()

    def __init__(
        self, ctx: AppContext, on_error: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_error = on_error
        self.query = ""
        self.field = ALL
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.addWidget(self.pages)

        # list page
        self.list_page = QWidget()
        lay = QVBoxLayout(self.list_page)
        lay.setContentsMargins(0, 0, 0, 0)
        self.head = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        title = QLabel(self.tr("Thủ tục hành chính"))
        set_role(title, "title")
        title.setWordWrap(True)
        self.head.addWidget(title, 1)
        search = QHBoxLayout()
        self.search_label = TapLabel()
        set_role(self.search_label, "entry")
        self.search_label.setMinimumWidth(200)
        self.search_label.setWordWrap(True)
        self.search_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.search_label.tapped.connect(lambda: self.keyboard_button.setChecked(True))
        search.addWidget(self.search_label, 1)
        self.keyboard_button = QPushButton(self.tr("Tìm theo tên"))
        self.keyboard_button.setCheckable(True)
        self.keyboard_button.toggled.connect(self._toggle_keyboard)
        search.addWidget(self.keyboard_button)
        self.head.addLayout(search, 1)
        lay.addLayout(self.head)
        self.lists = QHBoxLayout()
        self.fields = QListWidget()
        self.fields.itemClicked.connect(self._field_chosen)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.itemClicked.connect(self._procedure_chosen)
        for w in (self.fields, self.results):
            w.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
            w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            w.setResizeMode(QListWidget.ResizeMode.Adjust)
            w.setWordWrap(True)
            QScroller.grabGesture(
                w.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
            )
        self.lists.addWidget(self.fields, 2)
        self.lists.addWidget(self.results, 3)
        lay.addLayout(self.lists, 1)
        self.empty = QLabel(self.tr("Không có thủ tục nào khớp. Hãy thử từ khác."))
        set_role(self.empty, "hint")
        self.empty.hide()
        lay.addWidget(self.empty)
        self.keyboard = letter_board()
        self.keyboard.pressed.connect(self._key)
        self.keyboard.hide()
        lay.addWidget(self.keyboard)
        back = QPushButton(self.tr("Về trang đầu"))
        set_role(back, "secondary", "kind")
        back.clicked.connect(self.back_requested)
        lay.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(self.list_page)

        # detail page
        self.detail_page = QWidget()
        dl = QVBoxLayout(self.detail_page)
        dl.setContentsMargins(0, 0, 0, 0)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        QScroller.grabGesture(
            self.detail_scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_scroll.setWidget(self.detail)
        dl.addWidget(self.detail_scroll, 1)
        to_list = QPushButton(self.tr("Quay lại danh sách"))
        set_role(to_list, "secondary", "kind")
        to_list.clicked.connect(lambda: self.pages.setCurrentWidget(self.list_page))
        dl.addWidget(to_list, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(self.detail_page)
        self._render_query()

    def relayout(self, landscape: bool) -> None:
        # portrait: the search box under the title, as wide as the screen
        self.head.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )
        self.lists.setDirection(
            QHBoxLayout.Direction.LeftToRight if landscape else QHBoxLayout.Direction.TopToBottom
        )

    # -- data -------------------------------------------------------------------------------

    def open(self) -> None:
        self.query, self.field = "", ALL
        self.keyboard_button.setChecked(False)
        self._render_query()
        self.pages.setCurrentWidget(self.list_page)
        self.ctx.tasks.run(list_fields, self._show_fields, self._failed)
        self._search()

    def _show_fields(self, rows: list[tuple[str, int]]) -> None:
        self.fields.clear()
        everything = QListWidgetItem(self.tr("Tất cả lĩnh vực"))
        everything.setData(Qt.ItemDataRole.UserRole, ALL)
        self.fields.addItem(everything)
        for name, count in rows:
            item = QListWidgetItem(f"{name} ({count})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.fields.addItem(item)
        self.fields.setCurrentRow(0)

    def _search(self) -> None:
        text, field = self.query, self.field or None
        self.ctx.tasks.run(
            lambda s: search_procedures(s, text, field), self._show_results, self._failed
        )

    def _show_results(self, rows: list[PublicProcedure]) -> None:
        self.results.clear()
        for p in rows:
            # the number of days only: the free text may carry remarks not meant for citizens
            item = QListWidgetItem(f"{p.name}\n{p.field} · {p.time_short or p.time_text}")
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.results.addItem(item)
        self.empty.setVisible(not rows)

    def _failed(self, error: BaseException) -> None:
        self.on_error(self.tr("Chưa tải được danh mục thủ tục. Vui lòng thử lại."))

    # -- input ------------------------------------------------------------------------------

    def _toggle_keyboard(self, on: bool) -> None:
        self.keyboard_button.setText(self.tr("Ẩn bàn phím") if on else self.tr("Tìm theo tên"))
        self.keyboard.setVisible(on)
        self.fields.setVisible(not on)
        self.keyboard.setMinimumHeight(3 * self.keyboard_button.minimumHeight() + 24 if on else 0)

    def _key(self, key: str) -> None:
        if key == BACKSPACE:
            self.query = self.query[:-1]
        elif len(self.query) < 40:
            self.query += key.lower()
        self._render_query()
        self._search()

    def _render_query(self) -> None:
        self.search_label.setText(self.query or self.tr("gõ không dấu…"))

    def _field_chosen(self, item: QListWidgetItem) -> None:
        self.field = str(item.data(Qt.ItemDataRole.UserRole))
        self._search()

    def _procedure_chosen(self, item: QListWidgetItem) -> None:
        code = str(item.data(Qt.ItemDataRole.UserRole))
        self.ctx.tasks.run(lambda s: procedure_detail(s, code), self._show_detail, self._failed)

    def _show_detail(self, p: PublicProcedure) -> None:
        self.detail.setText(self._posting(p))
        self.detail_scroll.verticalScrollBar().setValue(0)
        self.pages.setCurrentWidget(self.detail_page)

    def _posting(self, p: PublicProcedure) -> str:
        def section(title: str, body: str) -> str:
            return f"<h3 style='margin:14px 0 4px 0'>{escape(title)}</h3>{body}"

        docs = []
        for i, (name, originals, copies, required, note) in enumerate(p.documents, 1):
            counts = self.tr("Bản chính: %1 · Bản sao: %2").replace("%1", str(originals))
            counts = counts.replace("%2", str(copies))
            extra = f" <i>({escape(note)})</i>" if note else ""
            opt = "" if required else self.tr(" (nếu có)")
            docs.append(f"<p>{i}. {escape(name)}{escape(opt)}{extra}<br/><b>{counts}</b></p>")
        field, code = self.tr("Lĩnh vực"), self.tr("Mã")  # outside the f-string: lupdate sees them
        parts = [
            f"<h2>{escape(p.name)}</h2>",
            f"<p>{escape(field)}: {escape(p.field)} · {escape(p.level)}"
            f" · {escape(code)}: {escape(p.code)}</p>",
            section(self.tr("Thành phần hồ sơ"), "".join(docs) or "<p>—</p>"),
            section(self.tr("Thời hạn giải quyết"), f"<p>{escape(p.time_text)}</p>"),
            section(self.tr("Phí, lệ phí"), f"<p>{escape(p.fee_text)}</p>"),
            section(self.tr("Nơi nộp hồ sơ"), f"<p>{escape(p.apply_at)}</p>"),
            section(
                self.tr("Kết quả và nơi trả kết quả"),
                f"<p>{escape(p.result)}</p><p>{escape('; '.join(p.result_places))}</p>",
            ),
        ]
        if p.route:
            steps = "".join(f"<li>{escape(r)}</li>" for r in p.route)
            parts.append(section(self.tr("Các cơ quan phối hợp (liên thông)"), f"<ol>{steps}</ol>"))
        if p.legal_basis:
            parts.append(
                section(self.tr("Căn cứ pháp lý"), f"<p>{escape('; '.join(p.legal_basis))}</p>")
            )
        return "".join(parts)
