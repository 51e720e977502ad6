"""The results report tab (II.06a): by field, procedure, counter or clerk; PDF and CSV.

District-wide (from the server) by office, field or procedure: counter numbers repeat from one
office to the next, so the district view has no "by counter"."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel
from sqlalchemy.orm import Session

from kiosk.services.reports import COLUMNS, results_csv, results_report
from kiosk.services.reports_close import close_period
from kiosk.sync.reports_client import results_from_json
from printing.forms.report import render_results_report
from printing.jobs import district_header, write_pdf
from printing.report_commands import results_pdf
from ui.supervisor.base import Job, ReportTab
from ui.supervisor.chart import PALETTE, Series
from ui.supervisor.widgets import Column
from ui.widgets.messages import BusyButton, confirm

LOCAL_GROUPS = ("field", "procedure", "counter", "clerk")
_COLUMN_KEYS = COLUMNS  # columns 3-13 of II.06a
DISTRICT_GROUPS = ("agency", "field", "procedure")


class ResultsTab(ReportTab):
    file_stem = "ket-qua-giai-quyet"
    kind = "results"

    def add_controls(self, top: QHBoxLayout) -> None:
        self.by = QComboBox()
        self.by.setObjectName("resultsBy")
        self._fill_groups(LOCAL_GROUPS, "field")
        top.addWidget(QLabel(self.tr("Nhóm")))
        top.addWidget(self.by)
        # Closing a period stores its figures (kiosk.services.reports_close, docs/rules.md)
        self.close_button = BusyButton(self.tr("Chốt số liệu"))
        self.close_button.setObjectName("closePeriod")
        self.close_button.setToolTip(
            self.tr(
                "Lưu số liệu của kỳ báo cáo; các thay đổi ghi nhận sau đó hiện thành dòng "
                "điều chỉnh riêng."
            )
        )
        self.close_button.clicked.connect(self.close_period)
        top.addWidget(self.close_button)

    def _fill_groups(self, keys: tuple[str, ...], selected: str) -> None:
        names = {
            "agency": self.tr("Theo đơn vị"),
            "field": self.tr("Theo lĩnh vực"),
            "procedure": self.tr("Theo thủ tục"),
            "counter": self.tr("Theo quầy"),
            "clerk": self.tr("Theo cán bộ tiếp nhận"),
        }
        self.by.clear()
        for key in keys:
            self.by.addItem(names[key], key)
        self.by.setCurrentIndex(max(0, self.by.findData(selected)))

    def scope_changed(self) -> None:
        self.close_button.setEnabled(not self.district_view)
        current = self.group()
        if self.district_view:
            self._fill_groups(DISTRICT_GROUPS, "agency")
        else:
            self._fill_groups(LOCAL_GROUPS, current)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.pdf_button = BusyButton(self.tr("Xuất PDF"))
        self.pdf_button.setObjectName("exportPdf")
        self.export_buttons.insertWidget(0, self.pdf_button)
        self.pdf_button.setEnabled(False)
        self.pdf_button.clicked.connect(self.export_pdf)

    def group(self) -> str:
        return str(self.by.currentData())

    def name_keys(self) -> dict[str, str]:
        return {"field": "clerk"} if self.group() == "clerk" else {}

    def columns(self) -> list[Column]:
        label = {
            "agency": self.tr("Đơn vị"),
            "field": self.tr("Lĩnh vực"),
            "procedure": self.tr("Thủ tục"),
            "counter": self.tr("Quầy"),
            "clerk": self.tr("Cán bộ"),
        }[self.group()]
        key = "procedure_name" if self.group() == "procedure" else "field"
        return [
            Column(key, label, number=False, stretch=True),
            Column("received_total", self.tr("Tiếp nhận\n(3)")),
            Column("received_online", self.tr("Trực tuyến\n(4)")),
            Column("received_direct", self.tr("Trực tiếp,\nbưu chính (5)")),
            Column("received_carried_over", self.tr("Kỳ trước\nchuyển qua (6)")),
            Column("resolved_total", self.tr("Đã giải quyết\n(7)")),
            Column("resolved_early", self.tr("Trước hạn\n(8)")),
            Column("resolved_on_time", self.tr("Đúng hạn\n(9)")),
            Column("resolved_late", self.tr("Quá hạn\n(10)")),
            Column("pending_total", self.tr("Đang giải quyết\n(11)")),
            Column("pending_in_time", self.tr("Trong hạn\n(12)")),
            Column("pending_overdue", self.tr("Quá hạn\n(13)")),
        ]

    def job(self, start: date, end: date) -> Job:
        by = self.group()
        return lambda s: results_report(s, start, end, by=by).as_dict()

    def csv_job(self, start: date, end: date) -> Any:
        by = self.group()
        return lambda s: results_csv(results_report(s, start, end, by=by))

    def district_params(self, start: date, end: date) -> dict[str, str]:
        return {**super().district_params(start, end), "by": self.group()}

    def show_data(self, data: dict[str, Any]) -> None:
        super().show_data(data)
        self.model.flag = lambda r: bool(r.get("resolved_late") or r.get("pending_overdue"))
        rows = data["rows"]
        key = self.columns()[0].key
        self.chart.set_data(
            [str(r.get(key) or "") for r in rows],
            [
                Series(self.tr("Trước hạn"), PALETTE["green"], _col(rows, "resolved_early")),
                Series(self.tr("Đúng hạn"), PALETTE["blue"], _col(rows, "resolved_on_time")),
                Series(self.tr("Quá hạn"), PALETTE["red"], _col(rows, "resolved_late")),
                Series(
                    self.tr("Đang giải quyết trong hạn"),
                    PALETTE["sky"],
                    _col(rows, "pending_in_time"),
                ),
                Series(
                    self.tr("Đang giải quyết quá hạn"),
                    PALETTE["orange"],
                    _col(rows, "pending_overdue"),
                ),
            ],
            title=self.tr("Hồ sơ theo kết quả giải quyết"),
            empty=self.tr("Không có hồ sơ trong kỳ báo cáo."),
        )
        notes = self._closing_notes(data)
        t = data["total"]
        on_time = t["resolved_early"] + t["resolved_on_time"]
        share = f"{on_time / t['resolved_total'] * 100:.1f} %" if t["resolved_total"] else "–"
        self.summary.setText(
            self.tr(
                "Tiếp nhận {0} hồ sơ, đã giải quyết {1} (đúng hạn và trước hạn {2}), "
                "đang giải quyết {3} ({4} quá hạn)."
            ).format(
                t["received_total"],
                t["resolved_total"],
                share,
                t["pending_total"],
                t["pending_overdue"],
            )
        )
        if notes:
            self.summary.setText(notes + "\n" + self.summary.text())
        self.pdf_button.setEnabled(True)

    def _closing_notes(self, data: dict[str, Any]) -> str:
        """A closed period: when and by whom; each later correction as its own line."""
        closed = data.get("closed")
        if not closed:
            return ""
        when = datetime.fromisoformat(str(closed["at"]))
        lines = [
            self.tr(
                "Kỳ báo cáo đã chốt số liệu lúc {0} ({1}); số liệu dưới đây là số đã chốt."
            ).format(f"{when:%H:%M %d/%m/%Y}", closed["by"])
        ]
        numbers = {key: n for n, key in enumerate(_COLUMN_KEYS, 3)}
        for adj in data.get("adjustments") or []:
            changes = ", ".join(f"({numbers[k]}) {adj[k]:+d}" for k in _COLUMN_KEYS if adj.get(k))
            line = self.tr("Điều chỉnh sau khi chốt – {0}: {1}")
            lines.append(line.format(adj["field"], changes))
        return "\n".join(lines)

    def close_period(self) -> None:
        period = self._period()
        if period is None or self.district_view:
            return
        start, end = period
        if not confirm(
            self,
            self.tr("Chốt số liệu"),
            self.tr(
                "Chốt số liệu kỳ báo cáo từ {0} đến {1}? Số liệu được lưu lại; thay đổi ghi "
                "nhận sau đó chỉ hiện thành dòng điều chỉnh."
            ).format(f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"),
            self.tr("Chốt số liệu"),
            self.tr("Hủy"),
        ):
            return
        who = str(getattr(self.ctx.user, "username", None) or "supervisor")
        button = self.close_button
        button.start(self.tr("Đang chốt…"))

        def job(s: Session) -> str:
            done = close_period(s, start, end, who)
            return f"{done.closed_at:%H:%M %d/%m/%Y}"

        def done(at: str) -> None:
            button.done()
            self.refresh()  # the stored figures (refresh clears the banner: the message after)
            self.banner.show_message(self.tr("Đã chốt số liệu lúc {0}.").format(at), "success")

        def failed(exc: BaseException) -> None:
            button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)

    def export_pdf(self) -> None:
        period = self._period()
        path = self.save_path("pdf", self.tr("Tệp PDF (*.pdf)")) if period else None
        if period is None or path is None:
            return
        start, end = period
        by = self.group()
        who = getattr(self.ctx.user, "full_name", None)
        if self.district_view:
            self._district_pdf(self.district_params(start, end), path, who)
            return

        def job(s: Session) -> str:
            return str(write_pdf(results_pdf(s, start, end, by=by, maker=who), path, fallback=True))

        self._export(self.pdf_button, job)

    def _district_pdf(self, params: dict[str, str], path: str, who: str | None) -> None:
        """The server's figures, printed by the same code as this office's report: the JSON
        comes on the network worker, the heading and the PDF are made on the database worker."""
        assert self.district is not None
        button = self.pdf_button
        button.start(self.tr("Đang lưu…"))
        done, failed = self._export_callbacks(button)

        def fetched(data: dict[str, Any]) -> None:
            def job(s: Session) -> str:
                report = results_from_json(data)
                made_on = datetime.now().date()  # as this office's report (results_pdf)
                pdf = render_results_report(report, district_header(s), made_on=made_on, maker=who)
                return str(write_pdf(pdf, path, fallback=True))

            self.ctx.tasks.run(job, done, failed)

        self.district.fetch(self.kind, params, fetched, failed)

    def _set_exports(self, enabled: bool) -> None:
        super()._set_exports(enabled)
        if hasattr(self, "pdf_button"):
            self.pdf_button.setEnabled(enabled)


def _col(rows: list[dict[str, Any]], key: str) -> tuple[float, ...]:
    return tuple(float(r.get(key) or 0) for r in rows)
