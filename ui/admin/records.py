"""A list and a form beside it: staff, counters, services, departments of the admin window.

Every change is an admin mutation (kiosk.services.admin_sync.submit) run on the database
worker: applied at once on a PC that stands alone, only recorded on an enrolled PC — then the
row says "Chờ đồng bộ" (pending) until the server has applied it and it came down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.admin.form import AdminForm, Spec
from ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Payload = dict[str, Any]


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # as ui.admin.tabs.tr


def submit_job(kind: str, payload: Payload) -> Callable[[Session], Any]:
    def job(session: Session) -> Any:
        from kiosk.services.admin_sync import submit

        return submit(session, kind, payload)

    return job


def show_outcome(form: AdminForm, outcome: Any, done: str = "") -> None:
    """"Đã lưu" (or `done`) for a change applied here; "Chờ đồng bộ" for one that waits for
    the server (an enrolled PC), never as done."""
    if getattr(outcome, "done", True):
        form.banner.show_message(done or tr("Đã lưu."), "success")
    else:
        form.banner.show_message(
            tr("Chờ đồng bộ: thay đổi đã ghi lại, sẽ có hiệu lực khi máy chủ áp dụng."),
            "warning",
        )


def cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "✓" if v else "—"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def fit_columns(table: QTableWidget, keys: list[str]) -> None:
    """Short columns as wide as their contents, the name columns share the rest (elided, the
    whole text in the tooltip): the table never runs off to the side."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    names = [i for i, k in enumerate(keys) if k in ("name", "full_name", "field")]
    stretch = names or [len(keys) - 1]
    for i in range(table.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if i in stretch else (
            QHeaderView.ResizeMode.ResizeToContents
        )  # fmt: skip
        header.setSectionResizeMode(i, mode)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)


def text_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def scrolled_form(layout: QBoxLayout, specs: list[Spec]) -> AdminForm:
    """The form of `specs` in a scroll area that takes `layout`'s free room."""
    form = AdminForm(specs)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    layout.addWidget(scroll, 1)
    return form


def form_with_buttons(layout: QBoxLayout, specs: list[Spec]) -> tuple[AdminForm, QHBoxLayout]:
    """A scrolled form and under it a row of buttons (a stretch first: insert before it, or
    add after it to the right)."""
    form = scrolled_form(layout, specs)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    layout.addLayout(buttons)
    return form, buttons


class RecordEditor:
    """A table (`columns`: key, header) and, beside it, the form of `specs` in a scroll area
    with a row of `buttons` under it (a stretch first: callers insert before or add after).
    Laid out into `parent`'s new horizontal layout, table and form sharing it as `stretch`."""

    def __init__(
        self,
        parent: QWidget,
        name: str,
        columns: list[tuple[str, str]],
        specs: list[Spec],
        stretch: tuple[int, int] = (1, 1),
    ) -> None:
        box = QHBoxLayout(parent)
        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels([c for _k, c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(self.table, [k for k, _c in columns])
        self.table.verticalHeader().hide()
        box.addWidget(self.table, stretch[0])
        right = QVBoxLayout()
        self.form, self.buttons = form_with_buttons(right, specs)
        box.addLayout(right, stretch[1])


class RecordTab(QWidget):
    """`rows(session)` lists the records; `payload(form, key)` builds the change to submit
    (`key` None: a new record). The key column identifies a record in the payload."""

    saved = Signal(object)  # the Outcome

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        key: str,
        columns: list[tuple[str, str]],
        specs: list[Spec],
        rows: Callable[[Session], list[Payload]],
        payload: Callable[[AdminForm, Any], Payload],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.key = ctx, kind, key
        self.columns, self._rows, self._payload = columns, rows, payload
        self.records: list[Payload] = []
        self.pending: list[Payload] = []
        self.current: Any = None
        status = [*columns, ("status", tr("Trạng thái"))]
        editor = RecordEditor(self, f"{kind}_table", status, specs, stretch=(3, 2))
        self.table, self.form, self.buttons = editor.table, editor.form, editor.buttons
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button = QPushButton(tr("Thêm mới"))
        self.new_button.setObjectName("new")
        self.save_button = QPushButton(tr("Lưu"))
        self.save_button.setObjectName("primary")
        self.buttons.insertWidget(0, self.new_button)
        self.buttons.addWidget(self.save_button)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)

    # -- list --------------------------------------------------------------------------------
    def pending_kinds(self) -> tuple[str, ...]:
        """The kinds of change whose pending ones mark a row "Chờ đồng bộ"."""
        return (self.kind,)

    def pending_key(self, change: Payload) -> Any:
        """Which row a pending change is about."""
        return change.get(self.key)

    def refresh(self) -> None:
        rows, kinds = self._rows, self.pending_kinds()

        def job(session: Session) -> tuple[list[Payload], list[Payload]]:
            from kiosk.services.admin_sync import pending_changes

            return rows(session), pending_changes(session, kinds)

        self.ctx.tasks.run(job, self._show, self.form.show_error)

    def _show(self, result: tuple[list[Payload], list[Payload]]) -> None:
        records, pending = result
        self.pending = pending
        waiting = {str(self.pending_key(p)) for p in pending}
        known = {str(r.get(self.key)) for r in records}
        for p in pending:  # a record added here and not yet applied by the server
            if p.get("kind") == self.kind and p.get("action") == "add" and (
                str(p.get(self.key)) not in known
            ):
                records.append({**p, "_pending_new": True})
        self.records = records
        self.table.setRowCount(len(records))
        for i, r in enumerate(records):
            for j, (k, _c) in enumerate(self.columns):
                item = text_item(cell(r.get(k)))
                item.setData(Qt.ItemDataRole.UserRole, r.get(self.key))
                self.table.setItem(i, j, item)
            status = (
                tr("Chờ đồng bộ")
                if str(r.get(self.key)) in waiting
                else (tr("Đang dùng") if r.get("active", True) else tr("Ngừng"))
            )
            self.table.setItem(i, len(self.columns), QTableWidgetItem(status))

    def status_of(self, key: Any) -> str:
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item is not None and str(item.data(Qt.ItemDataRole.UserRole)) == str(key):
                last = self.table.item(i, len(self.columns))
                return last.text() if last else ""
        return ""

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        r = self.records[rows[0].row()]
        self.current = r.get(self.key)
        self.form.clear()
        self.form.set_values(r)
        self.on_select(r)

    def on_select(self, record: Payload) -> None:
        """Subclasses: what else a selected record changes (a key field read-only...)."""
        edit = self.form.inputs.get(self.key)
        if edit is not None:
            edit.setEnabled(False)

    def start_new(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.form.clear()
        edit = self.form.inputs.get(self.key)
        if edit is not None:
            edit.setEnabled(True)
            edit.setFocus()

    # -- save --------------------------------------------------------------------------------
    def save(self) -> None:
        self.form.clear_errors()
        try:
            payload = self._payload(self.form, self.current)
        except Exception as exc:  # a check made here (two passwords differ...)
            self.form.show_error(exc)
            return
        self.submit(payload)

    def submit(self, payload: Payload, kind: str | None = None) -> None:
        self.save_button.setEnabled(False)
        job = submit_job(kind or self.kind, payload)
        self.ctx.tasks.run(job, self._saved, self._failed)

    def _saved(self, outcome: Any) -> None:
        self.save_button.setEnabled(True)
        show_outcome(self.form, outcome)
        if isinstance(outcome.result, dict) and self.key in outcome.result:
            self.current = outcome.result[self.key]
        self.saved.emit(outcome)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.show_error(exc)
