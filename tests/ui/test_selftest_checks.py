"""The Qt half of `selftest`: passes in a checkout, writes the theme only under the cache folder, and fails
when the translation the window loads is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

import ui.selftest_checks
from desktop.paths import AppPaths
from desktop.selftest import Outcome, run_check
from ui.selftest_checks import qt_checks


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    """The theme check styles the whole application: put the test session's look back afterwards."""
    sheet, font, palette, style = (
        qapp.styleSheet(),
        qapp.font(),
        QGuiApplication.palette(),
        qapp.style().name(),
    )
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    QGuiApplication.setPalette(palette)
    qapp.setStyle(style)


def test_every_qt_check_passes_and_writes_only_under_the_cache(
    qapp: QApplication, paths: AppPaths, restore_look: None
) -> None:
    results = [run_check(check) for check in qt_checks(paths)]
    assert [r.outcome for r in results] == [Outcome.PASS] * 5, [r.line() for r in results]
    assert [r.name for r in results] == ["翻译", "Qt 插件", "界面模块", "界面主题", "PDF 预览"]
    written = {p.relative_to(paths.data).parts[0] for p in paths.data.rglob("*") if p.is_file()}
    assert written == {"cache"}


def test_a_missing_translation_fails(
    qapp: QApplication, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.selftest_checks, "resource_dir", lambda: tmp_path / "no-resources")
    result = run_check(next(c for c in qt_checks(paths) if c.name == "翻译"))
    assert result.outcome is Outcome.FAIL
    assert "microstation_zh_CN.qm" in result.detail
