"""Convert the research list shared/reference/procedures.json into our catalog format.

Usage (from the repository root):

    python scripts/convert_reference_catalog.py ../shared/reference/procedures.json \
        resources/catalog/procedures.json

A one-off tool kept for provenance: the bundled catalog is exactly this script's output (a unit
test checks that), so every difference from the reference is written down here with its reason.
Each reason also goes into the procedure's `internal_notes`, prefixed "Chuyển đổi:", so a supervisor
sees it without reading code; research remarks in the public texts (time limit, agency) move there
too, so citizens never read them. The decisions:

- Units: "ngày làm việc" becomes "days". Plain "ngày" is decided per procedure in `TIME_DECISIONS`
  (calendar days unless the rule behind it excludes days off); the converter stops if a plain
  "ngày" entry has no decision.
- "Ngay trong ngày" procedures get 0 days (same day; after the cut-off hour the next working day),
  which is how the app schedules them; the national database's "1" is only an upper bound.
- Missing time limits get a placeholder value with the reason (all in entries marked partial).
- Routes: `ROUTES` decides every procedure the reference marks inter-agency. Day shares come from
  the reference where it gives them (a step done in parallel gets 0, because the route's due dates
  are cumulative); steps outside the time limit (prerequisites, optional services with their own
  limit, automatic data transfers) are left out. Shares the reference does not give are allocated
  here, and such a procedure is marked partial (sample).
- `sample` is true exactly when `confidence` is "partial" or "recalled".
- `result_places` are not in the reference; `result_places()` derives them from the kind of result.
- Documents: `required` is false for conditional items ("nếu ...", "chỉ khi ...", alternatives);
  an entry with neither originals nor copies (a remark, not a document) moves to the notes.
- The explosives-use permit has no national code in the reference; it gets "LOCAL.VLNCN.01".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.catalog import FORMAT_ID, CatalogError, parse_catalog  # noqa: E402

CATALOG_NAME = "Danh mục thủ tục hành chính mẫu tiếp nhận tại Bộ phận Một cửa"
CATALOG_VERSION = "2026.11.26"
CATALOG_SOURCE = (
    "Chuyển đổi từ shared/reference/procedures.json (47 thủ tục, tổng hợp từ CSDL thủ tục hành "
    "chính quốc gia bản crawl 2026, dữ liệu niêm yết của TP Hải Phòng/Vĩnh Bảo, QĐ 1766/QĐ-UBND "
    "Bình Thuận và các cổng dịch vụ công của Bộ Y tế, Bộ Nội vụ) bằng "
    "scripts/convert_reference_catalog.py. Chưa đối chiếu với văn bản công bố có chữ ký; thủ tục "
    "có sample = true chứa dữ liệu dựng lại. Nơi trả kết quả do bộ chuyển đổi suy ra từ loại kết "
    "quả; lệ phí ví dụ là mức của TP Hải Phòng."
)

AT_COUNTER = "Tại Bộ phận Một cửa"
BY_POST = "Qua dịch vụ bưu chính công ích"
ONLINE = "Trực tuyến"

LOCAL_CODES = {
    "Cấp Giấy phép sử dụng vật liệu nổ công nghiệp (thẩm quyền UBND cấp tỉnh)": (
        "LOCAL.VLNCN.01",
        "mã nội bộ LOCAL.VLNCN.01 vì tài liệu tham chiếu chưa tìm được mã thủ tục quốc gia; "
        "thay bằng mã quốc gia khi có.",
    ),
}
FIELD_NAMES = {
    "Vật liệu nổ công nghiệp, tiền chất thuốc nổ (Công Thương)": (
        "Vật liệu nổ công nghiệp, tiền chất thuốc nổ"
    ),
}
LEVELS = {"xã": "Cấp xã", "tỉnh": "Cấp tỉnh"}
UNITS = {"ngày làm việc": "days", "giờ làm việc": "hours"}

_SAME_DAY = (
    "thời hạn 0 ngày làm việc = trả trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp "
    "theo) theo mô tả thời hạn; con số '1' của CSDL quốc gia là hạn tối đa, không dùng để hẹn."
)
_SAME_DAY_SOURCE = (
    "thời hạn 0 ngày làm việc = trả trong ngày (nhận sau 15 giờ thì trả trong ngày làm việc tiếp "
    "theo) theo NĐ 23/2015/NĐ-CP như mô tả thời hạn; CSDL quốc gia ghi 01 ngày làm việc."
)
_BUILDING_PERMIT = (
    "'15 ngày' là ngày theo lịch: quy định về cấp giấy phép xây dựng ghi riêng các mốc 'ngày làm "
    "việc' (07, 05, 03 ngày làm việc) cho từng bước, còn thời hạn chung chỉ ghi 'ngày'."
)

# code -> (value, unit, reason). Every plain-"ngày" entry and every missing value must be here.
TIME_DECISIONS: dict[str, tuple[float, str, str]] = {
    "1.001193": (0, "days", _SAME_DAY),
    "1.000894": (0, "days", _SAME_DAY),
    "1.000656": (0, "days", _SAME_DAY),
    "2.000635": (0, "days", _SAME_DAY),
    "2.000815": (0, "days", _SAME_DAY),
    "2.000884": (0, "days", _SAME_DAY),
    "2.000908": (0, "days", _SAME_DAY_SOURCE),
    "1.013949": (
        15,
        "days",
        "'15 ngày' hiểu là ngày làm việc vì thời gian thực hiện thủ tục đất đai không tính ngày "
        "nghỉ, ngày lễ (nhớ lại, chưa đối chiếu nghị định).",
    ),
    "1.012812": (
        30,
        "calendar_days",
        "'30 ngày' là ngày theo lịch: cùng đoạn văn ghi riêng mốc '03 ngày làm việc'.",
    ),
    "1.011607": (
        15,
        "calendar_days",
        "CSDL chỉ ghi '15 ngày', không ghi 'làm việc', nên hiểu là ngày theo lịch (cách hiểu "
        "chặt hơn); cần đối chiếu QĐ 24/2021/QĐ-TTg.",
    ),
    "1.013225": (
        15,
        "calendar_days",
        _BUILDING_PERMIT + " Thời hạn 15 ngày là của nhà ở riêng lẻ; công trình cấp III, IV là "
        "20 ngày, người tiếp nhận cần hẹn theo loại công trình.",
    ),
    "1.013229": (
        15,
        "calendar_days",
        _BUILDING_PERMIT.replace("'15 ngày'", "'15 ngày' (như thủ tục cấp phép mới 1.013225)"),
    ),
    "1.001699": (
        30,
        "calendar_days",
        "chưa có thời hạn chính thức; tạm dùng 30 ngày theo lịch (cận trên của khoảng 20–30 ngày "
        "nêu ở mô tả thời hạn) để lập giấy hẹn.",
    ),
    "1.001776": (
        14,
        "days",
        "chưa có thời hạn chính thức sau phân cấp 2025; tạm dùng 14 ngày làm việc = 07 (xét "
        "duyệt, niêm yết) + 07 (thẩm định) theo quy trình cũ nêu ở mô tả thời hạn.",
    ),
    "1.014027": (
        14,
        "days",
        "chưa có thời hạn chính thức; tạm dùng 14 ngày làm việc như thủ tục trợ cấp xã hội hằng "
        "tháng 1.001776 (cùng do cấp xã xét duyệt, quyết định).",
    ),
    "1.010803": (
        19,
        "days",
        "chưa có thời hạn chính thức; tạm dùng 19 ngày làm việc như thủ tục 1.010824 (cùng quy "
        "trình UBND cấp xã tiếp nhận, Sở Nội vụ giải quyết).",
    ),
    "1.010833": (
        5,
        "days",
        "chưa có thời hạn chính thức; tạm dùng 05 ngày làm việc (giá trị giữ chỗ, không có nguồn).",
    ),
}

# code -> (route steps as (agency, task, days), new time value or None, reason, shares invented).
# None as steps means "no route" (reason says why the reference's inter-agency steps are left out).
Route = list[tuple[str, str, float]]
ROUTES: dict[str, tuple[Route | None, float | None, str, bool]] = {
    "3.000722": (
        [
            (
                "UBND cấp xã (người làm công tác hộ tịch)",
                "Đăng ký khai sinh trong 24 giờ kể từ khi hệ thống hộ tịch nhận đủ hồ sơ; Chủ tịch "
                "UBND cấp xã xét hỗ trợ khi sinh con (nếu có)",
                1,
            ),
            (
                "Công an cấp xã",
                "Đăng ký thường trú cho trẻ, không quá 02 ngày làm việc",
                2,
            ),
            (
                "Bảo hiểm xã hội",
                "Cấp thẻ BHYT cho trẻ dưới 6 tuổi, không quá 02 ngày làm việc, song song với "
                "bước đăng ký thường trú",
                0,
            ),
        ],
        None,
        "lộ trình theo số ngày từng bước của tài liệu tham chiếu: UBND cấp xã 1 ngày, Công an "
        "cấp xã 2 ngày; BHXH cấp thẻ BHYT song song với Công an nên phần riêng là 0 và hạn của "
        "BHXH trùng hạn chung 03 ngày. Bước cấp thẻ căn cước (05 ngày làm việc, chỉ khi đề nghị) "
        "có thời hạn riêng nên không đưa vào lộ trình; Cổng DVCQG/VNeID là kênh nộp, không phải "
        "cơ quan giải quyết.",
        False,
    ),
    "2.000986": (
        [
            (
                "UBND cấp xã (tư pháp – hộ tịch)",
                "Đăng ký khai sinh ngay trong ngày tiếp nhận; lập hồ sơ đăng ký thường trú (kèm "
                "lệ phí) và hồ sơ cấp thẻ BHYT, chuyển Công an và BHXH",
                0,
            ),
            ("Công an (xã/huyện cũ)", "Đăng ký thường trú cho trẻ (trong 15 ngày)", 15),
            (
                "Bảo hiểm xã hội cấp huyện (cũ)",
                "Cấp thẻ BHYT cho trẻ (trong 10 ngày), song song với bước đăng ký thường trú",
                0,
            ),
            (
                "Bộ phận Một cửa UBND cấp xã",
                "Nhận kết quả từ Công an, BHXH; trả kết quả; người yêu cầu ký Sổ đăng ký khai sinh",
                5,
            ),
        ],
        None,
        "lộ trình theo số ngày của tài liệu tham chiếu: khai sinh trong ngày (0), Công an 15 "
        "ngày; BHXH (10 ngày) làm song song với Công an nên phần riêng là 0; 05 ngày còn lại của "
        "thời hạn 20 ngày dành cho Bộ phận Một cửa nhận và trả kết quả.",
        False,
    ),
    "2.002913": (
        [
            ("UBND cấp xã (hộ tịch)", "Đăng ký khai tử, cấp trích lục khai tử điện tử", 1),
            ("Công an cấp xã", "Xóa đăng ký thường trú (thời hạn theo 1.003197)", 5),
            (
                "BHXH / Sở Nội vụ / UBND cấp xã (tùy đối tượng)",
                "Giải quyết trợ cấp mai táng, tử tuất (08 ngày làm việc với BHXH theo 2.000821)",
                8,
            ),
        ],
        14,
        "chưa có thời hạn chung chính thức; dùng 14 ngày làm việc = tổng số ngày các bước của tài "
        "liệu tham chiếu (1 + 5 + 8), nằm trong khoảng 06–18 ngày của nguồn thứ cấp.",
        False,
    ),
    "1.013978": (
        [
            (
                "UBND cấp xã (cơ quan chuyên môn NN&MT)",
                "Xác nhận hiện trạng sử dụng đất, tình trạng tranh chấp, sự phù hợp quy hoạch; "
                "niêm yết công khai",
                5,
            ),
            (
                "Văn phòng/Chi nhánh Văn phòng đăng ký đất đai",
                "Kiểm tra hồ sơ, gửi thông tin địa chính sang cơ quan thuế, cập nhật CSDL đất đai",
                7,
            ),
            (
                "Cơ quan thuế",
                "Xác định và thông báo nghĩa vụ tài chính (tiền sử dụng đất, lệ phí trước bạ)",
                3,
            ),
            ("Chủ tịch UBND cấp xã", "Ký cấp Giấy chứng nhận", 2),
        ],
        None,
        "số ngày từng bước do bộ chuyển đổi phân bổ (tài liệu tham chiếu không có), tổng bằng "
        "thời hạn 17 ngày làm việc; cần đơn vị rà soát. Bước trích đo địa chính (chỉ khi thửa đất "
        "chưa có bản đồ, không quá 05 ngày làm việc) không đưa vào lộ trình.",
        True,
    ),
    "1.013831": (
        [
            (
                "Văn phòng/Chi nhánh Văn phòng đăng ký đất đai",
                "Kiểm tra hồ sơ, gửi phiếu chuyển thông tin địa chính",
                5,
            ),
            ("Cơ quan thuế", "Xác định, thông báo thuế thu nhập cá nhân, lệ phí trước bạ", 3),
            (
                "Văn phòng/Chi nhánh Văn phòng đăng ký đất đai",
                "Chỉnh lý hồ sơ địa chính, cấp/xác nhận Giấy chứng nhận, trả kết quả",
                10,
            ),
        ],
        None,
        "số ngày từng bước do bộ chuyển đổi phân bổ (tài liệu tham chiếu không có), tổng bằng "
        "thời hạn 18 ngày làm việc; cần đơn vị rà soát.",
        True,
    ),
    "1.013949": (
        [
            (
                "Văn phòng/Chi nhánh Văn phòng đăng ký đất đai",
                "Cung cấp thông tin CSDL đất đai, lập trích lục bản đồ địa chính thửa đất",
                3,
            ),
            (
                "Cơ quan chuyên môn NN&MT cấp xã",
                "Kiểm tra hồ sơ, thực địa; xác định miễn tiền sử dụng đất (nếu có); dự thảo tờ "
                "trình (Mẫu 25) và quyết định (Mẫu 06)",
                5,
            ),
            ("Chủ tịch UBND cấp xã", "Ký quyết định giao đất/cho thuê đất/chuyển mục đích", 2),
            ("Cơ quan thuế", "Thông báo tiền sử dụng đất, tiền thuê đất phải nộp", 3),
            (
                "Văn phòng/Chi nhánh Văn phòng đăng ký đất đai",
                "Cập nhật CSDL, cấp/chỉnh lý Giấy chứng nhận",
                2,
            ),
        ],
        None,
        "số ngày từng bước do bộ chuyển đổi phân bổ (CSDL không có), tổng bằng thời hạn 15 ngày; "
        "cần đơn vị rà soát. Bước tiếp nhận tại Trung tâm PVHCC cấp xã là nơi hồ sơ bắt đầu nên "
        "không tính là một bước của lộ trình.",
        True,
    ),
    "1.012786": (
        None,
        None,
        "không lập lộ trình liên thông: việc niêm yết tại UBND cấp xã không tính vào thời hạn "
        "10 ngày; trong thời hạn, hồ sơ do Văn phòng/Chi nhánh Văn phòng đăng ký đất đai xử lý.",
        False,
    ),
    "1.010824": (
        [
            ("UBND cấp xã", "Xác nhận bản khai, lập danh sách gửi Sở Nội vụ", 7),
            ("Sở Nội vụ", "Ra quyết định trợ cấp, chuyển chi trả", 12),
        ],
        19,
        "thời hạn 19 ngày làm việc = 07 ngày tại UBND cấp xã (có nguồn) + 12 ngày tại Sở Nội vụ "
        "(giá trị tạm theo quy trình NĐ 131/2021/NĐ-CP trước phân cấp, nhớ lại, chưa đối chiếu).",
        True,
    ),
    "1.010827": (
        [
            ("Sở Nội vụ nơi đi", "Di chuyển hồ sơ, gửi phiếu báo di chuyển", 5),
            ("Sở Nội vụ nơi đến", "Tiếp nhận hồ sơ, tiếp tục chi trả", 5),
        ],
        10,
        "chưa có thời hạn chính thức; tạm dùng 10 ngày làm việc, chia đều 05 ngày cho mỗi Sở Nội "
        "vụ (giá trị giữ chỗ, không có nguồn).",
        True,
    ),
    "1.001612": (
        None,
        None,
        "không lập lộ trình liên thông: Giấy chứng nhận do cơ quan đăng ký kinh doanh cấp xã cấp "
        "trong 03 ngày làm việc; cơ quan thuế nhận thông tin tự động qua hệ thống, không có bước "
        "chuyển hồ sơ.",
        False,
    ),
    "1.001266": (
        None,
        None,
        "không lập lộ trình liên thông: bước xác nhận của cơ quan thuế trong tài liệu tham chiếu "
        "là nhớ lại và diễn ra qua hệ thống kết nối, không có bước chuyển hồ sơ.",
        False,
    ),
    "1.013225": (
        None,
        None,
        "không lập lộ trình liên thông: bước lấy ý kiến cơ quan liên quan (12 ngày) chỉ áp dụng "
        "cho công trình cấp III, IV (thời hạn 20 ngày); với nhà ở riêng lẻ hồ sơ do UBND cấp xã "
        "xử lý.",
        False,
    ),
    "LOCAL.VLNCN.01": (
        [
            (
                "Sở Công Thương (Phòng Quản lý công nghiệp)",
                "Kiểm tra, thẩm định hồ sơ (kiểm tra thực tế khi cần); phiếu trình, tờ trình kèm "
                "dự thảo giấy phép",
                4,
            ),
            ("Chủ tịch UBND tỉnh", "Ký cấp giấy phép", 1),
        ],
        None,
        "lộ trình Sở Công Thương (04 ngày) → Chủ tịch UBND tỉnh (01 ngày) do bộ chuyển đổi phân "
        "bổ trong thời hạn 05 ngày làm việc. Công an tỉnh không là một bước của lộ trình: Giấy "
        "chứng nhận đủ điều kiện về an ninh, trật tự và hồ sơ PCCC kho phải có trước khi nộp; "
        "giấy phép vận chuyển VLNCN là thủ tục riêng 1.013425 của Công an. Lấy ý kiến Sở Xây "
        "dựng, UBND cấp xã chỉ khi phương án nổ mìn ở khu vực cần bảo vệ.",
        True,
    ),
}

# (code, document index) -> required, where the note-based rule below gets it wrong.
REQUIRED_OVERRIDES = {
    # "xuất trình; nếu chỉ có bản chính thì cơ quan chụp ..." is an instruction, not a condition.
    ("2.000815", 0): True,
}
_CONDITIONAL = (
    "nếu",
    "chỉ khi",
    "khi ",
    "trường hợp",
    "đối với",
    "thay thế",
    "giám hộ ",
    "xuất trình khi cần",
)

ONLINE_RESULTS = {"2.000815", "1.004222", "1.003197", "3.000722", "2.002913"}
COUNTER_ONLY = {"2.001035", "2.001019", "2.001406", "2.000884", "2.000986", "1.013425"}


def nfc(value: Any) -> Any:
    """NFC-normalise every string inside a JSON value."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value


def is_required(code: str, index: int, doc: dict[str, Any]) -> bool:
    if (code, index) in REQUIRED_OVERRIDES:
        return REQUIRED_OVERRIDES[(code, index)]
    segments = re.split(r"\s*[;—]\s*", (doc.get("note") or "").strip().lower())
    return not any(segment.startswith(_CONDITIONAL) for segment in segments)


def document_note(note: str | None) -> str | None:
    if note is None:
        return None
    return re.sub(r"^recalled\s*([:—-])", r"nhớ lại \1", note).replace("nhớ lại :", "nhớ lại:")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def result_places(code: str, field: str) -> list[str]:
    if code in COUNTER_ONLY:
        return [AT_COUNTER]
    if code in {"3.000722", "2.002913"}:  # online-only submission; paper copies at the office
        return [ONLINE, AT_COUNTER]
    places = [AT_COUNTER]
    if code not in {"1.004222", "1.003197", "2.000815"}:  # results are database updates/e-copies
        places.append(BY_POST)
    if field == "Hộ tịch" or code in ONLINE_RESULTS:
        places.append(ONLINE)
    return places


# Research provenance ("the national database says '1'", "recalled", "not checked") must not reach
# citizens: it moves from the public texts (time limit, agency) to `internal_notes`.
_PROVENANCE = re.compile(
    r"CSDL[^;()]*\bghi\b|CSDL quốc gia|CSDL:|^CSDL(,|$)|QĐ \d+/QĐ|nguồn thứ cấp|nhớ lại"
    r"|chưa đối chiếu|chưa xác minh|id tra cứu|crawl|theo danh mục|số liệu không nhất quán"
    r"|theo trình tự trên",
    re.IGNORECASE,
)
_DB_SAYS = re.compile(r"^CSDL( TTHC)?( quốc gia)?( \d{4})?( chỉ)?( ghi)?:?\s*", re.IGNORECASE)


def public_text(text: str) -> tuple[str, list[str]]:
    """`text` without its provenance remarks, and those remarks."""
    removed: list[str] = []

    def paren(m: re.Match[str]) -> str:
        if _PROVENANCE.search(m.group(1)):
            removed.append(m.group(1).strip())
            return ""
        return m.group(0)

    original = text
    text = re.sub(r"\s*\(((?:[^()]|\([^()]*\))*)\)", paren, text)  # one level of nesting
    kept: list[str] = []
    for clause in re.split(r"(?<=[;.])\s+|\s+—\s+", text):
        bare = clause.strip().rstrip(";.").strip()
        if not bare:
            continue
        if bare.startswith("CSDL không"):  # "the database gives no fee": nothing to say
            removed.append(bare)
            continue
        stripped = _DB_SAYS.sub("", bare)
        if stripped != bare and stripped and not re.match(r"^'[^']*'$", stripped):
            removed.append(bare)
            bare = stripped[0].upper() + stripped[1:]
        if _PROVENANCE.search(bare) or re.fullmatch(r"'[^']*'", bare):
            removed.append(bare)
            continue
        kept.append(bare)
    if not removed:
        return original, []
    return "; ".join(kept), removed


# Who issued a ministry's decision announcing procedures (the suffix of its symbol).
ISSUERS = {
    "BTP": "Bộ Tư pháp",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BTC": "Bộ Tài chính",
    "BXD": "Bộ Xây dựng",
    "BCA-C06": "Bộ Công an",
}


def approval_of(ref: dict[str, Any]) -> dict[str, Any] | None:
    """The announcing decision: the province's where the reference names it (Hải Phòng's QĐ
    2831 or 3582), else the ministry's national one from the legal basis ("QĐ công bố …")."""
    texts = " ".join([ref["processing_time"]["text"], ref.get("notes") or "", *ref["legal_basis"]])
    announced = {"2831": None, "3582": {"3.000722", "2.002913"}}  # 3582 withdrew the others
    for number, codes in announced.items():
        if f"QĐ {number}" in texts and (codes is None or ref["code"] in codes):
            issuer = "UBND thành phố Hải Phòng"
            return {"decision": f"{number}/QĐ-UBND", "issuer": issuer, "date": None}
    for basis in ref["legal_basis"]:
        m = re.fullmatch(r"QĐ công bố (\d+/QĐ-([A-Z0-9-]+))", basis)
        if m and m.group(2) in ISSUERS:
            return {"decision": m.group(1), "issuer": ISSUERS[m.group(2)], "date": None}
    return None


def convert_procedure(ref: dict[str, Any]) -> dict[str, Any]:
    notes: list[str] = []
    code = ref["code"]
    if code is None:
        code, reason = LOCAL_CODES[ref["name"]]
        notes.append(reason)
    confidence = ref["confidence"]

    ref_time = ref["processing_time"]
    value, unit_text = ref_time["value"], ref_time["unit"]
    if code in TIME_DECISIONS:
        value, unit, reason = TIME_DECISIONS[code]
        notes.append(reason)
    elif unit_text in UNITS and (value is not None or code in ROUTES and ROUTES[code][1]):
        unit = UNITS[unit_text]  # a missing value is then set by the route decision below
    else:
        raise SystemExit(f"{code}: time limit {value!r} {unit_text!r} needs a TIME_DECISIONS entry")

    route: list[dict[str, Any]] = []
    if ref["inter_agency"]:
        if code not in ROUTES:
            raise SystemExit(f"{code}: inter-agency in the reference; add a ROUTES decision")
        steps, new_value, reason, invented = ROUTES[code]
        notes.append(reason)
        if new_value is not None:
            value = new_value
        route = [{"agency": a, "task": t, "days": d} for a, t, d in steps or []]
        if invented and confidence == "sourced":
            confidence = "partial"
            notes.append("đánh dấu dữ liệu mẫu (partial) vì số ngày từng bước là giá trị dựng lại.")

    documents = []
    for index, doc in enumerate(ref["documents"]):
        if doc["original"] == 0 and doc["copy"] == 0:  # a remark, not something to hand in
            notes.append(f"lưu ý của tài liệu tham chiếu: {doc['name']}.")
            continue
        documents.append(
            {
                "name": doc["name"],
                "originals": doc["original"],
                "copies": doc["copy"],
                "note": document_note(doc["note"]),
                "required": is_required(code, index, doc),
            }
        )

    field = FIELD_NAMES.get(ref["field"], ref["field"])
    own_notes = [ref["notes"]] if ref.get("notes") else []
    time_text, time_said = public_text(ref_time["text"])
    agency, agency_said = public_text(ref["agency"])
    fee_text, fee_said = public_text(ref["fee"]["text"])
    said = [f"Thời hạn gốc: {ref_time['text']}"] if time_said else []
    said += [f"Cơ quan gốc: {ref['agency']}"] if agency_said else []
    said += [f"Phí gốc: {ref['fee']['text']}"] if fee_said else []
    converter_notes = ["Chuyển đổi: " + " ".join(sentence(n) for n in notes)] if notes else []
    extra: dict[str, Any] = {}
    approval = approval_of(ref)
    if approval:
        extra["approval"] = approval
    texts = " ".join((ref_time["text"], ref["fee"]["text"], ref["agency"], ref.get("notes") or ""))
    if "chỉ nộp trực tuyến" in texts.lower():
        extra["channels"] = ["online"]
    elif "trực tuyến" in texts.lower() or "3 hình thức" in texts:
        extra["channels"] = ["direct", "post", "online"]
    internal = " ".join(own_notes + said + converter_notes)
    if internal:
        extra["internal_notes"] = internal
    return {
        "code": code,
        "name": ref["name"],
        "field": field,
        "level": LEVELS[ref["level"]],
        "agency": agency or ref["agency"],
        "time_limit": {"value": value, "unit": unit, "text": time_text},
        "fee": {"amount_vnd": ref["fee"]["amount_vnd"], "text": fee_text},
        "documents": documents,
        "result": ref["result"],
        "result_places": result_places(code, field),
        "route": route,
        "sample": confidence != "sourced",
        "confidence": confidence,
        "legal_basis": ref["legal_basis"],
        "notes": None,
        **extra,
    }


def convert(reference: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = nfc(
        {
            "format": FORMAT_ID,
            "name": CATALOG_NAME,
            "version": CATALOG_VERSION,
            "source": CATALOG_SOURCE,
            "procedures": [convert_procedure(ref) for ref in reference],
        }
    )
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="shared/reference/procedures.json")
    parser.add_argument("output", type=Path, help="resources/catalog/procedures.json")
    args = parser.parse_args(argv)
    reference = json.loads(args.reference.read_text(encoding="utf-8"))
    data = convert(reference)
    try:
        catalog = parse_catalog(data)
    except CatalogError as exc:
        print(f"the converted catalog is not valid: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=args.output.parent, delete=False, suffix=".tmp"
    ) as tmp:
        tmp.write(text)
    os.replace(tmp.name, args.output)
    fields = Counter(p.field for p in catalog.procedures)
    print(f"wrote {len(catalog.procedures)} procedures to {args.output}")
    for field, count in fields.items():
        print(f"  {count:3d}  {field}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
