"""What the program has loaded when the login window first paints (DESIGN.md: heavy imports load while the person
types the password). Run as the desk runs it: `main.py` in a fresh interpreter, on a set-up station database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop.config import DeskConfig, save_config
from desktop.paths import AppPaths

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["sqlalchemy", "alembic", "psycopg", "reportlab", "argon2", "openpyxl", "qt_material", "desktop.services"]  # fmt: skip

CHILD = """
import json, os, sys
import PySide6.QtCore as QtCore
import ui.start_flow as start_flow
seen = start_flow.StartFlow.eventFilter
def first_paint(self, watched, event):
    if watched is self.login and event.type() == QtCore.QEvent.Type.Paint:
        loaded = sorted(name for name in sys.modules if name.split(".")[0] in HEAVY or name.startswith(HEAVY))
        print(json.dumps({"qt_namespace": "Qt" in vars(QtCore), "loaded": loaded}), flush=True)
        os._exit(0)
    return seen(self, watched, event)
start_flow.StartFlow.eventFilter = first_paint
HEAVY = tuple(sys.argv[1].split(","))
import runpy
sys.argv = ["main.py", *sys.argv[2:]]
runpy.run_path("main.py", run_name="__main__")
"""


def _first_paint(data: Path, url: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, ",".join(HEAVY), "--data-dir", str(data), "--db", url],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    assert lines, f"the login window never painted:\n{done.stderr[-3000:]}"
    return dict(json.loads(lines[-1]))


def test_the_login_window_paints_before_the_heavy_modules_and_the_qt_namespace(
    paths: AppPaths, desk: Any, tmp_path: Path
) -> None:
    data = tmp_path / "desk"
    save_config(AppPaths.resolve(data).ensure(), DeskConfig(station_code="XSLX01"))
    first = _first_paint(data, desk.url)  # renders qt-material's theme into the cache (imports qt_material)
    assert [name for name in first["loaded"] if not name.startswith("qt_material")] == []
    again = _first_paint(data, desk.url)  # as every later start: the cached theme
    assert again["loaded"] == []
    assert again["qt_namespace"] is False, "the start path reads QtCore.Qt (see ui/start_flow.py)"
