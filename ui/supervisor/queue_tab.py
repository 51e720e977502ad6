"""Queue figures (per service, counter, clerk) and citizens' satisfaction, with CSV export.

District-wide (from the server) the rows are per office first ("agency"), then by the grouping
chosen: service codes and counter numbers repeat from one office to the next."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout

from kiosk.services.reports_queue import (
    DEFAULT_TARGET_S,
    LEVELS,
    queue_report,
    rows_csv,
    satisfaction_report,
    service_index,
)
from ui.supervisor.base import Job, ReportTab, minutes, percent
from ui.supervisor.chart import PALETTE, Series
from ui.supervisor.widgets import Column


def _label(row: dict[str, Any], dims: list[str]) -> str:
    parts = []
    for d in dims:
        v = (row.get("agency_name") or row.get(d)) if d == "agency" else row.get(d)
        if v is None:
            parts.append("–")
        elif d == "counter":
            parts.append(QCoreApplication.translate("Supervisor", "Quầy {0}").format(v))
        else:
            parts.append(str(v))
    return " · ".join(parts)


def _refill(combo: QComboBox, choices: list[tuple[str, str]], selected: str) -> None:
    combo.clear()
    for data, text in choices:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(selected)))


def _office_column(dims: list[str], title: str) -> list[Column]:
    """The office's name for the "agency" dimension (district view)."""
    return [Column("agency_name", title, number=False)] if "agency" in dims else []


class QueueTab(ReportTab):
    file_stem = "hang-cho"
    kind = "queue"

    def choices(self) -> list[tuple[str, str]]:
        if self.district_view:
            return [
                ("agency", self.tr("Theo đơn vị")),
                ("agency,service", self.tr("Theo đơn vị và dịch vụ")),
                ("agency,counter", self.tr("Theo đơn vị và quầy")),
                ("agency,day", self.tr("Theo đơn vị và ngày")),
            ]
        return [
            ("service,counter", self.tr("Theo dịch vụ và quầy")),
            ("service", self.tr("Theo dịch vụ")),
            ("counter", self.tr("Theo quầy")),
            ("clerk", self.tr("Theo cán bộ")),
            ("day", self.tr("Theo ngày")),
        ]

    def add_controls(self, top: QHBoxLayout) -> None:
        self.by = QComboBox()
        self.by.setObjectName("queueBy")
        _refill(self.by, self.choices(), "service,counter")
        top.addWidget(self.by)
        top.addWidget(QLabel(self.tr("Mục tiêu chờ")))
        self.target = QSpinBox()
        self.target.setObjectName("waitTarget")
        self.target.setRange(1, 240)
        self.target.setValue(DEFAULT_TARGET_S // 60)
        self.target.setSuffix(self.tr(" phút"))
        top.addWidget(self.target)

    def scope_changed(self) -> None:
        _refill(self.by, self.choices(), "agency" if self.district_view else "service,counter")

    def dims(self) -> list[str]:
        return str(self.by.currentData()).split(",")

    def columns(self) -> list[Column]:
        titles = {
            "service": self.tr("Dịch vụ"),
            "counter": self.tr("Quầy"),
            "clerk": self.tr("Cán bộ"),
            "day": self.tr("Ngày"),
        }
        dims = self.dims()
        office = _office_column(dims, self.tr("Đơn vị"))
        return (
            office
            + [Column(d, titles[d], number=d == "counter") for d in dims if d in titles]
            + [
                Column("issued", self.tr("Số phát")),
                Column("served", self.tr("Đã phục vụ")),
                Column("no_show", self.tr("Vắng mặt")),
                Column("avg_wait_s", self.tr("Chờ TB\n(phút:giây)"), fmt=minutes),
                Column("max_wait_s", self.tr("Chờ lâu nhất"), fmt=minutes),
                Column("avg_service_s", self.tr("Phục vụ TB"), fmt=minutes),
                Column("over_target", self.tr("Chờ quá\nmục tiêu")),
                Column("over_target_share", self.tr("Tỷ lệ chờ\nquá mục tiêu"), fmt=percent),
            ]
        )

    def job(self, start: date, end: date) -> Job:
        dims, target = self.dims(), self.target.value() * 60
        return lambda s: queue_report(s, start, end, by=dims, target_s=target).as_dict()

    def csv_job(self, start: date, end: date) -> Any:
        dims, target = self.dims(), self.target.value() * 60

        def make(s: Any) -> str:
            r = queue_report(s, start, end, by=dims, target_s=target)
            return rows_csv(r.rows + [r.total])

        return make

    def district_params(self, start: date, end: date) -> dict[str, str]:
        return {
            **super().district_params(start, end),
            "by": ",".join(self.dims()),
            "target_min": str(self.target.value()),
        }

    def show_data(self, data: dict[str, Any]) -> None:
        super().show_data(data)
        target = data["target_s"]
        self.model.flag = lambda r: (r.get("avg_wait_s") or 0) > target
        rows, dims = data["rows"], list(data["by"])
        self.chart.set_data(
            [_label(r, dims) for r in rows],
            [
                Series(
                    self.tr("Thời gian chờ trung bình (phút)"),
                    PALETTE["blue"],
                    tuple(round((r["avg_wait_s"] or 0) / 60, 1) for r in rows),
                )
            ],
            title=self.tr("Thời gian chờ trung bình (phút)"),
            empty=self.tr("Không có số thứ tự nào trong kỳ."),
        )
        t = data["total"]
        self.summary.setText(
            self.tr(
                "Đã phát {0} số, phục vụ {1}, vắng mặt {2}. Chờ trung bình {3}, lâu nhất {4}; "
                "{5} công dân chờ quá {6} phút ({7})."
            ).format(
                t["issued"],
                t["served"],
                t["no_show"],
                minutes(t["avg_wait_s"]),
                minutes(t["max_wait_s"]),
                t["over_target"],
                target // 60,
                percent(t["over_target_share"]),
            )
        )


class SatisfactionTab(ReportTab):
    file_stem = "hai-long"
    kind = "satisfaction"

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        # the two figures differ: say how, under the summary that gives them
        share, level = self.tr("Tỷ lệ hài lòng"), self.tr("Mức độ hài lòng")
        self.legend = QLabel(
            f"<b>{share}</b>: {self.satisfied_text()}<br/><b>{level}</b>: {self.index_text()}"
        )
        self.legend.setObjectName("satisfactionLegend")
        self.legend.setWordWrap(True)
        box = self.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertWidget(box.indexOf(self.summary) + 1, self.legend)

    def satisfied_text(self) -> str:
        return self.tr(
            "số lượt đánh giá «Hài lòng» và «Rất hài lòng» trên tổng số lượt đánh giá "
            "trong kỳ (chỉ tính người đã đánh giá)."
        )

    def index_text(self) -> str:
        return self.tr(
            "chỉ số theo Quyết định 766/QĐ-TTg: 100 % trừ tỷ lệ hồ sơ giải quyết quá hạn và "
            "tỷ lệ phản ánh, kiến nghị (lượt không hài lòng) trên tổng số hồ sơ tiếp nhận "
            "trong kỳ."
        )

    def choices(self) -> list[tuple[str, str]]:
        if self.district_view:
            return [
                ("agency", self.tr("Theo đơn vị")),
                ("agency,counter", self.tr("Theo đơn vị và quầy")),
                ("agency,clerk", self.tr("Theo đơn vị và cán bộ")),
            ]
        return [
            ("counter,clerk", self.tr("Theo quầy và cán bộ")),
            ("counter", self.tr("Theo quầy")),
            ("clerk", self.tr("Theo cán bộ")),
        ]

    def add_controls(self, top: QHBoxLayout) -> None:
        self.by = QComboBox()
        self.by.setObjectName("ratingBy")
        _refill(self.by, self.choices(), "counter,clerk")
        top.addWidget(self.by)

    def scope_changed(self) -> None:
        _refill(self.by, self.choices(), "agency" if self.district_view else "counter,clerk")

    def dims(self) -> list[str]:
        return str(self.by.currentData()).split(",")

    def district_params(self, start: date, end: date) -> dict[str, str]:
        return {**super().district_params(start, end), "by": ",".join(self.dims())}

    def level_names(self) -> dict[int, str]:
        return {
            5: self.tr("Rất hài lòng"),
            4: self.tr("Hài lòng"),
            3: self.tr("Bình thường"),
            2: self.tr("Không hài lòng"),
            1: self.tr("Rất không hài lòng"),
        }

    def columns(self) -> list[Column]:
        titles = {"counter": self.tr("Quầy"), "clerk": self.tr("Cán bộ")}
        names = self.level_names()
        dims = self.dims()
        return (
            _office_column(dims, self.tr("Đơn vị"))
            + [Column(d, titles[d], number=d == "counter") for d in dims if d in titles]
            + [Column("ratings", self.tr("Số lượt\nđánh giá"))]
            + [Column(LEVELS[lv][0], names[lv].replace(" ", "\n", 1)) for lv in LEVELS]
            + [
                Column(
                    "satisfied_share",
                    self.tr("Tỷ lệ\nhài lòng"),
                    fmt=percent,
                    tip=self.satisfied_text(),
                ),
                Column("complaints", self.tr("Không hài lòng\n(phản ánh)")),
            ]
        )

    def job(self, start: date, end: date) -> Job:
        dims = self.dims()
        return lambda s: {
            **satisfaction_report(s, start, end, by=dims).as_dict(),
            "index": service_index(s, start, end),
        }

    def csv_job(self, start: date, end: date) -> Any:
        dims = self.dims()

        def make(s: Any) -> str:
            r = satisfaction_report(s, start, end, by=dims)
            return rows_csv(r.rows + [r.total])

        return make

    def show_data(self, data: dict[str, Any]) -> None:
        super().show_data(data)
        self.model.flag = lambda r: bool(r.get("complaints"))
        rows, dims = data["rows"], list(data["by"])
        colors = [
            PALETTE["green"],
            PALETTE["sky"],
            PALETTE["grey"],
            PALETTE["orange"],
            PALETTE["red"],
        ]
        names = self.level_names()
        self.chart.set_data(
            [_label(r, dims) for r in rows],
            [
                Series(names[lv], color, tuple(float(r[LEVELS[lv][0]]) for r in rows))
                for lv, color in zip(LEVELS, colors, strict=True)
            ],
            title=self.tr("Lượt đánh giá theo mức độ"),
            empty=self.tr("Chưa có lượt đánh giá nào trong kỳ."),
        )
        t, ix = data["total"], data["index"]
        score = "–" if ix["satisfaction_index"] is None else f"{ix['satisfaction_index']:.2f} %"
        self.summary.setText(
            self.tr(
                "{0} lượt đánh giá; tỷ lệ hài lòng {1}; {2} lượt không hài lòng. Chỉ số phục vụ "
                "(Quyết định 766/QĐ-TTg): giải quyết đúng hạn {3}, mức độ hài lòng {4}."
            ).format(
                t["ratings"],
                percent(t["satisfied_share"]),
                t["complaints"],
                percent(ix["on_time_share"]),
                score,
            )
        )
