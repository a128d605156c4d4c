"""Start to login window (DESIGN.md: ≤ 2× a bare PySide6 window) and login to main window ready, on a big database.

    .venv/bin/python -m tests.benchmarks.startup /tmp/bench1m          (or a database URL)

Start: from spawning `python main.py --db URL` to the first paint of the login dialog, in fresh interpreters
(offscreen platform); the floor is a fresh interpreter that imports PySide6 and paints one bare QWidget. Both have
one run first that is not counted (disk caches, qt-material's icon cache in the data folder). The program's modules
are compiled to bytecode first and the children may keep bytecode, as in an installed program (pip and the
PyInstaller bundle ship it): a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise measure ~20 modules compiled
from source at every start.

Login: in one process running the real start flow (the database opened behind the login dialog), from the click
on 登录 to the main window shown with the 来访受理 list's first page in; logged out and in again for each run. The
password check is argon2, slow on purpose: the floor is that check alone with the same hash. The benchmark account
`bench_desk` (desk role, known password) is added to the database if missing (an audited `user.add`).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time

from tests.benchmarks.common import ROOT, Result, run_child, sqlite_url, table

START_RUNS = 15
LOGIN_RUNS = 7
USERNAME = "bench_desk"
PASSWORD = "Bench-2026-desk"

APP_CHILD = """
import os, sys
from PySide6.QtCore import QEvent
import ui.start_flow as start_flow
seen = start_flow.StartFlow.eventFilter
def first_paint(self, watched, event):
    if watched is self.login and event.type() == QEvent.Type.Paint:
        print("painted", flush=True)
        os._exit(0)
    return seen(self, watched, event)
start_flow.StartFlow.eventFilter = first_paint
import runpy
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""
FLOOR_CHILD = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
window = QWidget()
window.setWindowTitle("floor")
window.resize(420, 320)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            os._exit(0)
        return False
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""
LOGIN_CHILD = """
import statistics, sys, tempfile, time
from pathlib import Path
from argon2 import PasswordHasher
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView
from desktop.config import DeskConfig, save_config
from desktop.paths import AppPaths
from ui.app import create_application
from ui.start_flow import StartFlow
from ui.tasks import TaskRunner
url, code, username, password, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
paths = AppPaths.resolve(Path(tempfile.mkdtemp())).ensure()
save_config(paths, DeskConfig(station_code=code))
app = create_application(paths)
runner = TaskRunner(app)
flow = StartFlow(paths, url, runner)
tick = QTimer()
tick.start(5)  # wakes the waiting loop below even when nothing else happens
def wait(ready, timeout=300.0):
    end = time.perf_counter() + timeout
    while not ready():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        if time.perf_counter() > end:
            raise SystemExit("timed out")
flow.start()
wait(lambda: flow.core is not None or getattr(flow, "dialog", None) is not None)
if flow.core is None:  # e.g. a database of an older schema: the start offers `db upgrade`, nobody answers here
    raise SystemExit("the database did not open: " + str(getattr(flow, "_error_message", "")))
times = []
for run in range(runs + 1):
    login = flow.login
    login.findChild(QLineEdit, "login.username").setText(username)
    login.findChild(QLineEdit, "login.password").setText(password)
    start = time.perf_counter()
    login.findChild(QPushButton, "login.submit").click()
    wait(lambda: flow.window is not None and flow.window.isVisible())
    table = flow.window.findChild(QTableView, "walkin.list")
    wait(lambda: not table.model().loading)
    flow.window.grab()
    if run:  # the first login also imports the tabs' modules: counted apart
        times.append((time.perf_counter() - start) * 1000)
    else:
        first = (time.perf_counter() - start) * 1000
    flow.back_to_login()
    app.processEvents()
with flow.core.db.read() as session:
    from sqlalchemy import select
    from desktop.db.models import StaffUser
    stored = session.execute(select(StaffUser.password_hash).where(StaffUser.username == username)).scalar_one()
hasher = PasswordHasher()
checks = []
for _ in range(runs):
    start = time.perf_counter()
    hasher.verify(stored, password)
    checks.append((time.perf_counter() - start) * 1000)
print(first, statistics.median(times), statistics.median(checks))
flow.finish(0)
"""


def _spawn_to_paint(code: str, args: list[str]) -> float:
    """Milliseconds from spawning the interpreter to its line saying the window was painted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    _out, err = child.communicate(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"no first paint reported:\n{err[-3000:]}")
    return elapsed


def ensure_bench_user(url: str) -> str:
    """The `bench_desk` account (desk role, known password, no forced change); returns the busiest station."""
    from sqlalchemy import func, select

    from desktop.db.database import Database
    from desktop.db.models import Application, StaffUser, Station
    from desktop.services import auth
    from desktop.services.core import Core, command_line_actor

    core = Core(db=Database(url, workstation="bench"))
    try:
        with core.db.write() as session:
            if session.execute(select(StaffUser.id).where(StaffUser.username == USERNAME)).first() is None:
                auth.create_user(
                    session, core, command_line_actor(), username=USERNAME, role="desk",
                    display_name="基准测试", password=PASSWORD, must_change_password=False,
                )  # fmt: skip
        with core.db.read() as session:
            return str(
                session.execute(
                    select(Station.code)
                    .join(Application, Application.station_id == Station.id)
                    .group_by(Station.code)
                    .order_by(func.count().desc())
                    .limit(1)
                ).scalar_one()
            )
    finally:
        core.db.dispose()


def measure_start(url: str) -> list[Result]:
    # what `pip install` and the bundle do; the uncounted first run does the rest
    for package in ("desktop", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory() as data:
        args = ["--data-dir", data, "--db", url]
        app, floor = [], []
        for run in range(START_RUNS + 1):  # taken in turns: a busy spell of the machine slows both alike
            times = _spawn_to_paint(APP_CHILD, args), _spawn_to_paint(FLOOR_CHILD, [])
            if run:
                app.append(times[0])
                floor.append(times[1])
    floor_ms = statistics.median(floor)
    return [Result("start to login window", 2 * floor_ms, statistics.median(app), floor_ms)]


def measure_login(url: str, label: str = "") -> list[Result]:
    code = ensure_bench_user(url)
    first, median, check = (
        float(x) for x in run_child(LOGIN_CHILD, url, code, USERNAME, PASSWORD, str(LOGIN_RUNS)).split()
    )
    suffix = f" ({label})" if label else ""
    return [
        Result(f"login to main window ready{suffix}", None, median, check),
        Result(f"first login of the process, tab modules imported{suffix}", None, first, check),
    ]


def main() -> int:
    url = sqlite_url(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1m")
    results = measure_start(url) + measure_login(url)
    print(f"start: median of {START_RUNS} fresh interpreters; login: median of {LOGIN_RUNS}")
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
