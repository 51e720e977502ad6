"""The catalog tab: the procedures with their fees, a catalog file imported after a preview of
what it adds, changes and withdraws (kiosk.services.catalog_store.diff_catalog), a procedure
withdrawn by hand, and the posting sheets (issue 18) printed to a PDF — all off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.admin.form import AdminForm, Spec
from ui.admin.records import Payload, RecordTab, show_outcome
from ui.admin.shared_proof import SharedChange
from ui.admin.tabs import tr
from ui.context import AppContext
from ui.widgets.open_file import open_file

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kiosk.services.catalog_store import CatalogDiff


def preview_text(diff: CatalogDiff) -> str:
    lines = [
        tr("Thêm mới: {0} · Thay đổi: {1} · Ngừng áp dụng: {2} · Giữ nguyên: {3}").format(
            len(diff.added), len(diff.changed), len(diff.withdrawn), diff.unchanged
        )
    ]
    for code, name in diff.added:
        lines.append(f"+ {code}  {name}")
    for code, name, keys in diff.changed:
        lines.append(f"~ {code}  {name}  ({', '.join(keys)})")
    for code, name in diff.withdrawn:
        lines.append(f"− {code}  {name}")
    return "\n".join(lines)


class ImportPreview(QDialog):
    """What the file would add, change and withdraw; nothing is written before "Áp dụng"."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Nhập danh mục thủ tục – xem trước"))
        self.resize(760, 480)
        box = QVBoxLayout(self)
        hint = QLabel(tr("Kiểm tra các thay đổi trước khi áp dụng:"))
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("preview")
        self.text.setReadOnly(True)
        box.addWidget(self.text, 1)
        buttons = QDialogButtonBox()
        self.apply = buttons.addButton(tr("Áp dụng"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply.setObjectName("primary")
        buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)


class CatalogTab(RecordTab):
    def __init__(self, ctx: AppContext) -> None:
        specs = [
            Spec("code", tr("Mã thủ tục")),
            Spec("fee_vnd", tr("Phí (đồng)"), "int"),
            Spec("charge_vnd", tr("Lệ phí (đồng)"), "int"),
            Spec("basis", tr("Căn cứ pháp lý của mức thu")),
        ]
        columns = [
            ("code", tr("Mã")),
            ("name", tr("Tên thủ tục")),
            ("field", tr("Lĩnh vực")),
            ("total_vnd", tr("Phí, lệ phí (đồng)")),
        ]
        super().__init__(ctx, "fee.set", "code", columns, specs, _rows, _fee_payload)
        self.new_button.hide()
        self.save_button.setText(tr("Lưu mức phí"))
        self.form.inputs["code"].setEnabled(False)
        self.withdraw_missing = QCheckBox(tr("Ngừng các thủ tục không có trong tệp"))
        self.import_button = QPushButton(tr("Nhập tệp danh mục…"))
        self.import_button.setObjectName("importCatalog")
        self.withdraw_button = QPushButton(tr("Ngừng thủ tục"))
        self.withdraw_button.setObjectName("withdraw")
        self.posting_button = QPushButton(tr("In bản niêm yết"))
        self.posting_button.setObjectName("posting")
        lay = self.form.layout()
        assert isinstance(lay, QVBoxLayout)
        for w in (self.withdraw_missing, self.import_button, self.posting_button):
            lay.insertWidget(lay.count() - 1, w)
        self.buttons.insertWidget(1, self.withdraw_button)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingImport")
        self.pending_label.setWordWrap(True)
        self.pending_label.hide()
        lay.insertWidget(0, self.pending_label)
        self.import_button.clicked.connect(lambda: self.choose_file())
        self.withdraw_button.clicked.connect(self.withdraw)
        self.posting_button.clicked.connect(lambda: self.print_posting())
        self.last_pdf: Path | None = None
        self.shared = SharedChange(self, ctx, self.form)  # the server's proof (shared_proof.py)

    def start_new(self) -> None:  # procedures come from a catalog file, not typed in
        pass

    # -- pending changes (an enrolled PC) ----------------------------------------------------
    def pending_kinds(self) -> tuple[str, ...]:
        from kiosk.services.admin_sync import CATALOG_IMPORT, FEE_SET, PROCEDURE_SET

        return (FEE_SET, PROCEDURE_SET, CATALOG_IMPORT)

    def pending_key(self, change: Payload) -> Any:
        return change.get("code") or change.get("procedure")

    def _show(self, result: tuple[list[Payload], list[Payload]]) -> None:
        super()._show(result)
        imports = [p for p in self.pending if p.get("kind") == "catalog.import"]
        self.pending_label.setVisible(bool(imports))
        if imports:
            last = imports[-1]
            self.pending_label.setText(
                tr("Chờ đồng bộ: danh mục «{0}» ({1} thủ tục) sẽ áp dụng khi máy chủ nhận.").format(
                    last.get("name") or "", last.get("procedures") or 0
                )
            )

    # -- import ------------------------------------------------------------------------------
    def choose_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Chọn tệp danh mục"), "", tr("Danh mục (*.toml *.json *.yaml)")
            )
        if not path:
            return
        withdraw = self.withdraw_missing.isChecked()

        def job(session: Session) -> Any:
            from kiosk.catalog import parse_catalog
            from kiosk.services.catalog_store import diff_catalog, read_catalog_payload

            payload = read_catalog_payload(path, withdraw_missing=withdraw)
            catalog = parse_catalog(payload["catalog"])
            return payload, diff_catalog(session, catalog, withdraw_missing=withdraw)

        self.ctx.tasks.run(job, self._preview, self.form.show_error)

    def _preview(self, result: Any) -> None:
        payload, diff = result
        self.preview = ImportPreview(preview_text(diff), self)
        self.preview.accepted.connect(lambda: self._apply(payload))
        self.preview.open()

    def _apply(self, payload: Payload) -> None:
        from kiosk.services.admin_sync import CATALOG_IMPORT

        self.shared.submit(CATALOG_IMPORT, payload, self._imported)

    def _imported(self, outcome: Any) -> None:
        diff = outcome.result
        show_outcome(
            self.form,
            outcome,
            tr("Đã nhập danh mục: thêm {0}, thay đổi {1}, ngừng {2}.").format(
                len(diff.added), len(diff.changed), len(diff.withdrawn)
            ),
        )
        self.refresh()

    # -- withdraw one ------------------------------------------------------------------------
    def withdraw(self) -> None:
        from kiosk.services.admin_sync import PROCEDURE_SET

        code = self.current
        if code is None:
            self.form.banner.show_message(tr("Chọn một thủ tục trong danh sách."), "warning")
            return
        self.shared.submit(PROCEDURE_SET, {"code": str(code), "active": False}, self._withdrawn)

    def _withdrawn(self, outcome: Any) -> None:
        show_outcome(
            self.form, outcome, tr("Đã ngừng áp dụng thủ tục {0}.").format(outcome.result["code"])
        )
        self.refresh()

    # -- posting sheets ----------------------------------------------------------------------
    def print_posting(self, out: Path | None = None, show: bool = True) -> None:
        if out is None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("Lưu bản niêm yết"), str(self.ctx.home / "niem-yet.pdf"), "PDF (*.pdf)"
            )
            if not path:
                return
            out = Path(path)
        target = out
        self.posting_button.setEnabled(False)
        self.form.banner.show_message(tr("Đang tạo bản niêm yết…"), "info")

        def job(session: Session) -> Path:
            from kiosk.publish.content import publication
            from printing.forms.posting import render_posting

            render_posting(publication(session), out=target)
            return target

        self.ctx.tasks.run(job, lambda p: self._printed(p, show), self._posting_failed)

    def _printed(self, path: Path, show: bool) -> None:
        self.posting_button.setEnabled(True)
        self.last_pdf = path
        self.form.banner.show_message(tr("Đã lưu bản niêm yết: {0}").format(path), "success")
        if show:
            problem = open_file(path)
            if problem:
                self.form.banner.show_message(problem, "warning")

    def _posting_failed(self, exc: BaseException) -> None:
        self.posting_button.setEnabled(True)
        self.form.show_error(exc)


def _rows(session: Session) -> list[Payload]:
    from kiosk.services.catalog_store import catalog_rows
    from kiosk.services.fees import fee_of

    out = []
    for p in catalog_rows(session, active_only=False):
        fee = fee_of(session, p)
        out.append(
            {
                "code": p.code,
                "name": p.name,
                "field": p.field.name if p.field else "",
                "active": p.active,
                **fee.as_dict(),
            }
        )
    return out


def _fee_payload(form: AdminForm, key: Any) -> Payload:
    v = form.values()
    return {
        "procedure": key or v["code"] or "",
        "fee_vnd": v["fee_vnd"],
        "charge_vnd": v["charge_vnd"],
        "basis": v["basis"] or "",
    }
