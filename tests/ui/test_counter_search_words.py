"""Issue 17 item 9 in the counter window: any word of a name, the last digits of a code."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.domain.people import fold
from kiosk.store.models import Dossier
from ui.context import AppContext

from .conftest import type_text
from .test_counter_flow import open_counter


def test_the_counter_finds_a_word_of_a_name_and_the_last_digits(
    qtbot: QtBot, ctx: AppContext, wait_idle: Any
) -> None:
    with ctx.store.begin() as s:
        d = s.scalars(select(Dossier).order_by(Dossier.id)).first()
        assert d is not None
        code, name = d.code, d.applicant_name
    last_word = name.split()[-1]
    w = open_counter(qtbot, ctx, wait_idle)
    page = w.dossiers
    w.tabs.setCurrentWidget(page)
    for text in (last_word.lower(), fold(last_word), " ".join(reversed(name.split()[1:]))):
        page.text.clear()
        type_text(page.text, text)
        page.search()
        wait_idle()
        names = [r.applicant_name for r in page.model.rows]
        assert name in names, (text, names)
        assert all(fold(last_word) in fold(n).split() for n in names), (text, names)
    page.text.clear()
    type_text(page.text, code[-11:])  # "261204-0003"
    page.search()
    wait_idle()
    assert [r.code for r in page.model.rows] == [code]
