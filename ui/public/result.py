"""The self-check's answer: a dossier's public-safe summary, and its timeline once verified."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.status import Status
from kiosk.services.public import PublicDossier
from ui.public.style import set_role
from ui.public.texts import date_time, status_words, timing_words

RATEABLE = (Status.RECEIVED, Status.READY, Status.RETURNED)


class ResultPage(QWidget):
    """Shows one PublicDossier; asks for the second factor or a rating through its signals."""

    verify_requested = Signal()
    rate_requested = Signal()
    another_requested = Signal()
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dossier: PublicDossier | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        inner = QWidget()
        scroll.setWidget(inner)
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(0, 0, 8, 0)
        lay.setSpacing(10)

        top = QHBoxLayout()
        self.status = QLabel()
        set_role(self.status, "status")
        self.status.setWordWrap(True)
        self.timing = QLabel()
        top.addWidget(self.status, 1)
        top.addWidget(self.timing, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        rows = [
            ("code", self.tr("Mã hồ sơ")),
            ("name", self.tr("Người nộp")),
            ("procedure", self.tr("Thủ tục")),
            ("received", self.tr("Ngày tiếp nhận")),
            ("due", self.tr("Hẹn trả kết quả")),
        ]
        for r, (key, text) in enumerate(rows):
            k = QLabel(text)
            set_role(k, "hint")
            v = QLabel()
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(k, r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(v, r, 1)
            self.values[key] = v
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)

        self.next_panel = QFrame()
        self.next_panel.setObjectName("panel")
        np = QVBoxLayout(self.next_panel)
        head = QLabel(self.tr("Ông/bà cần làm gì tiếp theo?"))
        set_role(head, "subtitle")
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        np.addWidget(head)
        np.addWidget(self.next_step)
        lay.addWidget(self.next_panel)

        self.details = QFrame()
        self.details.setObjectName("panel")
        dl = QVBoxLayout(self.details)
        dhead = QLabel(self.tr("Quá trình giải quyết"))
        set_role(dhead, "subtitle")
        self.handled_by = QLabel()
        self.handled_by.setWordWrap(True)
        self.timeline = QLabel()
        self.timeline.setWordWrap(True)
        self.timeline.setTextFormat(Qt.TextFormat.PlainText)
        dl.addWidget(dhead)
        dl.addWidget(self.handled_by)
        dl.addWidget(self.timeline)
        lay.addWidget(self.details)
        self.locked = QLabel(
            self.tr("Để xem quá trình giải quyết, hãy xác thực bằng 4 số cuối điện thoại.")
        )
        self.locked.setWordWrap(True)
        set_role(self.locked, "hint")
        lay.addWidget(self.locked)
        lay.addStretch(1)

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.home_button = QPushButton(self.tr("Về trang đầu"))
        set_role(self.home_button, "secondary", "kind")
        self.another_button = QPushButton(self.tr("Tra cứu mã khác"))
        set_role(self.another_button, "secondary", "kind")
        self.verify_button = QPushButton(self.tr("Xem chi tiết"))
        self.rate_button = QPushButton(self.tr("Đánh giá"))
        self.home_button.clicked.connect(self.home_requested)
        self.another_button.clicked.connect(self.another_requested)
        self.verify_button.clicked.connect(self.verify_requested)
        self.rate_button.clicked.connect(self.rate_requested)
        for b in (self.home_button, self.another_button, self.verify_button, self.rate_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)

    def show_dossier(self, d: PublicDossier) -> None:
        self.dossier = d
        self.status.setText(status_words(d.status, d.status_text))
        self.timing.setText(timing_words(d.timing, d.timing_text))
        self.timing.setVisible(bool(d.timing_text))
        set_role(self.timing, "late" if d.late else "intime")
        self.values["code"].setText(d.code)
        self.values["name"].setText(d.masked_name)
        self.values["procedure"].setText(d.procedure_name)
        self.values["received"].setText(date_time(d.received_at))
        due = date_time(d.due_at)
        if d.new_due_at is not None:  # an apology gave a new appointment: both are shown
            due = (
                self.tr("%1 (hẹn lại: %2)")
                .replace("%1", due)
                .replace("%2", date_time(d.new_due_at))
            )
        self.values["due"].setText(due)
        self.next_step.setText(d.next_step)
        self.details.setVisible(d.verified)
        self.locked.setVisible(not d.verified and d.can_verify)
        if d.verified:
            self.handled_by.setText(self.tr("Đơn vị giải quyết: %1").replace("%1", d.handled_by))
            self.handled_by.setVisible(bool(d.handled_by))
            self.timeline.setText(
                "\n".join(f"{s.at:%H:%M %d/%m/%Y}  –  {s.text}" for s in d.timeline)
            )
        self.verify_button.setVisible(not d.verified and d.can_verify)
        self.rate_button.setVisible(d.verified and d.status in RATEABLE)

    def clear(self) -> None:
        self.dossier = None
        for v in self.values.values():
            v.clear()
        self.status.clear()
        self.next_step.clear()
        self.timeline.clear()
        self.handled_by.clear()
