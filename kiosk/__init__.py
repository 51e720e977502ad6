"""The reception-counter kiosk core: domain, rules, store, services, sync, server and CLI (Qt-free)."""

__version__ = "0.1.0"
