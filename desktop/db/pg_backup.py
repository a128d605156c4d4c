"""PostgreSQL backups with the server's own tools: `pg_dump -Fc` to write, `pg_restore` to check and to restore.

A dump is checked by restoring it into a scratch database on the same server and verifying that (schema revision,
audit chain). A restore goes the same way and then swaps the databases by name, so the live one is replaced in one
step and kept as `<name>_replaced_<stamp>`; the swap is refused while desks are still connected.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import URL, make_url

from desktop.db.backup import BackupCheck, BackupInvalid, RestoreResult, verify_database
from desktop.db.database import Database
from desktop.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

TOOLS_MISSING = (
    "找不到 PostgreSQL 的 {tool} 程序。请在本机安装 PostgreSQL 客户端工具（与服务器同一或更新的版本），"
    "或把其 bin 文件夹加入 PATH 后重试。"
)
MAINTENANCE_DBS = ("postgres", "template1")


def _version_key(path: str) -> tuple[int, ...]:
    numbers = re.findall(r"[\\/](\d+(?:\.\d+)?)[\\/]bin", path)
    return tuple(int(p) for p in numbers[-1].split(".")) if numbers else (0,)


def find_tool(name: str) -> str:
    """The newest installed `name` (pg_dump, pg_restore): on PATH, else in the usual install folders."""
    found = shutil.which(name)
    if found:
        return found
    patterns = [f"/usr/lib/postgresql/*/bin/{name}", f"/usr/pgsql-*/bin/{name}"]
    if sys.platform == "win32":  # pragma: no cover - Windows only
        patterns = [rf"{os.environ.get('PROGRAMFILES', 'C:/Program Files')}/PostgreSQL/*/bin/{name}.exe"]
    candidates = [c for pattern in patterns for c in glob.glob(pattern)]
    if not candidates:
        raise DatabaseUnavailable(TOOLS_MISSING.format(tool=name))
    return max(candidates, key=_version_key)


def _env(url: URL) -> dict[str, str]:
    """libpq settings for the tools: the password travels in the environment, never on the command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password if isinstance(url.password, str) else None,
        "PGPASSFILE": url.query.get("passfile") if isinstance(url.query.get("passfile"), str) else None,
        "PGCONNECT_TIMEOUT": "5",
    }
    env.update({k: v for k, v in values.items() if isinstance(v, str) and v})
    return env


def _run(cmd: list[str], url: URL, what: str) -> None:
    done = subprocess.run(cmd, env=_env(url), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"退出码 {done.returncode}"
        log.warning("%s failed: %s", what, reason)
        raise DatabaseUnavailable(f"{what}失败：{reason}")


def _conninfo(url: URL, database: str) -> str:
    return url.set(drivername="postgresql", database=database).render_as_string(hide_password=False)


@contextmanager
def _maintenance(url: URL) -> Iterator[psycopg.Connection]:
    """An autocommit connection to a maintenance database (CREATE/DROP/ALTER DATABASE cannot run inside the target)."""
    last: Exception | None = None
    for name in MAINTENANCE_DBS:
        try:
            conn = psycopg.connect(_conninfo(url, name), autocommit=True, connect_timeout=5)
        except psycopg.OperationalError as exc:
            last = exc
            continue
        with conn:
            yield conn
        return
    raise DatabaseUnavailable(f"无法连接服务器的维护数据库（postgres）：{last}")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def dump(url_text: str, target: Path) -> Path:
    """`pg_dump -Fc` of the database into `target` (written to a temporary name, renamed when complete)."""
    url = make_url(url_text)
    tool = find_tool("pg_dump")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _run(
            [tool, "-Fc", "--no-password", "-f", str(partial), "-d", url.database or ""], url, "pg_dump 备份"
        )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _restore_into_scratch(url: URL, archive: Path) -> str:
    scratch = f"{url.database}_restore_{_stamp()}"[:63]
    with _maintenance(url) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
        except psycopg.Error as exc:
            raise DatabaseUnavailable(
                f"无法在服务器上创建临时数据库来核验备份（{exc.diag.message_primary or exc}）。"
                "请以数据库所有者或超级用户运行。"
            ) from exc
    try:
        tool = find_tool("pg_restore")
        _run(
            [tool, "--no-password", "--no-owner", "--no-acl", "--exit-on-error", "-d", scratch, str(archive)],
            url,
            "pg_restore 读取备份",
        )
    except DatabaseUnavailable as exc:
        _drop(url, scratch)
        raise BackupInvalid(f"备份文件 {archive.name} 无法还原：{exc.message}") from exc
    except BaseException:
        _drop(url, scratch)
        raise
    return scratch


def _drop(url: URL, database: str) -> None:
    with _maintenance(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))


def _verify_scratch(url: URL, scratch: str, name: str) -> BackupCheck:
    db = Database(url.set(database=scratch).render_as_string(hide_password=False))
    try:
        return verify_database(db, name)
    finally:
        db.dispose()


def verify_dump(url_text: str, archive: Path) -> BackupCheck:
    """Restore the dump into a scratch database, verify it (revision, audit chain), drop the scratch database."""
    if not archive.is_file():
        raise BackupInvalid(f"找不到备份文件：{archive}")
    url = make_url(url_text)
    scratch = _restore_into_scratch(url, archive)
    try:
        return _verify_scratch(url, scratch, archive.name)
    finally:
        _drop(url, scratch)


def restore(url_text: str, archive: Path, *, actor_name: str) -> RestoreResult:
    """Replace the database by the dump `archive`: verified in a scratch database, which then takes the live one's
    name; the live one is renamed `<name>_replaced_<stamp>` (kept). Refused while other sessions use the database."""
    if not archive.is_file():
        raise BackupInvalid(f"找不到备份文件：{archive}")
    url = make_url(url_text)
    live = url.database or ""
    scratch = _restore_into_scratch(url, archive)
    try:
        check = _verify_scratch(url, scratch, archive.name)
        _grant_program_roles(url, scratch)
        aside = f"{live}_replaced_{_stamp()}"[:63]
        with _maintenance(url) as conn:
            others = conn.execute(
                "SELECT DISTINCT coalesce(nullif(application_name, ''), client_addr::text, '?') "
                "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (live,),
            ).fetchall()
            if others:
                names = "、".join(sorted(str(r[0]) for r in others))
                raise DatabaseUnavailable(
                    f"还有 {len(others)} 个连接在使用数据库 {live}（{names}）。请先关闭所有工作台的程序，再恢复。"
                )
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (live,)).fetchone()
            if exists:
                conn.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(live), sql.Identifier(aside)
                    )
                )
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(scratch), sql.Identifier(live)
                )
            )
    except BaseException:
        _drop(url, scratch)
        raise
    log.info("PostgreSQL database restored from %s; previous database kept as %s", archive.name, aside)
    _audit_restore(url_text, actor_name, archive, aside if exists else None)
    return RestoreResult(archive, check, aside if exists else None)


def _grant_program_roles(url: URL, database: str) -> None:
    """A dump is restored without its grants (the roles may differ on another server): give the program's roles,
    where `db init-server` created them, their rights again."""
    from desktop.db.server_setup import grant_if_roles_exist

    db = Database(url.set(database=database).render_as_string(hide_password=False))
    try:
        grant_if_roles_exist(db)
    finally:
        db.dispose()


def _audit_restore(url_text: str, actor_name: str, archive: Path, aside: str | None) -> None:
    from desktop.services import audit
    from desktop.services.core import Core

    db = Database(url_text)
    try:
        core = Core(db=db)
        kept = f"；原数据库保留为 {aside}" if aside else ""
        with db.write() as session:
            audit.record(
                session,
                core,
                actor_name,
                "db.restore",
                entity="database",
                detail=f"从备份 {archive} 恢复{kept}",
            )
    finally:
        db.dispose()
