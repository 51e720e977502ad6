"""The reception-counter kiosk core (Qt-free): domain, rules, store, services, sync, CLI."""

__version__ = "0.1.0"
