"""Dossiers: search by code (or scan), name, phone, status, field and dates; overdue, due-soon
and ready lists; the detail with its timeline; the return of results.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from kiosk.services.context import Actor
from kiosk.services.dossiers import return_result
from kiosk.services.queries import DossierFilter
from ui.context import AppContext
from ui.counter.data import Counts, DossierRow, dossier_detail, field_names, find_dossiers
from ui.counter.dialogs import ReturnDialog
from ui.counter.dossier_detail import DetailPanel
from ui.counter.dossier_table import DossierModel, dossier_view
from ui.i18n import status_name
from ui.widgets.background import IoRunner
from ui.widgets.fields import date_field
from ui.widgets.messages import Banner, BusyButton


class DossiersPage(QWidget):
    returned = Signal(str, str)  # code, early|on_time|late

    def __init__(
        self,
        ctx: AppContext,
        io: IoRunner,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = actor
        self.quick: str | None = None
        self.return_dialog: ReturnDialog | None = None
        self._open_after_search: str | None = None
        box = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setObjectName("dossierSearch")
        self.text.setPlaceholderText(
            self.tr("Mã hồ sơ, tên (bất kỳ chữ nào), điện thoại, CCCD hoặc vài số cuối")
        )
        self.text.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("Mọi trạng thái"), None)
        for code in range(1, 11):
            self.status.addItem(status_name(code), code)
        self.field = QComboBox()
        self.field.addItem(self.tr("Mọi lĩnh vực"), None)
        self.field.setMinimumContentsLength(14)
        self.date_from = date_field(self.tr("Nhận từ ngày"))
        self.date_to = date_field(self.tr("đến ngày"))
        for f in (self.date_from, self.date_to):
            f.edit.setMaximumWidth(110)
        self.search_button = BusyButton(self.tr("Tìm"))
        self.search_button.setObjectName("primary")
        col = QVBoxLayout()
        col.setSpacing(2)
        col.addWidget(QLabel(self.tr("Tìm hồ sơ")))
        col.addWidget(self.text)
        filters.addLayout(col, 3)
        for caption, w in ((self.tr("Trạng thái"), self.status), (self.tr("Lĩnh vực"), self.field)):
            c = QVBoxLayout()
            c.setSpacing(2)
            c.addWidget(QLabel(caption))
            c.addWidget(w)
            filters.addLayout(c, 2)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignBottom)
        box.addLayout(filters)

        quick = QHBoxLayout()
        self.overdue_button = QPushButton(self.tr("Quá hạn"))
        self.overdue_button.setObjectName("quickOverdue")
        self.soon_button = QPushButton(self.tr("Sắp đến hạn"))
        self.soon_button.setObjectName("quickSoon")
        self.soon_button.setToolTip(
            self.tr("Chưa quá hạn, hẹn trả trong hôm nay hoặc 2 ngày làm việc tới")
        )
        self.ready_button = QPushButton(self.tr("Chờ trả kết quả"))
        self.return_button = QPushButton(self.tr("Trả kết quả… (Ctrl+R)"))
        self.return_button.setObjectName("primary")
        for b in (self.overdue_button, self.soon_button, self.ready_button):
            b.setCheckable(True)
            quick.addWidget(b)
        self.result_count = QLabel()
        self.result_count.setObjectName("muted")
        quick.addWidget(self.result_count, 1)
        quick.addWidget(self.return_button)
        box.addLayout(quick)
        self.banner = Banner()
        box.addWidget(self.banner)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = DossierModel(self)
        self.table = dossier_view(self.model)
        self.table.setObjectName("dossierTable")
        split.addWidget(self.table)
        self.detail = DetailPanel(ctx, io, actor)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        box.addWidget(split, 1)

        self.search_button.clicked.connect(lambda: self.search())
        self.text.returnPressed.connect(lambda: self.search())
        self.overdue_button.clicked.connect(lambda: self.search("overdue"))
        self.soon_button.clicked.connect(lambda: self.search("due_soon"))
        self.ready_button.clicked.connect(lambda: self.search("ready"))
        self.return_button.clicked.connect(lambda: self.open_return())
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail.return_requested.connect(lambda row: self.open_return(row.code))
        self.detail.changed.connect(lambda _code: self.search(self.quick, keep=True))
        sc = QShortcut(QKeySequence("Ctrl+R"), self)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(lambda: self.open_return())

    def clear(self) -> None:
        """Nothing of the last search stays (issue 16): words, filters, rows, the detail."""
        self.text.clear()
        self.status.setCurrentIndex(0)
        self.field.setCurrentIndex(0)
        self.quick = None
        self._open_after_search = None
        self.model.set_rows([])
        self.result_count.clear()
        self.detail.show_detail(None)
        self.banner.hide()
        if self.return_dialog is not None:
            self.return_dialog.close()
            self.return_dialog = None

    def start(self) -> None:
        self.ctx.tasks.run(field_names, self._set_fields, lambda _e: None)

    def _set_fields(self, names: list[str]) -> None:
        for n in names:
            self.field.addItem(n, n)

    def set_counts(self, c: Counts) -> None:
        self.overdue_button.setText(self.tr("Quá hạn ({0})").format(c.overdue))
        self.soon_button.setText(self.tr("Sắp đến hạn ({0})").format(c.due_soon))
        self.ready_button.setText(self.tr("Chờ trả kết quả ({0})").format(c.ready))

    # -- searching ----------------------------------------------------------------------------
    def search(self, quick: str | None = None, keep: bool = False) -> None:
        """Run the search; `keep` keeps the selected dossier and the message on screen."""
        for f in (self.date_from, self.date_to):
            if not f.validate(show=True):
                return
        self.quick = quick
        for b, name in (
            (self.overdue_button, "overdue"),
            (self.soon_button, "due_soon"),
            (self.ready_button, "ready"),
        ):
            b.setChecked(quick == name)
        flt = DossierFilter(
            text=self.text.text().strip() or None,
            status=self.status.currentData(),
            field=self.field.currentData(),
            received_from=self.date_from.value(),
            received_to=self.date_to.value(),
            limit=500,
        )
        selected = self.detail.detail.row.code if keep and self.detail.detail else None
        self.search_button.start(self.tr("Đang tìm…"))
        if not keep:
            self.banner.clear_message()
        self.ctx.tasks.run(
            lambda s: find_dossiers(s, flt, quick),
            lambda rows: self._show_rows(rows, selected),
            self._search_failed,
        )

    def _search_failed(self, exc: BaseException) -> None:
        self.search_button.done()
        self.banner.show_error(exc)

    def _show_rows(self, rows: list[DossierRow], keep_code: str | None) -> None:
        self.search_button.done()
        self.model.set_rows(rows)
        self.result_count.setText(
            self.tr("{0} hồ sơ").format(len(rows))
            + (" " + self.tr("(hiển thị tối đa 500)") if len(rows) >= 500 else "")
        )
        target = self._open_after_search or keep_code
        self._open_after_search = None
        shown = self.detail.detail
        if shown is not None and shown.row.code not in {r.code for r in rows}:
            self.detail.show_detail(None)  # the detail always belongs to the list on screen
        if not rows:
            self.banner.show_message(self.tr("Không tìm thấy hồ sơ nào."), "info")
            return
        index = next(
            (i for i, r in enumerate(rows) if r.code == target), 0 if len(rows) == 1 else -1
        )
        if index >= 0:
            self.table.selectRow(index)

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is not None:
            self.detail.load(row.code)

    def open_code(self, code: str) -> None:
        """A scanned or typed dossier code: show it (and its detail) at once."""
        self.text.setText(code)
        self.status.setCurrentIndex(0)
        self.field.setCurrentIndex(0)
        self.date_from.clear()
        self.date_to.clear()
        self._open_after_search = code
        self.search()

    # -- returning results -----------------------------------------------------------------------
    def open_return(self, code: str | None = None) -> None:
        dialog = ReturnDialog(self)
        dialog.lookup.connect(lambda c: self._lookup_for_return(dialog, c))
        dialog.submitted.connect(self.return_result)
        self.return_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "return_dialog", None))
        dialog.open()
        if code:
            dialog.set_code(code)

    def scanned_code(self, code: str) -> bool:
        """Give a scanned code to the open return dialog; False if none is open."""
        if self.return_dialog is not None and self.return_dialog.isVisible():
            self.return_dialog.set_code(code)
            return True
        return False

    def _lookup_for_return(self, dialog: ReturnDialog, code: str) -> None:
        if not code:
            return
        self.ctx.tasks.run(
            lambda s: dossier_detail(s, code),
            lambda d: dialog.show_dossier(d.row, asked=code),
            lambda e: dialog.show_error(self._error_text(e), asked=code),
        )

    @staticmethod
    def _error_text(exc: BaseException) -> str:
        from ui.i18n import error_text

        return error_text(exc)

    def return_result(self, code: str, collected_by: str) -> None:
        actor = self.actor()

        def job(s: Session) -> str:
            return return_result(s, code, actor, to_name=collected_by)[1]

        def done(result: str) -> None:
            words = {
                "early": self.tr("sớm hạn"),
                "on_time": self.tr("đúng hạn"),
                "late": self.tr("trễ hạn"),
            }
            self.banner.show_message(
                self.tr("Đã trả kết quả hồ sơ {0} cho {1} ({2}).").format(
                    code, collected_by, words.get(result, result)
                ),
                "success",
            )
            self.ctx.hub.dossiers_changed.emit()
            self.returned.emit(code, result)
            if self.detail.detail and self.detail.detail.row.code == code:
                self.detail.reload()
            self.search(self.quick, keep=True)

        self.ctx.tasks.run(job, done, self.banner.show_error)
