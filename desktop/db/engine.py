"""Engines for the two storage modes: the embedded SQLite file of a single desk, PostgreSQL on the station LAN."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL

from desktop.errors import DatabaseCorrupt, DatabaseUnavailable

log = logging.getLogger(__name__)

NETWORK_FILESYSTEMS = {
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "nfs",
    "nfs4",
    "afs",
    "9p",
    "fuse.sshfs",
    "ncpfs",
}
NETWORK_SHARE_MESSAGE = (
    "数据库文件位于网络共享目录（{path}）。SQLite 通过网络文件系统共享会损坏数据。"
    "多台电脑共用数据时，请在站内服务器上安装 PostgreSQL，并在“数据库连接”中选择联网模式。"
)
# Seconds: a pulled LAN cable must surface as an error within a few seconds, not as a frozen save.
PG_CONNECT_TIMEOUT = 5
PG_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2}
# Sent data unacknowledged this long: the connection is lost. Linux checks it at its retransmissions (0.2, 0.6,
# 1.4, 3.0, 6.2 s …), so 2.5 s reports a pulled LAN cable at ~3 s; 4-6 s would only be noticed at 6.2 s.
PG_TCP_USER_TIMEOUT_MS = 2500


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    parsed = make_url(url)
    database = parsed.database
    if not database or database == ":memory:":
        return None
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        return Path(unquote(database.removeprefix("file:")))
    return Path(database)


def sqlite_read_only_url(path: Path) -> str:
    """A URL that opens `path` read-only (a backup being checked): nothing, not even the journal mode, is written."""
    database = "file:" + quote(path.resolve().as_posix())
    return URL.create("sqlite", database=database, query={"mode": "ro", "uri": "true"}).render_as_string()


def _mount_fstype(path: Path) -> str | None:
    """The filesystem type of the mount holding `path` on Linux (longest matching mount point wins)."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, fstype = mount_point, parts[2]
    return fstype


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - exercised on Windows only
    import ctypes

    drive = os.path.splitdrive(str(path.resolve()))[0]
    if not drive:
        return False
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]


def is_network_path(path: Path) -> bool:
    raw = str(path)
    if raw.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(path)
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return (_mount_fstype(existing) or "") in NETWORK_FILESYSTEMS


MMAP_BYTES = 256 * 1024 * 1024


def _sqlite_engine(url: URL) -> Engine:
    path = sqlite_path(url)
    read_only = url.query.get("mode") == "ro"
    if path is not None and not read_only:
        if is_network_path(path):
            raise DatabaseUnavailable(NETWORK_SHARE_MESSAGE.format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 5.0, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy (the "begin" hook below) issue BEGIN itself, so writes can say IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:  # a read-only file (a backup being checked) keeps its journal mode
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # A deleted value (an ID number, a password hash) is overwritten with zeros in the file, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        # Pages read through a memory map instead of a read() each: a query that touches many rows one by one runs
        # 3-4x faster. The file is on a local disk (network shares are refused above).
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write that starts as a read fails with "database is locked" whatever busy_timeout says.
        mode = conn.get_execution_options().get("sqlite_begin", "BEGIN")
        conn.exec_driver_sql(mode)

    return engine


def _postgres_engine(url: URL, workstation: str) -> Engine:
    connect_args: dict[str, Any] = {
        "connect_timeout": PG_CONNECT_TIMEOUT,
        "application_name": workstation[:63],
        "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
        # JIT compiles a plan whose cost looks high (a walk that a LIMIT stops after a few hundred rows) for ~40 ms:
        # never worth it for a desk's short queries. Plan caching stays PostgreSQL's own (`auto`): psycopg prepares a
        # statement from its 5th run and the server may then keep one generic plan for it. That once sent full-name
        # searches down a bare surname's plan (185 ms), when a name was searched through the people; it is now one
        # range of the station's applications by applicant name, good for any name. Forcing a fresh plan for every
        # run cost a look-up by receipt or ID number more than its execution (3-6 ms instead of 2-3 ms at
        # 1,000,000 applications; the benchmark's "full name, after 20 searches for the bare surname" case stays).
        "options": "-c jit=off",
        **PG_KEEPALIVE,
    }
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True, pool_size=4, max_overflow=4)


def make_engine(url: str | URL, *, workstation: str | None = None) -> Engine:
    """Create the engine for `url`; SQLite gets WAL + FULL sync + FK + busy timeout + secure delete, PostgreSQL short timeouts."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return _postgres_engine(parsed, workstation or socket.gethostname())
    raise DatabaseUnavailable(f"不支持的数据库类型：{backend}（仅支持 SQLite 与 PostgreSQL）")


def check_sqlite_integrity(engine: Engine) -> None:
    """`PRAGMA quick_check` at open: a damaged file is refused before anything writes to it."""
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except Exception as exc:  # any failure to read the file at all means it is unusable
        raise DatabaseCorrupt(
            "数据库文件无法读取或已损坏。请联系管理员用备份文件（数据目录 backups 文件夹）恢复。"
        ) from exc
    if rows != ["ok"]:
        raise DatabaseCorrupt(
            "数据库文件完整性检查未通过，可能已损坏。请联系管理员用备份文件（数据目录 backups 文件夹）恢复。"
        )


def describe(url: str | URL) -> str:
    """A password-free description for the status bar and logs: 单机 or 联网 host."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return "单机"
    return f"联网 {parsed.host or 'localhost'}"
