"""The Windows spooler seen from a ticket printer's side (pywin32's win32print, Windows only).

A `win://NAME` printer goes through the spooler, which accepts a job whatever the printer's
state: an offline or empty printer still "prints". What the spooler does know is checked:

- before a job, the printer's status and attributes (`GetPrinter` level 2): offline, paused,
  paper out or jam, door open, error, "use printer offline" ticked, no driver/port;
- after it, the job's status (`GetJob`), for a few seconds: an error, a blocked or deleted
  job, or a job still waiting when the printer went offline is reported as a failed print, so
  a ticket whose printing failed is rolled back as with the other transports.

It cannot see the paper of a printer that does not report it (most USB thermal printers on a
"Generic / Text Only" driver): docs/install.md steers ticket printers to `tcp://` or the
vendor's virtual COM port, which answer the printer's own status.

The module takes the win32print module as an argument, so that the code paths are tested on
Linux with a stand-in (tests/unit/test_windows_spooler.py).
"""

from __future__ import annotations

import time
from typing import Any

from printing.errors import PrinterError

PRINTER_ENUM_LOCAL = 0x2
PRINTER_ENUM_CONNECTIONS = 0x4

# PRINTER_INFO_2.Status
PRINTER_STATUS_PAUSED = 0x1
PRINTER_STATUS_ERROR = 0x2
PRINTER_STATUS_PAPER_JAM = 0x8
PRINTER_STATUS_PAPER_OUT = 0x10
PRINTER_STATUS_PAPER_PROBLEM = 0x40
PRINTER_STATUS_OFFLINE = 0x80
PRINTER_STATUS_NOT_AVAILABLE = 0x1000
PRINTER_STATUS_NO_TONER = 0x40000
PRINTER_STATUS_USER_INTERVENTION = 0x100000
PRINTER_STATUS_DOOR_OPEN = 0x400000
# PRINTER_INFO_2.Attributes
PRINTER_ATTRIBUTE_WORK_OFFLINE = 0x400
# JOB_INFO_1.Status
JOB_STATUS_PAUSED = 0x1
JOB_STATUS_ERROR = 0x2
JOB_STATUS_OFFLINE = 0x20
JOB_STATUS_PAPEROUT = 0x40
JOB_STATUS_PRINTED = 0x80
JOB_STATUS_DELETED = 0x100
JOB_STATUS_BLOCKED_DEVQ = 0x200
JOB_STATUS_USER_INTERVENTION = 0x10000

WATCH_JOB_S = 3.0  # how long a job is followed after it was handed to the spooler


def printer_names(w32: Any) -> list[str]:
    """The printers Windows knows (local and network connections), by name."""
    found = w32.EnumPrinters(PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS, None, 2)
    names = {str(p["pPrinterName"]) for p in found if p.get("pPrinterName")}
    return sorted(names, key=str.casefold)


def printer_problem(w32: Any, handle: Any, name: str) -> PrinterError | None:
    """What keeps the printer `name` from printing now, as the spooler reports it; None if ok."""
    info = w32.GetPrinter(handle, 2)
    status = int(info.get("Status", 0) or 0)
    attributes = int(info.get("Attributes", 0) or 0)
    where = f"The Windows printer {name!r}"
    if status & PRINTER_STATUS_PAPER_OUT or status & PRINTER_STATUS_PAPER_PROBLEM:
        return PrinterError("paper_out", f"{where} is out of paper.")
    if status & PRINTER_STATUS_DOOR_OPEN:
        return PrinterError("cover_open", f"{where} has its cover open.")
    if attributes & PRINTER_ATTRIBUTE_WORK_OFFLINE:
        return PrinterError(
            "offline",
            f"{where} is set to 'Use printer offline' in Windows; untick it in its queue window.",
        )
    if status & (PRINTER_STATUS_OFFLINE | PRINTER_STATUS_NOT_AVAILABLE):
        return PrinterError("offline", f"{where} is offline.")
    if status & PRINTER_STATUS_PAUSED:
        return PrinterError("offline", f"{where} is paused in Windows; resume it in its queue.")
    failing = PRINTER_STATUS_ERROR | PRINTER_STATUS_PAPER_JAM | PRINTER_STATUS_USER_INTERVENTION
    if status & failing:
        return PrinterError("offline", f"{where} reports an error (status 0x{status:x}).")
    return None


def job_problem(status: int, name: str) -> PrinterError | None:
    where = f"The job on the Windows printer {name!r}"
    if status & JOB_STATUS_PAPEROUT:
        return PrinterError("paper_out", f"{where} stopped: out of paper.", after_write=True)
    if status & (JOB_STATUS_OFFLINE | JOB_STATUS_BLOCKED_DEVQ):
        return PrinterError("offline", f"{where} is waiting: the printer is offline.",
                            after_write=True)
    if status & (JOB_STATUS_ERROR | JOB_STATUS_USER_INTERVENTION | JOB_STATUS_DELETED):
        return PrinterError("io_error", f"{where} failed (status 0x{status:x}).",
                            after_write=True)
    return None


def watch_job(
    w32: Any,
    handle: Any,
    job_id: int,
    name: str,
    *,
    seconds: float = WATCH_JOB_S,
    sleep: Any = time.sleep,
    clock: Any = time.monotonic,
) -> None:
    """Follow job `job_id` until it leaves the queue or is printed; PrinterError if it fails.

    A job still queued when the time is up is fine only while the printer itself reports no
    problem (a slow spooler); otherwise the printer's problem is raised as after-write.
    """
    deadline = clock() + seconds
    while True:
        try:
            job = w32.GetJob(handle, job_id, 1)
        except Exception:  # noqa: BLE001 - pywintypes.error: the job has left the queue
            return
        status = int(job.get("Status", 0) or 0)
        if (problem := job_problem(status, name)) is not None:
            raise problem
        if status & JOB_STATUS_PRINTED:
            return
        if clock() >= deadline:
            if (problem := printer_problem(w32, handle, name)) is not None:
                raise problem.as_after_write()
            return
        sleep(0.1)
