"""Opening the database for the program: integrity check, schema comparison, upgrade (SQLite after a backup)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.db.database import Database, translate_db_error
from desktop.db.schema import SchemaState, SchemaStatus, ensure_not_ahead, schema_status, upgrade
from desktop.errors import SchemaMismatch

PG_BEHIND_MESSAGE = (
    "数据库版本低于本程序（{status}）。联网数据库只能由管理员升级：请在服务器或任一台电脑上运行 "
    "`microstation --db <地址> db upgrade` 后重新启动。"
)


@dataclass(frozen=True)
class OpenedDatabase:
    db: Database
    status: SchemaStatus
    backup: Path | None = None


def open_database(url: str, *, backup_dir: Path, workstation: str | None = None) -> OpenedDatabase:
    """Open `url` ready for use, or raise a DomainError whose message says what to do; never writes a newer db."""
    db = Database(url, workstation=workstation)
    try:
        db.check_integrity()
        status = schema_status(db)
        ensure_not_ahead(status)
        if status.state is SchemaState.BEHIND and not db.is_sqlite:
            raise SchemaMismatch(PG_BEHIND_MESSAGE.format(status=status.describe()))
        if status.state is not SchemaState.CURRENT:
            status = upgrade(db, backup_dir)
    except Exception as exc:
        db.dispose()
        translated = translate_db_error(exc)
        if translated is not None:
            raise translated from exc
        raise
    return OpenedDatabase(db, status)
