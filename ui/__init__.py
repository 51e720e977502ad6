"""PySide6 views for each role. Views call kiosk services; business rules live in kiosk/."""
