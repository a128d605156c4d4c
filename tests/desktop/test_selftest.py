"""`selftest`: one line per check, a failed check does not stop the others, exit 0 only without failures; the
receipt check agrees with pdffonts; the configured database is skipped before the first start and checked after."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from desktop.cli import main
from desktop.config import DeskConfig, database_url
from desktop.paths import AppPaths
from desktop.selftest import (
    Check,
    CheckFailed,
    Outcome,
    check_configured_database,
    embedded_fonts,
    run_check,
    run_selftest,
    sample_receipt_pdf,
)
from tests.desktop.documents import pdftools

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "desk").ensure()


def outcomes(output: str) -> dict[str, str]:
    """check name → PASS/FAIL/SKIP, from the lines a run printed (the summary line is not a check)."""
    found = {}
    for line in output.splitlines()[:-1]:
        outcome, _, rest = line.partition(" ")
        found[rest.split("：", 1)[0]] = outcome
    return found


def test_a_fresh_desk_passes_with_its_database_skipped(paths: AppPaths) -> None:
    out = io.StringIO()
    code = run_selftest(paths, database_url(paths, DeskConfig()), out=out)
    assert code == 0
    assert outcomes(out.getvalue()) == {
        "字体": "PASS",
        "业务目录与节假日": "PASS",
        "数据库迁移": "PASS",
        "本机数据库": "SKIP",
        "回执": "PASS",
    }
    assert "未初始化" in out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("自检通过")
    assert not paths.default_database.exists()  # the check never creates the database
    assert list(paths.cache.iterdir()) == []  # the migrations' scratch database is gone again


def test_the_configured_database_passes_at_this_programs_schema(paths: AppPaths, db_url: str) -> None:
    assert "数据库版本与本程序一致" in check_configured_database(paths, db_url)


def test_a_database_without_the_schema_fails(paths: AppPaths, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()  # a zero-byte file is an empty SQLite database
    result = run_check(Check("本机数据库", lambda: check_configured_database(paths, f"sqlite:///{empty}")))
    assert result.outcome is Outcome.FAIL
    assert "db upgrade" in result.detail


def test_an_unreachable_postgresql_fails_without_showing_the_password(paths: AppPaths) -> None:
    url = "postgresql+psycopg://desk:secret@127.0.0.1:1/microstation?connect_timeout=2"
    result = run_check(Check("本机数据库", lambda: check_configured_database(paths, url)))
    assert result.outcome is Outcome.FAIL
    assert "secret" not in result.line()


def test_a_broken_check_fails_the_run_but_the_others_still_run(paths: AppPaths) -> None:
    def broken() -> str:
        raise FileNotFoundError("resources/fonts/wqy-microhei.ttc")

    out = io.StringIO()
    url = database_url(paths, DeskConfig())
    code = run_selftest(paths, url, lambda _paths: [Check("坏的", broken)], out=out)
    assert code == 1
    lines = out.getvalue().splitlines()
    assert "FAIL 坏的：FileNotFoundError: resources/fonts/wqy-microhei.ttc" in lines
    assert len(lines) == 7  # five core checks, the broken one, the summary
    assert lines[-1].startswith("自检未通过")
    assert "1 项失败" in lines[-1]


def test_the_receipt_check_sees_what_pdffonts_sees(tmp_path: Path) -> None:
    pdftools.require_tools()
    pdf = sample_receipt_pdf()
    rows = pdftools.fonts(pdf)
    assert rows
    assert all(row.embedded for row in rows)
    assert sorted(name.split("+", 1)[1] for name in (row.name for row in rows)) == embedded_fonts(pdf)

    plain = io.BytesIO()
    page = canvas.Canvas(plain)
    page.setFont("Helvetica", 12)
    page.drawString(72, 72, "not embedded")
    page.save()
    with pytest.raises(CheckFailed, match="Helvetica"):
        embedded_fonts(plain.getvalue())


def test_the_command_runs_the_checks_main_py_hands_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[AppPaths] = []

    def extra(paths: AppPaths) -> list[Check]:
        seen.append(paths)
        return [Check("额外", lambda: "好")]

    assert main(["--data-dir", str(tmp_path), "selftest"], extra_checks=extra) == 0
    assert seen[0].data == tmp_path.resolve()
    assert "PASS 额外：好" in capsys.readouterr().out


def test_main_py_selftest_runs_the_qt_checks_too(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path), "selftest"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found = outcomes(done.stdout)
    assert set(found) >= {"翻译", "Qt 插件", "界面模块", "界面主题", "PDF 预览"}
    assert set(found.values()) == {"PASS", "SKIP"}
    assert (tmp_path / "cache" / "qt_material" / "theme.qss").exists()
