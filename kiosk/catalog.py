"""The procedure catalog: file format `kiosk-catalog/1`, loader and validator (no database, no Qt).

The format is documented in `resources/catalog/FORMAT.md`. Every problem is reported as one
`CatalogError` sentence that names the procedure (1-based index and code) and the field, so a
supervisor importing a province's file can fix it without reading code. All text is returned in
Unicode NFC: input in another normal form is normalised, never rejected, so two spellings of the
same Vietnamese word compare equal.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from kiosk.domain.people import fold
from kiosk.textfiles import NotUtf8Error, decode_text

FORMAT_ID = "kiosk-catalog/1"
TIME_UNITS = ("days", "hours", "calendar_days")
CONFIDENCE_LEVELS = ("sourced", "partial", "recalled")
ROUTE_TOLERANCE = 0.01
MAX_TIME_LIMIT = 3650  # ten years of days; larger values are typos and would overflow date maths
MAX_FEE_VND = 10**12
MAX_COUNT = 1000
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# đ/Đ are letters of their own (no combining mark); Ð/ð (Icelandic eth) are common look-alike typos.

_TOP_KEYS = {"format", "name", "version", "source", "procedures"}
_TOP_OPTIONAL = {"approval"}
_PROCEDURE_REQUIRED = {
    "code", "name", "field", "level", "agency", "time_limit", "fee", "documents", "result",
}  # fmt: skip
_PROCEDURE_OPTIONAL = {
    "result_places", "route", "sample", "confidence", "legal_basis", "notes",
    "approval", "applicants", "steps", "channels", "internal_notes",
}  # fmt: skip
CHANNELS = ("direct", "post", "online")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DEFAULT_RESULT_PLACES = ("Tại Bộ phận Một cửa",)
_T = TypeVar("_T")


class CatalogError(ValueError):
    """A catalog file or structure is not valid; the message is one sentence for the user."""


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    originals: int
    copies: int
    note: str | None
    required: bool


@dataclass(frozen=True)
class RouteStep:
    agency: str
    task: str
    days: float


@dataclass(frozen=True)
class Approval:
    """The decision that announced (approved) a procedure for the province: công bố TTHC."""

    decision: str  # its number and symbol, e.g. "2831/QĐ-UBND"
    issuer: str  # e.g. "UBND thành phố Hải Phòng"
    date: str | None  # YYYY-MM-DD, when known

    def describe(self) -> str:
        """'Quyết định số 2831/QĐ-UBND ngày 01/07/2025 của UBND thành phố Hải Phòng'."""
        text = f"Quyết định số {self.decision}"
        if self.date:
            y, m, d = self.date.split("-")
            text += f" ngày {d}/{m}/{y}"
        return f"{text} của {self.issuer}" if self.issuer else text


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field: str
    level: str
    agency: str
    time_limit: float
    time_unit: str
    time_text: str
    fee_vnd: int | None
    fee_text: str
    documents: tuple[DocumentSpec, ...]
    result: str
    result_places: tuple[str, ...]
    route: tuple[RouteStep, ...]
    sample: bool
    confidence: str
    legal_basis: tuple[str, ...]
    notes: str | None  # public remarks, shown to citizens
    approval: Approval | None = None
    applicants: str = ""  # who may apply (đối tượng thực hiện)
    steps: tuple[str, ...] = ()  # the process in steps (trình tự thực hiện)
    channels: tuple[str, ...] = ("direct",)  # how it may be submitted: direct, post, online
    # The office's fee (phí) and charge (lệ phí) in VND and their legal basis (issue 14);
    # None: the file sets none (kiosk.services.fees keeps what the office has).
    fee_amounts: tuple[int | None, int | None, str] | None = None
    internal_notes: str | None = None  # provenance, doubts: staff only, never published

    @property
    def inter_agency(self) -> bool:
        return bool(self.route)


@dataclass(frozen=True)
class Catalog:
    name: str
    version: str
    source: str
    procedures: tuple[ProcedureSpec, ...]

    def get(self, code: str) -> ProcedureSpec | None:
        """The procedure with this code (case-insensitive), or None."""
        wanted = unicodedata.normalize("NFC", code).strip().upper()
        return next((p for p in self.procedures if p.code.upper() == wanted), None)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields in order of first appearance."""
        return tuple(dict.fromkeys(p.field for p in self.procedures))

    def search(self, query: str) -> tuple[ProcedureSpec, ...]:
        """Procedures whose code, name or field contain every word of `query`, accents ignored."""
        words = fold(query).split()
        return tuple(
            p
            for p in self.procedures
            if all(w in fold(f"{p.code} {p.name} {p.field}") for w in words)
        )


# --- error helpers -------------------------------------------------------------------------------

_MISSING: Any = object()


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _printable(text: str) -> str:
    """A user-supplied key as it may appear inside a one-line message."""
    text = repr(text)[1:-1]
    return text if len(text) <= 40 else text[:37] + "..."


def _fail(where: str, path: str, problem: str, value: Any = _MISSING) -> NoReturn:
    got = "" if value is _MISSING else f", got {_show(value)}"
    raise CatalogError(f"{where}: '{path}' {problem}{got}")


class _Reader:
    """Reads one JSON object, checking its keys, and names the fields in error messages."""

    def __init__(
        self,
        data: Any,
        where: str,
        path: str,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> None:
        if not isinstance(data, dict):
            if not path:
                raise CatalogError(f"{where}: must be a JSON object, got {_show(data)}")
            _fail(where, path, "must be a JSON object", data)
        self.data: Mapping[str, Any] = data
        self.where = where
        self.prefix = f"{path}." if path else ""
        for key in data:  # unknown first: a misspelt key is the likelier mistake than a missing one
            if key not in required and key not in optional:
                _fail(where, self.prefix + _printable(str(key)), "is not a known key")
        for key in sorted(required):
            if key not in data:
                _fail(where, self.prefix + key, "is missing")

    def path(self, key: str) -> str:
        return self.prefix + key

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        return self.data.get(key, default)

    def text(self, key: str, *, allow_empty: bool = False) -> str:
        return _text(self.raw(key), self.where, self.path(key), allow_empty=allow_empty)

    def optional_text(self, key: str) -> str | None:
        value = self.raw(key, None)
        if value is None:
            return None
        return _text(value, self.where, self.path(key), allow_empty=True) or None

    def count(self, key: str) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            _fail(self.where, self.path(key), f"must be an integer from 0 to {MAX_COUNT}", value)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            _fail(self.where, self.path(key), "must be true or false", value)
        return value

    def number(self, key: str, limit: float = MAX_TIME_LIMIT) -> float:
        value = self.raw(key)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or not 0 <= value <= limit:
            _fail(self.where, self.path(key), f"must be a number >= 0 (at most {limit:g})", value)
        return float(value)

    def text_list(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.raw(key, list(default))
        if not isinstance(value, list):
            _fail(self.where, self.path(key), "must be a list of texts", value)
        items = [_text(v, self.where, f"{self.path(key)}[{i}]") for i, v in enumerate(value)]
        for i, item in enumerate(items):
            if item in items[:i]:
                _fail(self.where, f"{self.path(key)}[{i}]", "repeats an earlier entry", item)
        return tuple(items)


def _text(value: Any, where: str, path: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        _fail(where, path, "must be a text", value)
    text = unicodedata.normalize("NFC", value)
    if not allow_empty and not text.strip():
        _fail(where, path, "must not be empty")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in text):
        _fail(where, path, "contains a control character", value)
    return text


# --- parsing -------------------------------------------------------------------------------------


def parse_catalog(data: Any) -> Catalog:
    """Validate a decoded JSON value and build the catalog; raises CatalogError on any problem."""
    if isinstance(data, list):
        raise CatalogError(
            f'catalog: expected a JSON object with "format": "{FORMAT_ID}", got a list '
            "(a reference-style list must first be converted with "
            "scripts/convert_reference_catalog.py)"
        )
    if not isinstance(data, dict):
        raise CatalogError(f"catalog: expected a JSON object, got {_show(data)}")
    fmt = data.get("format", _MISSING)
    if fmt is _MISSING:
        _fail("catalog", "format", f"is missing (expected '{FORMAT_ID}')")
    if fmt != FORMAT_ID:
        _fail("catalog", "format", f"must be '{FORMAT_ID}'", fmt)
    top = _Reader(data, "catalog", "", _TOP_KEYS, _TOP_OPTIONAL)
    name, version, source = top.text("name"), top.text("version"), top.text("source")
    default_approval = _parse_approval(top.raw("approval", None), "catalog", "approval")
    items = top.raw("procedures")
    if not isinstance(items, list):
        _fail("catalog", "procedures", "must be a list", items)
    if not items:
        _fail("catalog", "procedures", "is empty; a catalog needs at least one procedure")
    procedures: list[ProcedureSpec] = []
    first_index: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        spec = _parse_procedure(item, index, default_approval)
        key = spec.code.upper()
        if key in first_index:
            _fail(
                f"procedure #{index} ({spec.code})",
                "code",
                f"duplicates the code of procedure #{first_index[key]}",
            )
        first_index[key] = index
        procedures.append(spec)
    return Catalog(name=name, version=version, source=source, procedures=tuple(procedures))


def _parse_approval(value: Any, where: str, path: str) -> Approval | None:
    if value is None:
        return None
    a = _Reader(value, where, path, {"decision", "issuer"}, {"date"})
    when = a.raw("date", None)
    if when is not None and (not isinstance(when, str) or not _DATE_RE.fullmatch(when)):
        _fail(where, a.path("date"), "must be a date YYYY-MM-DD or null", when)
    if when is not None:
        try:
            date.fromisoformat(when)
        except ValueError:
            _fail(where, a.path("date"), "is not a real date", when)
    return Approval(
        decision=a.text("decision"), issuer=a.text("issuer", allow_empty=True), date=when
    )


def _parse_procedure(
    item: Any, index: int, default_approval: Approval | None = None
) -> ProcedureSpec:
    where = f"procedure #{index}"
    if isinstance(item, dict) and isinstance(item.get("code"), str):
        code_hint = unicodedata.normalize("NFC", item["code"]).strip()
        if _CODE_RE.fullmatch(code_hint):
            where = f"procedure #{index} ({code_hint})"
    r = _Reader(item, where, "", _PROCEDURE_REQUIRED, _PROCEDURE_OPTIONAL)
    code = r.text("code").strip()
    if not _CODE_RE.fullmatch(code):
        _fail(where, "code", "must be 1-64 letters, digits, '.', '_' or '-'", r.raw("code"))

    limit = _Reader(r.raw("time_limit"), where, "time_limit", {"value", "unit", "text"})
    time_limit = limit.number("value")
    time_unit = limit.raw("unit")
    if time_unit not in TIME_UNITS:
        _fail(where, "time_limit.unit", f"must be one of {', '.join(TIME_UNITS)}", time_unit)

    fee = _Reader(
        r.raw("fee"), where, "fee", {"amount_vnd", "text"}, {"fee_vnd", "charge_vnd", "basis"}
    )
    fee_vnd = fee.raw("amount_vnd")
    if fee_vnd is not None and (
        isinstance(fee_vnd, bool) or not isinstance(fee_vnd, int) or not 0 <= fee_vnd < MAX_FEE_VND
    ):
        _fail(where, "fee.amount_vnd", "must be a whole number of đồng >= 0 or null", fee_vnd)
    amounts: dict[str, int | None] = {}
    for key in ("fee_vnd", "charge_vnd"):  # the office's amounts (issue 14), optional
        value = fee.raw(key, None)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_FEE_VND
        ):
            _fail(where, f"fee.{key}", "must be a whole number of đồng >= 0 or null", value)
        amounts[key] = value
    fee_basis = fee.optional_text("basis") or ""
    if (amounts["fee_vnd"] or amounts["charge_vnd"]) and not fee_basis:
        _fail(where, "fee.basis", "must give the legal basis of fee_vnd / charge_vnd")

    confidence = r.raw("confidence", "sourced")
    if confidence not in CONFIDENCE_LEVELS:
        _fail(where, "confidence", f"must be one of {', '.join(CONFIDENCE_LEVELS)}", confidence)
    sample = r.flag("sample", False)
    if confidence != "sourced" and not sample:
        _fail(where, "sample", f"must be true when 'confidence' is '{confidence}'")

    route = _parse_list(r, "route", _parse_route_step)
    if route:
        if len(route) < 2:
            _fail(where, "route", "must list at least two agencies, or be empty")
        total = sum(step.days for step in route)
        if abs(total - time_limit) > ROUTE_TOLERANCE:
            _fail(
                where,
                "route",
                f"day shares add up to {total:g} but 'time_limit.value' is {time_limit:g} "
                f"(they must match within {ROUTE_TOLERANCE})",
            )
    result_places = r.text_list("result_places", _DEFAULT_RESULT_PLACES)
    if not result_places:
        _fail(where, "result_places", "must name at least one place where results are returned")

    channels = r.text_list("channels", ("direct",))
    for i, channel in enumerate(channels):
        if channel not in CHANNELS:
            _fail(where, f"channels[{i}]", f"must be one of {', '.join(CHANNELS)}", channel)
    approval = _parse_approval(r.raw("approval", None), where, "approval") or default_approval

    return ProcedureSpec(
        code=code,
        name=r.text("name"),
        field=r.text("field"),
        level=r.text("level"),
        agency=r.text("agency"),
        time_limit=time_limit,
        time_unit=time_unit,
        time_text=limit.text("text", allow_empty=True),
        fee_vnd=fee_vnd,
        fee_text=fee.text("text", allow_empty=True),
        fee_amounts=(amounts["fee_vnd"], amounts["charge_vnd"], fee_basis)
        if fee_basis or amounts["fee_vnd"] is not None or amounts["charge_vnd"] is not None
        else None,
        documents=_parse_list(r, "documents", _parse_document),
        result=r.text("result"),
        result_places=result_places,
        route=route,
        sample=sample,
        confidence=confidence,
        legal_basis=r.text_list("legal_basis"),
        notes=r.optional_text("notes"),
        approval=approval,
        applicants=r.optional_text("applicants") or "",
        steps=r.text_list("steps"),
        channels=channels,
        internal_notes=r.optional_text("internal_notes"),
    )


def _parse_list(r: _Reader, key: str, parse: Callable[[Any, str, str], _T]) -> tuple[_T, ...]:
    value = r.raw(key, [])
    if not isinstance(value, list):
        _fail(r.where, key, "must be a list", value)
    return tuple(parse(item, r.where, f"{key}[{i}]") for i, item in enumerate(value))


def _parse_document(item: Any, where: str, path: str) -> DocumentSpec:
    d = _Reader(item, where, path, {"name", "originals", "copies"}, {"note", "required"})
    return DocumentSpec(
        name=d.text("name"),
        originals=d.count("originals"),
        copies=d.count("copies"),
        note=d.optional_text("note"),
        required=d.flag("required", True),
    )


def _parse_route_step(item: Any, where: str, path: str) -> RouteStep:
    s = _Reader(item, where, path, {"agency", "task", "days"})
    return RouteStep(agency=s.text("agency"), task=s.text("task"), days=s.number("days"))


# --- files ---------------------------------------------------------------------------------------


class _DuplicateKeyError(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; any unreadable or invalid file raises CatalogError."""
    return parse_catalog(read_catalog_data(path))


def read_catalog_data(path: str | Path) -> Any:
    """The decoded JSON of a catalog file, not yet validated (an enrolled PC sends it to the
    server as it is: kiosk.wire.shared); an unreadable file raises CatalogError."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog file {file}: {exc.strerror or exc}") from None
    try:  # Windows editors add a UTF-8 byte-order mark: accepted
        text = decode_text(raw, file, "catalog file", "Tệp danh mục")
    except NotUtf8Error as exc:
        raise CatalogError(exc.message_en) from None
    if not text.strip():
        raise CatalogError(f"catalog file {file} is empty")
    try:
        data = json.loads(
            text, object_pairs_hook=_object_without_duplicates, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"catalog file {file} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}"
        ) from None
    except _DuplicateKeyError as exc:
        raise CatalogError(f"catalog file {file} repeats the key '{exc}' in one object") from None
    except (ValueError, RecursionError) as exc:  # NaN/Infinity, 5000-digit numbers, deep nesting
        raise CatalogError(f"catalog file {file} is not valid JSON: {exc}") from None
    return data


def bundled_catalog_path() -> Path:
    from kiosk.paths import resource  # here, so the converter script runs on a bare Python

    return resource("catalog", "procedures.json")


def load_bundled_catalog() -> Catalog:
    return load_catalog(bundled_catalog_path())


def catalog_to_data(catalog: Catalog) -> dict[str, Any]:
    """The JSON structure of a catalog (inverse of parse_catalog), e.g. to export or sync it."""

    def num(value: float) -> int | float:
        return int(value) if float(value).is_integer() else value

    return {
        "format": FORMAT_ID,
        "name": catalog.name,
        "version": catalog.version,
        "source": catalog.source,
        "procedures": [
            {
                "code": p.code,
                "name": p.name,
                "field": p.field,
                "level": p.level,
                "agency": p.agency,
                "time_limit": {
                    "value": num(p.time_limit),
                    "unit": p.time_unit,
                    "text": p.time_text,
                },
                "fee": {"amount_vnd": p.fee_vnd, "text": p.fee_text},
                "documents": [
                    {
                        "name": d.name,
                        "originals": d.originals,
                        "copies": d.copies,
                        "note": d.note,
                        "required": d.required,
                    }
                    for d in p.documents
                ],
                "result": p.result,
                "result_places": list(p.result_places),
                "route": [
                    {"agency": s.agency, "task": s.task, "days": num(s.days)} for s in p.route
                ],
                "sample": p.sample,
                "confidence": p.confidence,
                "legal_basis": list(p.legal_basis),
                "notes": p.notes,
                **optional_procedure_data(p),
            }
            for p in catalog.procedures
        ],
    }


def approval_data(approval: Approval | None) -> dict[str, Any] | None:
    if approval is None:
        return None
    return {"decision": approval.decision, "issuer": approval.issuer, "date": approval.date}


def optional_procedure_data(p: ProcedureSpec) -> dict[str, Any]:
    """The optional keys of a procedure, only those that differ from their defaults."""
    data: dict[str, Any] = {}
    if p.approval is not None:
        data["approval"] = approval_data(p.approval)
    if p.applicants:
        data["applicants"] = p.applicants
    if p.steps:
        data["steps"] = list(p.steps)
    if p.channels != ("direct",):
        data["channels"] = list(p.channels)
    if p.internal_notes:
        data["internal_notes"] = p.internal_notes
    return data
