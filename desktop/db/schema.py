"""Schema versions: compare the database with this program, upgrade (SQLite after a backup), refuse a newer one."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from desktop.db.database import Database
from desktop.errors import SchemaMismatch

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
AHEAD_MESSAGE = "数据库版本（{db}）高于本程序支持的版本（{program}），请升级本机程序。为保护数据，本程序不会写入该数据库。"


class SchemaState(enum.Enum):
    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"
    AHEAD = "ahead"


@dataclass(frozen=True)
class SchemaStatus:
    state: SchemaState
    database_revision: str | None
    program_revision: str

    def describe(self) -> str:
        text = {
            SchemaState.EMPTY: "数据库为空，需要初始化（db upgrade）",
            SchemaState.BEHIND: "数据库版本低于本程序，需要升级（db upgrade）",
            SchemaState.CURRENT: "数据库版本与本程序一致",
            SchemaState.AHEAD: "数据库版本高于本程序，请升级本机程序",
        }[self.state]
        return f"{text}（数据库：{self.database_revision or '无'}，程序：{self.program_revision}）"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def program_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the program ships at least one migration"
    return head


def schema_status(db: Database) -> SchemaStatus:
    script = ScriptDirectory.from_config(alembic_config())
    head = program_revision()
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current is None:
        state = SchemaState.EMPTY
    elif current == head:
        state = SchemaState.CURRENT
    else:
        known = {rev.revision for rev in script.walk_revisions()}
        state = SchemaState.BEHIND if current in known else SchemaState.AHEAD
    return SchemaStatus(state, current, head)


def ensure_not_ahead(status: SchemaStatus) -> None:
    if status.state is SchemaState.AHEAD:
        raise SchemaMismatch(
            AHEAD_MESSAGE.format(db=status.database_revision, program=status.program_revision)
        )


def upgrade(db: Database, backup_dir: Path | None = None) -> SchemaStatus:
    """Bring the database to this program's schema. Refuses a newer database without touching it."""
    status = schema_status(db)
    ensure_not_ahead(status)
    if status.state is SchemaState.CURRENT:
        return status
    has_tables = bool(inspect(db.engine).get_table_names())
    if db.is_sqlite and status.state is SchemaState.BEHIND and has_tables and backup_dir is not None:
        from desktop.db.backup import backup_sqlite

        backup_sqlite(db, backup_dir, f"before-upgrade-{status.database_revision}")
    config = alembic_config()
    with migration_connection(db) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return schema_status(db)


@contextmanager
def migration_connection(db: Database) -> Iterator[Connection]:
    """A connection in a transaction for schema changes. On SQLite foreign keys are switched off first (a batch
    migration rebuilds a table by dropping it, which with ON DELETE CASCADE would silently empty its children) and
    `foreign_key_check` must come back clean before the commit."""
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # before BEGIN: inside a transaction the pragma is a no-op
        try:
            with conn.begin():
                yield conn
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise SchemaMismatch(
                            f"升级后发现 {len(broken)} 处外键不一致，已放弃本次升级，数据库未改变。"
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
