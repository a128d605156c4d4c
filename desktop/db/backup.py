"""Backups of the station database and restoring one — the one way the program copies a database.

SQLite: `VACUUM INTO` copies the whole database in one read transaction, so the copy is one consistent moment even while
other desks keep writing (never the page-by-page backup API in steps: a writer between steps restarts or tears it).
PostgreSQL: `pg_dump -Fc` / `pg_restore` (desktop.db.pg_backup). A backup is trusted only once verified — integrity, a
schema revision this program knows, an intact audit chain — and a restore verifies before it replaces anything, keeps
what it replaced beside it, and records who restored which file in the audit trail.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.clock import format_local, local_date
from desktop.db.database import Database
from desktop.db.engine import is_sqlite, sqlite_path, sqlite_read_only_url
from desktop.errors import DatabaseUnavailable, DomainError, PermissionDenied

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
AUTO_REASON = "auto"
DEFAULT_KEEP = 14
PARTIAL = ".partial"


class BackupInvalid(DomainError):
    """The file is not a backup this program may restore; the message says why (nothing has been replaced)."""


@dataclass(frozen=True)
class BackupFile:
    """One backup in the data folder's backups/: what the restore list shows."""

    path: Path
    taken_at: datetime  # UTC, from the file's modification time
    size: int

    @property
    def automatic(self) -> bool:
        return self.path.stem.endswith(f"-{AUTO_REASON}")

    @property
    def kind(self) -> str:
        """What the restore list calls it: the daily one, the one before an upgrade, or one written by hand."""
        if self.automatic:
            return "每日自动备份"
        if "-before-upgrade" in self.path.stem:
            return "升级前备份"
        return "备份"

    def describe(self) -> str:
        return f"{format_local(self.taken_at)}  {self.kind}  {human_size(self.size)}"


@dataclass(frozen=True)
class BackupCheck:
    """What verifying a backup found: the schema revision and how many audit events chain correctly."""

    revision: str
    audit_events: int


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    check: BackupCheck
    kept_aside: str | None  # the replaced SQLite file / PostgreSQL database, kept; None if there was none


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _unique(path: Path) -> Path:
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows has no directory fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- SQLite: copy ---------------------------------------------------------------------------------------------------
def copy_sqlite(source: Path, target: Path) -> Path:
    """Write a consistent copy of the SQLite database `source` to `target` (replaced atomically when complete).

    `VACUUM INTO` reads one snapshot in one statement: rows committed by other desks afterwards are not in the copy,
    and free pages (deleted values) are not copied at all."""
    if not source.is_file():
        raise DatabaseUnavailable(f"找不到数据库文件：{source}")
    if target.resolve() == source.resolve() or target.name.startswith(source.name + "-"):
        raise DatabaseUnavailable(f"备份文件不能写在数据库文件本身或其日志文件上：{target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL)
    partial.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(source, timeout=5.0)
        try:
            conn.execute("PRAGMA busy_timeout=5000")
            conn.execute("VACUUM INTO ?", (str(partial),))
        finally:
            conn.close()
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseUnavailable(f"无法复制数据库文件（{exc}）。") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseUnavailable(f"无法写入备份文件 {target}（{exc.strerror or exc}）。") from exc
    return target


def backup_sqlite(db: Database, backup_dir: Path, reason: str, *, now: datetime | None = None) -> Path | None:
    """A backup of `db`'s file into `backup_dir` named `<stem>-<UTC stamp>-<reason>.sqlite3` (None: no file yet)."""
    source = sqlite_path(db.url)
    if source is None or not source.exists():
        return None
    stamp = _stamp(now or datetime.now(UTC))
    target = _unique(backup_dir / f"{source.stem}-{stamp}-{reason}{SUFFIX}")
    copy_sqlite(source, target)
    log.info("backup written (%s): %s", reason, target.name)
    return target


# -- SQLite: verify -------------------------------------------------------------------------------------------------
def _integrity(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupInvalid(f"无法打开备份文件 {path.name}（{exc}）。") from exc
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise BackupInvalid(f"{path.name} 不是可用的数据库备份（{exc}）。") from exc
    finally:
        conn.close()
    if rows != ["ok"]:
        raise BackupInvalid(f"备份文件 {path.name} 完整性检查未通过（{rows[0]}），不能用于恢复。")


def verify_database(db: Database, name: str) -> BackupCheck:
    """Schema revision known to this program and an intact audit chain (shared by SQLite and PostgreSQL)."""
    from desktop.db.schema import SchemaState, schema_status
    from desktop.services.audit import verify_chain
    from desktop.services.core import Core, command_line_actor

    status = schema_status(db)
    if status.state is SchemaState.EMPTY:
        raise BackupInvalid(f"备份 {name} 中没有本程序的数据库结构，不能用于恢复。")
    if status.state is SchemaState.AHEAD:
        raise BackupInvalid(
            f"备份 {name} 的数据库版本（{status.database_revision}）高于本程序（{status.program_revision}），"
            "请先升级本机程序再恢复。"
        )
    chain = verify_chain(Core(db=db), command_line_actor())
    if not chain.ok:
        raise BackupInvalid(
            f"备份 {name} 中的审计链损坏：第一条异常记录 id={chain.first_bad_id}：{chain.reason}。不能用于恢复。"
        )
    assert status.database_revision is not None
    return BackupCheck(status.database_revision, chain.checked)


def verify_sqlite_backup(path: Path, *, admin: tuple[str, str] | None = None) -> BackupCheck:
    """Open the backup read-only: integrity_check, schema revision, audit chain; with `admin` (username, password)
    also that the backup holds that active administrator (a window restore has nobody logged in to ask)."""
    if not path.is_file():
        raise BackupInvalid(f"找不到备份文件：{path}")
    _integrity(path)
    db = Database(sqlite_read_only_url(path))
    try:
        check = verify_database(db, path.name)
        if admin is not None:
            _check_admin(db, *admin)
        return check
    finally:
        db.dispose()


def _check_admin(db: Database, username: str, password: str) -> None:
    from sqlalchemy import select

    from desktop.db.models import StaffUser
    from desktop.services.auth import verify_password

    with db.read() as session:
        user = session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
        ok = user is not None and user.is_active and user.role == "admin"
        if not verify_password(user.password_hash if user is not None else "", password) or not ok:
            raise PermissionDenied("该备份中没有这个站管理员账户，或密码错误。恢复须由站管理员办理。")


# -- SQLite: restore ------------------------------------------------------------------------------------------------
def _intact(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
        try:
            return [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _move_aside(target: Path, now: datetime) -> Path | None:
    """Rename the database and its -wal/-shm companions (a stale WAL beside a new file would be replayed into it)."""
    if not target.exists():
        return None
    tag = "replaced" if _intact(target) else "damaged"
    aside = _unique(target.with_name(f"{target.name}.{tag}-{_stamp(now)}"))
    for companion in ("-wal", "-shm"):
        extra = target.with_name(target.name + companion)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + companion))
    os.replace(target, aside)
    return aside


def restore_sqlite(
    url: str,
    source: Path,
    *,
    backup_dir: Path,
    actor_name: str,
    admin: tuple[str, str] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RestoreResult:
    """Replace the SQLite database of `url` by the backup `source`, verified first; the old file is kept aside.

    The copy that is installed is made next to the database and checked again, then renamed over it in one step;
    afterwards the database is opened as at any start (an older backup is upgraded) and the restore is audited."""
    target = sqlite_path(url)
    if target is None:
        raise DatabaseUnavailable("恢复备份需要数据库文件的位置。")
    source = source.resolve()
    if source == target.resolve():
        raise BackupInvalid("备份文件就是当前数据库文件本身，请选择备份文件夹中的文件。")
    check = verify_sqlite_backup(source, admin=admin)
    staging = target.with_name(target.name + ".restoring")
    copy_sqlite(source, staging)
    try:
        _integrity(staging)
    except BackupInvalid:
        staging.unlink(missing_ok=True)
        raise
    aside = _move_aside(target, now())
    os.replace(staging, target)
    _fsync_dir(target.parent)
    log.info("database restored from %s; previous file kept as %s", source.name, aside.name if aside else "-")
    _audit_restore(url, backup_dir, actor_name, source, aside)
    return RestoreResult(source, check, str(aside) if aside is not None else None)


def _audit_restore(url: str, backup_dir: Path, actor_name: str, source: Path, aside: Path | None) -> None:
    from desktop.db.startup import open_database
    from desktop.services import audit
    from desktop.services.core import Core

    opened = open_database(url, backup_dir=backup_dir)
    try:
        core = Core(db=opened.db)
        kept = f"；原数据库保留为 {aside.name}" if aside is not None else ""
        with core.db.write() as session:
            audit.record(
                session,
                core,
                actor_name,
                "db.restore",
                entity="database",
                detail=f"从备份 {source}恢复{kept}",
            )
    finally:
        opened.db.dispose()


# -- either backend -------------------------------------------------------------------------------------------------
def backup(url: str, target: Path) -> BackupCheck:
    """`db backup PATH`: write a backup of the database to `target` and verify what was written."""
    if is_sqlite(url):
        source = sqlite_path(url)
        if source is None:
            raise DatabaseUnavailable("内存数据库无法备份。")
        copy_sqlite(source, target)
        return verify_sqlite_backup(target)
    from desktop.db.pg_backup import dump, verify_dump

    dump(url, target)
    return verify_dump(url, target)


def restore(url: str, source: Path, *, backup_dir: Path, actor_name: str) -> RestoreResult:
    """`db restore PATH`: verify the backup, replace the database with it, keep the old one, audit the restore."""
    if is_sqlite(url):
        return restore_sqlite(url, source, backup_dir=backup_dir, actor_name=actor_name)
    from desktop.db.pg_backup import restore as restore_pg

    return restore_pg(url, source, actor_name=actor_name)


# -- the backups folder ---------------------------------------------------------------------------------------------
def list_backups(backup_dir: Path) -> list[BackupFile]:
    """SQLite backups in `backup_dir`, newest first (half-written `.partial` files are not backups)."""
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.glob(f"*{SUFFIX}"):
        stat = path.stat()
        found.append(BackupFile(path, datetime.fromtimestamp(stat.st_mtime, UTC), stat.st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def daily_backup(
    url: str, backup_dir: Path, *, keep: int = DEFAULT_KEEP, now: datetime | None = None
) -> Path | None:
    """Single-desk mode: one automatic backup a day (the first start of the day writes it), the newest `keep`
    automatic ones kept, older automatic ones deleted (backups before an upgrade or a restore are never deleted).
    Returns the new backup, or None when none was due (or this is not a SQLite database, or keep is 0)."""
    if not is_sqlite(url) or keep <= 0:
        return None
    source = sqlite_path(url)
    if source is None or not source.exists():
        return None
    moment = now or datetime.now(UTC)
    for stale in backup_dir.glob(f"*{PARTIAL}") if backup_dir.is_dir() else ():
        stale.unlink(missing_ok=True)  # a start that was closed mid-backup
    autos = _automatic(backup_dir, source.stem)
    written = None
    if not autos or _taken_day(autos[0]) < local_date(moment):
        db = Database(url)
        try:
            written = backup_sqlite(db, backup_dir, AUTO_REASON, now=moment)
        finally:
            db.dispose()
        assert written is not None
        _integrity(written)
        autos = _automatic(backup_dir, source.stem)
    for old in autos[keep:]:
        old.path.unlink(missing_ok=True)
        log.info("old automatic backup deleted: %s", old.path.name)
    return written


def _automatic(backup_dir: Path, stem: str) -> list[BackupFile]:
    """This database's automatic backups, newest first by the stamp in their names."""
    found = [b for b in list_backups(backup_dir) if b.automatic and b.path.stem.startswith(stem + "-")]
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def _taken_day(backup: BackupFile) -> date:
    """The local day in the file name's UTC stamp (the modification time changes when a file is copied)."""
    parts = backup.path.stem.split("-")
    try:
        return local_date(datetime.strptime(parts[-2], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC))
    except (IndexError, ValueError):
        return local_date(backup.taken_at)
