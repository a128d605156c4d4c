"""微站前台 entry point: `python main.py` starts the window; `python main.py COMMAND …` runs a sub-command."""

from __future__ import annotations

from desktop.cli import main
from desktop.paths import AppPaths


def run_gui(paths: AppPaths, db_override: str | None) -> int:
    from ui.app import run_app  # Qt loads only when the window is asked for

    return run_app(paths=paths, url_override=db_override)


if __name__ == "__main__":
    raise SystemExit(main(run_gui=run_gui))
