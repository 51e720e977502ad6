"""A form whose fields are named as the admin services name them: a refusal's `field` puts the
service's own sentence under that field (kiosk.services.admin_*: every InputError has `.field`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_text
from ui.widgets.messages import Banner


@dataclass(frozen=True)
class Spec:
    """One field: `key` as the service names it; kind text|password|check|combo|list|int."""

    key: str
    caption: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (value, caption) of a combo
    placeholder: str = ""


def split_list(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


class AdminForm(QWidget):
    """Fields in a QFormLayout, each with its message line under it, and a banner on top."""

    def __init__(self, specs: list[Spec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = {s.key: s for s in specs}
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = Banner()
        outer.addWidget(self.banner)
        form = QFormLayout()
        form.setVerticalSpacing(4)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(form)
        outer.addStretch(1)
        for s in specs:
            w: QWidget
            if s.kind == "check":
                w = QCheckBox()
            elif s.kind == "combo":
                combo = QComboBox()
                for value, caption in s.choices:
                    combo.addItem(caption, value)
                w = combo
            else:
                edit = QLineEdit()
                edit.setPlaceholderText(s.placeholder)
                if s.kind == "password":
                    edit.setEchoMode(QLineEdit.EchoMode.Password)
                w = edit
            w.setObjectName(f"field_{s.key}")
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            box.addWidget(w)
            err = QLabel()
            err.setObjectName("fieldError")
            err.setWordWrap(True)
            err.hide()
            box.addWidget(err)
            form.addRow(s.caption, cell)
            self.inputs[s.key] = w
            self.errors[s.key] = err

    # -- values ------------------------------------------------------------------------------
    def raw(self, key: str) -> Any:
        w = self.inputs[key]
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        assert isinstance(w, QLineEdit)
        return w.text().strip() if self.specs[key].kind != "password" else w.text()

    def value(self, key: str) -> Any:
        """The value as the service takes it: lists split on commas, numbers as typed text
        (the service checks them and names the field), empty text as None."""
        v = self.raw(key)
        kind = self.specs[key].kind
        if kind == "list":
            return split_list(v)
        if kind in ("text", "int") and v == "":
            return None
        return v

    def values(self, keys: list[str] | None = None) -> dict[str, Any]:
        return {k: self.value(k) for k in (keys or list(self.specs))}

    def set_values(self, data: dict[str, Any]) -> None:
        for key, v in data.items():
            w = self.inputs.get(key)
            if w is None:
                continue
            if isinstance(w, QCheckBox):
                w.setChecked(bool(v))
            elif isinstance(w, QComboBox):
                i = w.findData(v)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QLineEdit):
                if isinstance(v, list):
                    v = ", ".join("-".join(p) if isinstance(p, list) else str(p) for p in v)
                w.setText("" if v is None else str(v))

    def clear(self) -> None:
        for w in self.inputs.values():
            if isinstance(w, QLineEdit):
                w.clear()
            elif isinstance(w, QCheckBox):
                w.setChecked(False)
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(0)
        self.clear_errors()

    # -- messages ----------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.banner.clear_message()
        for err in self.errors.values():
            err.clear()
            err.hide()

    def show_error(self, exc: BaseException) -> None:
        """Under the field the service named, else in the banner."""
        self.clear_errors()
        field = getattr(exc, "field", None)
        if field in self.errors:
            err = self.errors[field]
            err.setText(error_text(exc))
            err.show()
            self.inputs[field].setFocus()
        else:
            self.banner.show_error(exc)

    def field_error(self, key: str) -> str:
        err = self.errors[key]
        return err.text() if not err.isHidden() else ""
