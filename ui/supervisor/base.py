"""What every report tab shares: scope, period, "Xem" button, banner, table, chart, CSV export.

A tab supplies the job that computes its report (a plain function of the Session, run on the
database worker, returning plain data) and how to show it; the base does the rest. With the
scope "Toàn huyện" the same report comes from the district server instead (`district_params`:
the query of `GET /v1/reports/<kind>`, fetched by `ui.supervisor.district.District` off the GUI
thread), in the same shape, with the offices it covers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from kiosk.outfiles import write_file
from kiosk.paths import documents_dir
from ui.context import AppContext
from ui.i18n import error_text
from ui.supervisor import widgets as w
from ui.supervisor.chart import BarChart
from ui.supervisor.district import District, ScopeChoice, SignInCancelled
from ui.widgets.messages import Banner, BusyButton

Job = Callable[[Session], Any]


def write_text(path: str, text: str) -> str:
    """UTF-8 with a BOM (Excel then reads the Vietnamese letters right), whole or not at all."""
    # a CSV still open in Excel stays as it is: the new one is saved beside it (kiosk/outfiles.py)
    return str(write_file(path, ("\ufeff" + text).encode("utf-8"), fallback=True))


def minutes(seconds: Any) -> str:
    """'12:05' (minutes:seconds) for a duration in seconds; '–' when there is none."""
    if seconds is None:
        return "–"
    s = int(round(float(seconds)))
    return f"{s // 60}:{s % 60:02d}"


def percent(share: Any) -> str:
    return "–" if share is None else f"{float(share) * 100:.1f} %"


def display_names(session: Session) -> dict[str, dict[str, str]]:
    """People's names for user names, service names for service codes (this office's)."""
    from sqlalchemy import select

    from kiosk.store.models import Service, Staff

    return {
        "clerk": {u: n for u, n in session.execute(select(Staff.username, Staff.full_name)) if n},
        "service": {
            c: f"{c} · {n}" for c, n in session.execute(select(Service.code, Service.name)) if n
        },
    }


def with_names(data: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """The report's rows with names shown instead of user names and codes (a copy)."""
    names = data.get("names")
    if not names:
        return data
    rows = []
    for row in data["rows"]:
        row = dict(row)
        for key, kind in keys.items():
            value = row.get(key)
            if value is not None and str(value) in names.get(kind, {}):
                row[key] = names[kind][str(value)]
        rows.append(row)
    return {**data, "rows": rows}


class ReportTab(QWidget):
    """Period picker and controls on top; banner; the table over the chart.

    Its own strings name their context ("ReportTab"): `self.tr` in a base class would look
    them up under the subclass's name at run time, where the translation file has none.
    """

    file_stem = "bao-cao"
    kind = ""  # the district server's name of the report (GET /v1/reports/<kind>)

    def __init__(
        self,
        ctx: AppContext,
        today: date,
        parent: QWidget | None = None,
        district: District | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.district = district
        self.data: dict[str, Any] | None = None
        self._generation = 0  # a scope change makes the answers still on their way stale
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.scope = ScopeChoice(district)
        top.addWidget(self.scope)
        self.period = w.PeriodPicker(today)
        top.addWidget(self.period)
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
        # the tab's own controls on a line of their own: one line for all is wider than a
        # 1280 px screen (or 1920 px at 150 %)
        more = QHBoxLayout()
        self.add_controls(more)
        if more.count():
            more.addStretch(1)
            box.addLayout(more)
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
        self.scope.changed.connect(self._scope_changed)
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

    def district_params(self, start: date, end: date) -> dict[str, str]:
        """The query of the district report for the period and the tab's controls."""
        return {"from": start.isoformat(), "to": end.isoformat()}

    def scope_changed(self) -> None:
        """The scope changed (`self.district_view` says which): adapt the controls."""

    def show_data(self, data: dict[str, Any]) -> None:
        self.model.set_rows(data["rows"], data.get("total"), self.columns())

    def name_keys(self) -> dict[str, str]:
        """Row keys whose values are shown by name: key -> "clerk" (a user name, shown as the
        person's full name) or "service" (a code, shown as "HT · Hộ tịch")."""
        return {"clerk": "clerk", "service": "service"}

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

    @property
    def district_view(self) -> bool:
        return self.scope.is_district

    def refresh(self) -> None:
        period = self._period()
        if period is None or self.run_button.busy:
            return
        self.banner.clear_message()
        gen = self._generation
        if self.district_view:
            assert self.district is not None
            self.run_button.start(QCoreApplication.translate("ReportTab", "Đang tải từ máy chủ…"))
            self.district.fetch(
                self.kind,
                self.district_params(*period),
                lambda data: self._loaded(data, gen),
                lambda exc: self._failed(exc, gen),
            )
        else:
            self.run_button.start(QCoreApplication.translate("ReportTab", "Đang tính…"))
            job = self.job(*period)
            self.ctx.tasks.run(
                lambda s: {**job(s), "names": display_names(s)},
                lambda data: self._loaded(data, gen),
                lambda exc: self._failed(exc, gen),
            )

    def _current(self, gen: int) -> bool:
        """The answer is done with; False (and the report asked again) if the scope changed."""
        self.run_button.done()
        if gen != self._generation:
            self.refresh()
            return False
        return True

    def _loaded(self, data: dict[str, Any], gen: int) -> None:
        if not self._current(gen):
            return
        self.data = data
        self.show_data(with_names(data, self.name_keys()))
        if self.district_view:
            self.summary.setText(self.scope_note(data) + "\n" + self.summary.text())
        self._set_exports(True)

    def _failed(self, exc: BaseException, gen: int) -> None:
        if not self._current(gen):
            return
        if isinstance(exc, SignInCancelled):
            self.scope.set_local()  # back to this office's figures (asked for again)
            self.banner.show_message(error_text(exc), "info")
            return
        self.banner.show_error(exc)

    def scope_note(self, data: dict[str, Any]) -> str:
        """Which offices the district figures cover, and where they come from."""
        offices = data.get("offices") or []
        names = ", ".join(str(o.get("agency_name") or o.get("agency")) for o in offices)
        server = self.district.server if self.district is not None else ""
        return QCoreApplication.translate(
            "ReportTab", "Toàn huyện, theo máy chủ {0}: {1} đơn vị ({2})."
        ).format(server, len(offices), names)

    def clear_view(self) -> None:
        """Nothing shown (the scope changed; the new figures are on their way)."""
        self.data = None
        self.model.set_rows([], None, self.columns())
        self.chart.set_data([], [])
        self.summary.setText("")
        self._set_exports(False)

    def _scope_changed(self) -> None:
        self._generation += 1
        self.banner.clear_message()
        self.scope_changed()
        self.clear_view()
        if not self.run_button.busy:  # else the answer on its way asks again (`_current`)
            self.refresh()

    def save_path(self, suffix: str, filter_text: str) -> str | None:
        start, end = self.period.start, self.period.end
        # Documents, where people look for what they saved (the data folder is hidden AppData)
        name = f"{self.file_stem}_{start:%Y%m%d}-{end:%Y%m%d}.{suffix}"
        suggested = str(documents_dir() / name)
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
        if self.district_view:
            self._export_district(self.csv_button, self.district_params(*period), path)
            return
        make = self.csv_job(*period)
        self._export(self.csv_button, lambda s: write_text(path, make(s)))

    def _export_district(self, button: BusyButton, params: dict[str, str], path: str) -> None:
        """The server's CSV of the report, written to `path` on the network worker."""
        assert self.district is not None
        button.start(QCoreApplication.translate("ReportTab", "Đang lưu…"))
        done, failed = self._export_callbacks(button)
        self.district.fetch(
            self.kind, params, done, failed, fmt="csv", then=lambda text: write_text(path, text)
        )

    def _export(self, button: BusyButton, job: Job) -> None:
        button.start(QCoreApplication.translate("ReportTab", "Đang lưu…"))
        done, failed = self._export_callbacks(button)
        self.ctx.tasks.run(job, done, failed)

    def _export_callbacks(
        self, button: BusyButton
    ) -> tuple[Callable[[str], None], Callable[[BaseException], None]]:
        def done(path: str) -> None:
            button.done()
            self.banner.show_message(
                QCoreApplication.translate("ReportTab", "Đã lưu {0}").format(path), "success"
            )

        def failed(exc: BaseException) -> None:
            button.done()
            self.banner.show_error(exc)

        return done, failed
