"""Dialogs: first-run wizard, login, password change, settings pages, crash report, about."""
