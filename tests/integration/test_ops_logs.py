"""Log files: written where support finds them, at the level asked for, without personal data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.domain.people import fold
from kiosk.errors import KioskError
from kiosk.logs import LEVEL_ENV, log_path, redact, setup_logging
from kiosk.privacy.logsafe import safe
from kiosk.services.setup import init_database
from kiosk.store.db import Store, open_store

# What a clerk types or scans at the counter; none of it may reach a log file.
NAME = "Nguyễn Thị Hồng Nhung"
ID_NUMBER = "001190012345"
OLD_ID = "123456789"
PHONE = "0912 345 678"
CCCD_QR = f"{ID_NUMBER}|{OLD_ID}|{NAME}|15031990|Nữ|Số 5 Lê Lợi, Hà Nội|01012022"
PERSONAL = (NAME, "Hồng Nhung", ID_NUMBER, OLD_ID, PHONE, "0912345678", "Lê Lợi", "15031990")


@pytest.fixture
def clean_root() -> Iterator[logging.Logger]:
    """setup_logging changes the root logger: put it back after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for h in root.handlers:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)


def _read(home: Path) -> str:
    for h in logging.getLogger().handlers:
        h.flush()
    return log_path(home).read_text(encoding="utf-8")


def test_personal_data_never_reaches_the_file(
    tmp_path: Path, clean_root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LEVEL_ENV, raising=False)
    path = setup_logging(tmp_path)
    assert path == tmp_path / "logs" / "kiosk.log"
    log = logging.getLogger("kiosk.services.reception")
    code = "000.17.22.H56-260209-0001"
    log.info("received %s for %s, id %s, phone %s", code, NAME, ID_NUMBER, PHONE)
    log.info("scanned %s", CCCD_QR)
    log.warning("lookup failed: %r", {"name": NAME, "phone": "0912345678", "code": code})
    log.info("applicant=%s old id %s", NAME.upper(), OLD_ID)
    try:
        raise ValueError(f"cannot save dossier of {NAME} ({ID_NUMBER})")
    except ValueError:
        log.exception("saving failed")
    text = _read(tmp_path)
    for secret in PERSONAL + (NAME.upper(),):
        assert secret not in text, f"{secret!r} leaked into the log:\n{text}"
    # ...while what support needs stays: the dossier code, the event, the traceback's type
    assert text.count(code) == 2
    assert "received" in text and "[text]" in text
    assert "ValueError: [message hidden]" in text and "Traceback" in text
    assert "test_ops_logs.py" in text  # the frames are kept


# Applicants from several ethnic minorities, written as clerks and scanners really write them.
MINORITY_APPLICANTS = (
    ("Giàng A Pao", "001 090 012 345", "0912 345 678", "Thôn Tả Phìn, xã Sà Phìn, Đồng Văn"),
    ("giang a pao", "002090012346", "0987.654.321", "thon ta phin, xa sa phin, dong van"),
    ("Sùng Thị Mỷ", "002190012347", "+84 913 222 333", "Bản Lũng Cẩm, xã Sủng Là"),
    ("VÀNG SEO CHẢI", "010088001234", "0203 888 777", "Bản Nậm Cang, Sa Pa"),
    ("Lò Văn Hặc", "014085004321", "0215 666 555", "Bản Co Muông, xã Chiềng Mung"),
    ("H'Hen Niê", "066192000111", "0262 111 222", "Buôn Ma Thuột, 15/03/1990"),
    ("Y Moan Ênuôl", "066080000222", "0262 333 444", "buon ako dhong"),
    ("Thạch Thị Sa Rinh", "084195000333", "0294 555 666", "Ấp Trà Kha, Trà Vinh"),
    ("Ma Seo Chử", "010091000444", "0983 000 111", "Xín Mần"),
)
BIRTH_DATES = ("15/03/1990", "1990-03-15", "15031990")


def _reception_with_a_failure(store: Store, log: logging.Logger) -> list[str]:
    """Receive a dossier for each applicant (one fails with a database error and a traceback),
    logging the way the counter's background jobs do."""
    from kiosk.services import dossiers
    from kiosk.services.context import Actor
    from kiosk.services.dossiers import Applicant, Intake, receive_dossier

    clerk = Actor("canbo1", 2, "pc-1")
    codes: list[str] = []
    for i, (name, id_number, phone, address) in enumerate(MINORITY_APPLICANTS):
        intake = Intake(
            "1.001570",
            Applicant(name, id_number.replace(" ", ""), phone.replace(" ", ""), address),
            documents=[{"name": f"Giấy tờ của {name}, sinh {BIRTH_DATES[i % 3]}"}],
        )
        try:
            with store.begin() as s:
                if i == 3:  # the same code as the first one: the insert fails with the row's data
                    orig = dossiers.next_code
                    dossiers.next_code = lambda *_a: codes[0]  # type: ignore[assignment]
                    try:
                        receive_dossier(s, intake, clerk)
                    finally:
                        dossiers.next_code = orig  # type: ignore[assignment]
                else:
                    codes.append(receive_dossier(s, intake, clerk).code)
            log.info("reception done: %s", codes[-1])
        except Exception as exc:  # noqa: BLE001 - as ui/tasks.py: the failure is logged
            log.error("background job failed", exc_info=exc)
            log.warning("reception of %s failed: %s (%r)", name, exc, address)
        log.debug("search typed: %s / %s / %s", name.lower(), address, BIRTH_DATES[i % 3])
    return codes


def test_a_reception_of_minority_names_leaves_nothing_personal_in_any_log(
    tmp_path: Path, clean_root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    monkeypatch.delenv(LEVEL_ENV, raising=False)
    setup_logging(tmp_path, "DEBUG")
    setup_logging(tmp_path, "DEBUG", name="kiosk-counter")  # the app's file, as ui/app.py does
    store = open_store(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    try:
        with store.begin() as s:
            init_database(s, "000.17.22.H56", "UBND xã Sà Phìn")
        log = logging.getLogger("ui.counter.reception")
        codes = _reception_with_a_failure(store, log)
    finally:
        store.close()
    assert len(codes) == len(MINORITY_APPLICANTS) - 1
    for h in logging.getLogger().handlers:
        h.flush()
    logs = [p for p in (tmp_path / "logs").rglob("*") if p.is_file()]
    assert logs
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    secrets = set(BIRTH_DATES)
    for name, id_number, phone, address in MINORITY_APPLICANTS:
        secrets |= {name, name.lower(), id_number, id_number.replace(" ", ""), phone, address}
        secrets |= {phone.replace(" ", "").replace(".", "")}
        secrets |= set(address.split(", ")) | {name.split()[-1], fold(name), fold(address)}
    found = sorted(s for s in secrets if s.lower() in text.lower())
    assert not found, f"personal data in the logs: {found}\n{text}"
    # identifiers and the failure's shape stay, for support
    assert all(c in text for c in codes)
    assert IntegrityError.__name__ in text and "Traceback (most recent call last)" in text
    assert "[message hidden]" in text and "reception of [text] failed" in text


def test_redact_keeps_codes_times_and_counts() -> None:
    line = "ticket A012 at 2026-02-09T09:00:00, 3 pages in 12.5 s, "
    line += "dossier 000.17.22.H56-260209-0001"
    assert redact(line) == line
    assert redact("Đến quầy số 3") == "Đến quầy số 3"
    assert redact(f"+84 912 345 678 / 84912345678 / {PHONE}") == "[phone] / [phone] / [phone]"
    assert redact("email an.nguyen@example.vn") == "email [email]"


def test_level_from_option_environment_and_config(
    tmp_path: Path, clean_root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = logging.getLogger("kiosk.sync")
    monkeypatch.delenv(LEVEL_ENV, raising=False)
    setup_logging(tmp_path)  # INFO by default
    log.debug("debug-1")
    log.info("info-1")
    monkeypatch.setenv(LEVEL_ENV, "debug")
    setup_logging(tmp_path)
    log.debug("debug-2")
    monkeypatch.delenv(LEVEL_ENV)
    (tmp_path / "config.toml").write_text('log_level = "WARNING"\n', encoding="utf-8")
    setup_logging(tmp_path)
    log.info("info-3")
    log.warning("warning-3")
    setup_logging(tmp_path, "ERROR")  # an option wins over the file
    log.warning("warning-4")
    text = _read(tmp_path)
    assert "debug-1" not in text and "info-1" in text and "debug-2" in text
    assert "info-3" not in text and "warning-3" in text and "warning-4" not in text
    ours = [h for h in logging.getLogger().handlers if getattr(h, "kiosk_log_file", False)]
    assert len(ours) == 1, "setting up again must not add a second file handler"
    display = setup_logging(tmp_path, name="kiosk-display")  # the app: one file per role
    log.error("error-5")
    assert display == tmp_path / "logs" / "kiosk-display.log"
    assert "error-5" in display.read_text(encoding="utf-8") and "error-5" not in text


def test_a_bad_level_setting_does_not_stop_the_app_but_a_bad_option_is_refused(
    tmp_path: Path, clean_root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LEVEL_ENV, "loud")
    setup_logging(tmp_path)
    assert "KIOSK_LOG_LEVEL 'loud' is not a log level" in _read(tmp_path)
    with pytest.raises(KioskError, match="--log-level 'chatty'"):
        setup_logging(tmp_path, "chatty")


def test_files_rotate(
    tmp_path: Path, clean_root: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LEVEL_ENV, raising=False)
    setup_logging(tmp_path)
    log = logging.getLogger("kiosk.bench")
    for i in range(12_000):  # ~1.3 MB: past one file
        log.info("line %05d %s", i, safe("x" * 60))
    _read(tmp_path)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files[:2] == ["kiosk.log", "kiosk.log.1"]
    assert all(p.stat().st_size <= 1_000_000 for p in (tmp_path / "logs").iterdir())
