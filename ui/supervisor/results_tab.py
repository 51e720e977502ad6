"""The results report tab (II.06a): by field, procedure, counter or clerk; PDF and CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel
from sqlalchemy.orm import Session

from kiosk.services.reports import results_csv, results_report
from printing.jobs import write_pdf
from printing.report_commands import results_pdf
from ui.supervisor.base import Job, ReportTab
from ui.supervisor.chart import PALETTE, Series
from ui.supervisor.widgets import Column
from ui.widgets.messages import BusyButton


class ResultsTab(ReportTab):
    file_stem = "ket-qua-giai-quyet"

    def add_controls(self, top: QHBoxLayout) -> None:
        self.by = QComboBox()
        self.by.setObjectName("resultsBy")
        for key, text in (
            ("field", self.tr("Theo lĩnh vực")),
            ("procedure", self.tr("Theo thủ tục")),
            ("counter", self.tr("Theo quầy")),
            ("clerk", self.tr("Theo cán bộ tiếp nhận")),
        ):
            self.by.addItem(text, key)
        top.addWidget(QLabel(self.tr("Nhóm")))
        top.addWidget(self.by)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.pdf_button = BusyButton(self.tr("Xuất PDF"))
        self.pdf_button.setObjectName("exportPdf")
        self.export_buttons.insertWidget(0, self.pdf_button)
        self.pdf_button.setEnabled(False)
        self.pdf_button.clicked.connect(self.export_pdf)

    def group(self) -> str:
        return str(self.by.currentData())

    def columns(self) -> list[Column]:
        label = {
            "field": self.tr("Lĩnh vực"),
            "procedure": self.tr("Thủ tục"),
            "counter": self.tr("Quầy"),
            "clerk": self.tr("Cán bộ"),
        }[self.group()]
        key = "procedure_name" if self.group() == "procedure" else "field"
        return [
            Column(key, label, number=False),
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
        t = data["total"]
        on_time = t["resolved_early"] + t["resolved_on_time"]
        share = f"{on_time / t['resolved_total'] * 100:.1f} %" if t["resolved_total"] else "–"
        self.summary.setText(
            self.tr(
                "Tiếp nhận {0} hồ sơ, đã giải quyết {1} (đúng hạn và trước hạn {2}), "
                "đang giải quyết {3} ({4} quá hạn). Các cột đã kiểm tra: "
                "(3) = (4) + (5) + (6), (7) = (8) + (9) + (10), (11) = (12) + (13), "
                "(3) = (7) + (11)."
            ).format(
                t["received_total"],
                t["resolved_total"],
                share,
                t["pending_total"],
                t["pending_overdue"],
            )
        )
        self.pdf_button.setEnabled(True)

    def export_pdf(self) -> None:
        period = self._period()
        path = self.save_path("pdf", self.tr("Tệp PDF (*.pdf)")) if period else None
        if period is None or path is None:
            return
        start, end = period
        by = self.group()
        who = getattr(self.ctx.user, "full_name", None)

        def job(s: Session) -> str:
            return str(write_pdf(results_pdf(s, start, end, by=by, maker=who), path))

        self._export(self.pdf_button, job)

    def _set_exports(self, enabled: bool) -> None:
        super()._set_exports(enabled)
        if hasattr(self, "pdf_button"):
            self.pdf_button.setEnabled(enabled)


def _col(rows: list[dict[str, Any]], key: str) -> tuple[float, ...]:
    return tuple(float(r.get(key) or 0) for r in rows)
