"""The pages of the set-up wizard: a form page checked on the database worker, and a list page
(services, counters, staff) whose rows are each checked as they are added."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from ui.admin.form import Spec
from ui.admin.records import RecordEditor, cell, scrolled_form, text_item
from ui.admin.tabs import tr
from ui.admin.wizard_plan import dry_run, hash_checked

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ui.admin.wizard import SetupWizard

Job = Callable[["Session"], Any]


class CheckedPage(QWizardPage):
    """`check()` returns a job for the database worker (or None: nothing to check); the page
    is left only once the job succeeded, its refusal is shown under the field it names. The job
    takes a Session, unless `needs_session` is False (it opens its own transactions)."""

    needs_session = True

    def __init__(self, wiz: SetupWizard, title: str, subtitle: str, specs: list[Spec]) -> None:
        super().__init__()
        self.wiz = wiz
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.box = QVBoxLayout(self)
        self.form = scrolled_form(self.box, specs)
        self._passed = False

    def choice(self, first: tuple[str, str], second: tuple[str, str]) -> list[QRadioButton]:
        """Two exclusive choices (text, object name) at the top of the form, the first on."""
        group = QButtonGroup(self)
        out = []
        for i, (text, name) in enumerate((first, second)):
            b = QRadioButton(text)
            b.setObjectName(name)
            group.addButton(b)
            self.form.layout().insertWidget(i + 1, b)  # type: ignore[union-attr]
            out.append(b)
        out[0].setChecked(True)
        return out

    def check(self) -> Job | None:
        return None

    def checked(self, result: Any) -> None:
        """The check passed: keep what it returned."""

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        if self._passed:
            self._passed = False
            return True
        self.form.clear_errors()
        try:
            job = self.check()
        except Exception as exc:  # a check made here (two passwords differ...)
            self.form.show_error(exc)
            return False
        if job is None:
            return True
        self.wiz.busy(True)
        tasks = self.wiz.ctx.tasks
        if self.needs_session:
            tasks.run(job, self._ok, self._bad)
        else:
            tasks.call(job, self._ok, self._bad)  # type: ignore[arg-type]  # takes no Session
        return False

    def _ok(self, result: Any) -> None:
        self.wiz.busy(False)
        self.checked(result)
        self._passed = True
        self.advance()

    def advance(self) -> None:
        self.wiz.next()

    def _bad(self, exc: BaseException) -> None:
        self.wiz.busy(False)
        self.form.show_error(exc)


class ListPage(QWizardPage):
    """Rows of one section of the plan (`section`), each checked with everything before it."""

    def __init__(
        self,
        wiz: SetupWizard,
        section: str,
        title: str,
        subtitle: str,
        specs: list[Spec],
        columns: list[tuple[str, str]],
        minimum: int = 1,
    ) -> None:
        super().__init__()
        self.wiz, self.section, self.columns, self.minimum = wiz, section, columns, minimum
        self.setTitle(title)
        self.setSubTitle(subtitle)
        editor = RecordEditor(self, f"{section}_rows", columns, specs)
        self.table, self.form, self.buttons = editor.table, editor.form, editor.buttons
        self.remove_button = QPushButton(tr("Bỏ dòng đã chọn"))
        self.remove_button.setObjectName("removeRow")
        self.add_button = QPushButton(tr("Thêm vào danh sách"))
        self.add_button.setObjectName("addRow")
        self.buttons.insertWidget(0, self.remove_button)
        self.buttons.addWidget(self.add_button)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)

    @property
    def rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = getattr(self.wiz.plan, self.section)
        return rows

    def row(self) -> dict[str, Any]:
        """The row typed in the form, as the set-up data takes it."""
        return self.form.values()

    def finish_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """On the worker, before the check (a password hashed, say)."""
        return row

    def add(self) -> None:
        self.form.clear_errors()
        try:
            row = self.row()
        except Exception as exc:
            self.form.show_error(exc)
            return
        plan, section, finish = self.wiz.plan, self.section, self.finish_row

        def job(session: Session) -> dict[str, Any]:
            done = finish(row)
            dry_run(session, plan.data(**{section: [*getattr(plan, section), done]}))
            return done

        self.add_button.setEnabled(False)
        self.wiz.ctx.tasks.run(job, self._added, self._refused)

    def _added(self, row: dict[str, Any]) -> None:
        self.add_button.setEnabled(True)
        self.rows.append(row)
        self.form.clear()
        self.form.banner.show_message(tr("Đã thêm vào danh sách."), "success")
        self.show_rows()

    def _refused(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.form.show_error(exc)

    def remove(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            del self.rows[selected[0].row()]
            self.show_rows()

    def show_rows(self) -> None:
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for j, (k, _c) in enumerate(self.columns):
                self.table.setItem(i, j, text_item(cell(r.get(k))))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt naming
        return len(self.rows) >= self.minimum


def hash_row(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out.pop("password2", None)
    password = out.pop("password", None)
    out["password_hash"] = hash_checked(password or "")
    return out
