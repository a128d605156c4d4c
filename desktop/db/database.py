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
from desktop.errors import ConflictError, DatabaseUnavailable, DomainError

log = logging.getLogger(__name__)

CONFLICT_MESSAGE = "该记录已被其他人修改，请刷新后再保存。"


SQLITE_ENVIRONMENT = (  # sqlite3.OperationalError texts that come from the machine, not from our SQL
    ("database or disk is full", "磁盘空间已满，操作未完成。请清理磁盘后重试。"),
    ("disk i/o error", "读写数据库文件出错（磁盘故障或文件被移走），操作未完成。"),
    ("database is locked", "数据库正忙（其他操作正在写入），请稍后重试。"),
    ("readonly database", "数据库文件只读，无法保存。请检查文件权限。"),
    ("unable to open database", "无法打开数据库文件，请检查文件位置和权限。"),
)


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
    if not isinstance(exc, OperationalError):
        return None
    if isinstance(exc.orig, sqlite3.OperationalError):
        text = str(exc.orig).lower()
        for pattern, message in SQLITE_ENVIRONMENT:
            if pattern in text:
                return DatabaseUnavailable(message)
        return None  # "no such table", syntax errors …: bugs
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
        self._read_sessions = sessionmaker(reader, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def description(self) -> str:
        return describe(self.url)

    def check_integrity(self) -> None:
        if self.is_sqlite:
            check_sqlite_integrity(self.engine)

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
        self.engine.dispose()
