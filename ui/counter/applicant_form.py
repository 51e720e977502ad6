"""The applicant's details, typed or filled from a scanned CCCD card, checked as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.domain.people import CitizenCard
from kiosk.services.dossiers import Applicant
from ui.i18n import fmt_date
from ui.widgets.fields import (
    ValidatedField,
    citizen_id_field,
    email_field,
    name_field,
    phone_field,
)


class ApplicantForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        caption = QLabel(self.tr("Người nộp hồ sơ"))
        caption.setObjectName("sectionTitle")
        grid.addWidget(caption, 0, 0, 1, 2)
        self.name = name_field(self.tr("Họ và tên"))
        self.name.setObjectName("applicantName")
        self.id_number = citizen_id_field(self.tr("Số CCCD (12 chữ số)"))
        self.id_number.setObjectName("applicantId")
        self.phone = phone_field(self.tr("Số điện thoại"))
        self.phone.setObjectName("applicantPhone")
        self.email = email_field(self.tr("Email"))
        self.address = ValidatedField(self.tr("Địa chỉ"), max_length=300)
        top = Qt.AlignmentFlag.AlignTop  # a message under one field must not shift its neighbour
        grid.addWidget(self.name, 1, 0, top)
        grid.addWidget(self.id_number, 1, 1, top)
        grid.addWidget(self.phone, 2, 0, top)
        grid.addWidget(self.email, 2, 1, top)
        grid.addWidget(self.address, 3, 0, 1, 2, top)
        self.card_info = QLabel()
        self.card_info.setObjectName("muted")
        self.card_info.hide()
        grid.addWidget(self.card_info, 4, 0, 1, 2)
        grid.setRowStretch(5, 1)  # spare height goes below the fields, never between them
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    @property
    def fields(self) -> tuple[ValidatedField, ...]:
        return (self.name, self.id_number, self.phone, self.email, self.address)

    def fill_from_card(self, card: CitizenCard) -> None:
        self.name.setText(card.name)
        self.id_number.setText(card.id_number)
        self.address.setText(card.address)
        self.card_info.setText(
            self.tr("Đã điền từ CCCD: ngày sinh {0}, giới tính {1}").format(
                fmt_date(card.birth_date), card.sex
            )
        )
        self.card_info.show()
        self.phone.edit.setFocus()

    def check(self) -> bool:
        """Show every message; True when the form can be saved."""
        ok = True
        for f in self.fields:
            f.touch()
            ok = f.validate(show=True) and ok
        if not ok:
            for f in self.fields:
                if f.has_error:
                    f.edit.setFocus()
                    break
        return ok

    def applicant(self) -> Applicant:
        return Applicant(
            name=self.name.text(),
            id_number=self.id_number.text() or None,
            phone=self.phone.text() or None,
            address=self.address.text() or None,
            email=self.email.text() or None,
        )

    def show_input_error(self, field: str, message: str) -> bool:
        """Put a service's InputError next to its field; False if the form has no such field."""
        target = {
            "name": self.name,
            "id_number": self.id_number,
            "phone": self.phone,
            "email": self.email,
            "address": self.address,
        }.get(field)
        if target is None:
            return False
        target.set_error(message)
        target.edit.setFocus()
        return True

    def clear(self) -> None:
        for f in self.fields:
            f.clear()
        self.card_info.hide()
