"""Storage: engines for SQLite and PostgreSQL, the typed models, migrations, numbering and locking helpers."""
