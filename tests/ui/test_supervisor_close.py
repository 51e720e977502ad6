"""The supervisor closes March (chốt số liệu) from the results tab; a correction recorded
afterwards shows as an adjustment line and the table keeps the closed figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.status import Status
from kiosk.services.context import Actor
from kiosk.services.dossiers import advance_dossier
from kiosk.store.models import Dossier, ReportClose
from tests.ui.test_supervisor import march
from tests.ui.test_supervisor import window as window  # noqa: F401 (the fixture)
from tests.unit.test_reports import EXPECTED_TOTAL
from ui.context import AppContext
from ui.supervisor import results_tab
from ui.supervisor.window import SupervisorWindow


def test_close_march_and_see_an_adjustment(
    window: SupervisorWindow,  # noqa: F811
    ctx: AppContext,
    wait_idle: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *_a: Any) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(results_tab, "confirm", yes)
    march(window, wait_idle)
    tab = window.results
    assert tab.close_button.isEnabled() and tab.close_button.text() == "Chốt số liệu"
    tab.close_button.click()
    wait_idle()
    assert "từ 01/03/2026 đến 31/03/2026" in asked[0]
    assert "Đã chốt số liệu" in tab.banner.text()
    with ctx.store.begin() as s:
        closed = s.scalars(select(ReportClose)).one()
        assert closed.closed_by == "giamsat"
        code = s.scalars(select(Dossier.code).where(Dossier.status == Status.IN_PROCESS)).first()
        assert code is not None
        # a March fact recorded after the closing: an in-process dossier was stopped on 31/3
        advance_dossier(s, code, Status.STOPPED, Actor("chuyenvien"), datetime(2026, 3, 31, 10))
    march(window, wait_idle)
    model = tab.model
    keys = [c.key for c in model.columns]
    total_row = model.rowCount() - 1
    assert [model.text(total_row, keys.index(k)) for k in EXPECTED_TOTAL] == [
        str(EXPECTED_TOTAL[k]) for k in EXPECTED_TOTAL
    ]  # the closed figures, unchanged
    summary = tab.summary.text()
    assert "đã chốt số liệu lúc" in summary and "(giamsat)" in summary
    assert "Điều chỉnh sau khi chốt" in summary and "(9) +1" in summary
    tab.close_button.click()  # closed already: one clear message, nothing changes
    wait_idle()
    assert "đã được chốt số liệu" in tab.banner.text()
