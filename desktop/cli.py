"""The command line behind main.py: no sub-command starts the window; sub-commands administer the database."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop import APP_TITLE, __version__
from desktop.config import database_url, load_config
from desktop.paths import AppPaths


@dataclass(frozen=True)
class Context:
    """What the global options resolve to; sub-commands open the database from it."""

    paths: AppPaths
    url: str


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microstation",
        description=f"{APP_TITLE}（微站前台）. Without a sub-command the window starts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep database, config, logs and caches all under DIR"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: SQLite in the data folder), e.g. postgresql+psycopg://…",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="schema of the database").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="create or upgrade the schema to this program's version")
    db.add_parser("status", help="schema version of the database vs the program")

    station = commands.add_parser("station", help="the station this database serves")
    station_cmd = station.add_subparsers(dest="station_command", required=True)
    init = station_cmd.add_parser("init", help="create the station")
    init.add_argument("--code", required=True, help="station code, e.g. XSLX01")
    init.add_argument("--name", required=True, help="e.g. 录霞社区微派出所")
    init.add_argument(
        "--short-name", default="", help="short name in case numbers (default: derived from --name)"
    )
    init.add_argument("--police-station", default="", help="the parent 派出所, e.g. 新村派出所")
    init.add_argument("--address", default="")
    init.add_argument("--phone", default="", help="enquiry phone printed on receipts")
    init.add_argument("--region-code", default="440803", help="GB/T 2260 code (default 440803 霞山区)")

    users = commands.add_parser("users", help="staff accounts").add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser("add", help="add an account (password from stdin when piped, else prompted)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["desk", "officer", "admin", "auditor"])
    add.add_argument("--name", required=True, dest="display_name", help="the person's name")
    add.add_argument("--police-no", default="", help="police / auxiliary number")
    users.add_parser("list", help="list accounts")
    unlock = users.add_parser("unlock", help="lift a lockout")
    unlock.add_argument("username")
    reset = users.add_parser("reset-password", help="set a temporary password (changed at next login)")
    reset.add_argument("username")

    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    audit.add_parser("verify", help="check the hash chain; exit 1 naming the first bad event")

    demo = commands.add_parser("demo", help="fill the database with realistic synthetic data")
    demo.add_argument("--applications", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    return parser


def _read_password(prompt: str) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("再次输入密码: ") != first:
        raise SystemExit("两次输入的密码不一致")
    return first


GuiRunner = Callable[[AppPaths, str | None], int]


def main(argv: Sequence[str] | None = None, *, run_gui: GuiRunner | None = None) -> int:
    """Parse and run. `run_gui` (given by main.py) starts the window; the core never imports the ui package."""
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
    from desktop.commands import dispatch
    from desktop.errors import DomainError

    try:
        return dispatch(args, Context(paths=paths, url=url), read_password=_read_password)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
