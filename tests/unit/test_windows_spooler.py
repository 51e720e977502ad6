"""Issue 19, item 9: `win://` ticket printers and the Windows printer list, simulated with a
stand-in win32print module (the real one exists only on Windows): the spooler's printer status
is checked before a job and the job followed after it, so an offline or empty printer is a
failed print (the ticket is rolled back), not a silent success."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

import kiosk.paths
from printing import transports
from printing.errors import PrinterError
from printing.transports import WinTransport
from printing.windows_spooler import (
    JOB_STATUS_PAPEROUT,
    JOB_STATUS_PRINTED,
    PRINTER_ATTRIBUTE_WORK_OFFLINE,
    PRINTER_STATUS_OFFLINE,
    PRINTER_STATUS_PAPER_OUT,
    printer_names,
    watch_job,
)


class SpoolerError(Exception):
    """pywintypes.error stand-in."""


@dataclass
class FakeWin32Print:
    printers: dict[str, dict[str, int]] = field(default_factory=dict)
    job_states: list[int] = field(default_factory=lambda: [JOB_STATUS_PRINTED])
    jobs: list[bytes] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)

    def EnumPrinters(self, flags: int, name: Any, level: int) -> list[dict[str, Any]]:  # noqa: N802
        assert flags & 0x2 and flags & 0x4 and level == 2
        return [{"pPrinterName": n, "Status": v.get("Status", 0)} for n, v in self.printers.items()]

    def OpenPrinter(self, name: str) -> str:  # noqa: N802
        if name not in self.printers:
            raise SpoolerError(1801, "OpenPrinter", "The printer name is invalid.")
        self.opened.append(name)
        return name

    def GetPrinter(self, handle: str, level: int) -> dict[str, int]:  # noqa: N802
        assert level == 2
        return dict(self.printers[handle])

    def StartDocPrinter(self, handle: str, level: int, doc: tuple[Any, ...]) -> int:  # noqa: N802
        assert doc[2] == "RAW"
        self.jobs.append(b"")
        return len(self.jobs)

    def StartPagePrinter(self, handle: str) -> None:  # noqa: N802
        pass

    def WritePrinter(self, handle: str, data: bytes) -> int:  # noqa: N802
        self.jobs[-1] += data
        return len(data)

    def EndPagePrinter(self, handle: str) -> None:  # noqa: N802
        pass

    def EndDocPrinter(self, handle: str) -> None:  # noqa: N802
        pass

    def GetJob(self, handle: str, job_id: int, level: int) -> dict[str, int]:  # noqa: N802
        if not self.job_states:
            raise SpoolerError(87, "GetJob", "The parameter is incorrect.")  # job gone: done
        return {"JobId": job_id, "Status": self.job_states.pop(0)}

    def ClosePrinter(self, handle: str) -> None:  # noqa: N802
        pass


@pytest.fixture
def w32(monkeypatch: pytest.MonkeyPatch) -> FakeWin32Print:
    fake = FakeWin32Print(printers={"XP-80C": {"Status": 0, "Attributes": 0}, "HP LaserJet": {}})
    monkeypatch.setattr(transports, "_win32print", lambda: fake)
    monkeypatch.setattr("printing.windows_spooler.time.sleep", lambda _s: None)
    return fake


def test_a_healthy_printer_prints(w32: FakeWin32Print) -> None:
    t = WinTransport("win://XP-80C", "XP-80C")
    t.write(b"\x1b@ticket A001\n")
    t.close()
    assert w32.jobs == [b"\x1b@ticket A001\n"]


@pytest.mark.parametrize(
    ("status", "attributes", "kind"),
    [
        (PRINTER_STATUS_OFFLINE, 0, "offline"),
        (PRINTER_STATUS_PAPER_OUT, 0, "paper_out"),
        (0, PRINTER_ATTRIBUTE_WORK_OFFLINE, "offline"),
    ],
)
def test_a_printer_the_spooler_knows_is_down_gets_no_job(
    w32: FakeWin32Print, status: int, attributes: int, kind: str
) -> None:
    w32.printers["XP-80C"] = {"Status": status, "Attributes": attributes}
    t = WinTransport("win://XP-80C", "XP-80C")
    with pytest.raises(PrinterError) as err:
        t.write(b"ticket")
    assert err.value.kind == kind and not err.value.after_write and w32.jobs == []


def test_a_job_that_stops_on_paper_out_is_a_failed_print(w32: FakeWin32Print) -> None:
    w32.job_states = [0, JOB_STATUS_PAPEROUT]
    t = WinTransport("win://XP-80C", "XP-80C")
    with pytest.raises(PrinterError) as err:
        t.write(b"ticket")
    assert err.value.kind == "paper_out" and err.value.after_write  # the ticket is rolled back


def test_a_job_stuck_while_the_printer_went_offline(w32: FakeWin32Print) -> None:
    w32.job_states = [0] * 1000
    clock = iter(float(i) for i in range(1000))
    h = w32.OpenPrinter("XP-80C")
    watch_job(w32, h, 1, "XP-80C", seconds=3, sleep=lambda _s: None, clock=lambda: next(clock))
    w32.printers["XP-80C"]["Status"] = PRINTER_STATUS_OFFLINE
    with pytest.raises(PrinterError) as err:
        watch_job(w32, h, 1, "XP-80C", seconds=3, sleep=lambda _s: None,
                  clock=lambda: next(clock))
    assert err.value.kind == "offline" and err.value.after_write


def test_an_unknown_printer_name(w32: FakeWin32Print) -> None:
    with pytest.raises(PrinterError, match="no printer named"):
        WinTransport("win://Máy in cũ", "Máy in cũ")


def test_the_settings_list_windows_printers(
    w32: FakeWin32Print, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.devices.settings import printer_suggestions

    assert printer_names(w32) == ["HP LaserJet", "XP-80C"]
    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: True)
    ticket = printer_suggestions("ticket", [])
    assert "win://XP-80C" in ticket and "win://HP LaserJet" in ticket
    assert ticket.index("tcp://192.168.1.100:9100") < ticket.index("win://XP-80C")  # tcp first
    forms = printer_suggestions("forms", [])
    assert "pdf://HP LaserJet" in forms and not any(s.startswith("win://") for s in forms)


def test_on_linux_the_settings_list_cups_printers(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.devices import settings

    monkeypatch.setattr(kiosk.paths, "is_windows", lambda: False)
    assert settings.printer_suggestions("forms", [], ["Máy in tầng 2"]) == [
        "", "pdf://", "pdf://Máy in tầng 2", "sim://forms"
    ]
    ticket = settings.printer_suggestions("ticket", [], ["X"])
    assert not any(s.startswith("win://") for s in ticket)
