"""What a citizen may see and do at a public screen (DESIGN.md §7, §10). Qt-free.

Self-check: a dossier is found by its code and shown with public-safe fields only (masked name,
procedure, status in plain words, due date, late or not, what to do next). The timeline needs a
second factor: the last 4 digits of the phone on the dossier, or the lookup token printed in the
receipt's QR code. The QR payload is `<code>` or `<code>#<token>` (see `receipt_qr_payload`).

Guessing is slowed down and the brakes are kept in the database (table `public_throttle`,
local, never synced), so restarting the kiosk resets nothing (issue 16): code look-ups per
screen (a bucket of 10, one more every 6 s: a citizen never notices, a script walking through
codes gets a calm "please wait"); second-factor misses per dossier code after 3 misses (5 s,
doubling, at most 15 min) and for the whole screen after 20 misses in 10 minutes. Without the
second factor or the QR's token a look-up shows the status and the dates only: no name, not
even masked, and no procedure (the catalog has death registration, disability and
poor-household procedures).
"""

from __future__ import annotations

import hmac
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from kiosk.domain.codes import CodeError, normalize_code, parse_code
from kiosk.domain.people import mask_name, nfc
from kiosk.domain.status import RUNNING, Status
from kiosk.errors import KioskError, NotFound
from kiosk.privacy.roles import check_second_factor
from kiosk.services.context import now, record
from kiosk.services.dossiers import judge
from kiosk.services.public_catalog import (  # noqa: F401 - the procedure list is part of this API
    PublicProcedure,
    list_fields,
    procedure_detail,
    search_procedures,
)
from kiosk.store.models import (
    Department,
    Dossier,
    DossierEvent,
    Procedure,
    PublicThrottle,
    Rating,
    Ticket,
)

TOKEN_SEPARATOR = "#"
_TOKEN_RE = re.compile(r"^[0-9a-fA-F]{4,32}$")

#: (plain words, what to do next) per status; {counter} and {place} are filled in
STATUS_TEXT: dict[int, tuple[str, str]] = {
    1: ("Đã đăng ký trực tuyến, chưa tiếp nhận",
        "Mời mang hồ sơ giấy đến Bộ phận Một cửa để được tiếp nhận."),
    2: ("Đã tiếp nhận, đang chuyển xử lý",
        "Ông/bà chưa cần làm gì thêm. Vui lòng đến nhận kết quả theo ngày hẹn."),
    3: ("Không được tiếp nhận",
        "Xem lý do trong Phiếu từ chối; cần hướng dẫn xin mời đến {counter}."),
    4: ("Đang giải quyết",
        "Ông/bà chưa cần làm gì thêm. Vui lòng đến nhận kết quả theo ngày hẹn."),
    5: ("Cần bổ sung giấy tờ",
        "Mời mang giấy tờ còn thiếu đến {counter}. Thời hạn tạm dừng đến khi nhận đủ."),
    6: ("Chờ thực hiện nghĩa vụ tài chính",
        "Mời nộp phí, lệ phí hoặc thuế theo thông báo rồi mang chứng từ đến {counter}."),
    7: ("Đã rút hồ sơ theo yêu cầu", "Hồ sơ đã kết thúc."),
    8: ("Đã dừng giải quyết", "Mời đến {counter} để được giải thích lý do."),
    9: ("Đã có kết quả, mời đến nhận",
        "Mời mang giấy hẹn và căn cước công dân đến nhận kết quả: {place}."),
    10: ("Đã trả kết quả", "Hồ sơ đã hoàn thành. Cảm ơn ông/bà."),
}  # fmt: skip
TIMING_TEXT = {
    "in_time": "Trong hạn",
    "late": "Quá hạn giải quyết",
    "paused": "Tạm dừng, chờ bổ sung",
    "payment": "Tạm dừng, chờ thực hiện nghĩa vụ tài chính",
    "early": "Hoàn thành trước hạn",
    "on_time": "Hoàn thành đúng hạn",
    "late_done": "Hoàn thành trễ hạn",
    "none": "",
}
LATE_APOLOGY = " Cơ quan giải quyết sẽ có văn bản xin lỗi và hẹn lại ngày trả kết quả."
RATING_LEVELS = {
    5: "Rất hài lòng",
    4: "Hài lòng",
    3: "Bình thường",
    2: "Không hài lòng",
    1: "Rất không hài lòng",
}


class PublicInputError(KioskError):
    """Bad input on a public screen: `message_vi` is short, friendly and reveals nothing."""


class WrongAnswer(PublicInputError):
    pass


class TooManyLookups(PublicInputError):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, round(retry_after))
        super().__init__(
            f"too many look-ups on this screen; try again in {self.retry_after} s",
            f"Mời ông/bà đợi {self.retry_after} giây rồi tra cứu tiếp. Cảm ơn ông/bà đã chờ.",
        )


class TooManyAttempts(PublicInputError):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, round(retry_after))
        super().__init__(
            f"too many wrong answers; try again in {self.retry_after} s",
            f"Nhập sai nhiều lần. Vui lòng thử lại sau {self.retry_after} giây.",
        )


NOT_A_CODE_VI = (
    "Mã này không phải mã hồ sơ. Vui lòng quét mã QR trên giấy hẹn trả kết quả hoặc nhập mã hồ sơ."
)
NOT_FOUND_VI = "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy hẹn."


# -- the QR payload --------------------------------------------------------------------------


def receipt_qr_payload(code: str, token: str | None) -> str:
    """What the receipt's QR carries: the code, and the lookup token after '#' if there is one."""
    return f"{code}{TOKEN_SEPARATOR}{token}" if token else code


def parse_lookup_payload(payload: str) -> tuple[str, str | None]:
    """`<code>` or `<code>#<token>` (a `|` is accepted too) -> (code, token); else an error."""
    text = nfc(payload or "").strip()
    code, token = text, None
    for sep in (TOKEN_SEPARATOR, "|"):
        if sep in text:
            code, _, token = text.partition(sep)
            break
    try:
        parse_code(code)
    except CodeError as exc:
        raise PublicInputError(f"not a dossier code: {text[:60]!r}", NOT_A_CODE_VI) from exc
    if token is not None and not _TOKEN_RE.match(token.strip()):
        raise PublicInputError(f"bad lookup token in {text[:60]!r}", NOT_A_CODE_VI)
    return normalize_code(code), token.strip().lower() if token else None


# -- slowing down guesses ---------------------------------------------------------------------


class AttemptLimiter:
    """Per-code exponential back-off after `free` misses, plus a kiosk-wide brake."""

    def __init__(
        self,
        *,
        free: int = 3,
        base: float = 5.0,
        cap: float = 900.0,
        kiosk_free: int = 20,
        kiosk_window: float = 600.0,
        clock: Callable[[], float] | None = None,
        lookup_burst: int = 10,
        lookup_every: float = 6.0,
    ) -> None:
        self.free, self.base, self.cap = free, base, cap
        self.kiosk_free, self.kiosk_window = kiosk_free, kiosk_window
        self.lookup_burst, self.lookup_every = lookup_burst, lookup_every
        # with a session the state is in the database, on the wall clock (it survives a restart)
        self.clock = clock or time.monotonic
        self.wall = clock or time.time
        self._lock = threading.Lock()
        self._codes: OrderedDict[str, tuple[int, float]] = OrderedDict()  # code -> misses, until
        self._recent: deque[float] = deque()

    def _backoff(self, excess: int) -> float:
        # bounded: 2 ** 1027 once overflowed a float (issue 16); the cap is reached long before
        return min(self.cap, self.base * 2.0 ** min(max(0, excess - 1), 40))

    # -- kept in the database (a restart resets nothing) -----------------------------------

    @staticmethod
    def _row(session: Session, key: str) -> PublicThrottle:
        row = session.get(PublicThrottle, key)
        if row is None:
            row = PublicThrottle(key=key, count=0, level=0.0, since=0.0, until=0.0)
            session.add(row)
        return row

    def take_lookup(self, session: Session, screen: str) -> None:
        """One code look-up on `screen`: a token from its bucket, or TooManyLookups."""
        t = self.wall()
        row = self._row(session, f"lookup:{screen}"[:120])
        if row.since == 0.0 or row.since > t:  # new, or the clock went back
            row.level, row.since = float(self.lookup_burst), t
        level = min(float(self.lookup_burst), row.level + (t - row.since) / self.lookup_every)
        row.since = t
        if level < 1.0:
            row.level = level
            session.flush()
            raise TooManyLookups((1.0 - level) * self.lookup_every)
        row.level = level - 1.0
        session.flush()

    def check_stored(self, session: Session, code: str) -> None:
        t = self.wall()
        wait = 0.0
        for key in (f"2fa:{code}", "2fa:*"):
            row = session.get(PublicThrottle, key)
            if row is not None and row.until > t:
                wait = max(wait, row.until - t)
        if wait > 0:
            raise TooManyAttempts(wait)

    def failed_stored(self, session: Session, code: str) -> None:
        t = self.wall()
        one = self._row(session, f"2fa:{code}"[:120])
        one.count += 1
        one.until = t + self._backoff(one.count - self.free) if one.count > self.free else 0.0
        screen = self._row(session, "2fa:*")
        if t - screen.since > self.kiosk_window:
            screen.count, screen.since = 0, t
        screen.count += 1
        if screen.count >= self.kiosk_free:
            screen.until = t + self._backoff(screen.count - self.kiosk_free + 1)
        session.flush()

    def succeeded_stored(self, session: Session, code: str) -> None:
        row = session.get(PublicThrottle, f"2fa:{code}"[:120])
        if row is not None:
            session.delete(row)

    # -- in memory (no database at hand) ---------------------------------------------------

    def check(self, code: str) -> None:
        with self._lock:
            t = self.clock()
            while self._recent and self._recent[0] < t - self.kiosk_window:
                self._recent.popleft()
            wait = 0.0
            if len(self._recent) >= self.kiosk_free:
                wait = self._recent[-1] + self._backoff(len(self._recent) - self.kiosk_free + 1) - t
            _misses, until = self._codes.get(code, (0, 0.0))
            wait = max(wait, until - t)
        if wait > 0:
            raise TooManyAttempts(wait)

    def failed(self, code: str) -> None:
        with self._lock:
            t = self.clock()
            misses = self._codes.pop(code, (0, 0.0))[0] + 1
            until = t + self._backoff(misses - self.free) if misses > self.free else 0.0
            self._codes[code] = (misses, until)
            while len(self._codes) > 10_000:  # bounded memory: forget the oldest codes
                self._codes.popitem(last=False)
            self._recent.append(t)

    def succeeded(self, code: str) -> None:
        with self._lock:
            self._codes.pop(code, None)


LIMITER = AttemptLimiter()


# -- the self-check ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    text: str


@dataclass(frozen=True)
class PublicDossier:
    code: str
    masked_name: str
    procedure_name: str
    field_name: str
    status: int
    status_text: str
    received_at: datetime | None
    due_at: datetime | None
    timing: str  # a key of TIMING_TEXT
    timing_text: str
    next_step: str
    can_verify: bool  # there is a phone or a token to check against
    verified: bool = False
    handled_by: str = ""  # departments / agencies (verified only)
    timeline: tuple[PublicStep, ...] = ()  # verified only
    new_due_at: datetime | None = None  # the new appointment of an apology (Mẫu 04)

    @property
    def late(self) -> bool:
        return self.timing in ("late", "late_done")


def _timing(d: Dossier, at: datetime) -> str:
    if d.status == Status.SUPPLEMENT:
        return "paused"
    if d.status == Status.AWAITING_PAYMENT:
        return "payment"
    if d.status in RUNNING:
        return "late" if d.due_at is not None and at > d.due_at else "in_time"
    if d.status in (Status.READY, Status.RETURNED) and d.due_at is not None:
        result = judge(d.finished_at or d.returned_at or at, d.due_at)
        return "late_done" if result == "late" else result
    return "none"


def _load(session: Session, code: str, with_events: bool) -> Dossier:
    opts = [joinedload(Dossier.procedure).joinedload(Procedure.field)]
    if with_events:
        opts.append(selectinload(Dossier.events))
    d = session.scalar(select(Dossier).where(Dossier.code == code).options(*opts))
    if d is None:
        raise NotFound(f"there is no dossier {code}", NOT_FOUND_VI)
    return d


def _public(session: Session, d: Dossier, at: datetime, verified: bool) -> PublicDossier:
    words, todo = STATUS_TEXT.get(d.status, ("Đang giải quyết", ""))
    counter = f"quầy số {d.counter_number}" if d.counter_number else "Bộ phận Một cửa"
    todo = todo.format(counter=counter, place=d.result_place or "Bộ phận Một cửa")
    timing = _timing(d, at)
    if timing == "late":
        todo += LATE_APOLOGY
    if d.status == Status.SUPPLEMENT and verified:
        missing = _missing_documents(session, d)
        if missing:  # checklist names hint at the procedure: with the second factor only
            todo += " Giấy tờ cần bổ sung: " + "; ".join(missing) + "."
    out = PublicDossier(
        code=d.code,
        # beyond status and dates only with the second factor or the QR's token
        masked_name=mask_name(d.applicant_name) if verified else "",
        procedure_name=d.procedure.name if verified else "",
        field_name=d.procedure.field.name if verified else "",
        status=d.status,
        status_text=words,
        received_at=d.received_at,
        due_at=d.due_at,
        new_due_at=d.new_due_at,
        timing=timing,
        timing_text=TIMING_TEXT[timing],
        next_step=todo,
        can_verify=bool(d.applicant_phone or d.lookup_token or d.second_factor),
    )
    if not verified:
        return out
    dept_id = d.procedure.field.department_id
    dept = session.get(Department, dept_id) if dept_id is not None else None
    handled = [dept.name if dept else d.procedure.agency]
    steps: list[PublicStep] = []
    for e in d.events:
        if e.kind == "handover" and e.data:
            handled.append(str(e.data.get("to_agency", "")))
            steps.append(PublicStep(e.at, f"Chuyển đến {e.data.get('to_agency', '')}"))
        elif e.kind == "apology" and e.data and e.data.get("new_due_at"):
            new_due = datetime.fromisoformat(str(e.data["new_due_at"]))
            steps.append(PublicStep(e.at, f"Hẹn lại ngày trả kết quả: {new_due:%d/%m/%Y}"))
        elif e.kind == "status":
            text = STATUS_TEXT.get(e.to_status, ("", ""))[0]
            if e.to_status == Status.SUPPLEMENT and e.note:
                text += f": {e.note}"  # the reason written for the citizen (Mẫu 02)
            where = f" (quầy số {e.counter_number})" if e.counter_number else ""
            steps.append(PublicStep(e.at, text + where))
    names = [h for h in dict.fromkeys(handled) if h]
    return replace(out, verified=True, handled_by="; ".join(names), timeline=tuple(steps))


def _missing_documents(session: Session, d: Dossier) -> list[str]:
    """The documents the last supplement request listed (Mẫu 02), by name."""
    data = session.scalar(
        select(DossierEvent.data)
        .where(DossierEvent.dossier_id == d.id, DossierEvent.to_status == Status.SUPPLEMENT)
        .order_by(DossierEvent.id.desc())
        .limit(1)
    )
    items = (data or {}).get("missing") or []
    return [str(m["name"]) for m in items if isinstance(m, dict) and m.get("name")][:10]


def find_public(
    session: Session,
    code: str,
    *,
    at: datetime | None = None,
    limiter: AttemptLimiter | None = None,
    screen: str = "selfcheck",
) -> PublicDossier:
    """The public-safe summary of a dossier (no second factor needed): status and dates.

    With a `limiter`, the look-up is counted against the screen's bucket in the database. The
    caller commits its transaction even when NotFound or a PublicInputError comes out (a
    guesser's misses are what must count): ui/public/selfcheck.py hands them back as values.
    """
    code, _token = parse_lookup_payload(code)
    if limiter is not None:
        limiter.take_lookup(session, screen)
    return _public(session, _load(session, code, False), at or now(), False)


def verify_public(
    session: Session,
    code: str,
    answer: str,
    *,
    limiter: AttemptLimiter = LIMITER,
    at: datetime | None = None,
) -> PublicDossier:
    """The full view, if `answer` is the last 4 phone digits or the receipt's lookup token."""
    code, _token = parse_lookup_payload(code)
    limiter.check(code)
    limiter.check_stored(session, code)
    d = _load(session, code, True)
    answer = (answer or "").strip().lower()
    phone = "".join(ch for ch in d.applicant_phone or "" if ch.isdigit())
    ok = (len(answer) == 4 and len(phone) >= 4 and hmac.compare_digest(answer, phone[-4:])) or (
        bool(d.lookup_token) and hmac.compare_digest(answer, (d.lookup_token or "").lower())
    )
    if not ok and d.second_factor:  # a public-only PC holds salted hashes only
        ok = check_second_factor(d.second_factor, answer)
    if not ok:
        limiter.failed(code)
        limiter.failed_stored(session, code)  # kept: the caller commits (see find_public)
        raise WrongAnswer(
            "the second factor does not match",
            "Thông tin xác thực chưa đúng. Vui lòng nhập 4 số cuối điện thoại đã khai khi nộp.",
        )
    limiter.succeeded(code)
    limiter.succeeded_stored(session, code)
    return _public(session, d, at or now(), True)


def open_payload(
    session: Session, payload: str, *, limiter: AttemptLimiter = LIMITER, at: datetime | None = None
) -> PublicDossier:
    """A scan or a typed code: with a token (from the receipt's QR) the full view at once."""
    code, token = parse_lookup_payload(payload)
    if token:
        limiter.take_lookup(session, "selfcheck")
        return verify_public(session, code, token, limiter=limiter, at=at)
    return find_public(session, code, at=at, limiter=limiter)


# -- ratings ------------------------------------------------------------------------------------


def record_rating(
    session: Session,
    level: int,
    *,
    counter_number: int | None = None,
    clerk: str | None = None,
    dossier_code: str | None = None,
    comment: str | None = None,
    at: datetime | None = None,
    per_served_ticket: bool = False,
) -> Rating:
    """Store a rating. `per_served_ticket` (a public screen rating a counter without a dossier):
    a counter gets no more ratings on a day than the tickets it served that day, so the same
    person cannot stuff a clerk's record (issue 16: 25 one-star ratings in a row)."""
    if level not in RATING_LEVELS:
        raise PublicInputError(f"rating {level} is not 1..5", "Mức đánh giá không hợp lệ.")
    if per_served_ticket and counter_number is not None and not dossier_code:
        _check_served(session, counter_number, at or now())
    if dossier_code:
        dossier_code = parse_lookup_payload(dossier_code)[0]
    rating = Rating(
        at=at or now(),
        level=level,
        counter_number=counter_number,
        clerk=clerk,
        dossier_code=dossier_code,
        comment=" ".join(nfc(comment).split())[:500] if comment else None,
    )
    # The mutation id names the rating everywhere: a copy pulled back from the server
    # (kiosk.sync.local_ratings) is recognised by it and not stored twice.
    rating.mutation_id = record(session, "rating.add", {
        "at": rating.at.isoformat(), "level": level, "counter_number": counter_number,
        "clerk": clerk, "dossier_code": dossier_code, "comment": rating.comment,
    })  # fmt: skip
    session.add(rating)
    return rating


def _check_served(session: Session, counter_number: int, at: datetime) -> None:
    day = at.date()
    start = datetime.combine(day, datetime.min.time())
    served = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.day == day,
            Ticket.counter_number == counter_number,
            Ticket.status.in_(("called", "serving", "done")),
        )
    )
    rated = session.scalar(
        select(func.count())
        .select_from(Rating)
        .where(
            Rating.counter_number == counter_number,
            Rating.dossier_code.is_(None),
            Rating.device_id.is_(None),  # made here, not pulled from another PC
            Rating.at >= start,
        )
    )
    if int(rated or 0) >= int(served or 0):
        raise PublicInputError(
            f"counter {counter_number} has as many ratings today as tickets served",
            "Quầy này đã được đánh giá cho các lượt phục vụ hôm nay. Cảm ơn ông/bà!",
        )


def rate_dossier(session: Session, code: str, level: int, *, at: datetime | None = None) -> Rating:
    """Rate the counter service of a dossier: the counter and clerk of its last counter step."""
    d = _load(session, parse_lookup_payload(code)[0], True)
    at_counter = [e for e in d.events if e.counter_number is not None]
    last = at_counter[-1] if at_counter else None
    counter = last.counter_number if last else d.counter_number
    clerk = last.actor if last else d.received_by
    # One rating per dossier and counter step: a public screen must not stuff a clerk's record.
    again = session.scalar(
        select(Rating.id).where(
            Rating.dossier_code == d.code, Rating.counter_number == counter, Rating.clerk == clerk
        )
    )
    if again is not None:
        raise PublicInputError(
            f"dossier {d.code} was already rated for this step",
            "Hồ sơ này đã được đánh giá. Cảm ơn ông/bà!",
        )
    return record_rating(
        session, level, counter_number=counter, clerk=clerk, dossier_code=d.code, at=at
    )
