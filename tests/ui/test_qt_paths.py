"""Qt's own settings (the file dialog's last folder) are written under the program's config folder, not ~/.config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from ui.qt_paths import keep_qt_settings_in

FORMATS = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)


@pytest.fixture
def restore_settings_path() -> Iterator[None]:
    """QSettings.setPath is process-wide: put the session's folders back afterwards."""
    before = {
        kind: Path(QSettings(kind, QSettings.Scope.UserScope, "probe").fileName()).parent for kind in FORMATS
    }
    yield
    for kind, folder in before.items():
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))


def test_the_file_dialog_remembers_its_folder_in_the_config_folder(
    qapp: QApplication, tmp_path: Path, restore_settings_path: None
) -> None:
    config = tmp_path / "config"
    keep_qt_settings_in(config)
    dialog = QFileDialog(None, "导出", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    QTimer.singleShot(0, dialog.reject)
    dialog.exec()
    dialog.deleteLater()
    del dialog
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # it saves its state as it is destroyed
    assert (config / "QtProject.conf").exists()
    assert "FileDialog" in (config / "QtProject.conf").read_text(encoding="utf-8")
