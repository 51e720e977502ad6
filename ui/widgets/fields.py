"""Form fields that check what the clerk types, with the message right under the field.

A validator takes the text and returns the cleaned value, or raises (an InputError's own
message is shown, in the interface language). Checks run as the clerk types; an empty required
field is only flagged once it was touched or the form is submitted, so a new form is not red.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.people import clean_citizen_id, clean_email, clean_name, clean_phone
from ui.i18n import error_text, parse_date
from ui.widgets.messages import set_style_property

Validator = Callable[[str], Any]


class FieldError(ValueError):
    """A validator's refusal with a ready sentence for the screen."""


class ValidatedField(QWidget):
    """A caption, a line edit and the message under it."""

    edited = Signal()

    def __init__(
        self,
        caption: str,
        validator: Validator | None = None,
        *,
        required: bool = False,
        placeholder: str = "",
        allowed: str | None = None,
        max_length: int = 300,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._validator = validator
        self.required = required
        self._touched = False
        self._value: Any = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.caption = QLabel(caption + (" *" if required else ""))
        self.caption.setObjectName("fieldCaption")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(max_length)
        if allowed:  # e.g. digits only: impossible characters never get in
            self.edit.setValidator(
                QRegularExpressionValidator(QRegularExpression(allowed), self.edit)
            )
        self.caption.setBuddy(self.edit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.caption)
        box.addWidget(self.edit)
        box.addWidget(self.error)
        box.addStretch(1)  # a taller cell (a neighbour shows a message) grows below, not between
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self._on_finished)

    # -- value -------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming, like QLineEdit
        self.edit.setText(text)
        self._touched = bool(text)
        self.validate(show=bool(text))

    def value(self) -> Any:
        """The cleaned value (valid fields only; None when empty)."""
        self.validate(show=False)
        return self._value

    def clear(self) -> None:
        self.edit.clear()
        self._touched = False
        self._value = None
        self.set_error(None)

    def touch(self) -> None:
        """Count the field as seen (e.g. on submit): an empty required field is flagged."""
        self._touched = True

    # -- checking ----------------------------------------------------------------------------
    def _on_edited(self, _text: str) -> None:
        self._touched = True
        self.validate(show=True)
        self.edited.emit()

    def _on_finished(self) -> None:
        if self._touched:
            self.validate(show=True)

    def message(self) -> str | None:
        text = self.edit.text().strip()
        self._value = None
        if not text:
            if self.required:
                return self.tr("Trường này bắt buộc.")
            return None
        if self._validator is None:
            self._value = text
            return None
        try:
            self._value = self._validator(text)
        except FieldError as exc:
            return str(exc)
        except ValueError as exc:  # InputError is a ValueError with message_vi
            return error_text(exc)
        return None

    def validate(self, show: bool = True) -> bool:
        msg = self.message()
        if show and (self._touched or msg is None or self.edit.text()):
            self.set_error(msg)
        return msg is None

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        set_style_property(self.edit, "invalid", bool(message))

    @property
    def has_error(self) -> bool:
        return self.error.isVisible()


# -- the usual fields -----------------------------------------------------------------------------


def name_field(caption: str, required: bool = True) -> ValidatedField:
    return ValidatedField(caption, clean_name, required=required, max_length=200)


def citizen_id_field(caption: str) -> ValidatedField:
    return ValidatedField(
        caption, clean_citizen_id, allowed=r"[0-9 ]{0,14}", placeholder="001234567890"
    )


def phone_field(caption: str) -> ValidatedField:
    return ValidatedField(caption, clean_phone, allowed=r"[0-9 .+\-()]{0,16}")


def email_field(caption: str) -> ValidatedField:
    return ValidatedField(caption, clean_email, max_length=200)


def _date_value(text: str) -> date:
    value = parse_date(text)
    if value is None:
        raise FieldError(
            QCoreApplication.translate(
                "ValidatedField", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
            )
        )
    return value


def date_field(caption: str, required: bool = False) -> ValidatedField:
    return ValidatedField(
        caption,
        _date_value,
        required=required,
        placeholder="dd/mm/yyyy",
        allowed=r"[0-9/.\-]{0,10}",
        max_length=10,
    )
