"""The overdue watch: overdue, due today, due within 2 working days — by field and department,
with the list of dossiers to act on. Refreshes itself when dossiers change and every minute.

District-wide (from the server, every minute) the upper table is one row per office, and the
list says which office each dossier belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from kiosk.services.reports_watch import overdue_watch
from ui.context import AppContext
from ui.i18n import error_text, fmt_datetime
from ui.supervisor.base import display_names, with_names
from ui.supervisor.chart import PALETTE, BarChart, Series
from ui.supervisor.district import District, ScopeChoice, SignInCancelled
from ui.supervisor.widgets import Column, RowsModel, rows_view
from ui.widgets.messages import Banner, BusyButton

REFRESH_MS = 60_000


class WatchTab(QWidget):
    kind = "overdue"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, district: District | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.district = district
        self.data: dict[str, Any] | None = None
        self.active = False  # only while a supervisor is signed in
        self._generation = 0
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.scope = ScopeChoice(district)
        top.addWidget(self.scope)
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
        self.groups = RowsModel(self.group_columns(), self)
        self.groups.flag = lambda r: bool(r.get("overdue"))
        groups_view = rows_view(self.groups, "watchGroups")
        groups_view.setMinimumWidth(480)  # its five columns, whatever the chart asks for
        upper.addWidget(groups_view)
        self.chart = BarChart()
        upper.addWidget(self.chart)
        split.addWidget(upper)
        self.list = RowsModel(self.list_columns(), self)
        self.list.flag = lambda r: r.get("bucket") == "overdue"
        split.addWidget(rows_view(self.list, "watchDossiers"))
        box.addWidget(split, 1)
        self.refresh_button.clicked.connect(self.refresh)
        ctx.hub.dossiers_changed.connect(self._changed_here)
        self.scope.changed.connect(self._scope_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._show_cards({"overdue": 0, "due_today": 0, "due_soon": 0})

    @property
    def district_view(self) -> bool:
        return self.scope.is_district

    def group_columns(self) -> list[Column]:
        counts = [
            Column("overdue", self.tr("Quá hạn")),
            Column("due_today", self.tr("Hôm nay")),
            Column("due_soon", self.tr("2 ngày tới")),
        ]
        if self.district_view:
            return [Column("agency_name", self.tr("Đơn vị"), number=False, stretch=True), *counts]
        return [
            Column("field", self.tr("Lĩnh vực"), number=False, stretch=True),
            Column("department", self.tr("Phòng chuyên môn"), number=False),
            *counts,
        ]

    def list_columns(self) -> list[Column]:
        names = self.bucket_names()
        office = [Column("agency_name", self.tr("Đơn vị"), number=False)]
        return [
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
            *(office if self.district_view else []),
            Column("code", self.tr("Mã hồ sơ"), number=False),
            Column("applicant_name", self.tr("Người nộp"), number=False),
            Column("procedure_name", self.tr("Thủ tục"), number=False, stretch=True),
            Column("field", self.tr("Lĩnh vực"), number=False),
            Column("received_by", self.tr("Cán bộ tiếp nhận"), number=False),
        ]

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

    def _changed_here(self) -> None:
        if not self.district_view:  # the district's figures follow the minute's timer
            self.refresh()

    def refresh(self) -> None:
        if self.refresh_button.busy or not self.active:
            return
        self.refresh_button.start(self.tr("Đang tải…"))
        gen = self._generation
        if self.district_view:
            assert self.district is not None
            self.district.fetch(
                self.kind,
                {},
                lambda data: self._loaded(data, gen),
                lambda exc: self._failed(exc, gen),
            )
        else:
            self.ctx.tasks.run(
                lambda s: {**overdue_watch(s).as_dict(), "names": display_names(s)},
                lambda data: self._loaded(data, gen),
                lambda exc: self._failed(exc, gen),
            )

    def _current(self, gen: int) -> bool:
        """The answer is done with; False (and the watch asked again) if the scope changed."""
        self.refresh_button.done()
        if gen != self._generation:
            self.refresh()
            return False
        return True

    def _failed(self, exc: BaseException, gen: int) -> None:
        if not self._current(gen):
            return
        if isinstance(exc, SignInCancelled):
            self.scope.set_local()
            self.banner.show_message(error_text(exc), "info")
            return
        self.banner.show_error(exc)

    def _scope_changed(self) -> None:
        self._generation += 1
        self.banner.clear_message()
        self.data = None
        self.groups.set_rows([], None, self.group_columns())
        self.list.set_rows([], None, self.list_columns())
        self.chart.set_data([], [])
        self.when.setText("")
        self._show_cards({"overdue": 0, "due_today": 0, "due_soon": 0})
        if not self.refresh_button.busy:
            self.refresh()

    def _show_cards(self, total: dict[str, int]) -> None:
        colors = {"overdue": "#b3261e", "due_today": "#b26a00", "due_soon": "#0b5cad"}
        for key, card in self.cards.items():
            card.setText(
                f"<span style='font-size:20pt;font-weight:bold;color:{colors[key]}'>"
                f"{total[key]}</span><br/>{card.property('caption')}"
            )

    def _loaded(self, data: dict[str, Any], gen: int) -> None:
        if not self._current(gen):
            return
        self.banner.clear_message()
        self.data = data
        self._show_cards(data["total"])
        when = fmt_datetime(datetime.fromisoformat(data["at"]))
        if self.district_view:
            offices = data.get("offices") or []
            self.when.setText(
                self.tr("Toàn huyện ({0} đơn vị), máy chủ cập nhật lúc {1}").format(
                    len(offices), when
                )
            )
            names = {o["agency"]: o.get("agency_name") or o["agency"] for o in offices}
            groups = data["by_agency"]
            dossiers = [
                {**d, "agency_name": names.get(d.get("agency"), d.get("agency"))}
                for d in data["dossiers"]
            ]
            labels = [str(g.get("agency_name") or g["agency"]) for g in groups]
        else:
            self.when.setText(self.tr("Cập nhật lúc {0}").format(when))
            groups = data["groups"]
            # who received it, by name (the user name is for machines)
            dossiers = with_names(
                {"rows": data["dossiers"], "names": data.get("names")}, {"received_by": "clerk"}
            )["rows"]
            labels = [str(g["field"]) for g in groups]
        self.groups.set_rows(groups, None, self.group_columns())
        self.list.set_rows(dossiers, None, self.list_columns())
        self.chart.set_data(
            labels,
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
