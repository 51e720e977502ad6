"""The overdue watch: overdue, due today, due within 2 working days — by field and department,
with the list of dossiers to act on. Refreshes itself when dossiers change and every minute."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from kiosk.services.reports_watch import overdue_watch
from ui.context import AppContext
from ui.i18n import fmt_datetime
from ui.supervisor.chart import PALETTE, BarChart, Series
from ui.supervisor.widgets import Column, RowsModel, rows_view
from ui.widgets.messages import Banner, BusyButton

REFRESH_MS = 60_000


class WatchTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] | None = None
        self.active = False  # only while a supervisor is signed in
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.cards: dict[str, QLabel] = {}
        for key, text in (
            ("overdue", self.tr("Quá hạn")),
            ("due_today", self.tr("Đến hạn hôm nay")),
            ("due_soon", self.tr("Đến hạn trong 2 ngày làm việc tới")),
        ):
            card = QLabel()
            card.setObjectName(f"watch_{key}")
            card.setProperty("caption", text)
            card.setTextFormat(Qt.TextFormat.RichText)
            self.cards[key] = card
            top.addWidget(card)
        top.addStretch(1)
        self.when = QLabel()
        self.when.setObjectName("muted")
        top.addWidget(self.when)
        self.refresh_button = BusyButton(self.tr("Làm mới"))
        top.addWidget(self.refresh_button)
        box.addLayout(top)
        self.banner = Banner()
        box.addWidget(self.banner)
        split = QSplitter(Qt.Orientation.Vertical)
        upper = QSplitter(Qt.Orientation.Horizontal)
        self.groups = RowsModel(
            [
                Column("field", self.tr("Lĩnh vực"), number=False),
                Column("department", self.tr("Phòng chuyên môn"), number=False),
                Column("overdue", self.tr("Quá hạn")),
                Column("due_today", self.tr("Hôm nay")),
                Column("due_soon", self.tr("2 ngày tới")),
            ],
            self,
        )
        self.groups.flag = lambda r: bool(r.get("overdue"))
        upper.addWidget(rows_view(self.groups, "watchGroups"))
        self.chart = BarChart()
        upper.addWidget(self.chart)
        split.addWidget(upper)
        names = self.bucket_names()
        self.list = RowsModel(
            [
                Column(
                    "bucket",
                    self.tr("Tình trạng"),
                    number=False,
                    fmt=lambda b: names.get(b, str(b)),
                ),
                Column(
                    "due_at",
                    self.tr("Hẹn trả"),
                    number=False,
                    fmt=lambda v: fmt_datetime(datetime.fromisoformat(v)) if v else "",
                ),
                Column("code", self.tr("Mã hồ sơ"), number=False),
                Column("applicant_name", self.tr("Người nộp"), number=False),
                Column("procedure_name", self.tr("Thủ tục"), number=False),
                Column("field", self.tr("Lĩnh vực"), number=False),
                Column("received_by", self.tr("Cán bộ tiếp nhận"), number=False),
            ],
            self,
        )
        self.list.flag = lambda r: r.get("bucket") == "overdue"
        split.addWidget(rows_view(self.list, "watchDossiers"))
        box.addWidget(split, 1)
        self.refresh_button.clicked.connect(self.refresh)
        ctx.hub.dossiers_changed.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._show_cards({"overdue": 0, "due_today": 0, "due_soon": 0})

    def bucket_names(self) -> dict[str, str]:
        return {
            "overdue": self.tr("Quá hạn"),
            "due_today": self.tr("Đến hạn hôm nay"),
            "due_soon": self.tr("Sắp đến hạn"),
        }

    def start(self) -> None:
        self.active = True
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.active = False
        self.timer.stop()

    def refresh(self) -> None:
        if self.refresh_button.busy or not self.active:
            return
        self.refresh_button.start(self.tr("Đang tải…"))
        self.ctx.tasks.run(lambda s: overdue_watch(s).as_dict(), self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.done()
        self.banner.show_error(exc)

    def _show_cards(self, total: dict[str, int]) -> None:
        colors = {"overdue": "#b3261e", "due_today": "#b26a00", "due_soon": "#0b5cad"}
        for key, card in self.cards.items():
            card.setText(
                f"<span style='font-size:20pt;font-weight:bold;color:{colors[key]}'>"
                f"{total[key]}</span><br/>{card.property('caption')}"
            )

    def _loaded(self, data: dict[str, Any]) -> None:
        self.refresh_button.done()
        self.banner.clear_message()
        self.data = data
        self._show_cards(data["total"])
        self.when.setText(
            self.tr("Cập nhật lúc {0}").format(fmt_datetime(datetime.fromisoformat(data["at"])))
        )
        groups = data["groups"]
        self.groups.set_rows(groups)
        self.list.set_rows(data["dossiers"])
        self.chart.set_data(
            [str(g["field"]) for g in groups],
            [
                Series(
                    self.tr("Quá hạn"), PALETTE["red"], tuple(float(g["overdue"]) for g in groups)
                ),
                Series(
                    self.tr("Hôm nay"),
                    PALETTE["orange"],
                    tuple(float(g["due_today"]) for g in groups),
                ),
                Series(
                    self.tr("2 ngày tới"),
                    PALETTE["blue"],
                    tuple(float(g["due_soon"]) for g in groups),
                ),
            ],
            empty=self.tr("Không có hồ sơ quá hạn hoặc sắp đến hạn."),
        )
