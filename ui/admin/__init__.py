"""The admin window (`kiosk run --role admin`) and the set-up wizard (`kiosk setup`)."""
