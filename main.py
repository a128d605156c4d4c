"""微站前台 entry point: `python main.py` starts the window; `python main.py COMMAND …` runs a sub-command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.cli import main
from desktop.paths import AppPaths

if TYPE_CHECKING:
    from desktop.selftest import Check


def run_gui(paths: AppPaths, db_override: str | None) -> int:
    from ui.app import run_app  # Qt loads only when the window is asked for
    from ui.qt_paths import keep_qt_settings_in

    keep_qt_settings_in(paths.config)  # the file dialog's QtProject.conf: not in ~/.config
    return run_app(paths=paths, url_override=db_override)


def qt_checks(paths: AppPaths) -> list[Check]:
    from ui.selftest_checks import qt_checks  # the Qt half of `selftest`

    return qt_checks(paths)


if __name__ == "__main__":
    raise SystemExit(main(run_gui=run_gui, extra_checks=qt_checks))
