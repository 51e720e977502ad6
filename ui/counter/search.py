"""Finding dossiers among a million: what the clerk typed decides which index answers.

The reading of the text (a dossier code, a citizen ID, a phone number or the start of a name)
lives in the core, `kiosk.services.queries.search`, so the windows and `kiosk search` ask the
database the same way; this module keeps the names the counter screens import.
"""

from __future__ import annotations

from kiosk.services.queries import search, text_condition, text_kind

__all__ = ["search", "text_condition", "text_kind"]
