"""What each sub-command of desktop.cli does; kept apart so the parser stays importable without the database."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.clock import format_local
from desktop.db.database import Database
from desktop.db.schema import SchemaState, ensure_not_ahead, schema_status, upgrade
from desktop.db.startup import open_database
from desktop.services import audit, auth, station
from desktop.services.core import ROLE_NAMES, Core, command_line_actor

if TYPE_CHECKING:
    from desktop.cli import Context

PasswordReader = Callable[[str], str]


@contextmanager
def _open(ctx: Context) -> Iterator[Core]:
    opened = open_database(ctx.url, backup_dir=ctx.paths.backups)
    try:
        yield Core(db=opened.db)
    finally:
        opened.db.dispose()


def _width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())


def _db(args: argparse.Namespace, ctx: Context, read_password: PasswordReader) -> int:
    if args.db_command == "backup":
        return _backup(ctx, Path(args.path))
    if args.db_command == "restore":
        return _restore(ctx, Path(args.path))
    if args.db_command == "init-server":
        return _init_server(args, ctx, read_password)
    db = Database(ctx.url)
    try:
        db.check_integrity()  # a damaged file is said as such, not as whatever its version row happens to read
        status = schema_status(db)
        if args.db_command == "status":
            print(status.describe())
            return 0 if status.state is SchemaState.CURRENT else 1
        ensure_not_ahead(status)
        after = upgrade(db, ctx.paths.backups)
        if not db.is_sqlite:
            from desktop.db.server_setup import grant_if_roles_exist

            grant_if_roles_exist(db)  # new tables reach the desk and reader roles of db init-server
        if status.state is SchemaState.CURRENT:
            print(f"无需升级：{after.describe()}")
        else:
            print(f"已从 {status.database_revision or '空数据库'} 升级到 {after.program_revision}。")
        return 0
    finally:
        db.dispose()


def _backup(ctx: Context, target: Path) -> int:
    from desktop.db.backup import backup

    check = backup(ctx.url, target)
    print(
        f"已备份到 {target}，校验通过（数据库版本 {check.revision}，审计链 {check.audit_events} 条记录完整）。"
    )
    return 0


def _restore(ctx: Context, source: Path) -> int:
    from desktop.db.backup import restore

    result = restore(ctx.url, source, backup_dir=ctx.paths.backups, actor_name=command_line_actor().username)
    kept = f"原数据库保留为 {result.kept_aside}。" if result.kept_aside else ""
    print(
        f"已从 {source} 恢复数据库（备份校验通过：版本 {result.check.revision}，"
        f"审计链 {result.check.audit_events} 条记录完整），已记入审计。{kept}"
    )
    db = Database(ctx.url)
    try:
        status = schema_status(db)
    finally:
        db.dispose()
    if status.state is not SchemaState.CURRENT:
        print(f"注意：{status.describe()}")
    return 0


def _init_server(args: argparse.Namespace, ctx: Context, read_password: PasswordReader) -> int:
    from desktop.db.engine import is_sqlite
    from desktop.db.server_setup import SQLITE_MESSAGE, init_server
    from desktop.errors import DatabaseUnavailable

    if is_sqlite(ctx.url):
        raise DatabaseUnavailable(SQLITE_MESSAGE)
    keep = "（角色已存在时直接回车保留原密码）"
    desk_password = read_password(f"工作台角色 {args.desk_role} 的密码{keep}: ")
    reader_password = read_password(f"审计只读角色 {args.reader_role} 的密码{keep}: ")
    db = Database(ctx.url)
    try:
        done = init_server(
            db,
            desk_password=desk_password or None,
            reader_password=reader_password or None,
            desk_role=args.desk_role,
            reader_role=args.reader_role,
        )
    finally:
        db.dispose()
    for role in done.created_roles:
        print(f"已创建角色 {role}")
    for role in done.updated_roles:
        print(f"角色 {role} 已存在，已按本程序的要求更新")
    if done.triggers_made:
        print(f"已补建审计触发器：{'、'.join(done.triggers_made)}")
    print(
        f"已为 {done.tables} 张表授权：{args.desk_role} 可读写业务数据、只能追加审计记录（超时：事务空闲 60 秒、"
        f"等锁 5 秒、单条语句 30 秒）；{args.reader_role} 只读。各工作台的联网设置请使用用户名 {args.desk_role}。"
    )
    return 0


def _station(args: argparse.Namespace, ctx: Context) -> int:
    data = station.StationInput(
        code=args.code,
        name=args.name,
        short_name=args.short_name,
        police_station=args.police_station,
        address=args.address,
        phone=args.phone,
        region_code=args.region_code,
    )
    with _open(ctx) as core:
        created = station.init_station(core, command_line_actor(), data)
    print(f"已创建站点 {created.code} {created.name}（简称 {created.short_name}）")
    return 0


def _users(args: argparse.Namespace, ctx: Context, read_password: PasswordReader) -> int:
    with _open(ctx) as core:
        _user_command(core, args, read_password)
    return 0


def _user_command(core: Core, args: argparse.Namespace, read_password: PasswordReader) -> None:
    actor = command_line_actor()
    if args.users_command == "add":
        password = read_password("密码: ")
        user = auth.add_user(
            core,
            actor,
            username=args.username,
            role=args.role,
            display_name=args.display_name,
            password=password,
            police_no=args.police_no,
        )
        print(f"已添加用户 {user.username}（{user.display_name}，{user.role_name}），首次登录须修改密码")
    elif args.users_command == "list":
        now = core.clock()
        rows = [("用户名", "姓名", "角色", "警号", "状态")]
        for u in auth.list_users(core, actor):
            state = "停用" if not u.is_active else "须修改密码" if u.must_change_password else "正常"
            if u.locked_until and u.locked_until > now:
                state = f"锁定至 {format_local(u.locked_until)}"
            rows.append((u.username, u.display_name, ROLE_NAMES[u.role], u.police_no, state))
        print_table(rows)
    elif args.users_command == "unlock":
        auth.unlock_user(core, actor, args.username)
        print(f"已解锁 {args.username}")
    elif args.users_command == "reset-password":
        auth.reset_password(core, actor, args.username, read_password("新的临时密码: "))
        print(f"已重置 {args.username} 的密码，下次登录须修改")


def _audit(ctx: Context) -> int:
    with _open(ctx) as core:
        result = audit.verify_chain(core, command_line_actor())
    if result.ok:
        print(f"审计链完整：共 {result.checked} 条记录")
        return 0
    print(
        f"审计链损坏：第一条异常记录 id={result.first_bad_id}：{result.reason}（之前 {result.checked} 条完好）"
    )
    return 1


def _demo(args: argparse.Namespace, ctx: Context) -> int:
    from desktop.services.demo import fill_demo_data

    with _open(ctx) as core:
        report = fill_demo_data(core, applications=args.applications, seed=args.seed)
    print(report)
    return 0


def _receipt(args: argparse.Namespace, ctx: Context) -> int:
    from desktop.services import receipts

    if args.receipt_command == "verify":
        with _open(ctx) as core:
            result = receipts.verify(core, args.text)
        label = {"genuine": "真实", "forged": "伪造", "unknown": "无法核验"}[result.outcome]
        print(f"{label}：{result.number or args.text.strip()}。{result.reason}")
        return 0 if result.genuine else 1
    target = Path(args.pdf)
    with target.open("wb") as file:  # a file that can't be written stops the export before it is recorded
        try:
            with _open(ctx) as core:
                copy = receipts.render_document(
                    core, command_line_actor(), args.number, layout=args.layout, reason=receipts.EXPORT_REASON
                )
        except BaseException:
            file.close()
            target.unlink(missing_ok=True)
            raise
        file.write(copy.pdf)
    state = "，已作废" if copy.voided else ""
    print(
        f"已导出{receipts.KIND_NAMES[copy.kind]} {copy.number}（第 {copy.copy_no} 份，{copy.layout}{state}）"
        f"到 {target}；SHA-256 {copy.sha256}"
    )
    return 0


def dispatch(args: argparse.Namespace, ctx: Context, *, read_password: PasswordReader) -> int:
    if args.command == "db":
        return _db(args, ctx, read_password)
    if args.command == "station":
        return _station(args, ctx)
    if args.command == "users":
        return _users(args, ctx, read_password)
    if args.command == "audit":
        return _audit(ctx)
    if args.command == "demo":
        return _demo(args, ctx)
    if args.command == "receipt":
        return _receipt(args, ctx)
    raise AssertionError(f"unhandled command {args.command}")  # argparse refuses unknown commands first
