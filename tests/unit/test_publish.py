"""Publishing the procedures: the approving decision, what an import changes, the posting sheets,
the open data and the radio bulletin (issue: the wall, the portal, the radio)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import wave
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.catalog import CatalogError, catalog_to_data, load_bundled_catalog, parse_catalog
from kiosk.publish.bulletin import bulletin_text
from kiosk.publish.content import publication, time_words
from kiosk.publish.html import open_data, open_data_csv
from kiosk.services.admin_office import set_office
from kiosk.services.catalog_store import diff_catalog, import_catalog
from kiosk.services.setup import add_counter, add_service
from kiosk.store.db import Store
from kiosk.store.models import CatalogChange, Procedure

SECRET = "GHI-CHÚ-NỘI-BỘ-KHÔNG-CÔNG-KHAI"
ROUTED = "1.013978"  # land registration: an inter-agency route
FEE = "1.004873"
TOOLS = ("pdftotext", "pdftoppm", "zbarimg")


def _catalog_data() -> dict[str, Any]:
    return copy.deepcopy(catalog_to_data(load_bundled_catalog()))


def _proc(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in data["procedures"] if p["code"] == code)


def _published(data: dict[str, Any]) -> dict[str, Any]:
    """The catalog as a province would publish it: a decision, fees, steps, an internal note."""
    data["approval"] = {"decision": "1234/QĐ-UBND", "issuer": "UBND tỉnh Thái Nguyên",
                        "date": "2026-07-01"}  # fmt: skip
    fee = _proc(data, FEE)
    fee["fee"] = {"amount_vnd": 8000, "text": "Nghị quyết 12/2025/NQ-HĐND tỉnh Thái Nguyên"}
    fee["channels"] = ["direct", "post", "online"]
    fee["applicants"] = "Công dân Việt Nam cư trú trong nước"
    fee["steps"] = ["Nộp hồ sơ.", "Nhận giấy tiếp nhận.", "Nhận kết quả."]
    for p in data["procedures"]:
        p["internal_notes"] = SECRET
        p.pop("approval", None)  # the province's decision (the file's) for every procedure
    return data


@pytest.fixture
def office(store: Store) -> Store:
    with store.begin() as s:
        import_catalog(s, parse_catalog(_published(_catalog_data())))
        set_office(
            s,
            {"place_name": "Thái Nguyên", "address": "Số 1 đường Hoàng Văn Thụ",
             "phone": "0208 3855 123"},
        )  # fmt: skip
        land = add_service(s, "DD", "Đất đai", "B", ["Đất đai"])
        civil = add_service(s, "HT", "Hộ tịch", "A", ["Hộ tịch"])
        add_counter(s, 1, [civil])
        add_counter(s, 2, [land, civil])
    return store


def test_time_limit_in_words() -> None:
    assert time_words(5, "days") == "05 ngày làm việc"
    assert time_words(12, "days") == "12 ngày làm việc"
    assert time_words(8, "hours") == "08 giờ làm việc"
    assert time_words(30, "calendar_days") == "30 ngày"
    assert time_words(0, "days").startswith("Trong ngày")
    assert time_words(1.5, "days") == "1,5 ngày làm việc"


def test_approval_is_parsed_per_catalog_and_per_procedure() -> None:
    data = _published(_catalog_data())
    _proc(data, FEE)["approval"] = {"decision": "99/QĐ-UBND", "issuer": "UBND xã A", "date": None}
    catalog = parse_catalog(data)
    own = catalog.get(FEE)
    other = catalog.get(ROUTED)
    assert own is not None and own.approval is not None and own.approval.decision == "99/QĐ-UBND"
    assert other is not None and other.approval is not None
    assert other.approval.describe() == (
        "Quyết định số 1234/QĐ-UBND ngày 01/07/2026 của UBND tỉnh Thái Nguyên"
    )
    assert parse_catalog(catalog_to_data(catalog)) == catalog  # the new keys round-trip


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"decision": "1/QĐ", "issuer": "x", "date": "2026-13-01"}, "is not a real date"),
        ({"decision": "1/QĐ", "issuer": "x", "date": "01/07/2026"}, "YYYY-MM-DD"),
        ({"issuer": "x"}, "'approval.decision' is missing"),
    ],
)
def test_a_bad_approval_is_refused_with_its_field(value: dict[str, Any], message: str) -> None:
    data = _catalog_data()
    _proc(data, FEE)["approval"] = value
    with pytest.raises(CatalogError, match=re.escape(message)):
        parse_catalog(data)


def test_bad_channel_is_refused() -> None:
    data = _catalog_data()
    _proc(data, FEE)["channels"] = ["fax"]
    with pytest.raises(CatalogError, match=r"channels\[0\]' must be one of direct, post, online"):
        parse_catalog(data)


def test_bundled_public_texts_carry_no_research_notes() -> None:
    """The touch screen showed "(QĐ 2831/QĐ-UBND Hải Phòng); CSDL quốc gia ghi '1'"."""
    for p in load_bundled_catalog().procedures:
        public = " ".join((p.name, p.agency, p.time_text, p.fee_text, p.result, p.notes or ""))
        assert "CSDL quốc gia ghi" not in public and "QĐ 2831" not in public, p.code
        assert "ghi '" not in public, p.code


def test_import_shows_added_changed_withdrawn_before_it_applies(office: Store) -> None:
    data = _published(_catalog_data())
    _proc(data, FEE)["fee"]["amount_vnd"] = 10000
    _proc(data, ROUTED)["time_limit"]["text"] = "17 ngày làm việc"
    dropped = data["procedures"].pop(0)
    new = copy.deepcopy(_proc(data, FEE))
    new.update(code="LOCAL.TEST.01", name="Thủ tục thử nghiệm công bố mới")
    data["procedures"].append(new)
    catalog = parse_catalog(data)
    with office.read() as s:
        diff = diff_catalog(s, catalog, withdraw_missing=True)
    assert diff.added == [("LOCAL.TEST.01", "Thủ tục thử nghiệm công bố mới")]
    assert sorted((c, f) for c, _, f in diff.changed) == [(FEE, ["fee"]), (ROUTED, ["time_limit"])]
    assert diff.withdrawn == [(dropped["code"], dropped["name"])]
    at = datetime(2026, 12, 7, 9, 0)
    later = select(CatalogChange).where(CatalogChange.at >= at)
    with office.read() as s:  # the dry run changed nothing
        assert s.scalar(later) is None
        assert s.scalar(select(Procedure.active).where(Procedure.code == dropped["code"]))
    with office.begin() as s:
        import_catalog(s, catalog, withdraw_missing=True, at=at)
    with office.read() as s:
        kinds = sorted((c.kind, c.code) for c in s.scalars(later))
        assert kinds == sorted(
            [("added", "LOCAL.TEST.01"), ("changed", FEE), ("changed", ROUTED),
             ("withdrawn", dropped["code"])]
        )  # fmt: skip
        assert not s.scalar(select(Procedure.active).where(Procedure.code == dropped["code"]))
        assert diff_catalog(s, catalog, withdraw_missing=True).empty  # applied: nothing left
        text = bulletin_text(s, date(2026, 12, 7), today=date(2026, 12, 8))
    assert "Thủ tục mới: Thủ tục thử nghiệm công bố mới." in text
    assert f"Thủ tục {dropped['name']} đã được bãi bỏ" in text
    assert "có thay đổi về phí, lệ phí." in text and "Lệ phí 10.000 đồng." in text
    assert "theo Quyết định số 1234/QĐ-UBND" in text
    assert "1.004873" not in text and "http" not in text  # read aloud: no codes, no addresses
    assert "Giờ tiếp nhận hồ sơ từ thứ Hai đến thứ Sáu, từ 7 giờ 30 đến 11 giờ 30" in text


def test_bulletin_names_the_next_days_off(office: Store) -> None:
    with office.read() as s:
        text = bulletin_text(s, date(2026, 4, 20), today=date(2026, 4, 20))
    assert "không có thay đổi" in text
    assert "nghỉ dịp Nghỉ bù Giỗ Tổ Hùng Vương" in text and "ngày 27 tháng 4 năm 2026" in text
    assert "từ ngày 30 tháng 4 năm 2026 đến ngày 1 tháng 5 năm 2026" in text


def test_bulletin_read_aloud_is_a_real_wav(office: Store, tmp_path: Path) -> None:
    from kiosk.publish.voice import speak_to_wav

    with office.read() as s:
        text = bulletin_text(s, date(2026, 12, 1), today=date(2026, 12, 4))
    seconds = speak_to_wav(text, tmp_path / "b.wav")
    with wave.open(str(tmp_path / "b.wav")) as w:
        frames, rate = w.getnframes(), w.getframerate()
        pcm = w.readframes(frames)
    assert seconds > 20 and abs(frames / rate - seconds) < 0.01
    assert max(abs(int.from_bytes(pcm[i : i + 2], "little", signed=True))
               for i in range(0, len(pcm), 2000)) > 1000  # fmt: skip  (speech, not silence)


def test_open_data_holds_public_fields_only(office: Store) -> None:
    with office.read() as s:
        pub = publication(s)
    data = json.dumps(open_data(pub), ensure_ascii=False)
    csv_text = open_data_csv(pub)
    assert len(pub.sheets) == 47
    assert SECRET not in data and SECRET not in csv_text
    fee = next(p for p in open_data(pub)["procedures"] if p["code"] == FEE)
    assert fee["fee"] == "8.000 đồng"
    assert fee["approval"].startswith("Quyết định số 1234/QĐ-UBND")
    assert fee["queue"] == "Quầy 1, 2 – số thứ tự A"
    assert csv_text.splitlines()[0].startswith("code,name,field")


@pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="needs poppler and zbar")
def test_posting_sheets_read_back(office: Store, output_dir: Path) -> None:
    from printing.forms.posting import render_posting

    with office.read() as s:
        pub = publication(s, codes=[FEE, ROUTED])
    path = output_dir / "posting.pdf"
    render_posting(pub, out=path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for expected in (
        "DANH MỤC THỦ TỤC HÀNH CHÍNH", "Hộ tịch – Quầy 1, 2 – số thứ tự A", "Mã thủ tục: 1.004873",
        "Công dân Việt Nam cư trú trong nước", "03 ngày làm việc", "8.000 đồng",
        "Nghị quyết 12/2025/NQ-HĐND", "Trực tiếp tại Bộ phận Một cửa",
        "Qua dịch vụ bưu chính công ích", "Nộp trực tuyến: https://dichvucong.gov.vn",
        "Bước 1. Nộp hồ sơ.", "Quyết định số 1234/QĐ-UBND ngày 01/07/2026",
        "Số 1 đường Hoàng Văn Thụ", "Thủ tục liên thông – các cơ quan tham gia",
        "01 bản chính, 01 bản sao", "17 ngày làm việc", "Thái Nguyên, niêm yết ngày",
    ):  # fmt: skip
        assert expected in flat, expected
    assert SECRET not in flat and "CSDL quốc gia ghi" not in flat
    route = next(p for p in load_bundled_catalog().procedures if p.code == ROUTED).route
    assert all(step.agency.split()[0] in flat for step in route)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(output_dir / "posting")],
                   check=True)  # fmt: skip
    decoded = set()
    for png in sorted(output_dir.glob("posting-*.png")):
        out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
        decoded.update(out.stdout.split())
    assert "https://dichvucong.gov.vn" in decoded  # the QR to submit online


def test_posting_of_one_field_or_unknown_codes(office: Store) -> None:
    from kiosk.errors import KioskError

    with office.read() as s:
        assert {sh.field for sh in publication(s, field_name="Hộ tịch").sheets} == {"Hộ tịch"}
        with pytest.raises(KioskError, match="no active procedure NOPE"):
            publication(s, codes=["NOPE"])
        with pytest.raises(KioskError, match="no active procedure in the field"):
            publication(s, field_name="Không có")


def test_the_office_own_fee_and_charge_are_published(office: Store) -> None:
    from kiosk.store.models import Office, ProcedureFee

    with office.begin() as s:
        proc = s.scalar(select(Procedure).where(Procedure.code == ROUTED))
        here = s.scalar(select(Office.id))
        assert proc is not None and here is not None
        basis = "NQ 05/2026/NQ-HĐND tỉnh Thái Nguyên"
        s.add(ProcedureFee(office_id=here, procedure_id=proc.id, fee_vnd=100000,
                           charge_vnd=35000, basis=basis))  # fmt: skip
    with office.read() as s:
        sheet = publication(s, codes=[ROUTED]).sheets[0]
    assert sheet.fee_amount == "Phí: 100.000 đồng; Lệ phí: 35.000 đồng"
    assert sheet.fee_basis == "NQ 05/2026/NQ-HĐND tỉnh Thái Nguyên"
