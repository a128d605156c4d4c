"""config.toml: what a desk remembers, written atomically, and a hand-edited value that makes no sense ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.config import DeskConfig, load_config, save_config
from desktop.paths import AppPaths


def test_settings_round_trip_including_the_backup_count(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path).ensure()
    saved = DeskConfig(
        db_url="postgresql+psycopg://desk@server/microstation", station_code="XSLX01", auto_backups=30
    )
    save_config(paths, saved)
    assert load_config(paths) == saved


@pytest.mark.parametrize("value", ['"many"', "-1", "true", "2.5"])
def test_a_nonsense_backup_count_falls_back_to_the_default(tmp_path: Path, value: str) -> None:
    paths = AppPaths.resolve(tmp_path).ensure()
    paths.config_file.write_text(f'layout = "A5"\nauto_backups = {value}\n', encoding="utf-8")
    assert load_config(paths) == DeskConfig(layout="A5", auto_backups=14)
