"""installer/build.py end to end (Linux): the one-folder bundle passes its own selftest, starts its window with a
read-only HOME writing only under --data-dir, leaves out what the program never uses, and the .deb installs it to
/opt with the launcher, the menu entry and the system libraries Qt needs.

Builds once per session (about a minute and a half on 2 CPUs), so it is marked slow; it needs the build extra
(`pip install -e .[build]`) and dpkg-deb: skipped without them, except in CI.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
WIZARD_TITLE = "初始设置 — 微派出所前台受理系统"
MAX_BUNDLE_BYTES = 250 * 2**20


@dataclass(frozen=True)
class Built:
    bundle: Path
    deb: Path
    program: Path


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(reason + " — CI builds the installers")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if sys.platform != "linux" or shutil.which("dpkg-deb") is None:
        _missing("the .deb is built on Debian/Ubuntu with dpkg-deb")
    if importlib.util.find_spec("PyInstaller") is None:
        _missing("PyInstaller not installed (pip install -e .[build])")
    out = tmp_path_factory.mktemp("installer")
    done = subprocess.run(
        [sys.executable, "installer/build.py", "--dist", str(out / "dist"), "--work", str(out / "work")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    bundle = out / "dist" / "microstation"
    (deb,) = (out / "dist").glob(f"microstation_{__version__}_*.deb")
    return Built(bundle=bundle, deb=deb, program=bundle / "microstation")


def run(program: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in folder.rglob("*")}


def selftest_outcomes(output: str) -> dict[str, str]:
    return {line.split("：")[0][5:]: line[:4] for line in output.splitlines()[:-1]}


def test_the_bundle_passes_its_selftest_before_and_after_the_database_exists(
    built: Built, tmp_path: Path
) -> None:
    data = str(tmp_path / "desk")
    fresh = run(built.program, "--data-dir", data, "selftest")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    found = selftest_outcomes(fresh.stdout)
    assert found.pop("本机数据库") == "SKIP"
    assert list(found.values()) == ["PASS"] * 9, fresh.stdout
    assert fresh.stdout.splitlines()[-1].startswith("自检通过")

    assert run(built.program, "--data-dir", data, "db", "upgrade").returncode == 0
    again = run(built.program, "--data-dir", data, "selftest")
    assert again.returncode == 0
    assert selftest_outcomes(again.stdout)["本机数据库"] == "PASS"


def _window_titles(display: str) -> str:
    done = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        capture_output=True,
        text=True,
        env={**os.environ, "DISPLAY": display},
        check=False,
    )
    return done.stdout


@pytest.fixture
def xvfb() -> Iterator[str | None]:
    """A private X server (its display number chosen by Xvfb), or None where Xvfb/xwininfo are missing."""
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        if IN_CI:
            pytest.fail("Xvfb and xwininfo (xvfb, x11-utils) are required in CI")
        yield None
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_with_a_read_only_home_the_window_starts_and_writes_only_under_its_data_dir(
    built: Built, tmp_path: Path, xvfb: str | None
) -> None:
    home, temp, runtime, data = (tmp_path / name for name in ("home", "tmp", "runtime", "desk"))
    for folder in (home, temp, runtime):
        folder.mkdir(mode=0o700)
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)  # read-only (root could still write: emptiness is checked below)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "QT_", "MICROSTATION_")) and key not in {"DISPLAY", "WAYLAND_DISPLAY"}
    }
    env.update(HOME=str(home), TMPDIR=str(temp), XDG_RUNTIME_DIR=str(runtime))
    env.update({"DISPLAY": xvfb} if xvfb else {"QT_QPA_PLATFORM": "offscreen"})
    before = snapshot(built.bundle)
    try:
        checked = run(built.program, "--data-dir", str(data), "selftest", env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        window = subprocess.Popen(
            [str(built.program), "--data-dir", str(data)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            if xvfb:  # the wizard's window appears on the X server
                deadline = time.monotonic() + 40
                while WIZARD_TITLE not in _window_titles(xvfb) and window.poll() is None:
                    assert time.monotonic() < deadline, f"the set-up wizard ({WIZARD_TITLE}) did not appear"
                    time.sleep(0.5)
            else:  # offscreen: nothing to look at, so it must at least still be running
                time.sleep(10)
            assert window.poll() is None, window.communicate()[0]
        finally:
            window.send_signal(signal.SIGTERM)
            window.communicate(timeout=20)
    finally:
        home.chmod(stat.S_IRWXU)
    assert list(home.iterdir()) == [], "written into HOME"
    assert list(temp.iterdir()) == [], "written into TMPDIR"
    assert snapshot(built.bundle) == before, "written into the installed program's folder"
    log = (data / "logs" / "microstation.log").read_text(encoding="utf-8")
    assert "start microstation" in log
    assert not re.search(r" (ERROR|CRITICAL) |Traceback", log), log
    assert (data / "cache" / "qt_material" / "theme.qss").exists()


def test_the_bundle_leaves_out_what_the_program_never_uses(built: Built) -> None:
    files = [p for p in built.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    assert sum(p.stat().st_size for p in files) <= MAX_BUNDLE_BYTES
    names = [p.relative_to(built.bundle).as_posix() for p in files]
    assert not [n for n in names if re.search(r"WebEngine|Qt6Quick|Qt6Qml|Qt63D|Multimedia|/qml/", n)]
    qt_translations = [n for n in names if n.endswith(".qm") and "PySide6" in n]
    assert [Path(n).name for n in qt_translations] == ["qtbase_zh_CN.qm"]
    assert "_internal/resources/translations/microstation_zh_CN.qm" in names
    assert (built.bundle / "_internal" / "VERSION").read_text().strip() == __version__


def test_the_deb_installs_the_bundle_to_opt_with_launcher_menu_entry_and_qt_libraries(
    built: Built, tmp_path: Path
) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(built.deb), "Package", "Version", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: microstation" in fields
    assert f"Version: {__version__}" in fields
    depends = fields.split("Depends:", 1)[1]
    for library in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libegl1", "libfontconfig1"):
        assert library in depends
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "--extract", str(built.deb), str(root)], check=True)
    launcher = root / "usr" / "bin" / "microstation"
    assert "exec /opt/microstation/microstation" in launcher.read_text()
    assert os.access(launcher, os.X_OK)
    entry = (root / "usr/share/applications/microstation.desktop").read_text(encoding="utf-8")
    assert "Exec=microstation" in entry
    assert "Icon=microstation" in entry
    assert (root / "usr/share/icons/hicolor/scalable/apps/microstation.svg").exists()
    unpacked = run(root / "opt" / "microstation" / "microstation", "--version")
    assert unpacked.stdout.strip() == f"microstation {__version__}"
