"""The demo loader's bulk writes: rows as tuples straight to the driver, the bulk tables' indexes built once.

Through SQLAlchemy a million applications spend most of their time turning dictionaries into parameters. Here the
generators make tuples in column order and they go to the raw driver connection of the demo's own transaction, so
everything still commits or rolls back as one:
- SQLite: `executemany` of one INSERT per table. Dates and times are text in SQLAlchemy's storage format
  (`YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS.ffffff`, UTC), so the app reads them back and compares them as its own.
- PostgreSQL: `COPY … FROM STDIN` (psycopg's `cursor.copy()`); times are naive UTC datetimes, read as UTC because
  the transaction's time zone is set to UTC.

The secondary indexes of the bulk tables are dropped first and built again at the end (one sort each instead of
millions of inserts at random places in growing trees); on PostgreSQL also their unique and foreign-key
constraints, added back with one validating scan each, when the database user owns the tables. DDL is
transactional on both databases: a load that fails leaves the schema as it was.

PostgreSQL writes run on one worker thread while the generators make the next chunk (the server works in its own
process; the thread waits for it without the GIL), in the order they were handed over: parents before children.
The caller touches the connection again only after `drain()`. SQLite writes run in line (see `SqliteWriter`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from operator import methodcaller
from typing import Any

from sqlalchemy.orm import Session

Row = tuple[Any, ...]
PENDING_CHUNKS = 3  # chunks waiting for the worker: bounds the memory the generators can run ahead with
# SQLite's page cache while the big random-order trees (uuid request ids, ID numbers) grow.
SQLITE_CACHE_KIB = 512 * 1024


def _same(value: Any) -> Any:
    return value


class BulkWriter:
    """Writes (table, columns, rows) in the order given, on a worker thread when `threaded`; `stamp` and `day`
    encode values for the driver."""

    threaded = True
    stamp: Callable[[datetime], object]  # a naive UTC datetime as the driver takes it
    day: Callable[[date], object]

    def __init__(self, dbapi_connection: Any) -> None:
        self.connection = dbapi_connection
        self._queue: queue.Queue[tuple[str, Sequence[str], list[Row]] | None] = queue.Queue(PENDING_CHUNKS)
        self._error: BaseException | None = None
        self._worker: threading.Thread | None = None

    def write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        """Queue `rows` (the writer owns the list from now on); raises what the worker met before."""
        self._raise_failure()
        if not rows:
            return
        if not self.threaded:
            self._write(table, columns, rows)
            return
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="demo-bulk-writer", daemon=True)
            self._worker.start()
        self._queue.put((table, columns, rows))

    def drain(self) -> None:
        """Wait until every queued row is written; the connection is the caller's again afterwards."""
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join()
            self._worker = None
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:  # after a failure: only empty the queue, so that no put() blocks
                try:
                    self._write(*item)
                except BaseException as exc:  # handed to the main thread, which raises it
                    self._error = exc

    def _write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        raise NotImplementedError

    def defer_indexes(self, tables: Sequence[str]) -> None:
        """Drop what `restore_indexes` builds again."""
        raise NotImplementedError

    def restore_indexes(self) -> None:
        raise NotImplementedError


class SqliteWriter(BulkWriter):
    # No worker: sqlite3 takes the GIL back for every row it binds, and with the generators holding it that is a
    # wait of a whole switch interval per row. In-line writes are the fastest there.
    threaded = False
    stamp = methodcaller("isoformat", " ", "microseconds")
    day = methodcaller("isoformat")

    def __init__(self, dbapi_connection: Any) -> None:
        super().__init__(dbapi_connection)
        self._indexes: list[str] = []

    def _write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        marks = ", ".join("?" * len(columns))
        self.connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def defer_indexes(self, tables: Sequence[str]) -> None:
        marks = ", ".join("?" * len(tables))
        found = self.connection.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            tuple(tables),
        ).fetchall()
        for name, sql in found:  # unique constraints are automatic indexes (sql IS NULL) and stay
            self.connection.execute(f'DROP INDEX "{name}"')
            self._indexes.append(sql)

    def restore_indexes(self) -> None:
        for sql in self._indexes:
            self.connection.execute(sql)
        self._indexes.clear()


class PostgresWriter(BulkWriter):
    stamp = staticmethod(_same)
    day = staticmethod(_same)

    def __init__(self, dbapi_connection: Any) -> None:
        super().__init__(dbapi_connection)
        self._restore: list[str] = []

    def _write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def defer_indexes(self, tables: Sequence[str]) -> None:
        """Secondary indexes, unique constraints no foreign key depends on, and foreign keys: only when this
        user owns every bulk table (ALTER TABLE needs it); otherwise everything stays and COPY maintains it."""
        from psycopg import sql

        names = list(tables)
        with self.connection.cursor() as cursor:
            owner = cursor.execute(
                "SELECT bool_and(pg_has_role(c.relowner, 'USAGE')) FROM pg_class c"
                " WHERE c.oid = ANY(%s::text[]::regclass[])",
                (names,),
            ).fetchone()
            if not (owner and owner[0]):
                return
            constraints = cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype"
                " FROM pg_constraint c WHERE c.conrelid = ANY(%s::text[]::regclass[]) AND (c.contype = 'f'"
                " OR (c.contype = 'u' AND NOT EXISTS (SELECT FROM pg_constraint d"
                " WHERE d.contype = 'f' AND d.conindid = c.conindid)))"
                " ORDER BY c.contype = 'f' DESC, c.conname",
                (names,),
            ).fetchall()
            indexes = cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ANY(%s::text[]::regclass[]) AND NOT i.indisprimary"
                " AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                (names,),
            ).fetchall()
            for (
                table,
                name,
                _definition,
                _kind,
            ) in constraints:  # foreign keys first: they use the unique ones
                cursor.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.SQL(table), sql.Identifier(name))
                )
            for index, _definition in indexes:
                cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(index)))
        add = "ALTER TABLE {} ADD CONSTRAINT {} {}"
        self._restore = [definition for _index, definition in indexes] + [
            sql.SQL(add)
            .format(sql.SQL(table), sql.Identifier(name), sql.SQL(definition))
            .as_string(self.connection)
            for table, name, definition, _kind in reversed(constraints)  # unique ones before foreign keys
        ]

    def restore_indexes(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in self._restore:
                cursor.execute(statement)
        self._restore.clear()


@contextmanager
def bulk_writer(session: Session, tables: Sequence[str]) -> Iterator[BulkWriter]:
    """A writer on the session's own connection and transaction, with the bulk tables' indexes deferred.

    On leaving normally the rows are all written and the indexes and constraints are back. On an error the
    worker is stopped and the connection's settings restored; the caller's rollback undoes the rest.
    """
    connection = session.connection()
    dbapi_connection = connection.connection.dbapi_connection
    sqlite = connection.dialect.name == "sqlite"
    writer: BulkWriter = SqliteWriter(dbapi_connection) if sqlite else PostgresWriter(dbapi_connection)
    with _bulk_settings(connection, sqlite):
        writer.defer_indexes(tables)
        try:
            yield writer
            writer.drain()
        except BaseException:
            _stop(writer)
            raise
        writer.restore_indexes()


def _stop(writer: BulkWriter) -> None:
    with suppress(BaseException):  # the error being raised already tells what went wrong
        writer.drain()


@contextmanager
def _bulk_settings(connection: Any, sqlite: bool) -> Iterator[None]:
    """SQLite: a large page cache for this connection, given back afterwards. Durability stays as it is (WAL,
    synchronous=FULL): journal_mode=OFF with synchronous=OFF was measured at 1,000,000 applications and saved
    nothing beyond the noise (the time goes to binding rows and building trees, not to the journal), and without
    a journal a failed load could not be rolled back. PostgreSQL: for this transaction only, UTC for the naive
    times COPY sends and memory for building the indexes in one sort."""
    if not sqlite:
        connection.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
        connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        yield
        return
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={previous}")
