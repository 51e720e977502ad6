"""Settings of this PC's staff window: the interface language (applied at once and kept)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import LANGUAGES, current_language, install_translator, save_language


class SettingsDialog(QDialog):
    language_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Cài đặt"))
        self.setMinimumWidth(420)
        box = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        form.addRow(self.tr("Ngôn ngữ giao diện"), self.language)
        form.addRow(self.tr("Quầy số"), QLabel(str(ctx.counter_number)))
        for role, caption in (
            ("receipt", self.tr("Máy in phiếu hẹn")),
            ("forms", self.tr("Máy in biểu mẫu A4")),
        ):
            form.addRow(caption, QLabel(ctx.printer_url(role) or self.tr("chưa cấu hình")))
        form.addRow(self.tr("Thư mục dữ liệu"), QLabel(str(ctx.home)))
        box.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        line = QHBoxLayout()
        role = getattr(ctx.user, "role", None)
        if role in ("admin", "supervisor") or ctx.demo:
            # printers and scanners are an admin's business: ports, addresses, test pages
            self.devices = QPushButton(self.tr("Thiết bị…"))
            self.devices.clicked.connect(self.open_devices)
            line.addWidget(self.devices)
        line.addStretch(1)
        cancel = QPushButton(self.tr("Đóng"))
        self.save = QPushButton(self.tr("Lưu"))
        self.save.setObjectName("primary")
        line.addWidget(cancel)
        line.addWidget(self.save)
        box.addLayout(line)
        cancel.clicked.connect(self.reject)
        self.save.clicked.connect(self.apply)

    def open_devices(self) -> None:
        from ui.devices.settings import DeviceSettingsDialog

        self.device_dialog = DeviceSettingsDialog(self.ctx, self)
        self.device_dialog.open()

    def apply(self) -> None:
        lang, previous = str(self.language.currentData()), current_language()
        if lang == previous:
            self.accept()
            return
        if not install_translator(lang):
            install_translator(previous)
            self.message.setText(self.tr("Chưa có bản dịch cho ngôn ngữ này."))
            self.message.show()
            return
        self.ctx.lang = lang
        try:
            save_language(self.ctx.home, lang)
        except OSError:
            pass  # the switch still applies for this session
        self.accept()
        self.language_changed.emit(lang)
