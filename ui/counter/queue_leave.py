"""A ticket must not stay "being served" at a counter nobody is at (issue 17 item 4).

On log-out, when the counter serves a ticket, the clerk says what happened to it:

* **Trả lại hàng chờ** (the default): the citizen was not (fully) served; the ticket goes back
  to its queue keeping its arrival time, so it is called next, by any counter of that service.
  It is the default because it loses nobody: a ticket wrongly finished is a citizen sent home.
* **Đã phục vụ xong**: the citizen was served; the ticket is finished as with F8.
* **Ở lại**: cancel the log-out.

On log-in, when the counter still serves a ticket called by someone else (the app was closed
or the PC restarted without log-out), the new clerk is asked the same, with "Tiếp tục phục vụ"
(keep serving it) in place of "Ở lại".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from sqlalchemy.orm import Session

from kiosk.services import queue as q
from kiosk.services.queue_undo import put_back
from ui.context import AppContext
from ui.counter.data import TicketItem

KEEP, PUT_BACK, FINISH = "keep", "put_back", "finish"


def ask_about_ticket(
    parent: QWidget, t: TicketItem, on_login: bool, chosen: Callable[[str], None]
) -> QMessageBox:
    """A window-modal question (open(), no nested loop); `chosen(KEEP|PUT_BACK|FINISH)`."""
    box = QMessageBox(parent)
    box.setObjectName("ticketOnLeave")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setWindowTitle(QCoreApplication.translate("QueueLeave", "Số đang phục vụ"))
    if on_login:
        text = QCoreApplication.translate(
            "QueueLeave",
            "Số {0} ({1} gọi lúc {2}) vẫn đang ở trạng thái đang phục vụ tại quầy này.",
        )
        text = text.format(
            t.label, t.clerk or "—", t.called_at.strftime("%H:%M") if t.called_at else "—"
        )
    else:
        text = QCoreApplication.translate(
            "QueueLeave", "Số {0} đang được phục vụ tại quầy này. Trước khi đăng xuất:"
        ).format(t.label)
    box.setText(text)
    box.setInformativeText(
        QCoreApplication.translate(
            "QueueLeave", "Trả lại hàng chờ: công dân được gọi lại trước tiên, không mất lượt."
        )
    )
    back = box.addButton(
        QCoreApplication.translate("QueueLeave", "Trả lại hàng chờ"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    done = box.addButton(
        QCoreApplication.translate("QueueLeave", "Đã phục vụ xong"), QMessageBox.ButtonRole.YesRole
    )
    keep = box.addButton(
        QCoreApplication.translate("QueueLeave", "Tiếp tục phục vụ")
        if on_login
        else QCoreApplication.translate("QueueLeave", "Ở lại"),
        QMessageBox.ButtonRole.RejectRole,
    )
    back.setObjectName("putBack")
    done.setObjectName("finishTicket")
    keep.setObjectName("keepTicket")
    box.setDefaultButton(back)
    buttons: dict[QPushButton, str] = {back: PUT_BACK, done: FINISH, keep: KEEP}

    def clicked(button: object) -> None:
        chosen(buttons.get(button, KEEP))  # type: ignore[arg-type]

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def settle(
    ctx: AppContext, choice: str, then: Callable[[], None], failed: Callable[[BaseException], None]
) -> None:
    """Put back or finish the counter's ticket on the worker, then `then()` (KEEP: at once)."""
    counter = ctx.counter_number
    if choice == KEEP:
        then()
        return

    def job(s: Session) -> None:
        if choice == PUT_BACK:
            put_back(s, counter)
        else:
            q.finish(s, counter)

    def done(_none: None) -> None:
        ctx.hub.queue_changed.emit()  # the panel, the display, the other counters
        then()

    ctx.tasks.run(job, done, failed)
