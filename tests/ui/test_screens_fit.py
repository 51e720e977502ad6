"""Every window and dialog of the app, at the screen sizes of the offices: nothing cut off.

Each entry of SCREENS opens one window or dialog in a given state (a new window of the set-up
wizard is one more entry). Each is laid out at 1280×720, 1366×768 and 1920×1080, the public
screens also in portrait 1080×1920, and at the logical sizes of Windows' scaling: a 1920×1080
screen at 125 % (1536×864) and at 150 % (1280×720, the smallest size above). A 1366×768 screen at
125 % (1093×614) is not a size the staff windows promise (Windows recommends 100 % there); the
public screens scale their type to any screen and are checked there too.
The checks are in tests/ui/screenfit.py; screenshots land in test-output/screens/<size>/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from kiosk.paths import resource
from tests.dbfiles import copy_database
from ui.context import AppContext
from ui.counter.data import DossierRow

from . import screenfit as fit

STAFF_SIZES = {
    "1280x720": QSize(1280, 720),
    "1366x768": QSize(1366, 768),
    "1920x1080": QSize(1920, 1080),
    "1536x864": QSize(1536, 864),
}
PUBLIC_SIZES = {**STAFF_SIZES, "1080x1920": QSize(1080, 1920), "1093x614": QSize(1093, 614)}


@dataclass
class Env:
    ctx: AppContext
    qtbot: QtBot
    wait: Callable[..., None]
    keep: list[QWidget]

    def own(self, w: QWidget) -> QWidget:
        self.qtbot.addWidget(w)
        self.keep.append(w)
        return w


Factory = Callable[[Env], QWidget]
Again = Callable[[Any], None]
# name -> (opens the widget, public screen, what to redo after each resize: a card that is laid
# out for the screen it opens on)
SCREENS: dict[str, tuple[Factory, bool, Again | None]] = {}


def screen(
    name: str, public: bool = False, again: Again | None = None
) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        SCREENS[name] = (fn, public, again)
        return fn

    return register


def _row(status: int = 9) -> DossierRow:
    at = datetime(2026, 3, 2, 9, 30)
    return DossierRow(
        code="000.17.22.H56-260302-0001",
        applicant_name="Nguyễn Thị Phương Thảo Hoàng Long",
        applicant_phone="0912345678",
        procedure_name="Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con và cấp bản sao",
        field="Hộ tịch",
        received_at=at,
        due_at=at + timedelta(days=3),
        status=status,
        overdue=False,
    )


def _counter(env: Env, login: bool = True) -> Any:
    from ui.counter.window import create

    w = env.own(create(env.ctx))
    w.resize(1366, 768)
    w.show()
    if login:
        w.login.username.setText("canbo1")
        w.login.password.setText("motcua123")
        w.login.button.click()
        env.qtbot.waitUntil(lambda: w.work is not None and w.who is not None, timeout=10_000)
        env.wait(w.io)
    return w


def _department(env: Env, login: bool = True) -> Any:
    from ui.department.window import create

    w = env.own(create(env.ctx))
    w.show()
    if login:
        w.login.username.setText("chuyenvien")
        w.login.password.setText("motcua123")
        w.login.button.click()
        env.qtbot.waitUntil(lambda: w.who is not None, timeout=10_000)
        env.wait(w.io)
    return w


def _supervisor(env: Env, login: bool = True) -> Any:
    from ui.supervisor.window import create

    w = env.own(create(env.ctx))
    w.show()
    if login:
        w.login.username.setText("giamsat")
        w.login.password.setText("motcua123")
        w.login.button.click()
        env.qtbot.waitUntil(lambda: w.who is not None, timeout=10_000)
        env.wait()
    return w


# -- the counter -------------------------------------------------------------------------------
@screen("counter-login")
def counter_login(env: Env) -> QWidget:
    return _counter(env, login=False)


@screen("counter-reception")
def counter_reception(env: Env) -> QWidget:
    return _counter(env)


@screen("counter-dossiers")
def counter_dossiers(env: Env) -> QWidget:
    w = _counter(env)
    w.work.tabs.setCurrentIndex(1)
    env.wait()
    return w


@screen("counter-book")
def counter_book(env: Env) -> QWidget:
    w = _counter(env)
    w.work.tabs.setCurrentIndex(2)
    env.wait()
    return w


@screen("counter-settings")
def counter_settings(env: Env) -> QWidget:
    from ui.widgets.settings import SettingsDialog

    return env.own(SettingsDialog(env.ctx))


@screen("counter-reason")
def counter_reason(env: Env) -> QWidget:
    from ui.counter.dialogs import ReasonDialog

    d = ReasonDialog("Từ chối tiếp nhận", "Lý do từ chối (in trên Mẫu 03):", "Từ chối và in Mẫu 03")
    return env.own(d)


@screen("counter-reason-refused")
def counter_reason_refused(env: Env) -> QWidget:
    """The reason missing, and a refusal of the service shown in the dialog too."""
    from kiosk.errors import KioskError
    from ui.counter.dialogs import ReasonDialog

    d = ReasonDialog("Dừng xử lý hồ sơ", "Lý do dừng xử lý (in trên Mẫu 05):", "Lưu")
    d.ok.click()
    d.refused(KioskError("refused", "Không thể chuyển hồ sơ từ «Đã xử lý xong» sang «Dừng xử lý»."))
    return env.own(d)


@screen("counter-apology")
def counter_apology(env: Env) -> QWidget:
    from ui.counter.dialogs import ApologyDialog

    return env.own(ApologyDialog(_row(5)))


@screen("counter-apology-second")
def counter_apology_second(env: Env) -> QWidget:
    """A second apology: the dialog also asks for the approving supervisor, and says why."""
    from dataclasses import replace

    from ui.counter.dialogs import ApologyDialog

    row = _row(5)
    assert row.due_at is not None
    d = ApologyDialog(replace(row, new_due_at=row.due_at + timedelta(days=2)), approval=True)
    d.ok.click()  # every message shown: the dialog must still fit
    return env.own(d)


@screen("counter-apology-refused")
def counter_apology_refused(env: Env) -> QWidget:
    """The service refused: the supervisor's fields appear with the sentence under them."""
    from kiosk.services.rules import NeedsSupervisor
    from ui.counter.dialogs import ApologyDialog

    d = ApologyDialog(_row(5))
    vi = "Thư xin lỗi lần thứ hai cho hồ sơ 31000-260209-0001 cần giám sát viên phê duyệt."
    d.refused(NeedsSupervisor("a second apology needs a supervisor", vi))
    d.refused(ValueError("no field"))  # and one that belongs to no field, below them
    return env.own(d)


@screen("counter-return")
def counter_return(env: Env) -> QWidget:
    from ui.counter.dialogs import ReturnDialog

    d = ReturnDialog()
    env.own(d)
    d.show()
    d.show_dossier(_row(9))
    return d


@screen("counter-return-not-ready")
def counter_return_not_ready(env: Env) -> QWidget:
    from ui.counter.dialogs import ReturnDialog

    d = ReturnDialog()
    env.own(d)
    d.show()
    d.show_dossier(_row(4))
    return d


@screen("counter-transfer")
def counter_transfer(env: Env) -> QWidget:
    from ui.counter.data import QueueState, ServiceItem
    from ui.counter.queue_panel import TransferDialog

    services = (ServiceItem("HT", "Hộ tịch – khai sinh, kết hôn, khai tử", "A", 3, True),)
    state = QueueState(1, "Quầy 1", None, services, (1, 2, 3))
    return env.own(TransferDialog(state))


@screen("question")
def question(env: Env) -> QWidget:
    from ui.widgets.messages import question_box

    box, _yes = question_box(
        None,
        "Chốt số liệu",
        "Chốt số liệu kỳ báo cáo từ 01/03/2026 đến 31/03/2026? Số liệu được lưu lại; thay đổi "
        "ghi nhận sau đó chỉ hiện thành dòng điều chỉnh.",
        "Chốt số liệu",
        "Hủy",
    )
    return env.own(box)


# -- the department ----------------------------------------------------------------------------
@screen("department-login")
def department_login(env: Env) -> QWidget:
    return _department(env, login=False)


@screen("department-main")
def department_main(env: Env) -> QWidget:
    return _department(env)


@screen("department-handover")
def department_handover(env: Env) -> QWidget:
    from ui.department.dialogs import HandoverDialog

    return env.own(HandoverDialog(_row(4), ("Chi cục Thuế khu vực", "UBND quận Hải An")))


@screen("department-supplement")
def department_supplement(env: Env) -> QWidget:
    from ui.department.dialogs import SupplementDialog

    return env.own(SupplementDialog(_row(4), approval=False))


@screen("department-supplement-second")
def department_supplement_second(env: Env) -> QWidget:
    """A second request: the dialog also asks for the approving supervisor, and says why."""
    from ui.department.dialogs import SupplementDialog

    d = SupplementDialog(_row(4), approval=True)
    d.ok.click()  # every message shown: the dialog must still fit
    return env.own(d)


# -- the supervisor ----------------------------------------------------------------------------
@screen("supervisor-login")
def supervisor_login(env: Env) -> QWidget:
    return _supervisor(env, login=False)


def _supervisor_tab(index: int) -> Factory:
    def open_tab(env: Env) -> QWidget:
        w = _supervisor(env)
        w.tabs.setCurrentIndex(index)
        tab = w.tabs.currentWidget()
        if hasattr(tab, "refresh"):
            tab.refresh()
        env.wait()
        return w

    return open_tab


for _i, _name in enumerate(("watch", "results", "queue", "satisfaction", "roster")):
    screen(f"supervisor-{_name}")(_supervisor_tab(_i))


@screen("supervisor-district-login")
def supervisor_district_login(env: Env) -> QWidget:
    from ui.supervisor.district import ServerLoginDialog

    return env.own(ServerLoginDialog("https://mau.hai-phong.gov.vn:8443", "giamsat"))


# -- the admin window and the set-up wizard (issue 14) ------------------------------------------
def _admin(env: Env, login: bool = True) -> Any:
    from ui.admin.window import create

    w = env.own(create(env.ctx))
    w.show()
    if login:
        w.login.username.setText("quantri")
        w.login.password.setText("motcua123")
        w.login.button.click()
        env.qtbot.waitUntil(lambda: w.who is not None, timeout=10_000)
        env.wait()
    return w


@screen("admin-login")
def admin_login(env: Env) -> QWidget:
    return _admin(env, login=False)


def _admin_tab(index: int) -> Factory:
    def open_tab(env: Env) -> QWidget:
        w = _admin(env)
        w.tabs.setCurrentIndex(index)
        tab = w.tabs.currentWidget()
        if hasattr(tab, "table") and tab.table.rowCount():
            tab.table.selectRow(0)  # the form filled in, as an admin editing sees it
        env.wait()
        return w

    return open_tab


ADMIN_TABS = ("staff", "counters", "services", "departments", "office", "catalog", "calendar",
              "pin", "backup")  # fmt: skip
for _i, _name in enumerate(ADMIN_TABS):
    screen(f"admin-{_name}")(_admin_tab(_i))


@screen("admin-catalog-preview")
def admin_catalog_preview(env: Env) -> QWidget:
    from ui.admin.catalog_tab import ImportPreview

    lines = "\n".join(f"+ 1.00{i:04d}  Thủ tục đăng ký lại khai sinh có yếu tố nước ngoài"
                      for i in range(40))  # fmt: skip
    return env.own(ImportPreview("Thêm mới: 40 · Thay đổi: 0 · Ngừng áp dụng: 0\n" + lines))


def _wizard_page(page_id: int) -> Factory:
    def open_page(env: Env) -> QWidget:
        from ui.admin.wizard import SetupWizard

        w = env.own(SetupWizard(env.ctx))
        assert isinstance(w, SetupWizard)
        w.setStartId(page_id)
        w.show()
        env.wait()
        return w

    return open_page


for _i, _name in enumerate(("welcome", "office", "admin", "catalog", "services", "counters",
                            "staff", "pin", "finish", "enroll")):  # fmt: skip
    screen(f"wizard-{_name}")(_wizard_page(_i))


# -- devices -----------------------------------------------------------------------------------
@screen("device-settings")
def device_settings(env: Env) -> QWidget:
    from ui.devices.settings import DeviceSettingsDialog

    d = env.own(DeviceSettingsDialog(env.ctx))
    assert isinstance(d, DeviceSettingsDialog)
    d.show()
    for role, label in d.printer_status.items():  # a long answer, as `abc` gave in the issue
        label.setText(
            f"Không kết nối được máy in {role}: địa chỉ 'abc' không đúng dạng "
            "(tcp://máy:cổng, serial://cổng, usb://thiết bị, sim://tên) – kiểm tra lại cài đặt."
        )
    return d


@screen("virtual-printer")
def virtual_printer(env: Env) -> QWidget:
    from ui.devices.virtual_printer import VirtualPrinterWindow

    return env.own(VirtualPrinterWindow(["sim://receipt", "sim://forms"]))


@screen("virtual-scanner")
def virtual_scanner(env: Env) -> QWidget:
    from ui.devices.virtual_scanner import VirtualScannerWindow

    w = env.own(VirtualScannerWindow(env.ctx))
    env.wait()
    return w


# -- public screens ----------------------------------------------------------------------------
@screen("dispenser", public=True)
def dispenser(env: Env) -> QWidget:
    from ui.public.dispenser import DispenserWindow

    w = env.own(DispenserWindow(env.ctx))
    env.wait()
    return w


@screen("selfcheck-home", public=True)
def selfcheck_home(env: Env) -> QWidget:
    from ui.public.selfcheck import SelfCheckWindow

    w = env.own(SelfCheckWindow(env.ctx))
    env.wait()
    return w


@screen("selfcheck-code", public=True)
def selfcheck_code(env: Env) -> QWidget:
    w: Any = selfcheck_home(env)
    w.open_code_entry()
    return w


@screen("selfcheck-procedures", public=True)
def selfcheck_procedures(env: Env) -> QWidget:
    w: Any = selfcheck_home(env)
    w.open_procedures()
    env.wait()
    return w


@screen("display", public=True)
def display(env: Env) -> QWidget:
    from ui.public.display import DisplayWindow

    w = env.own(DisplayWindow(env.ctx))
    env.wait()
    return w


def _pin(w: Any) -> None:
    w.overlay.dismiss()
    w.ask_pin()


@screen("display-pin", public=True, again=_pin)
def display_pin(env: Env) -> QWidget:
    return display(env)


@screen("selfcheck-pin", public=True, again=_pin)
def selfcheck_pin(env: Env) -> QWidget:
    return selfcheck_home(env)


@screen("rating", public=True)
def rating(env: Env) -> QWidget:
    from ui.public.rating import RatingWindow

    w: Any = env.own(RatingWindow(env.ctx))
    w.ask(counter_number=1, clerk="Nguyễn Văn An")
    env.wait()
    return w


@pytest.fixture(scope="module", autouse=True)
def tidy_up(qapp: QApplication) -> Any:
    """Free this module's many windows while Python is still whole: left to the interpreter's
    last garbage collection, PySide has crashed there (bool_dealloc) after all tests passed."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    yield
    for w in QApplication.topLevelWidgets():
        w.close()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def env(ctx: AppContext, qtbot: QtBot, wait_idle: Callable[..., None], qapp: QApplication) -> Any:
    from ui.widgets.theme import ensure_theme

    ensure_theme()
    before = qapp.styleSheet()
    qapp.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
    keep: list[QWidget] = []
    yield Env(ctx, qtbot, wait_idle, keep)
    for w in keep:
        w.close()
    qapp.setStyleSheet(before)


@pytest.mark.parametrize("name", list(SCREENS))
def test_every_window_fits_every_screen(env: Env, name: str) -> None:
    factory, public, again = SCREENS[name]
    top = factory(env)
    sizes = PUBLIC_SIZES if public else STAFF_SIZES
    report: list[str] = []
    for size_name, size in sizes.items():
        fit.place(top, size)
        if again is not None:
            again(top)
        if not isinstance(top, QDialog):
            env.wait()
        found = fit.problems(top, size)
        fit.shoot(top, size_name, name)
        report += [f"{size_name}: {p}" for p in found]
    assert not report, "\n".join(report)


SCALED = [  # (role, physical screen, Windows scaling)
    ("supervisor", (1920, 1080), 1.5),
    ("supervisor", (1920, 1080), 1.25),
    ("selfcheck", (1920, 1080), 1.5),
    ("selfcheck", (1920, 1080), 1.25),
    ("selfcheck", (1366, 768), 1.25),
    ("counter", (1920, 1080), 1.5),
]


@pytest.mark.parametrize(("role", "physical", "scale"), SCALED)
def test_windows_fit_at_windows_scaling(
    demo_db: Path, tmp_path: Path, role: str, physical: tuple[int, int], scale: float
) -> None:
    """The window opened as `kiosk run` opens it, by a Qt that really scales (QT_SCALE_FACTOR)
    on a screen of that many physical pixels: it takes the screen and nothing is cut."""
    db = tmp_path / "kiosk.sqlite3"
    copy_database(demo_db, db)
    w, h = physical
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": w,
                        "height": h,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    name = f"{w}x{h}@{round(scale * 100)}"
    shots = fit.SHOTS / name
    shots.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "QT_SCALE_FACTOR": str(scale),
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
    }
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.scaled_window",
            role,
            str(db),
            str(tmp_path),
            str(shots / f"{role}.png"),
        ],
        cwd=fit.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    assert answer["screen"] == [round(w / scale), round(h / scale)]
    assert answer["problems"] == []
