"""Per-desk settings kept in config.toml: which database, which station. Station-wide settings live in the database.

Passwords never go here: PostgreSQL passwords belong in libpq's password file (see desktop.db.pgpass).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace

from desktop.paths import AppPaths


@dataclass(frozen=True)
class DeskConfig:
    """What this desk remembers between starts. `db_url` None means the embedded SQLite file in the data folder."""

    db_url: str | None = None
    station_code: str | None = None
    layout: str = "A4"
    auto_backups: int = 14  # single-desk mode: daily automatic backups kept in backups/ (0 switches them off)

    def with_changes(self, **changes: object) -> DeskConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def load_config(paths: AppPaths) -> DeskConfig:
    file = paths.config_file
    if not file.exists():
        return DeskConfig()
    with file.open("rb") as fh:
        data = tomllib.load(fh)
    texts = {k: v for k, v in data.items() if k in DeskConfig.__dataclass_fields__ and isinstance(v, str)}
    config = DeskConfig(**{k: v for k, v in texts.items() if k != "auto_backups"})  # type: ignore[arg-type]
    keep = data.get("auto_backups")
    if isinstance(keep, int) and not isinstance(keep, bool) and keep >= 0:  # anything else: the default
        config = replace(config, auto_backups=keep)
    return config


def save_config(paths: AppPaths, config: DeskConfig) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a config."""
    paths.config.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{name} = {_quote(value) if isinstance(value, str) else value}"
        for name in DeskConfig.__dataclass_fields__
        if isinstance(value := getattr(config, name), str | int)
    ]
    tmp = paths.config_file.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, paths.config_file)


def database_url(paths: AppPaths, config: DeskConfig, override: str | None = None) -> str:
    """The URL to open: --db wins, then the desk's config, then the SQLite file in the data folder."""
    if override:
        return override
    if config.db_url:
        return config.db_url
    return f"sqlite:///{paths.default_database.as_posix()}"
