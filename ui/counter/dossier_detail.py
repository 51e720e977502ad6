"""One dossier: who, what, dates, documents, the timeline of events; and what can be done now
(return the result, apologise with a new date, documents supplemented, print the receipt again).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.domain.status import RUNNING, Status
from kiosk.services.approval import behind_approval
from kiosk.services.context import Actor
from kiosk.services.dossiers import apologise, get_dossier, resume_dossier
from kiosk.services.rules import needs_approval
from ui.context import AppContext
from ui.counter.data import DossierDetail, dossier_detail
from ui.counter.dialogs import ApologyDialog
from ui.counter.printouts import (
    PrintResult,
    make_apology,
    make_receipt,
    print_papers,
    record_slip_job,
)
from ui.i18n import fmt_datetime, status_name
from ui.widgets.background import IoRunner
from ui.widgets.messages import Banner, BusyButton
from ui.widgets.rule_dialog import open_when_known, run_in_dialog


class DetailPanel(QWidget):
    changed = Signal(str)  # code: the dossier changed (lists refresh)
    return_requested = Signal(object)  # DossierRow
    printed = Signal(object)  # PrintResult

    def __init__(
        self,
        ctx: AppContext,
        io: IoRunner,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
        *,
        show_actions: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.io = io
        self.actor = actor
        self.detail: DossierDetail | None = None
        self._dialog: ApologyDialog | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Chọn một hồ sơ để xem chi tiết."))
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        # who/what/when on the left, the timeline on the right: both get the panel's full height
        split = QSplitter(Qt.Orientation.Horizontal)
        self.info = QLabel()
        self.info.setObjectName("detailInfo")
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.info)
        split.addWidget(scroll)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(6, 0, 0, 0)
        caption = QLabel(self.tr("Quá trình xử lý"))
        caption.setObjectName("sectionTitle")
        rbox.addWidget(caption)
        self.timeline = QTableWidget(0, 4)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(
            [
                self.tr("Thời gian"),
                self.tr("Người thực hiện"),
                self.tr("Nội dung"),
                self.tr("Ghi chú"),
            ]
        )
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline.setWordWrap(True)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in ((0, 128), (1, 150)):
            self.timeline.setColumnWidth(col, width)
        for col in (2, 3):  # what happened and the note share the rest (they wrap)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        rbox.addWidget(self.timeline, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([400, 600])
        box.addWidget(split, 1)
        self.banner = Banner()
        box.addWidget(self.banner)
        actions = QHBoxLayout()
        self.return_button = BusyButton(self.tr("Trả kết quả"))
        self.return_button.setObjectName("primary")
        self.apology_button = BusyButton(self.tr("Xin lỗi, hẹn lại (Mẫu 04)"))
        self.resume_button = BusyButton(self.tr("Đã nhận đủ bổ sung"))
        self.reprint_button = BusyButton(self.tr("In lại giấy hẹn"))
        for b in (self.reprint_button, self.resume_button, self.apology_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.return_button)
        self.action_bar = QWidget()
        self.action_bar.setLayout(actions)
        actions.setContentsMargins(0, 0, 0, 0)
        self.action_bar.setVisible(show_actions)
        box.addWidget(self.action_bar)
        self.return_button.clicked.connect(self._return)
        self.apology_button.clicked.connect(self.ask_apology)
        self.resume_button.clicked.connect(self.resume)
        self.reprint_button.clicked.connect(self.reprint)
        self.show_detail(None)

    # -- loading ------------------------------------------------------------------------------
    def load(self, code: str) -> None:
        if self.detail is None or self.detail.row.code != code:
            self.banner.clear_message()  # a refresh of the same dossier keeps what it said
        self.ctx.tasks.run(lambda s: dossier_detail(s, code), self.show_detail, self._load_failed)

    def reload(self) -> None:
        if self.detail is not None:
            self.load(self.detail.row.code)

    def _load_failed(self, exc: BaseException) -> None:
        self.show_detail(None)
        self.banner.show_error(exc)

    def show_detail(self, d: DossierDetail | None) -> None:
        self.detail = d
        status = d.row.status if d else None
        self.return_button.setEnabled(status == Status.READY)
        self.apology_button.setEnabled(
            status in RUNNING or status in (Status.SUPPLEMENT, Status.AWAITING_PAYMENT)
        )
        self.resume_button.setEnabled(status == Status.SUPPLEMENT)
        self.reprint_button.setEnabled(d is not None and d.row.received_at is not None)
        if d is None:
            self.title.setText(self.tr("Chọn một hồ sơ để xem chi tiết."))
            self.info.clear()
            self.timeline.setRowCount(0)
            return
        r = d.row
        state = status_name(r.status)
        if r.overdue:
            state += " – " + self.tr("QUÁ HẠN")
        self.title.setText(f"{r.code}  ·  {state}")
        lines = [
            self.tr("<b>Người nộp:</b> {0}").format(r.applicant_name),
            self.tr("<b>CCCD:</b> {0} &nbsp; <b>Điện thoại:</b> {1}").format(
                d.id_number or "—", r.applicant_phone or "—"
            ),
            self.tr("<b>Địa chỉ:</b> {0}").format(d.address or "—"),
            self.tr("<b>Thủ tục:</b> {0} ({1})").format(r.procedure_name, r.field),
            self.tr("<b>Tiếp nhận:</b> {0} &nbsp; <b>Hẹn trả:</b> {1}").format(
                fmt_datetime(r.received_at) or "—", fmt_datetime(r.due_at) or "—"
            ),
            self.tr("<b>Cán bộ tiếp nhận:</b> {0}, quầy {1}").format(
                d.received_by or "—", d.counter or "—"
            ),
        ]
        if d.ticket:
            lines.append(self.tr("<b>Số thứ tự:</b> {0}").format(d.ticket))
        if d.original_due_at and d.original_due_at != r.due_at:
            lines.append(self.tr("<b>Hẹn ban đầu:</b> {0}").format(fmt_datetime(d.original_due_at)))
        if r.new_due_at is not None:  # an apology's new appointment, next to the original
            lines.append(
                self.tr("<b>Hẹn lại (thư xin lỗi):</b> {0}").format(fmt_datetime(r.new_due_at))
            )
        if d.documents:
            docs = "; ".join(
                self.tr("{0} ({1} chính, {2} sao)").format(n, o, c) for n, o, c in d.documents
            )
            lines.append(self.tr("<b>Giấy tờ đã nhận:</b> {0}").format(docs))
        if d.route:
            lines.append(self.tr("<b>Liên thông:</b> {0}").format(" → ".join(d.route)))
        self.info.setText("<br>".join(lines))
        self.timeline.setRowCount(len(d.events))
        kinds = {"apology": self.tr("Xin lỗi, hẹn lại"), "handover": self.tr("Chuyển cơ quan")}
        for i, e in enumerate(d.events):
            what = kinds.get(e.kind) or status_name(e.to_status)
            if e.kind == "status" and e.from_status is not None:
                what = f"{status_name(e.from_status)} → {status_name(e.to_status)}"
            note = " ".join(x for x in (e.note or "", e.detail) if x)
            for col, text in enumerate((fmt_datetime(e.at), e.actor, what, note)):
                item = QTableWidgetItem(text)
                item.setToolTip(e.username if col == 1 else text)
                self.timeline.setItem(i, col, item)
        self.timeline.resizeRowsToContents()

    # -- actions ------------------------------------------------------------------------------
    def _return(self) -> None:
        if self.detail is not None:
            self.return_requested.emit(self.detail.row)

    def ask_apology(self) -> None:
        """The apology dialog, with the approving supervisor's fields when the rule asks for
        them (an apology was made already and the one signed in is not a supervisor)."""
        if self.detail is None or self.apology_button.busy:
            return
        row, username = self.detail.row, self.actor().username
        self.banner.clear_message()

        def opened(approval: bool) -> None:
            dialog = self._dialog = ApologyDialog(row, self, approval=approval)
            dialog.submitted.connect(
                lambda code, new_due, reason, who, password: self.apologise(
                    dialog, code, new_due, reason, who, password
                )
            )
            dialog.open()

        open_when_known(
            self.ctx,
            self.apology_button,
            lambda s: needs_approval(s, row.code, username, "apology"),
            opened,
            self.banner.show_error,
        )

    def apologise(
        self,
        dialog: ApologyDialog,
        code: str,
        new_due: datetime,
        reason: str,
        approver: str = "",
        password: str = "",
    ) -> None:
        """Apologise for the dossier the dialog showed (`code`), even if the panel has moved on
        to another one meanwhile (a refresh); the old date is read again in the same session.
        A second apology is approved by the supervisor named, whose password is checked on the
        spot (kiosk.services.approval, throttled like a sign-in; the department window's check
        too). The dialog stays open until it is recorded; a refusal goes under its field."""
        actor = self.actor()

        def job(s: Session, approved_by: str | None) -> object:
            found = get_dossier(s, code)
            old = found.new_due_at or found.due_at  # the appointment the citizen holds
            d = apologise(s, code, new_due, reason, actor, approved_by=approved_by)
            return make_apology(s, d, reason, old)

        message = self.tr("Đã hẹn lại ngày trả kết quả.")
        run_in_dialog(
            self.ctx,
            dialog,
            self.apology_button,
            behind_approval(job, approver, password, actor.device_id or ""),
            lambda printout: self._done(message, printout, True, code),
        )

    def resume(self) -> None:
        if self.detail is None:
            return
        code, actor = self.detail.row.code, self.actor()

        def job(s: Session) -> object:
            d = resume_dossier(s, code, actor)
            return make_receipt(s, d) if d.status == Status.RECEIVED else None

        self._act(self.resume_button, job, self.tr("Đã ghi nhận hồ sơ được bổ sung đủ."))

    def reprint(self) -> None:
        if self.detail is None:
            return
        code = self.detail.row.code
        self._act(
            self.reprint_button,
            lambda s: make_receipt(s, get_dossier(s, code)),
            self.tr("Đang in lại giấy hẹn…"),
            changes=False,
        )

    def _act(
        self,
        button: BusyButton,
        job: Callable[[Session], object],
        message: str,
        changes: bool = True,
    ) -> None:
        if button.busy:
            return
        button.start()
        self.banner.clear_message()
        code = self.detail.row.code if self.detail else ""

        def done(printout: object) -> None:
            button.done()
            self._done(message, printout, changes, code)

        def failed(exc: BaseException) -> None:
            button.done()
            self.banner.show_error(exc)

        self.ctx.tasks.run(job, done, failed)

    def _done(self, message: str, printout: object, changes: bool, code: str) -> None:
        self.banner.show_message(message, "success")
        if changes:
            self.changed.emit(code)
            self.ctx.hub.dossiers_changed.emit()
            self.reload()
        if printout is not None:
            self._print(printout)

    def _print(self, printout: object) -> None:
        out_dir = Path(self.ctx.home) / "printouts"
        slip_url = self.ctx.printer_url("receipt")
        forms_url = self.ctx.printer_url("forms")

        def printed(r: PrintResult) -> None:
            text = self.tr("Đã tạo {0}.").format(r.pdf.name if r.pdf else "PDF")
            if r.slip_error:
                text += " " + self.tr("Phiếu hẹn chưa in được: {0}").format(r.slip_error)
            if r.forms_error:
                text += " " + self.tr("Chưa gửi được tới máy in A4: {0}").format(r.forms_error)
            failed = r.slip_error or r.forms_error
            self.banner.show_message(text, "error" if failed else "success")
            self.printed.emit(r)
            job = record_slip_job(printout, r)  # the thermal receipt that printed is a record
            if job is not None:
                self.ctx.tasks.run(job, lambda _doc: None, self.banner.show_error)

        self.io.run(
            lambda: print_papers(printout, out_dir, slip_url, forms_url),  # type: ignore[arg-type]
            printed,
            self.banner.show_error,
        )
