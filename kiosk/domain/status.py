"""The dossier status machine (DESIGN.md §5): the national portal's codes 1-10."""

from __future__ import annotations

from enum import IntEnum

from kiosk.errors import KioskError
from kiosk.privacy.logsafe import mark_log_safe


class Status(IntEnum):
    REGISTERED = 1  # Mới đăng ký (online/portal, not yet received)
    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    IN_PROCESS = 4  # Đang xử lý
    SUPPLEMENT = 5  # Yêu cầu bổ sung giấy tờ (clock paused)
    AWAITING_PAYMENT = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    READY = 9  # Đã xử lý xong (result ready for return)
    RETURNED = 10  # Đã trả kết quả


STATUS_NAMES_VI: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

STATUS_NAMES_EN: dict[int, str] = {
    1: "registered",
    2: "received",
    3: "refused",
    4: "in process",
    5: "supplement requested",
    6: "awaiting payment",
    7: "withdrawn",
    8: "stopped",
    9: "result ready",
    10: "returned",
}

# None stands for "no dossier yet": a counter can receive, refuse or ask for a supplement
# straight away. Leaving SUPPLEMENT goes back to where the dossier was (see resume_target).
TRANSITIONS: dict[int | None, frozenset[int]] = {
    None: frozenset({1, 2, 3, 5}),
    1: frozenset({2, 3, 5, 7}),
    2: frozenset({4, 5, 6, 7, 8, 9}),
    4: frozenset({5, 6, 7, 8, 9}),
    5: frozenset({2, 3, 4, 7, 8}),
    6: frozenset({4, 7, 8, 9}),
    9: frozenset({10}),
    3: frozenset(),
    7: frozenset(),
    8: frozenset(),
    10: frozenset(),
}

#: statuses in which the dossier is closed: no clock runs, nothing is pending
CLOSED = frozenset(
    {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.READY, Status.RETURNED}
)
#: statuses in which the clock runs towards the due date (a supplement request (5) and
#: awaiting the citizen's payment (6) pause it: docs/rules.md)
RUNNING = frozenset({Status.RECEIVED, Status.IN_PROCESS})


@mark_log_safe
class TransitionError(KioskError, ValueError):
    """An illegal status change; the message names both statuses."""


def check_transition(current: int | None, target: int) -> None:
    if target not in STATUS_NAMES_EN:
        raise TransitionError(
            f"{target} is not a dossier status (use 1 to 10)", f"{target} không phải mã trạng thái."
        )
    allowed = TRANSITIONS.get(current, frozenset())
    if target not in allowed:
        here = (
            "a new dossier" if current is None else f"status {current} ({STATUS_NAMES_EN[current]})"
        )
        here_vi = "hồ sơ mới" if current is None else f"«{STATUS_NAMES_VI[current]}»"
        raise TransitionError(
            f"a dossier cannot go from {here} to status {target} ({STATUS_NAMES_EN[target]})",
            f"Không thể chuyển hồ sơ từ {here_vi} sang «{STATUS_NAMES_VI[target]}».",
        )
