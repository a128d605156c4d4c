"""The application: logging, Qt messages and uncaught exceptions into the log, QApplication with the bundled font,
translations and theme, then the start flow (ui.start_flow) until the last window goes.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, APP_TITLE, __version__
from desktop.logsetup import configure_logging
from desktop.paths import AppPaths, resource_dir
from ui.errors import install_crash_hook

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

ORGANISATION = "湛江市公安局霞山分局"
LANG_ENV = "MICROSTATION_LANG"  # "en" shows the English source texts (development)
QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to our log file instead of a console nobody sees on a desk PC."""
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


_CATALOGUES: list[bytes] = []


def install_translators(app: QApplication) -> list[QTranslator]:
    """Our zh_CN catalogue and Qt's own (buttons of QMessageBox, QWizard …); English when LANG_ENV=en."""
    if os.environ.get(LANG_ENV, "").lower().startswith("en"):
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    installed = []
    sources = (
        (resource_dir() / "translations", "microstation_zh_CN"),
        (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN"),
    )
    for folder, name in sources:
        translator = QTranslator(app)
        path = Path(folder) / f"{name}.qm"
        try:
            # Loaded from memory: a file name would be memory-mapped, and a catalogue rewritten under a running
            # program (an update, a developer's lrelease) turned the whole window English minutes later.
            data = path.read_bytes()
        except OSError:
            data = b""
        if data and translator.load(data):
            _CATALOGUES.append(data)  # QTranslator keeps a pointer into these bytes, not a copy
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, folder)
    return installed


def create_application(paths: AppPaths, argv: list[str] | None = None) -> QApplication:
    from ui.theme import STYLE_ARGUMENTS, apply_look

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([*(argv if argv is not None else sys.argv), *STYLE_ARGUMENTS])
    )
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_TITLE)
    app.setQuitOnLastWindowClosed(False)  # the start flow hands over between windows and decides when to end
    install_translators(app)
    apply_look(app, paths.cache, style_given=app is not existing)
    return app


def run_app(*, paths: AppPaths, url_override: str | None) -> int:
    """Called by main.py; returns the process exit code."""
    configure_logging(paths.log_file)
    qInstallMessageHandler(qt_message_handler)
    install_crash_hook(paths.log_file)
    log.info("start %s %s", APP_NAME, __version__)
    app = create_application(paths)
    from ui.start_flow import StartFlow
    from ui.tasks import TaskRunner

    runner = TaskRunner(app)
    flow = StartFlow(paths, url_override, runner)
    flow.finished.connect(app.exit)
    flow.start()
    code = app.exec()
    log.info("exit %s", code)
    return code
