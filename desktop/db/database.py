"""One open database: the engine, sessions scoped to one user action, and driver errors turned into domain errors."""

from __future__ import annotations

import logging
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.db.engine import check_sqlite_integrity, describe, is_sqlite, make_engine
from desktop.errors import ConflictError, DatabaseCorrupt, DatabaseUnavailable, DomainError

log = logging.getLogger(__name__)

CONFLICT_MESSAGE = "该记录已被其他人修改，请刷新后再保存。"
RESTORE_HINT = "请联系管理员用备份文件（数据目录 backups 文件夹）恢复。"
NOT_A_DATABASE_MESSAGE = "该文件不是本程序的数据库文件，或文件开头已损坏，本程序不会写入它。" + RESTORE_HINT
CORRUPT_MESSAGE = "数据库文件已损坏（内容不完整或被改写），本程序不会写入它。" + RESTORE_HINT
DISK_FULL_MESSAGE = "磁盘空间已满，操作未完成。请清理磁盘后重试。"
DISK_ERROR_MESSAGE = "读写数据库文件出错（磁盘故障或文件被移走），操作未完成。"
BUSY_MESSAGE = "数据库正忙（其他操作正在写入），请稍后重试。"
READ_ONLY_MESSAGE = "数据库文件只读，无法保存。请检查文件权限。"
CANNOT_OPEN_MESSAGE = "无法打开数据库文件，请检查文件位置和权限。"
# SQLite's error codes (Python ≥ 3.11 names them on the exception, extended codes share the prefix) for what the
# machine did, not our SQL; then the same by the text, for an error that carries no name.
SQLITE_ENVIRONMENT_CODES = (
    ("SQLITE_FULL", DISK_FULL_MESSAGE),
    ("SQLITE_IOERR", DISK_ERROR_MESSAGE),
    ("SQLITE_BUSY", BUSY_MESSAGE),
    ("SQLITE_READONLY", READ_ONLY_MESSAGE),
    ("SQLITE_CANTOPEN", CANNOT_OPEN_MESSAGE),
)
SQLITE_ENVIRONMENT = (
    ("database or disk is full", DISK_FULL_MESSAGE),
    ("disk i/o error", DISK_ERROR_MESSAGE),
    ("database is locked", BUSY_MESSAGE),
    ("readonly database", READ_ONLY_MESSAGE),
    ("unable to open database", CANNOT_OPEN_MESSAGE),
)


def _sqlite_error(orig: sqlite3.Error) -> DomainError | None:
    """A damaged or foreign file (SQLITE_CORRUPT, SQLITE_NOTADB) → DatabaseCorrupt; the machine's faults (full
    disk, I/O, lock, read-only, cannot open) → DatabaseUnavailable; anything else (no such table …) is a bug."""
    name = str(getattr(orig, "sqlite_errorname", ""))
    text = str(orig).lower()
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        return DatabaseCorrupt(NOT_A_DATABASE_MESSAGE)
    if name.startswith("SQLITE_CORRUPT") or "disk image is malformed" in text or "malformed database" in text:
        return DatabaseCorrupt(CORRUPT_MESSAGE)
    for code, message in SQLITE_ENVIRONMENT_CODES:
        if name.startswith(code):
            return DatabaseUnavailable(message)
    if isinstance(orig, sqlite3.OperationalError):
        for pattern, message in SQLITE_ENVIRONMENT:
            if pattern in text:
                return DatabaseUnavailable(message)
    return None


CLOSED_MESSAGE = "数据库连接已关闭（已退出登录或程序正在退出）。"


def _is_unique_violation(exc: IntegrityError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)  # psycopg
    if sqlstate is not None:
        return bool(sqlstate == "23505")
    return "UNIQUE constraint failed" in str(exc.orig)


def translate_db_error(exc: BaseException) -> DomainError | None:
    """The user's environment (connection, disk, lock) vs a bug: only the first becomes a domain error; a bad
    statement, a NOT NULL or CHECK violation stays an exception, logged with its traceback as a bug."""
    if isinstance(exc, StaleDataError):
        return ConflictError(CONFLICT_MESSAGE)
    if isinstance(exc, IntegrityError):
        if _is_unique_violation(exc):  # services check first; this is another desk winning the race
            return ConflictError("其他工作台刚刚保存了相同的记录或编号，请刷新后重试。")
        return None
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable("与数据库的连接已中断，请检查网络或服务器后重试。")
    if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return _sqlite_error(exc.orig)  # None: "no such table", syntax errors …: bugs
    if isinstance(exc, sqlite3.Error):  # raised on a raw connection (the schema backup, a PRAGMA at connect)
        return _sqlite_error(exc)
    if not isinstance(exc, OperationalError):
        return None
    # psycopg raises OperationalError for connection loss, server shutdown, lock and statement timeouts.
    text = str(exc.orig).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return DatabaseUnavailable("数据库服务器拒绝了用户名或密码，请核对联网设置中的用户名和密码。")
    if "does not exist" in text and "database" in text:
        return DatabaseUnavailable("数据库服务器上没有该名称的数据库，请核对联网设置中的数据库名。")
    return DatabaseUnavailable("无法连接数据库或数据库无响应，请检查网络或服务器后重试。")


class Database:
    """Owns the engine; services open one session per user action with `read()` or `write()`."""

    def __init__(self, url: str, *, workstation: str | None = None) -> None:
        self.url = url
        self.workstation = workstation or socket.gethostname()
        self.engine: Engine = make_engine(url, workstation=self.workstation)
        self.is_sqlite = is_sqlite(url)
        writer = (
            self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE") if self.is_sqlite else self.engine
        )
        # PostgreSQL reads run without BEGIN/ROLLBACK: at READ COMMITTED every statement sees its own snapshot
        # whether or not a transaction wraps it, so the wrapper only adds two network round trips per look-up.
        reader = (
            self.engine if self.is_sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self.closed = False
        self._read_sessions = sessionmaker(reader, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def description(self) -> str:
        return describe(self.url)

    def check_integrity(self) -> None:
        """SQLite: `quick_check` at open. A file that cannot be read at all is told apart by its cause: damaged or
        not a database (DatabaseCorrupt: restore from a backup) vs locked, unreadable or on a failing disk
        (DatabaseUnavailable: restoring over it would be wrong, the file may be fine and in use)."""
        if not self.is_sqlite:
            return
        try:
            check_sqlite_integrity(self.engine)
        except DatabaseCorrupt as refused:
            cause = refused.__cause__
            precise = translate_db_error(cause) if cause is not None else None
            if precise is None:
                raise
            raise precise from cause

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._guard(), self._read_sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction = one user action; on SQLite it starts with BEGIN IMMEDIATE."""
        with self._guard(), self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        if self.closed:  # a timer's late task after logout or shutdown must not open a new pool
            raise DatabaseUnavailable(CLOSED_MESSAGE)
        try:
            yield
        except DomainError:
            raise
        except Exception as exc:
            translated = translate_db_error(exc)
            if translated is None:
                raise
            log.warning("database error: %s", type(exc).__name__)
            raise translated from exc

    def dispose(self) -> None:
        """Close every connection for good: a later read or write is refused, not quietly reconnected."""
        self.closed = True
        self.engine.dispose()
