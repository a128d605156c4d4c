"""Alembic environment: runs on the connection handed in by desktop.db.schema, or on `-x url=…` from the CLI."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import desktop.db.models  # noqa: F401  (registers every table on Base.metadata)
from desktop.db.base import Base
from desktop.db.engine import make_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    # Nothing may execute on the connection before begin_transaction(): SQLAlchemy would autobegin and the
    # alembic_version row would never be committed. Pragmas are set in the engine's connect event instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///path/to/file …")
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run `python main.py db upgrade`")
run_migrations_online()
