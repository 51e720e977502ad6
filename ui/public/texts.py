"""The fixed words of the public services, in the interface language.

`kiosk` is Qt-free and speaks Vietnamese (kiosk.services.public, kiosk.services.queue); the
public windows show its keyed words (rating levels, priority groups, a dossier's status and
timing) through these functions. Each call is spelled out because pyside6-lupdate only sees
literal `QCoreApplication.translate` calls; a unit test keeps them equal to the services' text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def rating_level(level: int) -> str:
    names = {
        5: QCoreApplication.translate("PublicText", "Rất hài lòng"),
        4: QCoreApplication.translate("PublicText", "Hài lòng"),
        3: QCoreApplication.translate("PublicText", "Bình thường"),
        2: QCoreApplication.translate("PublicText", "Không hài lòng"),
        1: QCoreApplication.translate("PublicText", "Rất không hài lòng"),
    }
    return names.get(level, str(level))


def priority_name(kind: str) -> str:
    names = {
        "elderly": QCoreApplication.translate("PublicText", "Người cao tuổi"),
        "disabled": QCoreApplication.translate("PublicText", "Người khuyết tật"),
        "pregnant": QCoreApplication.translate("PublicText", "Phụ nữ mang thai"),
        "child": QCoreApplication.translate("PublicText", "Người đi cùng trẻ nhỏ"),
        "merit": QCoreApplication.translate("PublicText", "Người có công với cách mạng"),
    }
    return names.get(kind, kind)


def status_words(status: int, fallback: str = "") -> str:
    """A dossier's status in plain words (kiosk.services.public.STATUS_TEXT)."""
    words = {
        1: QCoreApplication.translate("PublicText", "Đã đăng ký trực tuyến, chưa tiếp nhận"),
        2: QCoreApplication.translate("PublicText", "Đã tiếp nhận, đang chuyển xử lý"),
        3: QCoreApplication.translate("PublicText", "Không được tiếp nhận"),
        4: QCoreApplication.translate("PublicText", "Đang giải quyết"),
        5: QCoreApplication.translate("PublicText", "Cần bổ sung giấy tờ"),
        6: QCoreApplication.translate("PublicText", "Chờ thực hiện nghĩa vụ tài chính"),
        7: QCoreApplication.translate("PublicText", "Đã rút hồ sơ theo yêu cầu"),
        8: QCoreApplication.translate("PublicText", "Đã dừng giải quyết"),
        9: QCoreApplication.translate("PublicText", "Đã có kết quả, mời đến nhận"),
        10: QCoreApplication.translate("PublicText", "Đã trả kết quả"),
    }
    return words.get(status, fallback)


def timing_words(timing: str, fallback: str = "") -> str:
    """In time, late, paused… (kiosk.services.public.TIMING_TEXT); "" for none."""
    words = {
        "in_time": QCoreApplication.translate("PublicText", "Trong hạn"),
        "late": QCoreApplication.translate("PublicText", "Quá hạn giải quyết"),
        "paused": QCoreApplication.translate("PublicText", "Tạm dừng, chờ bổ sung"),
        "payment": QCoreApplication.translate(
            "PublicText", "Tạm dừng, chờ thực hiện nghĩa vụ tài chính"
        ),
        "early": QCoreApplication.translate("PublicText", "Hoàn thành trước hạn"),
        "on_time": QCoreApplication.translate("PublicText", "Hoàn thành đúng hạn"),
        "late_done": QCoreApplication.translate("PublicText", "Hoàn thành trễ hạn"),
        "none": "",
    }
    return words.get(timing, fallback)


def date_time(value: object) -> str:
    """A moment as the public screens write it: 08:30 ngày 09/02/2026 / 08:30 on 09/02/2026."""
    if not hasattr(value, "strftime"):
        return "—"
    fmt = QCoreApplication.translate("PublicText", "%H:%M ngày %d/%m/%Y")
    return str(value.strftime(fmt))
