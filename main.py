"""微站前台 entry point: `python main.py` starts the window; `python main.py COMMAND …` runs a sub-command."""

from desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
