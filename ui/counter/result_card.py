"""What the clerk sees once a dossier is saved: its code, its due date, and its papers being
printed (PDF form and thermal slip, on the I/O worker), with "print again" and "open PDF"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.counter.printouts import (
    Printout,
    PrintResult,
    print_papers,
    record_slip_job,
    reissue,
)
from ui.i18n import error_text, fmt_datetime
from ui.print_a4 import PrintChoice, forms_printer_name, send_pdf
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
        # the system's print dialog: another printer, copies, pages (ui/print_a4.py prints)
        self.print_dialog_button = QPushButton(self.tr("In…"))
        self.print_dialog_button.setObjectName("printDialog")
        self.print_dialog_button.setEnabled(False)
        line.addWidget(self.print_state, 1)
        line.addWidget(self.reprint_button)
        line.addWidget(self.print_dialog_button)
        line.addWidget(self.open_pdf_button)
        for w in (self.title, self.code, self.due):
            box.addWidget(w)
        box.addLayout(line)
        self.reprint_button.clicked.connect(self.reprint)
        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.print_dialog_button.clicked.connect(self.ask_print)
        self._dialog: QPrintDialog | None = None
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
        self.print_dialog_button.setEnabled(False)
        out_dir = Path(self.ctx.home) / "printouts"
        slip_url = self.ctx.printer_url("receipt")
        forms_url = self.ctx.printer_url("forms")

        def printed(r: PrintResult) -> None:
            self._printed(r)
            job = record_slip_job(p, r)  # the thermal receipt that printed is a record
            if job is not None:
                self.ctx.tasks.run(job, lambda _doc: None, self._failed)

        self.io.run(lambda: print_papers(p, out_dir, slip_url, forms_url), printed, self._failed)

    def _printed(self, r: PrintResult) -> None:
        self.last_print = r
        self.reprint_button.done()
        self.open_pdf_button.setEnabled(r.pdf is not None)
        self.print_dialog_button.setEnabled(r.pdf is not None)
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
        """Print again: the records of what was issued, marked "Bản in lại" (a slip that never
        printed prints as the first one)."""
        if self.outcome is None or self.reprint_button.busy:
            return
        self.reprint_button.start(self.tr("Đang in…"))
        p = self.outcome.printout
        self.ctx.tasks.run(lambda s: reissue(s, p), self._print_again, self._failed)

    def _print_again(self, p: Printout) -> None:
        self.reprint_button.done()
        self.print_papers(p)

    def ask_print(self) -> None:
        """The print dialog for the last PDF (window-modal, no nested event loop)."""
        if self.last_print is None or self.last_print.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        name = forms_printer_name(self.ctx.printer_url("forms") or "")
        if name:
            printer.setPrinterName(name)
        self._dialog = QPrintDialog(printer, self)
        self._dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        self._dialog.setMinMax(1, 999)
        pdf = self.last_print.pdf
        self._dialog.accepted.connect(lambda *_: self._print_chosen(printer, pdf))
        QDialog.open(self._dialog)  # QPrintDialog.open() wants a receiver in PySide6

    def _print_chosen(self, printer: QPrinter, pdf: Path) -> None:
        choice = PrintChoice(
            printer.printerName(), printer.copyCount(), printer.fromPage(), printer.toPage()
        )
        self.print_state.setText(self.tr("Đang in…"))
        self.io.run(lambda: send_pdf(pdf, "", choice), self._sent, self._send_failed)

    def _sent(self, _pages: object) -> None:
        self.print_state.setText(self.tr("Đã gửi tới máy in."))
        set_style_property(self.print_state, "state", "ok")

    def _send_failed(self, exc: BaseException) -> None:
        self.print_state.setText(
            self.tr("Chưa gửi được tới máy in A4: {0}").format(error_text(exc))
        )
        set_style_property(self.print_state, "state", "error")

    def open_pdf(self) -> None:
        if self.last_print is not None and self.last_print.pdf is not None:
            problem = open_file(self.last_print.pdf)
            if problem:
                self.print_state.setText(problem)
                set_style_property(self.print_state, "state", "error")
