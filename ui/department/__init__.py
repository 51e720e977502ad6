"""The specialist department's window (`kiosk run --role department`)."""
