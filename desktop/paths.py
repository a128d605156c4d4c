"""Every path the program uses, in one place: user folders from platformdirs, or all under one --data-dir."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_NAME


def resource_dir() -> Path:
    """The `resources/` folder, from a checkout or from inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class AppPaths:
    """The folders one running program may write to; nothing is written anywhere else."""

    data: Path
    config: Path
    logs: Path
    cache: Path
    custom: bool = False  # True with --data-dir: nothing may then go to the user's standard folders

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> AppPaths:
        if data_dir is not None:
            root = Path(data_dir).expanduser().resolve()
            return cls(
                data=root, config=root / "config", logs=root / "logs", cache=root / "cache", custom=True
            )
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.config, self.logs, self.cache, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def default_database(self) -> Path:
        return self.data / "microstation.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def config_file(self) -> Path:
        return self.config / "config.toml"

    @property
    def log_file(self) -> Path:
        return self.logs / "microstation.log"
