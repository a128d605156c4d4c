"""What a logged-in window works with: paths, the open database, this desk's station, the user, the task runner."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from desktop.config import DeskConfig
from desktop.paths import AppPaths
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the services pull in SQLAlchemy; this module must stay cheap to import
    from desktop.services.auth import UserInfo
    from desktop.services.core import Actor, Core
    from desktop.services.settings import StationSettings
    from desktop.services.station import StationInfo


@dataclass(frozen=True)
class DeskContext:
    """Handed to the main window and to every tab factory (see ui.tabs)."""

    paths: AppPaths
    config: DeskConfig
    core: Core
    station: StationInfo
    user: UserInfo
    settings: StationSettings
    runner: TaskRunner

    @property
    def actor(self) -> Actor:
        return self.user.as_actor()

    def with_changes(self, **changes: object) -> DeskContext:
        return replace(self, **changes)  # type: ignore[arg-type]
