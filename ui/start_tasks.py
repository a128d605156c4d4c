"""The worker side of the start flow: open the database, log in. No Qt here — these run in the task pool and import
the heavy modules (SQLAlchemy, Alembic, argon2, the services) while the login dialog is already on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.paths import AppPaths

if TYPE_CHECKING:
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
