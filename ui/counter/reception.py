"""Reception: procedure, applicant, checklist; then receive, ask for a supplement, or refuse.

The service call is one transaction on the worker (code, due date, event, outbox together, so
nothing is half-saved); the papers are printed afterwards on the I/O worker and can be printed
again from the dossier's detail if the printer failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.domain.people import CitizenCard, InputError
from kiosk.services.context import Actor
from kiosk.services.dossiers import Intake, receive_dossier, refuse_dossier, request_supplement
from kiosk.services.queue import link_dossier
from ui.context import AppContext
from ui.counter.applicant_form import ApplicantForm
from ui.counter.checklist import Checklist
from ui.counter.data import ProcedureItem
from ui.counter.dialogs import ReasonDialog
from ui.counter.fee_form import FeeForm
from ui.counter.printouts import (
    PrintResult,
    make_receipt,
    make_refusal,
    make_supplement,
)
from ui.counter.procedure_picker import ProcedurePicker
from ui.counter.result_card import Outcome, ResultCard
from ui.widgets.background import IoRunner
from ui.widgets.messages import Banner, BusyButton
from ui.widgets.rule_dialog import run_in_dialog


class ReceptionPage(QWidget):
    printed = Signal(object)  # PrintResult
    print_failed = Signal(object)  # exception

    def __init__(
        self,
        ctx: AppContext,
        io: IoRunner,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.io = io
        self.actor = actor
        self.procedure: ProcedureItem | None = None
        self.outcome: Outcome | None = None
        self._dialog: ReasonDialog | None = None

        outer = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(split)

        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        self.picker = ProcedurePicker()
        lbox.addWidget(self.picker, 1)
        self.proc_info = QLabel()
        self.proc_info.setObjectName("procedureInfo")
        self.proc_info.setWordWrap(True)
        self.proc_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.proc_info.setMinimumHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        lbox.addWidget(self.proc_info)
        split.addWidget(left)

        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(8, 0, 0, 0)
        self.form_area = QWidget()
        fbox = QVBoxLayout(self.form_area)
        fbox.setContentsMargins(0, 0, 0, 0)
        self.applicant = ApplicantForm()
        fbox.addWidget(self.applicant)
        self.checklist = Checklist()
        fbox.addWidget(self.checklist, 1)
        self._missing_shown = ""  # the banner's "documents missing" warning, while shown
        self.checklist.changed.connect(self._checklist_changed)
        extra = QHBoxLayout()
        extra.addWidget(QLabel(self.tr("Số bộ hồ sơ")))
        self.sets = QSpinBox()
        self.sets.setRange(1, 99)
        extra.addWidget(self.sets)
        extra.addSpacing(16)
        extra.addWidget(QLabel(self.tr("Nơi trả kết quả")))
        self.result_place = QComboBox()
        self.result_place.setEditable(True)
        extra.addWidget(self.result_place, 1)
        fbox.addLayout(extra)
        self.fee = FeeForm()
        fbox.addWidget(self.fee)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form_area)
        rbox.addWidget(scroll, 1)

        self.banner = Banner()
        rbox.addWidget(self.banner)
        self.result = ResultCard(ctx, io)
        self.result.printed.connect(self.printed)
        self.result.print_failed.connect(self.print_failed)
        rbox.addWidget(self.result)
        actions = QHBoxLayout()
        self.receive_button = BusyButton(self.tr("Tiếp nhận (Ctrl+Enter)"))
        self.receive_button.setObjectName("primary")
        self.supplement_button = BusyButton(self.tr("Yêu cầu bổ sung (Mẫu 02)"))
        self.refuse_button = BusyButton(self.tr("Từ chối (Mẫu 03)"))
        self.refuse_button.setObjectName("danger")
        self.new_button = QPushButton(self.tr("Hồ sơ mới (Ctrl+N)"))
        actions.addWidget(self.new_button)
        actions.addStretch(1)
        actions.addWidget(self.refuse_button)
        actions.addWidget(self.supplement_button)
        actions.addWidget(self.receive_button)
        rbox.addLayout(actions)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 620])

        self.picker.picked.connect(self._procedure_picked)
        self.receive_button.clicked.connect(self.receive)
        self.supplement_button.clicked.connect(self.ask_supplement)
        self.refuse_button.clicked.connect(self.ask_refusal)
        self.new_button.clicked.connect(self.new_dossier)
        for keys, slot in (
            ("Ctrl+Return", self.receive_button.click),
            ("Ctrl+Enter", self.receive_button.click),
            ("Ctrl+N", self.new_dossier),
            ("Ctrl+F", self.picker.search.setFocus),
        ):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self._procedure_picked(None)

    # -- procedures ---------------------------------------------------------------------------
    def set_procedures(self, procedures: list[ProcedureItem]) -> None:
        self.picker.set_procedures(procedures)

    def _procedure_picked(self, p: ProcedureItem | None) -> None:
        self.procedure = p
        for b in (self.receive_button, self.supplement_button, self.refuse_button):
            b.setEnabled(p is not None and self.outcome is None)
        self.result_place.clear()
        if p is None:
            self.proc_info.setText(self.tr("Chưa chọn thủ tục."))
            self.checklist.clear()
            return
        fee = p.fee_text.split(". ")[0].strip() or self.tr("không")
        if len(fee) > 140:
            fee = fee[:137] + "…"
        self.proc_info.setText(
            self.tr("<b>{0}</b><br>Lĩnh vực: {1}<br>Thời hạn: {2}<br>Phí, lệ phí: {3}").format(
                p.name, p.field, self.limit_text(p), fee
            )
        )
        self.proc_info.setToolTip(f"{p.time_text}\n\n{p.fee_text}".strip())
        self.checklist.set_documents(p.documents)
        self.result_place.addItems(list(p.result_places) or [self.tr("Tại Bộ phận Một cửa")])

    def limit_text(self, p: ProcedureItem) -> str:
        n = f"{p.time_limit:g}".replace(".", ",")
        if p.time_limit == 0:
            return self.tr("trong ngày làm việc")
        if p.time_unit == "hours":
            return self.tr("{0} giờ làm việc").format(n)
        if p.time_unit == "calendar_days":
            return self.tr("{0} ngày").format(n)
        return self.tr("{0} ngày làm việc").format(n)

    # -- citizen card -------------------------------------------------------------------------
    def fill_from_card(self, card: CitizenCard) -> None:
        if self.outcome is not None:
            self.new_dossier()
        self.applicant.fill_from_card(card)

    # -- actions ------------------------------------------------------------------------------
    def _intake(self) -> Intake | None:
        if self.procedure is None:
            self.banner.show_message(self.tr("Hãy chọn thủ tục trước."), "warning")
            self.picker.search.setFocus()
            return None
        if not self.applicant.check():
            self.banner.show_message(self.tr("Kiểm tra lại thông tin người nộp."), "warning")
            return None
        if not self.fee.check():
            self.banner.show_message(self.tr("Kiểm tra lại phần phí, lệ phí."), "warning")
            self.scroll.ensureWidgetVisible(self.fee)
            return None
        return Intake(
            self.procedure.code,
            self.applicant.applicant(),
            documents=self.checklist.received(),
            sets=self.sets.value(),
            result_place=self.result_place.currentText().strip() or None,
            fee=self.fee.collected(),
        )

    def _checklist_changed(self) -> None:
        """A "documents missing" warning goes once the checklist is complete (it stayed, stale,
        under "Đủ giấy tờ bắt buộc")."""
        if self._missing_shown and not self.checklist.missing_required():
            if self.banner.text() == self._missing_shown:
                self.banner.clear_message()
            self._missing_shown = ""

    def receive(self) -> None:
        if self.receive_button.busy or not self.receive_button.isEnabled():
            return
        intake = self._intake()
        if intake is None:
            return
        missing = self.checklist.missing_required()
        if missing:
            self._missing_shown = self.tr(
                "Chưa đủ giấy tờ bắt buộc ({0}). Đánh dấu đủ, hoặc chọn «Yêu cầu bổ sung»."
            ).format(len(missing))
            self.banner.show_message(self._missing_shown, "warning")
            return
        actor = self.actor()

        def job(s: Session) -> Outcome:
            d = receive_dossier(s, intake, actor)
            link_dossier(s, actor.counter_number, d.code)  # the ticket being served, if any
            return Outcome("receipt", d.code, d.status, d.received_at, d.due_at, make_receipt(s, d))

        self._run(self.receive_button, job)

    def ask_supplement(self) -> None:
        intake = self._intake()
        if intake is None:
            return
        self._dialog = ReasonDialog(
            self.tr("Yêu cầu bổ sung hồ sơ"),
            self.tr("Lý do, hướng dẫn bổ sung (in trên Mẫu 02):"),
            self.tr("Lưu và in Mẫu 02"),
            self,
            subject=self._subject(intake),
        )
        # the reason goes with the application the dialog showed, not the form as it is later
        dialog = self._dialog
        dialog.submitted.connect(lambda reason: self.supplement(reason, intake, dialog))
        dialog.open()

    def _subject(self, intake: Intake) -> str:
        name = self.procedure.name if self.procedure is not None else intake.procedure_code
        return self.tr("{0} – {1}").format(intake.applicant.name, name)

    def supplement(
        self, reason: str, intake: Intake | None = None, dialog: ReasonDialog | None = None
    ) -> None:
        intake = intake or self._intake()
        if intake is None:
            return
        missing = self.checklist.missing_required() or [
            {"name": self.tr("Giấy tờ theo hướng dẫn"), "originals": 0, "copies": 0}
        ]
        actor = self.actor()

        def job(s: Session) -> Outcome:
            d = request_supplement(s, intake, missing, reason, actor)
            link_dossier(s, actor.counter_number, d.code)
            return Outcome(
                "supplement", d.code, d.status, None, None, make_supplement(s, d, missing, reason)
            )

        self._run(self.supplement_button, job, dialog)

    def ask_refusal(self) -> None:
        intake = self._intake()
        if intake is None:
            return
        self._dialog = ReasonDialog(
            self.tr("Từ chối tiếp nhận hồ sơ"),
            self.tr("Lý do từ chối (bắt buộc, in trên Mẫu 03):"),
            self.tr("Từ chối và in Mẫu 03"),
            self,
            subject=self._subject(intake),
        )
        # the reason goes with the application the dialog showed, not the form as it is later
        dialog = self._dialog
        dialog.submitted.connect(lambda reason: self.refuse(reason, intake, dialog))
        dialog.open()

    def refuse(
        self, reason: str, intake: Intake | None = None, dialog: ReasonDialog | None = None
    ) -> None:
        intake = intake or self._intake()
        if intake is None:
            return
        actor = self.actor()

        def job(s: Session) -> Outcome:
            d = refuse_dossier(s, intake, reason, actor)
            link_dossier(s, actor.counter_number, d.code)
            return Outcome("refusal", d.code, d.status, None, None, make_refusal(s, d, reason))

        self._run(self.refuse_button, job, dialog)

    def _run(
        self,
        button: BusyButton,
        job: Callable[[Session], Outcome],
        dialog: ReasonDialog | None = None,
    ) -> None:
        """Record on the worker. With the reason's `dialog`, it stays open meanwhile and a
        refusal goes under the reason in it (ui.widgets.rule_dialog), unless it concerns a
        field of the form: then the dialog closes and the form shows it."""
        self.banner.clear_message()
        if dialog is not None:
            run_in_dialog(
                self.ctx, dialog, button, job, lambda o: self._saved(button, o), self._in_form
            )
            return
        button.start(self.tr("Đang lưu…"))
        self.ctx.tasks.run(job, lambda o: self._saved(button, o), lambda e: self._failed(button, e))

    def _in_form(self, exc: BaseException) -> bool:
        """Show a refusal of a field of the form under it; False if it concerns none."""
        if isinstance(exc, InputError) and self.applicant.show_input_error(
            exc.field, exc.message_vi
        ):
            self.banner.show_message(self.tr("Kiểm tra lại thông tin người nộp."), "warning")
            return True
        if isinstance(exc, InputError) and self.fee.show_input_error(exc.field, exc.message_vi):
            self.banner.show_message(self.tr("Kiểm tra lại phần phí, lệ phí."), "warning")
            return True
        return False

    def _failed(self, button: BusyButton, exc: BaseException) -> None:
        button.done()
        if not self._in_form(exc):
            self.banner.show_error(exc)

    def _saved(self, button: BusyButton, outcome: Outcome) -> None:
        button.done()
        self.outcome = outcome
        self.form_area.setEnabled(False)
        self.picker.setEnabled(False)
        for b in (self.receive_button, self.supplement_button, self.refuse_button):
            b.setEnabled(False)
        self.result.show_outcome(outcome)
        self.ctx.hub.dossiers_changed.emit()
        self.new_button.setFocus()

    @property
    def last_print(self) -> PrintResult | None:
        return self.result.last_print

    def new_dossier(self) -> None:
        if self.receive_button.busy or self.supplement_button.busy or self.refuse_button.busy:
            return
        self.outcome = None
        self.result.clear()
        self.banner.clear_message()
        self.form_area.setEnabled(True)
        self.picker.setEnabled(True)
        self.applicant.clear()
        self.fee.clear()
        self.sets.setValue(1)
        self.picker.clear_selection()
        self._procedure_picked(None)
        self.picker.search.setFocus()

    def has_work(self) -> Any:
        """True when the clerk typed something not yet saved."""
        return self.outcome is None and any(f.text() for f in self.applicant.fields)
