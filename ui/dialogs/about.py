"""关于: the program, its version, where its data and log are, and the licences of what it bundles."""

from __future__ import annotations

from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import APP_TITLE, __version__
from desktop.paths import AppPaths


class AboutDialog(QDialog):
    def __init__(self, paths: AppPaths, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main.about_dialog")
        self.setWindowTitle(self.tr("About"))
        self.setMinimumWidth(480)
        lines = [
            f"<h3>{APP_TITLE}</h3>",
            self.tr("Version {version}").format(version=__version__),
            self.tr("Database: {db}").format(db=escape(database)),
            self.tr("Data folder: {path}").format(path=escape(str(paths.data))),
            self.tr("Log file: {path}").format(path=escape(str(paths.log_file))),
            self.tr("Qt {qt}, PySide6 {pyside}").format(qt=qVersion(), pyside=pyside_version),
            self.tr("Font: WenQuanYi Micro Hei (Apache License 2.0)."),
        ]
        text = QLabel("<br>".join(lines))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("main.about_close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
