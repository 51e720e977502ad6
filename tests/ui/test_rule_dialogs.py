"""The other dialogs a rule may refuse keep themselves open with the refusal in them
(ui/widgets/rule_dialog.py, like the apology and the department's supplement request).

- At the counter's reception, the supplement request (Mẫu 02) and the refusal (Mẫu 03): the
  procedure was withdrawn from the catalog while the dialog was open. The refusal is shown in
  the dialog (not in the window's banner), nothing is recorded, the reason typed stays; once
  the procedure is back the same dialog records it and closes.
- In the department window, the stop (Mẫu 05): the dossier was made ready meanwhile, and the
  status machine refuses the stop in the dialog; nothing is recorded.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier
from kiosk.store.models import Dossier, DossierEvent, Procedure
from ui.context import AppContext
from ui.counter.dialogs import ReasonDialog

from .conftest import type_text
from .test_counter_flow import open_counter
from .test_counter_more import fill_applicant
from .test_department import open_department, receive, select_code, status_of


def _dossiers(ctx: AppContext) -> int:
    with ctx.store.begin() as s:
        return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)


def _active(ctx: AppContext, code: str, active: bool) -> None:
    with ctx.store.begin() as s:
        s.execute(update(Procedure).where(Procedure.code == code).values(active=active))


@pytest.mark.parametrize(
    ("button", "kind", "status"),
    [("refuse_button", "refusal", Status.REFUSED), ("supplement_button", "supplement", 5)],
)
def test_reception_refusal_stays_in_its_dialog(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any, button: str, kind: str, status: int
) -> None:
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.reception
    fill_applicant(w)
    assert page.procedure is not None
    procedure = page.procedure.code
    getattr(page, button).click()
    dialog = page._dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    type_text(dialog.reason, "Hồ sơ không thuộc thẩm quyền giải quyết của xã")
    before = _dossiers(ctx)
    _active(ctx, procedure, False)  # withdrawn from the catalog meanwhile
    banner = page.banner.text()
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.error.text() == f"Không có thủ tục mã «{procedure}» trong danh mục."
    assert page.banner.text() == banner  # in the dialog, not the window's banner
    assert _dossiers(ctx) == before and page.outcome is None  # nothing recorded
    assert dialog.reason_text() == "Hồ sơ không thuộc thẩm quyền giải quyết của xã"

    _active(ctx, procedure, True)
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert not dialog.isVisible()
    assert page.outcome is not None and page.outcome.kind == kind
    assert page.outcome.status == status and _dossiers(ctx) == before + 1


def test_department_stop_refused_in_its_dialog(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    w = open_department(qtbot, ctx, wait_idle)
    code = receive(ctx, "Trịnh Văn Bảo")
    wait_idle()
    select_code(w, code, wait_idle)
    w.buttons["stop"].click()
    wait_idle()
    dialog = w.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    dialog.ok.click()  # no reason: under the reason
    assert dialog.isVisible() and dialog.reason_error.text() == "Phải nhập lý do."
    type_text(dialog.reason, "Người nộp xin rút hồ sơ")
    with ctx.store.begin() as s:  # made ready at another desk meanwhile
        advance_dossier(s, code, Status.READY, Actor("chuyenvien2"))
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.error.text() == "Không thể chuyển hồ sơ từ «Đã xử lý xong» sang «Dừng xử lý»."
    assert status_of(ctx, code) == Status.READY
    with ctx.store.begin() as s:
        stops = s.scalar(
            select(func.count())
            .where(DossierEvent.to_status == Status.STOPPED)
            .where(DossierEvent.dossier.has(code=code))
        )
    assert stops == 0
    dialog.reject()

    other = receive(ctx, "Trịnh Thị Mai")  # a stop that holds closes its dialog
    wait_idle()
    select_code(w, other, wait_idle)
    w.buttons["stop"].click()
    wait_idle()
    dialog = w.dialog
    assert isinstance(dialog, ReasonDialog)
    type_text(dialog.reason, "Người nộp xin rút hồ sơ")
    dialog.ok.click()
    wait_idle(w.io, timeout=30_000)
    assert not dialog.isVisible() and status_of(ctx, other) == Status.STOPPED


def test_the_refusals_read_in_english(qapp: object) -> None:
    """In English, the dialog's own texts and the service's refusal under its field are the
    English ones (resources/translations/kiosk_en.ts; the service's `message_en`)."""
    from kiosk.services.approval import check_approver
    from kiosk.services.rules import NeedsSupervisor
    from ui.counter.dialogs import ApologyDialog
    from ui.i18n import compile_if_stale, install_translator

    from .test_screens_fit import _row

    assert compile_if_stale("en")
    try:
        assert install_translator("en")
        dialog = ApologyDialog(_row(5))
        assert dialog.approval.isHidden() and dialog.ok.text() == "Save and print form 04"
        dialog.refused(NeedsSupervisor("a second apology on dossier X needs a supervisor", "…"))
        assert not dialog.approval.isHidden()  # the rule asks for a supervisor: shown
        assert dialog.approver.error.text() == "A second apology on dossier X needs a supervisor"
        assert dialog.approval.why.text().startswith("This dossier has had an apology")
        assert dialog.approver.caption.text() == "Approving supervisor *"
        refusal = check_approver(None, "giamsat", "", "pc-1").refusal  # type: ignore[arg-type]
        assert refusal is not None
        dialog.refused(refusal)
        assert dialog.password.error.text() == "The approving supervisor's password is required"
        dialog.deleteLater()
    finally:
        install_translator("vi")
