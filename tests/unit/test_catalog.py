"""The procedure catalog: the bundled file, the format's validation, file loading and fold()."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import (
    Catalog,
    CatalogError,
    ProcedureSpec,
    bundled_catalog_path,
    catalog_to_data,
    fold,
    load_bundled_catalog,
    load_catalog,
    parse_catalog,
)

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "procedures.json"
VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


# --- the bundled catalog -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled_catalog()


def find(cat: Catalog, code: str) -> ProcedureSpec:
    spec = cat.get(code)
    assert spec is not None, code
    return spec


def test_bundled_catalog_loads_with_every_reference_procedure(bundled: Catalog) -> None:
    assert bundled_catalog_path() == ROOT / "resources" / "catalog" / "procedures.json"
    assert len(bundled.procedures) >= 30
    assert len(bundled.procedures) == 47  # all entries of shared/reference/procedures.json
    assert bundled.get("1.001193") is not None
    assert bundled.get("local.vlncn.01") is bundled.get("LOCAL.VLNCN.01") is not None


def test_bundled_catalog_covers_the_counter_fields(bundled: Catalog) -> None:
    fields = set(bundled.fields)
    for needed in (
        "Hộ tịch",
        "Chứng thực",
        "Đất đai",
        "Người có công",
        "Thành lập và hoạt động hộ kinh doanh",
        "Hoạt động xây dựng",
        "Đăng ký, quản lý cư trú",
    ):
        assert needed in fields
    assert fields & {"Bảo trợ xã hội", "Giảm nghèo", "Bảo hiểm xã hội"}
    per_field = {f: sum(p.field == f for p in bundled.procedures) for f in fields}
    assert per_field["Hộ tịch"] >= 5 and per_field["Chứng thực"] >= 5 and per_field["Đất đai"] >= 5


def test_bundled_catalog_has_inter_agency_routes_that_add_up(bundled: Catalog) -> None:
    routed = [p for p in bundled.procedures if p.inter_agency]
    assert len(routed) >= 2
    for p in routed:
        assert len({step.agency for step in p.route}) >= 2, p.code
        assert abs(sum(step.days for step in p.route) - p.time_limit) <= 0.01, p.code
        assert all(step.task.strip() for step in p.route), p.code
    codes = {p.code for p in routed}
    assert {"3.000722", "2.002913", "LOCAL.VLNCN.01"} <= codes
    birth = find(bundled, "3.000722")
    assert birth.time_limit == 3 and birth.time_unit == "days"
    assert [s.agency for s in birth.route][:2] == [
        "UBND cấp xã (người làm công tác hộ tịch)",
        "Công an cấp xã",
    ]


def test_bundled_catalog_text_is_nfc_vietnamese(bundled: Catalog) -> None:
    raw = bundled_catalog_path().read_bytes()
    text = raw.decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert "\ufffd" not in text and not re.search("Ã.|Â»|á»", text), "mojibake"

    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        return []

    assert all(unicodedata.is_normalized("NFC", s) for s in strings(json.loads(text)))
    for p in bundled.procedures:
        assert VIETNAMESE_LETTERS & set(p.name.lower()), p.code
        assert VIETNAMESE_LETTERS & set(p.field.lower()), p.code
        assert p.documents and all(VIETNAMESE_LETTERS & set(d.name.lower()) for d in p.documents)


def test_bundled_catalog_marks_reconstructed_data_as_sample(bundled: Catalog) -> None:
    for p in bundled.procedures:
        assert p.sample == (p.confidence != "sourced"), p.code
        assert p.time_unit in {"days", "hours", "calendar_days"}
        assert p.result_places, p.code
    assert bundled.get("1.010833").confidence == "recalled"  # type: ignore[union-attr]
    assert not bundled.get("1.001193").sample  # type: ignore[union-attr]
    explosives = bundled.get("LOCAL.VLNCN.01")
    assert (
        explosives is not None
        and explosives.sample
        and "LOCAL.VLNCN.01" in (explosives.internal_notes or "")
    )
    # Conditional documents ("nếu có", "chỉ khi ...") are not required, the form itself is.
    birth = bundled.get("1.001193")
    assert birth is not None
    by_note = {d.note: d.required for d in birth.documents}
    assert by_note["nếu có"] is False and by_note["chỉ khi trẻ bị bỏ rơi"] is False
    assert birth.documents[0].required


def test_bundled_catalog_is_exactly_the_converter_output(tmp_path: Path) -> None:
    if not REFERENCE.exists():
        pytest.skip("shared/reference/procedures.json is not next to the repository")
    out = tmp_path / "procedures.json"
    script = ROOT / "scripts" / "convert_reference_catalog.py"
    done = subprocess.run(
        [sys.executable, str(script), str(REFERENCE), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == bundled_catalog_path().read_bytes()


def test_catalog_round_trips_through_its_json_structure(bundled: Catalog) -> None:
    data = catalog_to_data(bundled)
    assert data == json.loads(bundled_catalog_path().read_text(encoding="utf-8"))
    assert parse_catalog(json.loads(json.dumps(data))) == bundled


def test_format_documentation_example_is_a_valid_catalog() -> None:
    doc = (ROOT / "resources" / "catalog" / "FORMAT.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", doc, re.S)
    assert block is not None
    catalog = parse_catalog(json.loads(block.group(1)))
    assert [p.inter_agency for p in catalog.procedures] == [False, True]
    assert catalog.procedures[1].result_places == ("Tại Bộ phận Một cửa",)  # the default


# --- fold() --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("  ĐĂNG   KÝ\tKẾT\nHÔN ", "dang ky ket hon"),
        ("Người có công", "nguoi co cong"),
        ("Ưu tiên Ơn", "uu tien on"),
        ("Thủ tục hành chính liên thông", "thu tuc hanh chinh lien thong"),
        ("Ðăng ký", "dang ky"),  # U+00D0, a common look-alike of Đ
        ("1.001193", "1.001193"),
        ("", ""),
    ],
)
def test_fold_makes_an_accent_insensitive_key(text: str, key: str) -> None:
    assert fold(text) == key
    assert fold(unicodedata.normalize("NFD", text)) == key
    assert fold(key) == key


def test_search_ignores_accents_and_case(bundled: Catalog) -> None:
    assert "1.001193" in [p.code for p in bundled.search("khai SINH")]
    assert [p.code for p in bundled.search("dang ky thuong tru")][0] == "1.004222"
    assert bundled.search("chứng thực di chúc")[0].code == "2.001019"
    assert bundled.search("zzz không có") == ()


# --- validation ----------------------------------------------------------------------------------


def procedure(code: str = "1.001193") -> dict[str, Any]:
    return {
        "code": code,
        "name": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "level": "Cấp xã",
        "agency": "UBND cấp xã",
        "time_limit": {"value": 3, "unit": "days", "text": "03 ngày làm việc"},
        "fee": {"amount_vnd": 8000, "text": "8.000 đồng"},
        "documents": [
            {"name": "Tờ khai", "originals": 1, "copies": 0, "note": None, "required": True},
            {
                "name": "Văn bản ủy quyền",
                "originals": 1,
                "copies": 0,
                "note": "nếu có",
                "required": False,
            },
        ],  # fmt: skip
        "result": "Giấy khai sinh",
        "result_places": ["Tại Bộ phận Một cửa"],
        "route": [
            {"agency": "UBND cấp xã", "task": "Đăng ký khai sinh", "days": 1},
            {"agency": "Công an cấp xã", "task": "Đăng ký thường trú", "days": 2},
        ],
        "sample": False,
        "confidence": "sourced",
        "legal_basis": ["Luật Hộ tịch 60/2014/QH13"],
        "notes": None,
    }


def catalog(*procedures: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "kiosk-catalog/1",
        "name": "Danh mục thử",
        "version": "1",
        "source": "test",
        "procedures": list(procedures) or [procedure()],
    }


def test_a_minimal_valid_catalog_parses() -> None:
    cat = parse_catalog(catalog())
    p = cat.procedures[0]
    assert (p.code, p.time_limit, p.time_unit, p.fee_vnd) == ("1.001193", 3.0, "days", 8000)
    assert p.inter_agency and [s.days for s in p.route] == [1.0, 2.0]
    assert p.documents[1].required is False and p.documents[1].note == "nếu có"


def test_optional_keys_take_their_defaults() -> None:
    p = procedure()
    for key in ("result_places", "route", "sample", "confidence", "legal_basis", "notes"):
        del p[key]
    del p["documents"][0]["note"], p["documents"][0]["required"]
    spec = parse_catalog(catalog(p)).procedures[0]
    assert spec.result_places == ("Tại Bộ phận Một cửa",)
    assert (spec.route, spec.sample, spec.confidence, spec.legal_basis) == (
        (),
        False,
        "sourced",
        (),
    )
    assert spec.notes is None and spec.documents[0].required and spec.documents[0].note is None


def test_decomposed_text_is_normalised_to_nfc() -> None:
    p = procedure()
    p["name"] = unicodedata.normalize("NFD", "Thủ tục đăng ký khai sinh")
    p["field"] = unicodedata.normalize("NFD", "Hộ tịch")
    assert p["name"] != "Thủ tục đăng ký khai sinh"
    spec = parse_catalog(catalog(p)).procedures[0]
    assert spec.name == "Thủ tục đăng ký khai sinh" and spec.field == "Hộ tịch"


Mutation = Callable[[dict[str, Any]], Any]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return mutate


_DELETE = object()
P = "procedures.0."
WHERE = "procedure #1 (1.001193): "


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set("format", "kiosk-catalog/2"),
         "catalog: 'format' must be 'kiosk-catalog/1', got 'kiosk-catalog/2'"),
        (_set("format", _DELETE), "catalog: 'format' is missing (expected 'kiosk-catalog/1')"),
        (_set("extra", 1), "catalog: 'extra' is not a known key"),
        (_set("name", "   "), "catalog: 'name' must not be empty"),
        (_set("version", 2), "catalog: 'version' must be a text, got 2"),
        (_set("procedures", []),
         "catalog: 'procedures' is empty; a catalog needs at least one procedure"),
        (_set("procedures", {}), "catalog: 'procedures' must be a list, got an object"),
        (_set("procedures.0", "x"), "procedure #1: must be a JSON object, got 'x'"),
        (_set(P + "documents", _DELETE), WHERE + "'documents' is missing"),
        (_set(P + "documets", []), WHERE + "'documets' is not a known key"),
        (_set(P + "name", ""), WHERE + "'name' must not be empty"),
        (_set(P + "name", "Khai\x00sinh"),
         WHERE + "'name' contains a control character, got 'Khai\\x00sinh'"),
        (_set(P + "field", None), WHERE + "'field' must be a text, got null"),
        (_set(P + "code", "1 001"),
         "procedure #1: 'code' must be 1-64 letters, digits, '.', '_' or '-', got '1 001'"),
        (_set(P + "code", ""), "procedure #1: 'code' must not be empty"),
        (_set(P + "time_limit.value", "abc"),
         WHERE + "'time_limit.value' must be a number >= 0 (at most 3650), got 'abc'"),
        (_set(P + "time_limit.value", -1),
         WHERE + "'time_limit.value' must be a number >= 0 (at most 3650), got -1"),
        (_set(P + "time_limit.value", True),
         WHERE + "'time_limit.value' must be a number >= 0 (at most 3650), got true"),
        (_set(P + "time_limit.value", float("nan")),
         WHERE + "'time_limit.value' must be a number >= 0 (at most 3650), got nan"),
        (_set(P + "time_limit.value", 10**9),
         WHERE + "'time_limit.value' must be a number >= 0 (at most 3650), got 1000000000"),
        (_set(P + "time_limit.unit", "weeks"),
         WHERE + "'time_limit.unit' must be one of days, hours, calendar_days, got 'weeks'"),
        (_set(P + "time_limit.unit", "ngày làm việc"),
         WHERE + "'time_limit.unit' must be one of days, hours, calendar_days, "
         "got 'ngày làm việc'"),
        (_set(P + "time_limit.text", _DELETE), WHERE + "'time_limit.text' is missing"),
        (_set(P + "time_limit", 3), WHERE + "'time_limit' must be a JSON object, got 3"),
        (_set(P + "fee.amount_vnd", -5),
         WHERE + "'fee.amount_vnd' must be a whole number of đồng >= 0 or null, got -5"),
        (_set(P + "fee.amount_vnd", 2.5),
         WHERE + "'fee.amount_vnd' must be a whole number of đồng >= 0 or null, got 2.5"),
        (_set(P + "fee.amount_vnd", "free"),
         WHERE + "'fee.amount_vnd' must be a whole number of đồng >= 0 or null, got 'free'"),
        (_set(P + "fee.currency", "VND"), WHERE + "'fee.currency' is not a known key"),
        (_set(P + "documents", "Tờ khai"), WHERE + "'documents' must be a list, got 'Tờ khai'"),
        (_set(P + "documents.1.copies", -1),
         WHERE + "'documents[1].copies' must be an integer from 0 to 1000, got -1"),
        (_set(P + "documents.0.originals", "1"),
         WHERE + "'documents[0].originals' must be an integer from 0 to 1000, got '1'"),
        (_set(P + "documents.0.required", "yes"),
         WHERE + "'documents[0].required' must be true or false, got 'yes'"),
        (_set(P + "documents.0.note", 5), WHERE + "'documents[0].note' must be a text, got 5"),
        (_set(P + "documents.1.name", " "), WHERE + "'documents[1].name' must not be empty"),
        (_set(P + "documents.0", []),
         WHERE + "'documents[0]' must be a JSON object, got a list"),
        (_set(P + "route.1.days", 5),
         WHERE + "'route' day shares add up to 6 but 'time_limit.value' is 3 "
         "(they must match within 0.01)"),
        (_set(P + "route.1.days", 1.98),
         WHERE + "'route' day shares add up to 2.98 but 'time_limit.value' is 3 "
         "(they must match within 0.01)"),
        (_set(P + "route.1", _DELETE),
         WHERE + "'route' must list at least two agencies, or be empty"),
        (_set(P + "route.0.days", -1),
         WHERE + "'route[0].days' must be a number >= 0 (at most 3650), got -1"),
        (_set(P + "route.0.task", _DELETE), WHERE + "'route[0].task' is missing"),
        (_set(P + "route.0.agency", ""), WHERE + "'route[0].agency' must not be empty"),
        (_set(P + "confidence", "guess"),
         WHERE + "'confidence' must be one of sourced, partial, recalled, got 'guess'"),
        (_set(P + "confidence", "partial"),
         WHERE + "'sample' must be true when 'confidence' is 'partial'"),
        (_set(P + "sample", "no"), WHERE + "'sample' must be true or false, got 'no'"),
        (_set(P + "result_places", []),
         WHERE + "'result_places' must name at least one place where results are returned"),
        (_set(P + "result_places", ["Trực tuyến", "Trực tuyến"]),
         WHERE + "'result_places[1]' repeats an earlier entry, got 'Trực tuyến'"),
        (_set(P + "legal_basis", "Luật Hộ tịch"),
         WHERE + "'legal_basis' must be a list of texts, got 'Luật Hộ tịch'"),
        (_set(P + "legal_basis", [""]), WHERE + "'legal_basis[0]' must not be empty"),
        (_set(P + "notes", 5), WHERE + "'notes' must be a text, got 5"),
        (_set(P + "result", _DELETE), WHERE + "'result' is missing"),
    ],
)  # fmt: skip
def test_every_validation_error_names_the_procedure_and_field(
    mutate: Mutation, message: str
) -> None:
    data = catalog()
    mutate(data)
    with pytest.raises(CatalogError) as caught:
        parse_catalog(data)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_position_counts_from_one_and_names_the_right_procedure() -> None:
    bad = procedure("2.000815")
    bad["time_limit"]["unit"] = "weeks"
    with pytest.raises(CatalogError, match=r"^procedure #3 \(2\.000815\): 'time_limit\.unit'"):
        parse_catalog(catalog(procedure("1.001193"), procedure("1.000894"), bad))


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (("1.001193", "1.000894", "1.001193"),
         "procedure #3 (1.001193): 'code' duplicates the code of procedure #1"),
        (("LOCAL.X", "local.x"),
         "procedure #2 (local.x): 'code' duplicates the code of procedure #1"),
    ],
)  # fmt: skip
def test_duplicate_codes_are_refused(codes: tuple[str, ...], message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(catalog(*(procedure(c) for c in codes)))
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([{"code": "1.001193"}], "got a list (a reference-style list must first be converted"),
        ("kiosk-catalog/1", "catalog: expected a JSON object, got 'kiosk-catalog/1'"),
        (None, "catalog: expected a JSON object, got null"),
    ],
)
def test_a_value_that_is_not_a_catalog_object_is_refused(data: Any, message: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        parse_catalog(data)


def test_zero_day_limits_and_zero_shares_are_valid() -> None:
    p = procedure()
    p["time_limit"]["value"] = 0
    for step in p["route"]:
        step["days"] = 0
    spec = parse_catalog(catalog(p)).procedures[0]
    assert spec.time_limit == 0 and spec.inter_agency


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_paths = st.sampled_from(
    ["procedures.0." + k for k in procedure()]
    + ["procedures.0.time_limit.value", "procedures.0.time_limit.unit", "procedures.0.fee.text",
       "procedures.0.documents.0", "procedures.0.documents.1.copies", "procedures.0.route.0",
       "procedures.0.route.1.days", "format", "name", "procedures", "procedures.0"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(path=_paths, value=_json)
def test_any_damaged_field_gives_catalog_error_or_a_catalog(path: str, value: Any) -> None:
    data = copy.deepcopy(catalog())
    _set(path, value)(data)
    try:
        parse_catalog(data)
    except CatalogError as exc:
        assert "\n" not in str(exc)


# --- files ---------------------------------------------------------------------------------------


def _good_bytes() -> bytes:
    return bundled_catalog_path().read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b" \n\t ", "is empty"),
        (b"\x00\xffnot json", "is not UTF-8 text (byte 0xff at offset 1)"),
        (bytes(range(256)) * 4, "is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not UTF-8 text"),
        (b"\x00\x00\x00\x00", "is not valid JSON: Expecting value at line 1, column 1"),
        (unicodedata.normalize("NFD", "{\"name\": \"Thủ tục\"}").encode("cp1258"), "not UTF-8"),
        (_good_bytes()[: len(_good_bytes()) // 2], "is not valid JSON"),
        (_good_bytes().decode("utf-8").encode("utf-16"), "is not UTF-8 text"),
        (b'{"format": "kiosk-catalog/1", "format": "x"}', "repeats the key 'format' in one object"),
        (b'{"format": NaN}', "is not valid JSON: NaN is not a number JSON allows"),
        (b"[" * 200_000, "is not valid JSON"),
        (b'{"format": ' + b"9" * 5000 + b"}", "is not valid JSON"),
        (b"[]", "got a list"),
        (b'{"format": "kiosk-catalog/1"}', "catalog: 'name' is missing"),
    ],
    ids=[
        "empty", "blank", "binary", "all-bytes", "png", "nul", "cp1258", "truncated", "utf16",
        "duplicate-key", "nan", "deep", "huge-number", "list", "incomplete",
    ],
)  # fmt: skip
def test_a_corrupt_file_gives_catalog_error_not_a_crash(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(content)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_file_or_a_folder_gives_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read catalog file .*nope.json"):
        load_catalog(tmp_path / "nope.json")
    with pytest.raises(CatalogError, match="cannot read catalog file"):
        load_catalog(tmp_path)


def test_a_file_with_a_byte_order_mark_or_decomposed_text_loads(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    text = unicodedata.normalize("NFD", _good_bytes().decode("utf-8"))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_catalog(str(path)) == load_bundled_catalog()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_loader(tmp_path_factory: Any, content: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "catalog.json"
    path.write_bytes(content)
    with pytest.raises(CatalogError):
        load_catalog(path)
