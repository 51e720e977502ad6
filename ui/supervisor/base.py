"""What every report tab shares: period, "Xem" button, banner, table, chart, CSV export.

A tab supplies the job that computes its report (a plain function of the Session, run on the
database worker, returning plain data) and how to show it; the base does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from ui.context import AppContext
from ui.supervisor import widgets as w
from ui.supervisor.chart import BarChart
from ui.widgets.messages import Banner, BusyButton

Job = Callable[[Session], Any]


def write_text(path: str, text: str) -> str:
    """UTF-8 with a BOM (Excel then reads the Vietnamese letters right), whole or not at all."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    tmp.write_text("\ufeff" + text, encoding="utf-8")
    tmp.replace(target)
    return str(target)


def minutes(seconds: Any) -> str:
    """'12:05' (minutes:seconds) for a duration in seconds; '–' when there is none."""
    if seconds is None:
        return "–"
    s = int(round(float(seconds)))
    return f"{s // 60}:{s % 60:02d}"


def percent(share: Any) -> str:
    return "–" if share is None else f"{float(share) * 100:.1f} %"


class ReportTab(QWidget):
    """Period picker and controls on top; banner; the table over the chart.

    Its own strings name their context ("ReportTab"): `self.tr` in a base class would look
    them up under the subclass's name at run time, where the translation file has none.
    """

    file_stem = "bao-cao"

    def __init__(self, ctx: AppContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] | None = None
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.period = w.PeriodPicker(today)
        top.addWidget(self.period)
        self.add_controls(top)
        top.addStretch(1)
        self.run_button = BusyButton(QCoreApplication.translate("ReportTab", "Xem báo cáo"))
        self.run_button.setObjectName("primary")
        top.addWidget(self.run_button)
        self.export_buttons = QHBoxLayout()
        self.csv_button = BusyButton(QCoreApplication.translate("ReportTab", "Xuất CSV"))
        self.csv_button.setObjectName("exportCsv")
        self.export_buttons.addWidget(self.csv_button)
        top.addLayout(self.export_buttons)
        box.addLayout(top)
        self.banner = Banner()
        box.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = w.RowsModel(self.columns(), self)
        self.table = w.rows_view(self.model, f"{self.file_stem}Table")
        split.addWidget(self.table)
        self.chart = BarChart()
        split.addWidget(self.chart)
        split.setSizes([320, 240])
        box.addWidget(split, 1)
        self.run_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(self.export_csv)
        self._set_exports(False)

    # -- for the tabs ---------------------------------------------------------------------------
    def add_controls(self, top: QHBoxLayout) -> None:
        """Extra controls after the period (grouping, target ...)."""

    def columns(self) -> list[w.Column]:
        raise NotImplementedError

    def job(self, start: date, end: date) -> Job:
        """The report as plain data: a dict with `rows` and `total`."""
        raise NotImplementedError

    def csv_job(self, start: date, end: date) -> Callable[[Session], str]:
        raise NotImplementedError

    def show_data(self, data: dict[str, Any]) -> None:
        self.model.set_rows(data["rows"], data.get("total"), self.columns())

    # -- shared behaviour -----------------------------------------------------------------------
    def _set_exports(self, enabled: bool) -> None:
        for i in range(self.export_buttons.count()):
            item = self.export_buttons.itemAt(i)
            button = item.widget() if item is not None else None
            if button is not None:
                button.setEnabled(enabled)

    def _period(self) -> tuple[date, date] | None:
        start, end = self.period.start, self.period.end
        if end < start:
            self.banner.show_message(
                QCoreApplication.translate(
                    "ReportTab", "Ngày kết thúc phải sau ngày bắt đầu kỳ báo cáo."
                ),
                "warning",
            )
            return None
        return start, end

    def refresh(self) -> None:
        period = self._period()
        if period is None or self.run_button.busy:
            return
        self.banner.clear_message()
        self.run_button.start(QCoreApplication.translate("ReportTab", "Đang tính…"))
        self.ctx.tasks.run(self.job(*period), self._loaded, self._failed)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.run_button.done()
        self.data = data
        self.show_data(data)
        self._set_exports(True)

    def _failed(self, exc: BaseException) -> None:
        self.run_button.done()
        self.banner.show_error(exc)

    def save_path(self, suffix: str, filter_text: str) -> str | None:
        start, end = self.period.start, self.period.end
        suggested = str(self.ctx.home / f"{self.file_stem}_{start:%Y%m%d}-{end:%Y%m%d}.{suffix}")
        return w.ask_save_path(
            self, QCoreApplication.translate("ReportTab", "Lưu báo cáo"), suggested, filter_text
        )

    def export_csv(self) -> None:
        period = self._period()
        path = (
            self.save_path("csv", QCoreApplication.translate("ReportTab", "Tệp CSV (*.csv)"))
            if period
            else None
        )
        if period is None or path is None:
            return
        make = self.csv_job(*period)
        self._export(self.csv_button, lambda s: write_text(path, make(s)))

    def _export(self, button: BusyButton, job: Job) -> None:
        button.start(QCoreApplication.translate("ReportTab", "Đang lưu…"))

        def done(path: str) -> None:
            button.done()
            self.banner.show_message(
                QCoreApplication.translate("ReportTab", "Đã lưu {0}").format(path), "success"
            )

        def failed(exc: BaseException) -> None:
            button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)
