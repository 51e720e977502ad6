"""Printing: statutory forms as PDF, thermal tickets and receipts as ESC/POS, transports."""

#: the statutory forms printable for one dossier (`kiosk print form NAME CODE`)
FORMS = ("receipt", "supplement", "refusal", "apology", "stop", "control-sheet")
