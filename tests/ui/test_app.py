"""The application shell: bundled font with every glyph the translation needs, theme cached under the data folder,
Qt messages and uncaught exceptions in the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_dir
from ui.app import qt_message_handler
from ui.errors import CrashHook
from ui.theme import apply_look, load_bundled_font

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    """The theme is application-wide: put the test session's look back afterwards."""
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


def test_the_theme_uses_the_bundled_font_and_writes_only_under_the_cache(
    qapp: QApplication, paths: Any, restore_look: None, monkeypatch: Any
) -> None:
    family = apply_look(qapp, paths.cache)
    assert family == "WenQuanYi Micro Hei"
    assert qapp.font().family() == family
    assert f"font-family: {family}" in qapp.styleSheet()
    folder = paths.cache / "qt_material"
    assert (folder / "theme.qss").exists()
    assert len(list((folder / "primary").glob("*.svg"))) > 20

    import qt_material

    def render_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the second start must reuse the rendered theme")

    monkeypatch.setattr(qt_material, "apply_stylesheet", render_again)
    qapp.setStyleSheet("")
    apply_look(qapp, paths.cache)
    assert f"font-family: {family}" in qapp.styleSheet()


def test_the_bundled_font_has_every_character_of_the_translation(qapp: QApplication) -> None:
    metrics = QFontMetrics(QFont(load_bundled_font()))
    ts = resource_dir() / "translations" / "microstation_zh_CN.ts"
    text = "".join(t.text or "" for t in ET.parse(ts).getroot().iter("translation"))
    missing = {ch for ch in text if ch.strip() and not metrics.inFontUcs4(ord(ch))}
    assert missing == set(), f"would show as boxes: {sorted(missing)}"


def test_qt_messages_go_to_the_log(caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="qt"):
        qt_message_handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "QLayout: something odd")
    assert ("qt", logging.WARNING, "QLayout: something odd") in caplog.record_tuples


def test_an_uncaught_exception_is_logged_with_traceback_and_shown(
    qapp: QApplication, tmp_path: Path, caplog: Any, monkeypatch: Any
) -> None:
    shown: list[str] = []
    from ui.dialogs import crash

    monkeypatch.setattr(crash.CrashDialog, "exec", lambda dialog: shown.append(dialog.details.toPlainText()))
    try:
        raise ZeroDivisionError("division by zero in a slot")
    except ZeroDivisionError as exc:
        error = exc
    with caplog.at_level(logging.CRITICAL):
        CrashHook(tmp_path / "microstation.log")(type(error), error, error.__traceback__)
    record = next(r for r in caplog.records if r.levelno == logging.CRITICAL)
    assert record.exc_info is not None
    assert record.exc_info[1] is error
    assert len(shown) == 1
    assert "ZeroDivisionError" in shown[0]


def test_group_box_titles_keep_their_case_and_number_boxes_align_with_line_edits(
    qapp: QApplication, paths: Any, restore_look: None
) -> None:
    from PySide6.QtWidgets import QGroupBox, QLineEdit, QSpinBox

    from ui.widgets.form import INPUT_TEXT_INDENT, keep_height

    apply_look(qapp, paths.cache)
    box = QGroupBox("PostgreSQL 服务器")
    box.ensurePolished()
    assert box.font().capitalization() == QFont.Capitalization.MixedCase  # not "POSTGRESQL 服务器"
    spin = QSpinBox()
    keep_height(spin)
    assert spin.findChild(QLineEdit).textMargins().left() == INPUT_TEXT_INDENT


def test_the_chinese_catalogue_survives_its_file_being_rewritten(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalogue replaced under a running desk (an update, lrelease) must not turn the window English."""
    import shutil

    from ui import app as app_module

    folder = tmp_path / "translations"
    folder.mkdir()
    catalogue = folder / "microstation_zh_CN.qm"
    shutil.copy(resource_dir() / "translations" / "microstation_zh_CN.qm", catalogue)
    monkeypatch.setattr(app_module, "resource_dir", lambda: tmp_path)
    installed = app_module.install_translators(qapp)
    try:
        catalogue.write_bytes(b"\0" * catalogue.stat().st_size)  # rewritten in place, as lrelease does
        assert QCoreApplication.translate("MediationTab", "Mediation") == "矛盾调解"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_the_application_runs_in_the_style_the_theme_is_written_for(tmp_path: Path) -> None:
    """Fusion, also where the platform's default is another style (here Windows, set by the environment) and on a
    later start, whose cached theme no longer calls setStyle (ui.theme.STYLE_ARGUMENTS). The style sheet wraps the
    style, so it is cleared before the style is read."""
    child = (
        "import sys; from pathlib import Path; from desktop.paths import AppPaths; "
        "from ui.app import create_application; "
        "app = create_application(AppPaths.resolve(Path(sys.argv[1])).ensure(), ['microstation']); "
        "app.setStyleSheet(''); print(app.style().name())"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "Windows"}
    styles = []
    for _start in ("first", "later"):
        done = subprocess.run(
            [sys.executable, "-c", child, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        styles.append(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:])
    assert styles == ["fusion", "fusion"]
