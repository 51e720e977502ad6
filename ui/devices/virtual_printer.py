"""The virtual printer window: what the simulated (`sim://`) printers printed, as paper.

Each job is decoded from its ESC/POS bytes and drawn by the printing layer's preview
(`printing.escpos.decoder.render_preview`), so the picture is what a real printer would put on
paper, QR codes included. Rendering runs on a worker thread. For demonstrations the printer can
be put out of paper, cover open or offline, and the device manager's status follows.
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor

import shiboken6
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.devices.config import PRINTER_ROLES
from printing.escpos.decoder import render_preview
from printing.transports import SimJob, SimPrinter, sim_printer
from ui.context import AppContext
from ui.widgets.screen import resize_to_fit


def sim_printer_names(ctx: AppContext) -> list[str]:
    """The simulated printers the roles print to (sim://name -> name; sim:// -> default)."""
    names: list[str] = []
    for role in PRINTER_ROLES:
        url = ctx.printer_url(role).strip()
        if url.lower().startswith("sim://"):
            name = url[len("sim://") :].split("?", 1)[0] or "default"
            if name not in names:
                names.append(name)
    return names


def render_png(job: SimJob) -> bytes:
    image = render_preview(job.data)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


class VirtualPrinterWindow(QWidget):
    _job_arrived = Signal(object)  # SimJob, from the printing thread
    _rendered = Signal(object, object)  # QListWidgetItem, Future[bytes]

    def __init__(self, printer_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Máy in ảo"))
        resize_to_fit(self, 760, 720)
        self.printers: list[SimPrinter] = [sim_printer(n) for n in printer_names or ["default"]]
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sim-preview")
        self.jobs = QListWidget()
        self.jobs.currentItemChanged.connect(self._show)
        self.paper = QLabel(self.tr("Chưa có phiếu nào được in."))
        self.paper.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.paper.setStyleSheet("background: #f4f4f4;")
        scroll = QScrollArea()
        scroll.setWidget(self.paper)
        scroll.setWidgetResizable(True)
        split = QSplitter()
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(self.tr("Các lần in")))
        lv.addWidget(self.jobs)
        self.faults: dict[str, QCheckBox] = {}
        for key, label in (
            ("paper_out", self.tr("Hết giấy")),
            ("cover_open", self.tr("Mở nắp")),
            ("offline", self.tr("Mất kết nối")),
        ):
            box = QCheckBox(label)
            box.toggled.connect(lambda on, k=key: self._set_fault(k, on))
            self.faults[key] = box
            lv.addWidget(box)
        self.printer_label = QLabel(", ".join(p.name for p in self.printers))
        lv.addWidget(self.printer_label)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([240, 520])
        lay = QHBoxLayout(self)
        lay.addWidget(split)
        self._job_arrived.connect(self._add_job)
        self._rendered.connect(self._on_rendered)
        self.images: dict[int, QImage] = {}
        for printer in self.printers:
            for job in list(printer.jobs):
                self._add_job(job)
            printer.add_listener(self._listener)

    def _listener(self, job: SimJob) -> None:
        """Called on the printing thread: hand the job over to the GUI thread."""
        if shiboken6.isValid(self):
            self._job_arrived.emit(job)

    def _set_fault(self, key: str, on: bool) -> None:
        for printer in self.printers:
            printer.set_state(**{key: on})

    @Slot(object)
    def _add_job(self, job: SimJob) -> None:
        text = f"{job.at:%H:%M:%S}  {job.printer}  ({len(job.data)} byte)"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, job)
        self.jobs.insertItem(0, item)
        future = self._pool.submit(render_png, job)
        future.add_done_callback(lambda f: self._rendered.emit(item, f))

    @Slot(object, object)
    def _on_rendered(self, item: QListWidgetItem, future: Future[bytes]) -> None:
        try:
            image = QImage.fromData(future.result())
        except Exception as exc:  # noqa: BLE001 - a bad job is shown as such, not raised
            item.setText(item.text() + "  " + self.tr("(không đọc được)"))
            item.setToolTip(str(exc)[:300])
            return
        self.images[id(item)] = image
        if self.jobs.currentItem() is None or self.jobs.item(0) is item:
            self.jobs.setCurrentItem(item)
        if self.jobs.currentItem() is item:
            self._show(item)

    @Slot(object)
    def _show(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        image = self.images.get(id(item)) if item is not None else None
        if image is None:
            if item is not None:
                self.paper.setText(item.toolTip() or self.tr("Đang vẽ…"))
            return
        self.paper.setPixmap(QPixmap.fromImage(image))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        for printer in self.printers:
            printer.remove_listener(self._listener)
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)
