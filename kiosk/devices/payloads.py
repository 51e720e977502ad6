"""What a scanned payload is: a dossier receipt, a citizen ID card (CCCD) or a queue ticket.

Payloads this app understands (and prints):

- **Dossier** (the receipt's QR, or Code128 on A4/A5 forms): `<code>` or `<code>#<token>`, e.g.
  `000.17.22.H56-260209-0001#3f9a01c2`. The token (4-32 hex digits) is the self-check lookup
  token; `|` is accepted in place of `#`.
- **Citizen ID card** (the QR on the chip CCCD): `id|old id|name|ddmmyyyy|sex|address|issue
  date`, UTF-8, e.g. `001190012345||Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 5 Lê Lợi|01012022`.
- **Queue ticket** (the QR a dispenser may print): `TICKET:<number>:<YYYY-MM-DD>`, e.g.
  `TICKET:A012:2026-02-09` (`ticket_payload` makes it). The day keeps yesterday's A012 from being
  taken for today's.

`classify` never raises: binary noise, overlong or cut-off input, and anything else become an
`unknown` Scan with an English `error` and a Vietnamese `error_vi` for the screen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kiosk.devices.framing import Frame
from kiosk.domain.codes import CodeError, normalize_code, parse_code
from kiosk.domain.people import CitizenCard, InputError, parse_citizen_card

Kind = Literal["dossier", "citizen_id", "ticket", "unknown"]

MAX_PAYLOAD_CHARS = 1024  # a CCCD QR is ~150 characters; anything far longer is not ours
TICKET_PREFIX = "TICKET:"
TOKEN_RE = re.compile(r"^[0-9a-fA-F]{4,32}$")
TICKET_RE = re.compile(r"^TICKET:(?P<number>[A-Z]{1,3}\d{1,4}):(?P<day>\d{4}-\d{2}-\d{2})$")
# AIM symbology identifier some scanners put first (`]Q1` QR, `]C0` Code128, `]d2` DataMatrix).
AIM_ID_RE = re.compile(r"^\][A-Za-z][0-9A-Za-z]")

UNKNOWN_VI = (
    "Mã vừa quét không phải giấy hẹn, thẻ căn cước hay số thứ tự. Vui lòng quét lại đúng mã."
)


@dataclass(frozen=True)
class Scan:
    """One scanned payload and what it means. `raw` is the decoded text (or a byte preview)."""

    kind: Kind
    raw: str
    code: str | None = None
    token: str | None = None
    card: CitizenCard | None = None
    number: str | None = None
    day: date | None = None
    error: str | None = None
    error_vi: str | None = None

    @property
    def ok(self) -> bool:
        return self.kind != "unknown"

    def as_dict(self) -> dict[str, Any]:
        """The fields of CONTRACT.md's `devices scan-test` (dates as YYYY-MM-DD)."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "dossier":
            out["code"] = self.code
            if self.token:
                out["token"] = self.token
        elif self.kind == "citizen_id" and self.card is not None:
            c = self.card
            out.update(
                id_number=c.id_number,
                name=c.name,
                birth_date=c.birth_date.isoformat(),
                address=c.address,
                sex=c.sex,
                old_id=c.old_id,
                issue_date=c.issue_date.isoformat() if c.issue_date else None,
            )
        elif self.kind == "ticket":
            out["number"] = self.number
            out["date"] = self.day.isoformat() if self.day else None
        else:
            out["error"] = self.error
            out["raw"] = preview(self.raw)
        return out


def ticket_payload(number: str, day: date) -> str:
    """The QR payload of a queue ticket: `TICKET:A012:2026-02-09`."""
    return f"{TICKET_PREFIX}{number.strip().upper()}:{day.isoformat()}"


def dossier_payload(code: str, token: str | None = None) -> str:
    """The QR payload of a receipt: `<code>` or `<code>#<token>`."""
    return f"{code}#{token}" if token else code


def preview(text: str, limit: int = 80) -> str:
    """A short, printable rendering of a payload for messages (control bytes escaped)."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def unknown(raw: str, error: str, error_vi: str = UNKNOWN_VI) -> Scan:
    return Scan("unknown", raw, error=error, error_vi=error_vi)


def _decode(payload: str | bytes) -> tuple[str | None, str]:
    """(text, raw) - text is None when bytes are not UTF-8."""
    if isinstance(payload, str):
        return payload, payload
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None, payload.decode("latin-1")
    return text, text


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).strip()
    return AIM_ID_RE.sub("", text, count=1) if text.startswith("]") else text


def classify(payload: str | bytes) -> Scan:
    """What a scanned payload is; never raises."""
    try:
        return _classify(payload)
    except Exception as exc:  # noqa: BLE001 - a scanner must never bring the app down
        raw = payload if isinstance(payload, str) else payload.decode("latin-1")
        return unknown(raw, f"the scan could not be read ({type(exc).__name__})")


def classify_frame(frame: Frame) -> Scan:
    """A frame from a serial scanner: classified, or unknown when it was dropped."""
    if frame.problem is not None:
        return unknown(frame.data.decode("latin-1"), frame.message or frame.problem)
    return classify(frame.data)


def _classify(payload: str | bytes) -> Scan:
    if len(payload) > MAX_PAYLOAD_CHARS * 4:
        raw = payload[:200] if isinstance(payload, str) else payload[:200].decode("latin-1")
        return unknown(raw, f"the scan is too long ({len(payload)} characters or bytes)")
    text, raw = _decode(payload)
    if text is None:
        return unknown(raw, "the scan is not text (binary data or a wrong baud rate)")
    text = _clean(text)
    if not text:
        return unknown(raw, "the scan is empty")
    if len(text) > MAX_PAYLOAD_CHARS:
        return unknown(raw, f"the scan is too long ({len(text)} characters)")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in text):
        return unknown(raw, "the scan contains control characters (noise or a wrong baud rate)")
    if text.upper().startswith(TICKET_PREFIX):
        return _ticket(text, raw)
    dossier = _dossier(text, raw)
    if dossier is not None:
        return dossier
    if text.count("|") >= 5:
        return _citizen(text, raw)
    return unknown(raw, f"'{preview(text, 60)}' is not a receipt, citizen ID card or ticket code")


def _dossier(text: str, raw: str) -> Scan | None:
    code, token = text, None
    for sep in ("#", "|"):
        if sep in text:
            code, _, token = text.partition(sep)
            break
    try:
        parse_code(code)
    except CodeError:
        return None
    if token is not None and not TOKEN_RE.match(token.strip()):
        return unknown(
            raw,
            f"the receipt code {normalize_code(code)} carries a damaged lookup token",
            "Mã trên giấy hẹn bị lỗi. Vui lòng quét lại hoặc nhập mã hồ sơ.",
        )
    return Scan(
        "dossier", raw, code=normalize_code(code), token=token.strip().lower() if token else None
    )


def _citizen(text: str, raw: str) -> Scan:
    try:
        card = parse_citizen_card(text)
    except InputError as exc:
        return unknown(
            raw, f"the citizen ID card QR is not valid: {exc}", "Mã QR trên thẻ căn cước bị lỗi."
        )
    except ValueError as exc:
        return unknown(raw, str(exc), "Mã QR trên thẻ căn cước bị lỗi. Vui lòng quét lại.")
    return Scan("citizen_id", raw, card=card)


def _ticket(text: str, raw: str) -> Scan:
    m = TICKET_RE.match(text.upper())
    day: date | None = None
    if m:
        try:
            day = date.fromisoformat(m["day"])
        except ValueError:
            day = None
    if m is None or day is None:
        return unknown(
            raw,
            f"'{preview(text, 60)}' is not a valid ticket code (expected TICKET:A012:2026-02-09)",
            "Mã trên số thứ tự bị lỗi.",
        )
    return Scan("ticket", raw, number=m["number"], day=day)
