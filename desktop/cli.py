"""The command line behind main.py: no sub-command starts the window; sub-commands administer the database."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop import APP_TITLE, __version__
from desktop.config import database_url, load_config
from desktop.paths import AppPaths

if TYPE_CHECKING:
    from desktop.selftest import ExtraChecks


@dataclass(frozen=True)
class Context:
    """What the global options resolve to; sub-commands open the database from it."""

    paths: AppPaths
    url: str


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microstation",
        description=f"{APP_TITLE}（微站前台）。不带子命令时启动窗口程序。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="数据库、配置、日志和缓存全部存放在 DIR 下")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="数据库地址（默认：数据目录中的 SQLite 文件），如 postgresql+psycopg://用户@服务器/库名",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="子命令")

    db = commands.add_parser("db", help="数据库结构版本、备份与恢复、服务器设置").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="创建数据库结构或升级到本程序的版本（SQLite 先自动备份）")
    db.add_parser("status", help="显示数据库与本程序的结构版本（不一致时退出码为 1）")
    backup = db.add_parser(
        "backup", help="备份数据库到文件并校验（SQLite：一致的在线副本；PostgreSQL：pg_dump -Fc）"
    )
    backup.add_argument("path", metavar="PATH", help="写入的备份文件")
    restore = db.add_parser(
        "restore",
        help="用备份文件替换数据库：先校验（完整性、结构版本、审计链），原数据库保留不删，恢复记入审计",
    )
    restore.add_argument("path", metavar="PATH", help="备份文件（db backup 或自动备份写的文件）")
    server = db.add_parser(
        "init-server",
        help="PostgreSQL 服务器设置（以数据库所有者或超级用户运行，可重复运行）：工作台与审计只读角色、权限、"
        "审计触发器、超时。两个角色的密码从管道逐行读入，否则提示输入",
    )
    server.add_argument(
        "--desk-role", default="microstation_desk", help="工作台连接所用角色（默认 %(default)s）"
    )
    server.add_argument(
        "--reader-role", default="microstation_audit", help="审计只读角色（默认 %(default)s）"
    )

    station = commands.add_parser("station", help="本数据库服务的站点")
    station_cmd = station.add_subparsers(dest="station_command", required=True)
    init = station_cmd.add_parser("init", help="创建站点")
    init.add_argument("--code", required=True, help="站点代码，如 XSLX01")
    init.add_argument("--name", required=True, help="站点名称，如 录霞社区微派出所")
    init.add_argument("--short-name", default="", help="调解案号中的简称（默认由名称推出，如 录霞）")
    init.add_argument("--police-station", default="", help="所属派出所，如 新村派出所")
    init.add_argument("--address", default="", help="站点地址")
    init.add_argument("--phone", default="", help="打印在回执上的咨询电话")
    init.add_argument("--region-code", default="440803", help="行政区划代码（默认 440803 霞山区）")

    users = commands.add_parser("users", help="工作人员账户").add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser("add", help="添加账户（密码从管道读入，否则提示输入）")
    add.add_argument("username", help="登录用户名")
    add.add_argument(
        "--role",
        required=True,
        choices=["desk", "officer", "admin", "auditor"],
        help="desk 辅警 / officer 民警 / admin 站管理员 / auditor 审计员",
    )
    add.add_argument("--name", required=True, dest="display_name", help="姓名")
    add.add_argument("--police-no", default="", help="警号或辅警编号")
    users.add_parser("list", help="列出账户")
    unlock = users.add_parser("unlock", help="解除锁定")
    unlock.add_argument("username", help="登录用户名")
    reset = users.add_parser("reset-password", help="设置临时密码（下次登录须修改）")
    reset.add_argument("username", help="登录用户名")

    audit = commands.add_parser("audit", help="审计记录").add_subparsers(dest="audit_command", required=True)
    audit.add_parser("verify", help="校验哈希链；被改动时退出码为 1 并指出第一条异常记录")

    receipt = commands.add_parser("receipt", help="受理回执与补正材料通知书").add_subparsers(
        dest="receipt_command", required=True
    )
    show = receipt.add_parser(
        "show", help="把编号对应的文书（受理回执或补正材料通知书）导出为 PDF，记为补打，原因“命令行导出”"
    )
    show.add_argument("number", help="回执编号，如 XSLX01-20261127-0001")
    show.add_argument("--pdf", required=True, metavar="FILE", help="写入的 PDF 文件")
    show.add_argument("--layout", choices=["A4", "A5", "roll80"], default="A4", help="版式（默认 A4）")
    check = receipt.add_parser("verify", help="核验回执二维码内容：真实时退出码为 0，伪造或无法核验时为 1")
    check.add_argument("text", help="扫描或输入的二维码内容（编号.校验码）")

    demo = commands.add_parser("demo", help="填入逼真的演示数据（仅供试用与性能测试）")
    demo.add_argument("--applications", type=int, required=True, metavar="N", help="申请件数")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子（相同种子生成相同数据）")

    commands.add_parser(
        "selftest",
        help="检查本机安装：字体、翻译、数据库结构、回执字体嵌入等，每项一行；无失败项时退出码为 0",
    )
    return parser


def _read_password(prompt: str) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("再次输入密码: ") != first:
        raise SystemExit("两次输入的密码不一致")
    return first


GuiRunner = Callable[[AppPaths, str | None], int]


def main(
    argv: Sequence[str] | None = None,
    *,
    run_gui: GuiRunner | None = None,
    extra_checks: ExtraChecks | None = None,
) -> int:
    """Parse and run. `run_gui` (given by main.py) starts the window and `extra_checks` adds the Qt checks to
    `selftest`; the core never imports the ui package."""
    args = build_parser().parse_args(argv)
    paths = AppPaths.resolve(args.data_dir).ensure()
    if args.command is None:
        if run_gui is None:
            print("the window is started through main.py; see --help for the sub-commands", file=sys.stderr)
            return 2
        return run_gui(paths, args.db)
    url = database_url(paths, load_config(paths), args.db)
    from desktop.logsetup import configure_logging

    configure_logging(paths.log_file)
    if args.command == "selftest":
        from desktop.selftest import run_selftest

        return run_selftest(paths, url, extra_checks)
    from desktop.commands import dispatch
    from desktop.db.database import translate_db_error
    from desktop.errors import DomainError

    try:
        return dispatch(args, Context(paths=paths, url=url), read_password=_read_password)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    except Exception as exc:  # a database the command could not reach is the user's to fix, not a bug
        error = translate_db_error(exc)
        if error is None:
            raise
        print(f"错误：{error.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
