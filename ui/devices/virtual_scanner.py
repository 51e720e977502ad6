"""The virtual scanner window for the demo: "scan" a receipt, a citizen ID card or a ticket.

Pick a recent dossier (its receipt's QR payload, `<code>#<token>`, comes from the database) or
type any payload, and press Quét: it takes the same path as a real scan (device manager ->
`hub.scanned`), so every window reacts as it would to the hardware.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.devices.payloads import Scan, classify, dossier_payload, ticket_payload
from kiosk.store.models import Dossier
from ui.context import AppContext
from ui.devices.manager import DeviceManager
from ui.i18n import current_language

SAMPLE_CARD = (
    "001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi, phường Quang Trung|01012022"
)


def recent_payloads(session: Session, limit: int = 30) -> list[tuple[str, str]]:
    """(label, QR payload) of the most recently created dossiers."""
    rows = session.execute(
        select(Dossier.code, Dossier.lookup_token, Dossier.applicant_name)
        .order_by(Dossier.id.desc())
        .limit(limit)
    ).all()
    return [(f"{code} — {name}", dossier_payload(code, token)) for code, token, name in rows]


def describe(scan: Scan) -> str:
    """What was scanned, in the interface language."""
    if scan.kind == "dossier":
        return QCoreApplication.translate("Scans", "Giấy hẹn: hồ sơ {0}").format(scan.code)
    if scan.kind == "citizen_id" and scan.card is not None:
        return QCoreApplication.translate("Scans", "Thẻ căn cước: {0} ({1})").format(
            scan.card.name, f"{scan.card.birth_date:%d/%m/%Y}"
        )
    if scan.kind == "ticket":
        return QCoreApplication.translate("Scans", "Số thứ tự {0}").format(scan.number)
    if current_language() != "vi" and scan.error:
        return scan.error[:1].upper() + scan.error[1:]
    return scan.error_vi or QCoreApplication.translate("Scans", "Không nhận ra mã.")


def describe_vi(scan: Scan) -> str:
    if scan.kind == "dossier":
        return f"Giấy hẹn: hồ sơ {scan.code}"
    if scan.kind == "citizen_id" and scan.card is not None:
        return f"Thẻ căn cước: {scan.card.name} ({scan.card.birth_date:%d/%m/%Y})"
    if scan.kind == "ticket":
        return f"Số thứ tự {scan.number}"
    return scan.error_vi or "Không nhận ra mã."


class VirtualScannerWindow(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Máy quét ảo"))
        self.payload = QComboBox()
        self.payload.setEditable(True)
        self.payload.setMinimumWidth(420)
        line = self.payload.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Mã hồ sơ hoặc nội dung mã QR"))
            line.returnPressed.connect(self.scan)
        self.scan_button = QPushButton(self.tr("Quét"))
        self.scan_button.clicked.connect(self.scan)
        card = QPushButton(self.tr("Thẻ căn cước mẫu"))
        card.clicked.connect(lambda: self.scan_text(SAMPLE_CARD))
        ticket = QPushButton(self.tr("Số thứ tự mẫu"))
        ticket.clicked.connect(lambda: self.scan_text(ticket_payload("A001", date.today())))
        refresh = QPushButton(self.tr("Làm mới"))
        refresh.clicked.connect(self.refresh)
        self.result = QLabel()
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.payload, 1)
        row.addWidget(self.scan_button)
        samples = QHBoxLayout()
        for b in (card, ticket, refresh):
            samples.addWidget(b)
        samples.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Chọn hồ sơ gần đây hoặc nhập nội dung, rồi bấm Quét.")))
        lay.addLayout(row)
        lay.addLayout(samples)
        lay.addWidget(self.result)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.ctx.tasks.run(recent_payloads, self._fill)

    def _fill(self, rows: Any) -> None:
        typed = self.payload.currentText()
        self.payload.clear()
        for label, payload in rows:
            self.payload.addItem(label, payload)
        self.payload.setCurrentIndex(-1)
        self.payload.setEditText(typed)

    def current_payload(self) -> str:
        text = self.payload.currentText().strip()
        index = self.payload.findText(text)
        data = self.payload.itemData(index) if index >= 0 else None
        return str(data) if data else text

    @Slot()
    def scan(self) -> None:
        self.scan_text(self.current_payload())

    def scan_text(self, text: str) -> Scan:
        manager = DeviceManager.of(self.ctx)
        if manager is not None:
            scan = manager.inject(text, "virtual")
        else:  # no device manager running (a test, a tool): go to the hub directly
            scan = classify(text)
            self.ctx.hub.scanned.emit(text.strip())
        self.result.setText(describe(scan))
        return scan
