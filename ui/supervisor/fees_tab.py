"""Fees and charges collected per counter and clerk over a period (the day-end hand-over of the
cash; kiosk.services.fees), with CSV export. This office only: the server has no fee report."""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.services.fees import fee_report, fee_total, vnd
from kiosk.services.reports_queue import rows_csv
from ui.supervisor.base import Job, ReportTab
from ui.supervisor.widgets import Column


def _money(value: Any) -> str:
    return vnd(int(value)) if value else "0"


class FeesTab(ReportTab):
    file_stem = "thu-phi"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chart.hide()  # a table and its total say it all

    def columns(self) -> list[Column]:
        return [
            Column("counter", self.tr("Quầy")),
            Column("clerk", self.tr("Cán bộ"), number=False, stretch=True),
            Column("dossiers", self.tr("Hồ sơ")),
            Column("paid", self.tr("Đã thu")),
            Column("paid_vnd", self.tr("Tiền đã thu"), fmt=_money),
            Column("online", self.tr("Trực tuyến")),
            Column("online_vnd", self.tr("Tiền trực tuyến"), fmt=_money),
            Column("exempt", self.tr("Miễn")),
            Column("none", self.tr("Không thu")),
            Column("not_recorded", self.tr("Chưa ghi")),
        ]

    def job(self, start: date, end: date) -> Job:
        def run(s: Any) -> dict[str, Any]:
            rows = fee_report(s, start, end)
            return {
                "rows": [r.as_dict() for r in rows],
                "total": fee_total(rows).as_dict(),
            }

        return run

    def csv_job(self, start: date, end: date) -> Any:
        def make(s: Any) -> str:
            rows = fee_report(s, start, end)
            return rows_csv([r.as_dict() for r in rows] + [fee_total(rows).as_dict()])

        return make

    def show_data(self, data: dict[str, Any]) -> None:
        super().show_data(data)
        total = data.get("total") or {}
        self.summary.setText(
            self.tr("Tiền mặt đã thu phải nộp: {0}").format(_money(total.get("paid_vnd")))
        )
