"""The worker side of the start flow: open the database, log in. No Qt here — these run in the task pool and import
the heavy modules (SQLAlchemy, Alembic, argon2, the services) while the login dialog is already on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.paths import AppPaths

if TYPE_CHECKING:
    from desktop.db.backup import RestoreResult
    from desktop.services.auth import UserInfo
    from desktop.services.core import Core
    from desktop.services.settings import StationSettings
    from desktop.services.station import StationInfo


@dataclass(frozen=True)
class Opened:
    core: Core
    user_count: int
    stations: list[StationInfo]


@dataclass(frozen=True)
class LoggedIn:
    user: UserInfo
    station: StationInfo | None
    settings: StationSettings


def open_and_inspect(url: str, paths: AppPaths) -> Opened:
    """Worker: open (upgrade) the database and see whether it has been set up."""
    from desktop.db.startup import open_database
    from desktop.services import auth, station
    from desktop.services.core import Core

    core = Core(db=open_database(url, backup_dir=paths.backups).db)
    try:
        return Opened(core, auth.count_users(core), station.list_stations(core))
    except BaseException:
        core.db.dispose()
        raise


def log_in(core: Core, username: str, password: str, station_code: str | None) -> LoggedIn:
    """Worker: check the password, then load what the window needs."""
    from desktop.services import auth, settings, station

    user = auth.login(core, username, password)
    info = station.get_station(core, station_code) if station_code else None
    return LoggedIn(user, info, settings.get_settings(core))


def back_up_daily(url: str, paths: AppPaths, keep: int) -> Path | None:
    """Worker, after the database opened: single-desk mode writes the day's automatic backup (first start of the
    day) and deletes automatic ones beyond `keep`."""
    from desktop.db.backup import daily_backup

    return daily_backup(url, paths.backups, keep=keep)


def restore_from_backup(
    url: str, paths: AppPaths, backup: Path, username: str, password: str
) -> RestoreResult:
    """Worker: verify `backup` (integrity, schema, audit chain, the administrator's password in it), put it in
    place of the damaged file (kept aside), and audit the restore under that administrator."""
    from desktop.db.backup import restore_sqlite

    return restore_sqlite(
        url, backup, backup_dir=paths.backups, actor_name=username, admin=(username, password)
    )
