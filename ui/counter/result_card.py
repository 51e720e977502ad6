"""What the clerk sees once a dossier is saved: its code, its due date, and its papers being
printed (PDF form and thermal slip, on the I/O worker), with "print again" and "open PDF"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.counter.printouts import Printout, PrintResult, print_papers
from ui.i18n import error_text, fmt_datetime
from ui.widgets.background import IoRunner
from ui.widgets.messages import BusyButton, set_style_property
from ui.widgets.open_file import open_file


@dataclass(frozen=True)
class Outcome:
    kind: str  # receipt | supplement | refusal
    code: str
    status: int
    received_at: datetime | None
    due_at: datetime | None
    printout: Printout


class ResultCard(QFrame):
    printed = Signal(object)  # PrintResult
    print_failed = Signal(object)  # exception

    def __init__(self, ctx: AppContext, io: IoRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.io = io
        self.outcome: Outcome | None = None
        self.last_print: PrintResult | None = None
        self.setObjectName("resultCard")
        box = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("resultTitle")
        self.code = QLabel()
        self.code.setObjectName("dossierCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due = QLabel()
        self.due.setObjectName("resultDue")
        self.print_state = QLabel()
        self.print_state.setWordWrap(True)
        line = QHBoxLayout()
        self.reprint_button = BusyButton(self.tr("In lại"))
        self.open_pdf_button = QPushButton(self.tr("Mở PDF"))
        line.addWidget(self.print_state, 1)
        line.addWidget(self.reprint_button)
        line.addWidget(self.open_pdf_button)
        for w in (self.title, self.code, self.due):
            box.addWidget(w)
        box.addLayout(line)
        self.reprint_button.clicked.connect(self.reprint)
        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.hide()

    def show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        titles = {
            "receipt": self.tr("Đã tiếp nhận hồ sơ"),
            "supplement": self.tr("Đã lập phiếu yêu cầu bổ sung"),
            "refusal": self.tr("Đã từ chối tiếp nhận"),
        }
        self.title.setText(titles[outcome.kind])
        self.code.setText(outcome.code)
        due = outcome.due_at
        self.due.setText(self.tr("Hẹn trả kết quả: {0}").format(fmt_datetime(due)) if due else "")
        self.due.setVisible(due is not None)
        set_style_property(self, "kind", outcome.kind)
        self.show()
        self.print_papers(outcome.printout)

    def clear(self) -> None:
        self.outcome = None
        self.last_print = None
        self.hide()

    # -- printing -----------------------------------------------------------------------------
    def print_papers(self, p: Printout) -> None:
        self.print_state.setText(self.tr("Đang in…"))
        self.reprint_button.start(self.tr("Đang in…"))
        self.open_pdf_button.setEnabled(False)
        out_dir = Path(self.ctx.home) / "printouts"
        slip_url = self.ctx.printer_url("receipt")
        forms_url = self.ctx.printer_url("forms")
        self.io.run(
            lambda: print_papers(p, out_dir, slip_url, forms_url), self._printed, self._failed
        )

    def _printed(self, r: PrintResult) -> None:
        self.last_print = r
        self.reprint_button.done()
        self.open_pdf_button.setEnabled(r.pdf is not None)
        parts = [self.tr("Đã tạo phiếu PDF.")]
        if r.slip_printed:
            parts.append(self.tr("Đã in phiếu hẹn."))
        if r.slip_error:
            parts.append(self.tr("Phiếu hẹn chưa in được: {0}").format(r.slip_error))
        if r.forms_error:
            parts.append(self.tr("Chưa gửi được tới máy in A4: {0}").format(r.forms_error))
        self.print_state.setText(" ".join(parts))
        set_style_property(
            self.print_state, "state", "error" if r.slip_error or r.forms_error else "ok"
        )
        self.printed.emit(r)

    def _failed(self, exc: BaseException) -> None:
        self.reprint_button.done()
        self.print_state.setText(
            error_text(exc) + " " + self.tr("Chưa in được. Bấm «In lại» để thử lại.")
        )
        set_style_property(self.print_state, "state", "error")
        self.print_failed.emit(exc)

    def reprint(self) -> None:
        if self.outcome is not None and not self.reprint_button.busy:
            self.print_papers(self.outcome.printout)

    def open_pdf(self) -> None:
        if self.last_print is not None and self.last_print.pdf is not None:
            problem = open_file(self.last_print.pdf)
            if problem:
                self.print_state.setText(problem)
                set_style_property(self.print_state, "state", "error")
