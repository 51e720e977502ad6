"""Widgets shared by the staff and public windows: login, validated fields, banners, status bar."""
