"""Statutory one-stop forms (Circular 03/2025/TT-VPCP, Appendix I, forms 01–07) as PDF.

Plain dataclasses in, PDF bytes out (reportlab; bundled Noto fonts embedded). Wording and
geometry of every form: `printing.forms.layout`.
"""

from .book import render_tracking_book
from .data import AgencyHeader, BookRow, DocumentLine, DossierForm, HandoverRow
from .notices import render_apology, render_control_sheet, render_stop
from .render import render_receipt, render_refusal, render_supplement

__all__ = [
    "AgencyHeader",
    "BookRow",
    "DocumentLine",
    "DossierForm",
    "HandoverRow",
    "render_apology",
    "render_control_sheet",
    "render_receipt",
    "render_refusal",
    "render_stop",
    "render_supplement",
    "render_tracking_book",
]
