"""The command line as an administrator uses it: exit codes, Chinese output, everything under --data-dir."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.cli import main
from desktop.db.database import Database

PASSWORD = "Counter#2026"


def run(args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


@pytest.fixture
def base(empty_db_url: str, tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--db", empty_db_url]


def test_full_administration_round(
    base: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*base, "db", "status"], monkeypatch) == 1
    assert "需要初始化" in capsys.readouterr().out
    assert run([*base, "db", "upgrade"], monkeypatch) == 0
    assert run([*base, "db", "status"], monkeypatch) == 0
    station = [
        "station",
        "init",
        "--code",
        "XSLX01",
        "--name",
        "录霞社区微派出所",
        "--police-station",
        "新村派出所",
    ]
    assert run([*base, *station], monkeypatch) == 0
    assert "录霞" in capsys.readouterr().out
    add = ["users", "add", "zhang", "--role", "desk", "--name", "张三", "--police-no", "F1001"]
    assert run([*base, *add], monkeypatch, stdin=PASSWORD + "\n") == 0
    assert (
        run([*base, "users", "add", "li", "--role", "officer", "--name", "李四"], monkeypatch, "weak\n") == 2
    )
    assert "密码至少需要 8 个字符" in capsys.readouterr().err
    assert run([*base, "users", "list"], monkeypatch) == 0
    listing = capsys.readouterr().out
    assert "zhang" in listing
    assert "辅警" in listing
    assert "li " not in listing
    assert run([*base, "users", "unlock", "zhang"], monkeypatch) == 0
    assert run([*base, "users", "reset-password", "zhang"], monkeypatch, stdin="Temp#Pass1\n") == 0
    assert run([*base, "users", "unlock", "ghost"], monkeypatch) == 2
    assert "没有用户" in capsys.readouterr().err
    assert run([*base, "audit", "verify"], monkeypatch) == 0
    assert "审计链完整" in capsys.readouterr().out


def test_audit_verify_names_the_altered_event(
    base: list[str], empty_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run([*base, "station", "init", "--code", "XSLX01", "--name", "录霞社区微派出所"], monkeypatch)
    run([*base, "users", "add", "zhang", "--role", "desk", "--name", "张三"], monkeypatch, PASSWORD + "\n")
    db = Database(empty_db_url)
    with db.write() as session:
        if db.engine.dialect.name == "postgresql":
            session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
        first = session.execute(text("SELECT min(id) FROM audit_event")).scalar_one()
        session.execute(text("UPDATE audit_event SET detail = 'forged' WHERE id = :id"), {"id": first})
    db.dispose()
    capsys.readouterr()
    assert run([*base, "audit", "verify"], monkeypatch) == 1
    assert f"id={first}" in capsys.readouterr().out


def test_data_dir_keeps_everything_inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    data = tmp_path / "station-data"
    assert run(["--data-dir", str(data), "db", "upgrade"], monkeypatch) == 0
    assert (data / "microstation.sqlite3").exists()
    assert (data / "logs" / "microstation.log").exists()
    assert not home.exists()


def test_help_on_every_level(capsys: pytest.CaptureFixture[str]) -> None:
    for args in ([], ["db"], ["station", "init"], ["users", "add"], ["audit"], ["demo"]):
        with pytest.raises(SystemExit) as exit_info:
            main([*args, "--help"])
        assert exit_info.value.code == 0
    assert "--applications" in capsys.readouterr().out


def test_two_processes_see_each_others_stations_and_users(db_url: str, tmp_path: Path) -> None:
    """Two desks (separate processes, separate data folders) against one database."""
    import subprocess
    import sys

    def desk(name: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "main.py", "--data-dir", str(tmp_path / name), "--db", db_url, *args]
        root = Path(__file__).resolve().parents[2]
        return subprocess.run(
            command, input=stdin, capture_output=True, text=True, cwd=root, timeout=120, check=False
        )

    assert desk("desk1", "station", "init", "--code", "XSLX01", "--name", "录霞社区微派出所").returncode == 0
    assert (
        desk("desk1", "users", "add", "zhang", "--role", "desk", "--name", "张三", stdin=PASSWORD).returncode
        == 0
    )
    assert (
        desk("desk2", "users", "add", "li", "--role", "officer", "--name", "李四", stdin=PASSWORD).returncode
        == 0
    )
    seen_by_1 = desk("desk1", "users", "list").stdout
    seen_by_2 = desk("desk2", "users", "list").stdout
    assert "li" in seen_by_1
    assert "zhang" in seen_by_2
    duplicate = desk("desk2", "station", "init", "--code", "XSLX01", "--name", "录霞社区微派出所")
    assert duplicate.returncode == 2
    assert "已存在" in duplicate.stderr


@pytest.mark.postgres
def test_a_database_that_is_not_there_is_said_in_chinese_without_a_traceback(
    pg_server: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.url("no_such_database")  # type: ignore[attr-defined]
    code = main(["--data-dir", str(tmp_path), "--db", url, "db", "status"])
    err = capsys.readouterr().err
    assert code == 2
    assert "没有该名称的数据库" in err
    assert "Traceback" not in err


def test_backup_and_restore_round_trip(
    base: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The administrator's round on either database: back up, change something, restore, the change is gone."""
    assert run([*base, "db", "upgrade"], monkeypatch) == 0
    station = ["station", "init", "--code", "XSLX01", "--name", "录霞社区微派出所"]
    assert run([*base, *station], monkeypatch) == 0
    copy = tmp_path / "copy.backup"
    assert run([*base, "db", "backup", str(copy)], monkeypatch) == 0
    assert "校验通过" in capsys.readouterr().out
    add = ["users", "add", "zhang", "--role", "desk", "--name", "张三"]
    assert run([*base, *add], monkeypatch, stdin=PASSWORD + "\n") == 0
    assert run([*base, "db", "restore", str(copy)], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "已记入审计" in out
    assert "原数据库保留为" in out
    assert run([*base, "users", "list"], monkeypatch) == 0
    assert "zhang" not in capsys.readouterr().out
    assert run([*base, "audit", "verify"], monkeypatch) == 0
    assert run([*base, "db", "restore", str(tmp_path / "nothing.backup")], monkeypatch) == 2
    assert "找不到备份文件" in capsys.readouterr().err


def test_init_server_is_for_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--data-dir", str(tmp_path), "db", "init-server"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "PostgreSQL" in err
    assert "Traceback" not in err


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_init_server_reads_the_two_passwords(
    base: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*base, "db", "init-server"], monkeypatch, stdin="Desk#2026pw\nAudit#2026pw\n") == 0
    out = capsys.readouterr().out
    assert "microstation_desk" in out
    assert "只读" in out
    assert run([*base, "db", "status"], monkeypatch) == 0  # init-server also made the schema
