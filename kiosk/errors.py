"""One base for every refusal a user reads: English on the command line, Vietnamese on screen."""

from __future__ import annotations


class KioskError(Exception):
    """A refused action or bad input: `str()` in English, `message_vi` for the screen.

    `field` names the input at fault when there is one (e.g. "prefix", "password"), so that a
    window can show the message next to that field (the admin services set it).
    """

    def __init__(
        self, message_en: str, message_vi: str | None = None, *, field: str | None = None
    ) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_vi = message_vi or message_en
        self.field = field


class NotFound(KioskError):
    pass
