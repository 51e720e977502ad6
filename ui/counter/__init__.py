"""The clerk's counter window (`kiosk run --role counter`)."""
