"""Reusable widgets: form helpers, the database connection form, the status bar, the idle lock."""
