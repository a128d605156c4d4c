"""Storage set-up: SQLite pragmas and refusals, PostgreSQL connection options, UTC times, schema versions."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from desktop.db import engine as engine_module
from desktop.db.backup import backup_sqlite
from desktop.db.base import Base
from desktop.db.database import Database
from desktop.db.models import Setting
from desktop.db.schema import SchemaState, program_revision, schema_status
from desktop.db.startup import open_database
from desktop.errors import DatabaseCorrupt, DatabaseUnavailable, SchemaMismatch


def test_sqlite_connection_is_set_up_for_safety(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with db.read() as session:
        pragma = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "secure_delete")
        }
    db.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "secure_delete": 1,
    }


def test_sqlite_writes_begin_immediate(tmp_path: Path) -> None:
    """A second writer waits at BEGIN (busy_timeout) instead of failing mid-transaction with 'database is locked'."""
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with db.write() as session:
        session.execute(text("SELECT 1"))
    db.dispose()
    assert "BEGIN IMMEDIATE" in statements[:3]


@pytest.mark.parametrize("path", ["//server/share/station.sqlite3", "\\\\server\\share\\station.sqlite3"])
def test_unc_paths_are_refused(path: str) -> None:
    with pytest.raises(DatabaseUnavailable, match="PostgreSQL"):
        Database(f"sqlite:///{path}")


def test_network_mounts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "_mount_fstype", lambda _path: "cifs")
    with pytest.raises(DatabaseUnavailable, match="网络共享"):
        Database(f"sqlite:///{tmp_path / 'on-share.sqlite3'}")


def test_local_disk_is_accepted() -> None:
    assert not engine_module.is_network_path(Path("/tmp/x.sqlite3"))


def test_corrupt_sqlite_file_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    with pytest.raises(DatabaseCorrupt, match="备份"):
        open_database(f"sqlite:///{path}", backup_dir=tmp_path / "backups")


def test_times_round_trip_as_aware_utc(db: Database) -> None:
    moment = datetime(2026, 11, 27, 18, 5, 1, 123456, tzinfo=timezone(timedelta(hours=8)))
    with db.write() as session:
        session.add(Setting(key="k", value="v", updated_at=moment, updated_by="t"))
    with db.read() as session:
        stored = session.execute(select(Setting.updated_at)).scalar_one()
    assert stored == moment
    assert stored.utcoffset() == timedelta(0)
    assert stored.astimezone(UTC).hour == 10


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_new_database_is_created_at_the_program_revision(empty_db_url: str, tmp_path: Path) -> None:
    opened = open_database(empty_db_url, backup_dir=tmp_path / "backups")
    assert opened.status.state is SchemaState.CURRENT
    assert opened.status.database_revision == program_revision()
    opened.db.dispose()


def _fingerprint(db: Database) -> str:
    with db.read() as session:
        tables = session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(tables)


def test_database_ahead_of_the_program_is_refused_and_untouched(db_url: str, tmp_path: Path) -> None:
    db = Database(db_url)
    with db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.dispose()
    file = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") else None
    before = hashlib.sha256(file.read_bytes()).hexdigest() if file else None
    with pytest.raises(SchemaMismatch, match="请升级本机程序"):
        open_database(db_url, backup_dir=tmp_path / "backups")
    db = Database(db_url)
    assert schema_status(db).state is SchemaState.AHEAD
    assert _fingerprint(db) == "9999_from_the_future"
    db.dispose()
    if file:
        assert hashlib.sha256(file.read_bytes()).hexdigest() == before


def test_sqlite_backup_is_a_readable_copy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    opened = open_database(url, backup_dir=tmp_path / "backups")
    target = backup_sqlite(opened.db, tmp_path / "backups", "test")
    opened.db.dispose()
    assert target is not None
    copy = Database(f"sqlite:///{target}")
    assert schema_status(copy).state is SchemaState.CURRENT
    copy.dispose()


@pytest.mark.postgres
def test_postgres_connection_names_the_desk(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import new_pg_database

    db = Database(new_pg_database(pg_server), workstation="desk-07")
    with db.read() as session:
        assert session.execute(text("SHOW application_name")).scalar() == "desk-07"
    db.dispose()


@pytest.mark.postgres
def test_unreachable_postgres_fails_fast_with_a_chinese_message(tmp_path: Path) -> None:
    import time

    started = time.monotonic()
    # Port 1 on loopback: nothing listens, so the refusal is immediate; the timeout options bound the worst case.
    with pytest.raises(DatabaseUnavailable, match="数据库"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none", backup_dir=tmp_path)
    assert time.monotonic() - started < 10


def test_a_batch_migration_keeps_child_rows(db_url: str) -> None:
    """SQLite batch mode drops and rebuilds a table; with foreign keys on, ON DELETE CASCADE would empty its
    children. Migrations therefore run with foreign keys off and a foreign_key_check before commit."""
    import sqlalchemy as sa
    from alembic.operations import Operations

    from desktop.db.models import ApplicationMaterial
    from desktop.db.schema import migration_connection
    from desktop.services.core import Core
    from desktop.services.demo import fill_demo_data

    db = Database(db_url)
    fill_demo_data(Core(db=db), applications=60, seed=3)
    with db.read() as session:
        materials = session.execute(select(sa.func.count()).select_from(ApplicationMaterial)).scalar_one()
    assert materials > 0
    with migration_connection(db) as conn:
        operations = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
        recreate = (
            "always" if db.is_sqlite else "auto"
        )  # PostgreSQL alters in place; SQLite rebuilds the table
        with operations.batch_alter_table("application", recreate=recreate) as batch:
            batch.add_column(sa.Column("extra_flag", sa.Integer(), nullable=True))
    with db.read() as session:
        after = session.execute(select(sa.func.count()).select_from(ApplicationMaterial)).scalar_one()
        foreign_keys = session.execute(text("PRAGMA foreign_keys")).scalar() if db.is_sqlite else 1
    db.dispose()
    assert after == materials
    assert foreign_keys == 1  # switched back on for everything that follows


def test_bugs_are_not_disguised_as_user_messages(db: Database) -> None:
    """A bad statement or a NOT NULL violation is a bug: it must reach the crash path, not a friendly message."""
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError), db.write() as session:
        session.execute(text("SELECT no_such_column FROM station"))
    with pytest.raises(DBAPIError), db.write() as session:
        session.execute(
            text("INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('k', NULL, NULL, 'x')")
        )


def test_a_unique_race_is_a_conflict(db: Database) -> None:
    from desktop.errors import ConflictError

    stamp = datetime(2026, 11, 27, tzinfo=UTC)
    with db.write() as session:
        session.add(Setting(key="k", value="1", updated_at=stamp, updated_by="a"))
    with pytest.raises(ConflictError, match="其他工作台"), db.write() as session:
        session.add(Setting(key="k", value="2", updated_at=stamp, updated_by="b"))


def test_a_full_disk_is_a_clear_message(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'small.sqlite3'}")
    with db.write() as session:
        session.execute(text("CREATE TABLE filler (x TEXT)"))
    with pytest.raises(DatabaseUnavailable, match="磁盘空间已满"), db.write() as session:
        session.execute(text("PRAGMA max_page_count = 8"))
        session.execute(text("INSERT INTO filler VALUES (:x)"), [{"x": "字" * 2000}] * 50)
    db.dispose()


def test_a_closed_database_refuses_work_instead_of_reconnecting(db_url: str) -> None:
    """A timer's task that runs after logout or shutdown must not open a new pool behind the program's back."""
    database = Database(db_url)
    with database.read() as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1
    database.dispose()
    for action in (database.read, database.write):
        with pytest.raises(DatabaseUnavailable) as refused, action():
            pass
        assert "已关闭" in refused.value.message
    assert database.engine.pool.checkedout() == 0
