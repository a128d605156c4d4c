"""The 来访受理 list over a big database: first paint and process memory, beside a lazy-model floor from the same run.

    .venv/bin/python -m tests.benchmarks.walkin_list /tmp/bench1m          (or a database URL)

Both sides run in fresh interpreters (offscreen platform), on the station with the most applications and all
dates (the whole list: ~14,000 walk-in rows of one station of 1,000,000 applications):
- the app: the real list pane (`WalkinListPane`: its model loads pages of 50 through the service layer on the
  worker pool); first paint = from creating the pane to its first page drawn in a shown window;
- the floor: a bare lazy QAbstractTableModel that fetches pages of 50 by key from the raw driver on the GUI thread,
  in a bare QTableView: the least a lazy list over this table can cost.
First paint is the median of 7 in each process; memory is the process's peak resident set after them (DESIGN.md:
app memory ≤ 200 MB). Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import sys

from tests.benchmarks.common import Result, run_child, sqlite_url, table

PAINT_BUDGET_MS = 300.0
MEMORY_BUDGET_MB = 200.0
RUNS = 7

_SETUP = """
import os, resource, statistics, sys, time
from pathlib import Path
url, runs = sys.argv[1], int(sys.argv[2])
def busiest(execute):
    return execute(
        "SELECT s.code, s.id, count(*) FROM application a JOIN station s ON s.id = a.station_id"
        " GROUP BY s.code, s.id ORDER BY count(*) DESC LIMIT 1"
    )
def mapped_database_mb():
    # SQLite reads the file through a memory map (desktop.db.engine): its pages in the resident set are the
    # operating system's file cache, shared and dropped under pressure, not the program's memory.
    if not url.startswith("sqlite:///"):
        return 0.0
    name = os.path.realpath(url.removeprefix("sqlite:///"))
    total, inside = 0, False
    try:
        for line in Path("/proc/self/smaps").read_text().splitlines():
            if line[:1].isdigit() or line[:1] in "abcdef":
                inside = line.rstrip().endswith(name)
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
    except OSError:
        return 0.0
    return total / 1024
def report(times, rows):
    try:  # this process's own peak: ru_maxrss keeps the parent's after fork + exec
        status = Path("/proc/self/status").read_text()
        peak_mb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) / 1024
    except OSError:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mapped = mapped_database_mb()
    print(statistics.median(times), peak_mb - mapped, rows, mapped)
"""
APP_CHILD = (
    _SETUP
    + """
import tempfile
from PySide6.QtWidgets import QApplication, QCheckBox, QTableView
from sqlalchemy import select, text
from desktop.config import DeskConfig
from desktop.db.database import Database
from desktop.db.models import StaffUser
from desktop.paths import AppPaths
from desktop.services.auth import UserInfo
from desktop.services.core import Core
from desktop.services.settings import get_settings
from desktop.services.station import get_station
from ui.context import DeskContext
from ui.tabs.walkin_list import WalkinListPane
from ui.tasks import TaskRunner
app = QApplication([])
core = Core(db=Database(url, workstation="bench"))
with core.db.read() as session:
    code, _station_id, count = busiest(lambda sql: session.execute(text(sql)).one())
    user = session.execute(select(StaffUser).where(StaffUser.role == "desk").limit(1)).scalar_one()
    info = UserInfo(user.id, user.username, user.display_name, user.police_no, user.role, True, False, None, 0, 1)
paths = AppPaths.resolve(Path(tempfile.mkdtemp())).ensure()
runner = TaskRunner()
ctx = DeskContext(paths, DeskConfig(station_code=code), core, get_station(core, code), info, get_settings(core), runner)
times = []
for _ in range(runs):
    start = time.perf_counter()
    pane = WalkinListPane(ctx)
    pane.findChild(QCheckBox, "walkin.all_days").setChecked(True)
    pane.resize(640, 600)
    pane.show()
    view = pane.findChild(QTableView, "walkin.list")
    while view.model().rowCount() < 50 or view.model().loading:
        app.processEvents()
    pane.grab()
    times.append((time.perf_counter() - start) * 1000)
    pane.close()
    pane.deleteLater()
    app.processEvents()
runner.wait_for_done()
report(times, count)
"""
)
FLOOR_CHILD = (
    _SETUP
    + """
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
if url.startswith("sqlite"):
    import sqlite3
    raw = sqlite3.connect(url.removeprefix("sqlite:///"))
    p = "?"
else:
    import psycopg
    raw = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    p = "%s"
def execute(sql, params=()):
    cursor = raw.cursor()
    cursor.execute(sql, params)
    return cursor.fetchall()
code, station_id, count = busiest(lambda sql: execute(sql)[0])
PAGE = (
    "SELECT a.id, a.receipt_no, p.name, p.id_number, a.business_code, a.status, a.created_at FROM application a"
    f" JOIN person p ON p.id = a.applicant_id WHERE a.station_id = {p} AND a.kind = 'walkin' AND a.id < {p}"
    " ORDER BY a.id DESC LIMIT 50"
)
class Lazy(QAbstractTableModel):
    def __init__(self):
        super().__init__()
        self.rows, self.more = [], True
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 7
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()])
        return None
    def canFetchMore(self, parent):
        return not parent.isValid() and self.more
    def fetchMore(self, parent):
        after = self.rows[-1][0] if self.rows else 2**62
        page = execute(PAGE, (station_id, after))
        self.more = len(page) == 50
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
app = QApplication([])
times = []
for _ in range(runs):
    start = time.perf_counter()
    model = Lazy()
    view = QTableView()
    view.setModel(model)
    view.resize(640, 600)
    view.show()
    while model.rowCount() < 50:
        app.processEvents()
    view.grab()
    times.append((time.perf_counter() - start) * 1000)
    view.close()
    view.deleteLater()
    app.processEvents()
report(times, count)
"""
)


def measure(url: str, label: str = "") -> list[Result]:
    paint, memory, rows, mapped = (float(x) for x in run_child(APP_CHILD, url, str(RUNS)).split())
    floor_paint, floor_memory, _rows, _mapped = (
        float(x) for x in run_child(FLOOR_CHILD, url, str(RUNS)).split()
    )
    suffix = f" ({label})" if label else ""
    return [
        Result(f"walk-in list, busiest station ({int(rows):,} applications), first paint{suffix}",
               PAINT_BUDGET_MS, paint, floor_paint),
        Result(f"walk-in list, peak process memory without the mapped database file{suffix}", MEMORY_BUDGET_MB,
               memory, floor_memory, unit="MB"),
        Result(f"walk-in list, database file pages mapped (file cache){suffix}", None, mapped, None, unit="MB"),
    ]  # fmt: skip


def main() -> int:
    url = sqlite_url(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1m")
    results = measure(url)
    print(f"medians of {RUNS} paints in each process; the busiest station, all dates")
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
