"""The supervisor's fee tab (issue 14): what each counter and clerk collected over a period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.services.context import Actor
from kiosk.services.dossiers import Applicant, Intake, receive_dossier
from kiosk.services.fees import check_collected
from ui.context import AppContext
from ui.supervisor.window import SupervisorWindow

DAY = date(2026, 3, 4)


def test_fees_per_counter_and_clerk(
    ctx: AppContext, qtbot: QtBot, wait_idle: Callable[..., None], shot: Callable[[Any, str], Path]
) -> None:
    with ctx.store.begin() as s:
        for i, (counter, clerk, fee) in enumerate(
            [
                (1, "canbo1", check_collected("paid", 8000, None, "0001")),
                (1, "canbo1", check_collected("paid", "10.000", None, "0002")),
                (2, "canbo2", check_collected("exempt", None, "Hộ nghèo", None)),
                (2, "canbo2", None),
            ]
        ):
            intake = Intake("1.001193", Applicant("Nguyễn Văn An"), fee=fee)
            receive_dossier(s, intake, Actor(clerk, counter), datetime(2026, 3, 4, 8, i))
    w = SupervisorWindow(ctx, today=DAY)
    qtbot.addWidget(w)
    w.show()
    w.login.username.setText("giamsat")
    w.login.password.setText("motcua123")
    w.login.button.click()
    wait_idle()
    w.tabs.setCurrentWidget(w.fees)
    w.fees.period.set_period(DAY, DAY)
    w.fees.run_button.click()
    wait_idle()
    model = w.fees.model
    keys = [c.key for c in model.columns]
    rows = [[model.text(r, keys.index(k)) for k in ("counter", "clerk", "paid", "paid_vnd",
                                                    "exempt", "not_recorded")]
            for r in range(model.rowCount())]  # fmt: skip
    assert rows[0] == ["1", "Nguyễn Thị Lan", "2", "18.000 đồng", "0", "0"]
    assert rows[1][:2] == ["2", "Trần Văn Minh"] and rows[1][4:] == ["1", "1"]
    assert "18.000 đồng" in w.fees.summary.text()
    shot(w, "supervisor_fees")
