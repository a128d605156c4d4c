"""The 来访受理 list on a large database: first paint and process memory, beside a floor from the same run.

    .venv/bin/python -m tests.benchmarks.walkin_list /tmp/bench1m          (after `demo --applications 1000000`)

First paint = from creating the list pane (all dates of the station with the most applications) to the first
page drawn in a shown window; the floor is a bare QTableView over a 50-row QStandardItemModel shown the same way.
Memory is the process's resident set after the paint (DESIGN.md: ≤ 200 MB with lazy models). Medians of 7 runs;
offscreen platform. Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCheckBox, QTableView

PAINT_BUDGET_MS = 300.0
MEMORY_BUDGET_MB = 200.0
RUNS = 7


def _floor_ms(app: QApplication) -> float:
    start = time.perf_counter()
    model = QStandardItemModel(50, 7)
    for row in range(50):
        for column in range(7):
            model.setItem(row, column, QStandardItem(f"{row}-{column}"))
    view = QTableView()
    view.setModel(model)
    view.resize(640, 600)
    view.show()
    app.processEvents()
    view.grab()
    elapsed = (time.perf_counter() - start) * 1000
    view.close()
    view.deleteLater()
    return elapsed


def main() -> int:
    from sqlalchemy import func, select

    from desktop.config import DeskConfig
    from desktop.db.database import Database
    from desktop.db.models import Application, StaffUser, Station
    from desktop.paths import AppPaths
    from desktop.services.auth import UserInfo
    from desktop.services.core import Core
    from desktop.services.settings import get_settings
    from desktop.services.station import get_station
    from ui.context import DeskContext
    from ui.tabs.walkin_list import WalkinListPane
    from ui.tasks import TaskRunner

    arg = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1m"
    url = arg if "://" in arg else f"sqlite:///{Path(arg) / 'microstation.sqlite3'}"
    app = QApplication([])
    core = Core(db=Database(url, workstation="bench"))
    with core.db.read() as session:
        code, count = session.execute(
            select(Station.code, func.count())
            .join(Application, Application.station_id == Station.id)
            .group_by(Station.code)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        user = session.execute(select(StaffUser).where(StaffUser.role == "desk").limit(1)).scalar_one()
        info = UserInfo(
            user.id, user.username, user.display_name, user.police_no, user.role, True, False, None, 0, 1
        )
    paths = AppPaths.resolve(Path(tempfile.mkdtemp())).ensure()
    runner = TaskRunner()
    ctx = DeskContext(paths, DeskConfig(station_code=code), core, get_station(core, code), info,
                      get_settings(core), runner)  # fmt: skip
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        pane = WalkinListPane(ctx)
        pane.findChild(QCheckBox, "walkin.all_days").setChecked(True)
        pane.resize(640, 600)
        pane.show()
        table = pane.findChild(QTableView, "walkin.list")
        while table.model().rowCount() < 50 or table.model().loading:
            app.processEvents()
        pane.grab()
        times.append((time.perf_counter() - start) * 1000)
        pane.close()
        pane.deleteLater()
        app.processEvents()
    runner.wait_for_done()
    floor = statistics.median(_floor_ms(app) for _ in range(RUNS))
    paint = statistics.median(times)
    memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    paint_ok, memory_ok = paint <= PAINT_BUDGET_MS, memory_mb <= MEMORY_BUDGET_MB
    print(f"walk-in list of {code}: {count:,} applications (all dates); medians of {RUNS} runs")
    print(f"{'case':<34}{'budget':>9}{'measured':>10}{'floor':>9}{'ratio':>7}  result")
    print(f"{'first paint (ms)':<34}{PAINT_BUDGET_MS:>9.0f}{paint:>10.1f}{floor:>9.1f}{paint / floor:>7.1f}  "
          f"{'pass' if paint_ok else 'FAIL'}")  # fmt: skip
    print(f"{'peak resident memory (MB)':<34}{MEMORY_BUDGET_MB:>9.0f}{memory_mb:>10.1f}{'—':>9}{'—':>7}  "
          f"{'pass' if memory_ok else 'FAIL'}")  # fmt: skip
    core.db.dispose()
    return 0 if paint_ok and memory_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
