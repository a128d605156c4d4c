"""A damaged SQLite file is refused at open — by the program's start (open_database) and by the command line —
with a Chinese message that points to the backups, without a traceback and without writing to the file; a file
that is merely unreachable is not called damaged (restoring over it would be wrong)."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.cli import main
from desktop.db.database import Database
from desktop.db.schema import upgrade
from desktop.db.startup import open_database
from desktop.errors import DatabaseCorrupt, DatabaseUnavailable
from desktop.services.core import Core, command_line_actor
from desktop.services.demo import fill_demo_data

ROOT = Path(__file__).resolve().parents[3]
DB_NAME = "microstation.sqlite3"  # the file name the program uses in its data folder
PAGE = 4096


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station's database with some months of records, vacuumed: every page of it is in use."""
    path = tmp_path_factory.mktemp("healthy") / DB_NAME
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    fill_demo_data(Core(db=db), applications=400, seed=7, actor=command_line_actor())
    db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("VACUUM")
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE
    conn.close()
    return path


def _page_in_the_middle(fraction: float, within: int = 0, size: int = PAGE) -> Callable[[Path], None]:
    """Garbage over `size` bytes of the page at `fraction` of the file (`within` bytes into it)."""

    def damage(path: Path) -> None:
        pages = path.stat().st_size // PAGE
        offset = int(pages * fraction) * PAGE + within
        with path.open("r+b") as f:
            f.seek(offset)
            f.write(random.Random(offset).randbytes(size))

    return damage


def _truncated(fraction: float) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with path.open("r+b") as f:
            f.truncate(int(path.stat().st_size * fraction))

    return damage


def _cut_inside_the_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(50)  # the header is 100 bytes


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 200)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage over a whole page in the middle": _page_in_the_middle(0.5),
    "garbage over a page a third in": _page_in_the_middle(0.33),
    "a torn 512-byte sector inside a page": _page_in_the_middle(0.66, within=1024, size=512),
    "garbage over the header": _page_in_the_middle(0.0, size=100),
    "truncated to half": _truncated(0.5),
    "truncated inside the header": _cut_inside_the_header,
    "not an SQLite file": _not_sqlite,
}


@pytest.fixture(params=list(DAMAGE))
def damage(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def damaged(damage: str, healthy: Path, tmp_path: Path) -> Path:
    """A copy of the healthy database, damaged, as the program's data folder holds it."""
    data = tmp_path / "data"
    data.mkdir()
    path = data / DB_NAME
    shutil.copyfile(healthy, path)
    DAMAGE[damage](path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plain_chinese(message: str) -> None:
    assert "备份" in message
    assert not any(word in message for word in ("Error", "sqlite", "Traceback", "malformed")), message


def test_the_healthy_copy_opens(healthy: Path, tmp_path: Path) -> None:
    """The control: without the damage the same file opens (so the refusals below are about the damage)."""
    copy = tmp_path / DB_NAME
    shutil.copyfile(healthy, copy)
    opened = open_database(f"sqlite:///{copy}", backup_dir=tmp_path / "backups")
    opened.db.dispose()


def test_a_damaged_file_is_refused_at_open_and_left_as_it_is(damaged: Path) -> None:
    before = _digest(damaged)
    with pytest.raises(DatabaseCorrupt) as refused:
        open_database(f"sqlite:///{damaged}", backup_dir=damaged.parent / "backups")
    _plain_chinese(refused.value.message)
    assert _digest(damaged) == before  # what a restore or a rescue needs: the file as it was found
    assert not (damaged.parent / "backups").exists() or not any((damaged.parent / "backups").iterdir())


def _cli_refuses(damaged: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(damaged.parent), *command])
    err = capsys.readouterr().err
    assert code == 2, (command, err)
    assert err.startswith("错误："), err
    _plain_chinese(err)


def test_the_command_line_refuses_it_in_chinese_with_exit_2(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["db", "upgrade"], ["users", "list"]):
        _cli_refuses(damaged, command, capsys)


def test_db_status_refuses_it_in_chinese_with_exit_2(
    damaged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Also damage only the integrity check finds (a page in the middle): `db status` checks before it reads the
    version row."""
    _cli_refuses(damaged, ["db", "status"], capsys)


def test_main_py_db_status_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    """The real program, as an administrator types it: message, exit 2, no traceback."""
    (tmp_path / DB_NAME).write_bytes(b"PK\x03\x04" + b"\x00" * 5000)  # a zip file under the database's name
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "db", "status"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "不是本程序的数据库文件" in done.stderr


def test_a_path_that_cannot_be_opened_is_unavailable_not_damaged(tmp_path: Path) -> None:
    """A folder where the file should be (a mistyped path, a moved drive): nothing to restore over."""
    folder = tmp_path / DB_NAME
    folder.mkdir()
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(f"sqlite:///{folder}", backup_dir=tmp_path / "backups")
    assert not isinstance(refused.value, DatabaseCorrupt)
    assert "无法打开数据库文件" in refused.value.message


def test_damage_met_after_open_is_a_clear_message_not_a_crash(healthy: Path, tmp_path: Path) -> None:
    """A page that goes bad while the program runs: the next read says the file is damaged (DatabaseCorrupt, its
    Chinese message shown by the form), instead of an unexplained error in the crash dialog."""
    copy = tmp_path / DB_NAME
    shutil.copyfile(healthy, copy)
    db = Database(f"sqlite:///{copy}")
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM application")).scalar_one() == 400
    db.engine.dispose()  # no page of it left in a cache
    with sqlite3.connect(copy) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'application'").fetchone()[0]
    conn.close()
    _page_in_the_middle(0.0, within=(root - 1) * PAGE, size=PAGE)(copy)
    with pytest.raises(DatabaseCorrupt) as refused, db.read() as session:
        session.execute(text("SELECT count(*), sum(length(notes)) FROM application")).one()
    _plain_chinese(refused.value.message)
    db.dispose()
