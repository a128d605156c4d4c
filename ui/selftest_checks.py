"""The Qt half of `selftest` (desktop.selftest runs the core half): translations, the Qt plugins the window needs,
every ui module importable, the theme written under the cache folder, and QtPdf reading a receipt.

Runs without a display: the QApplication is created on the offscreen platform (unless one exists already); the
native platform plugin (xcb, windows) is still loaded as a library, so missing system libraries show here instead
of as Qt's misleading "could not load the Qt platform plugin" at the first real start.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from desktop.paths import AppPaths, resource_dir
from desktop.selftest import Check, CheckFailed, sample_receipt_pdf

# One text of ours and one of Qt's own (the wizard's buttons), with what the catalogues must make of them.
OUR_TEXT = ("StartFlow", "Opening the database…")
QT_TEXT = ("QPlatformTheme", "Cancel", "取消")
# Every ui module a start can reach: importing them proves the bundle holds what they import (QtCharts, QtPdf …).
UI_MODULES = ("ui.app", "ui.start_flow", "ui.dialogs.first_run", "ui.main_window", "ui.printing")
NATIVE_PLATFORM = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a self-test shows nothing and may run over SSH
    return QApplication([sys.argv[0] if sys.argv else "microstation", "selftest"])


def check_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    ours = resource_dir() / "translations" / "microstation_zh_CN.qm"
    qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_zh_CN.qm"
    texts = []
    for file, (context, source, *expected) in ((ours, OUR_TEXT), (qt, QT_TEXT)):
        translator = QTranslator()
        data = file.read_bytes() if file.is_file() else b""
        if not data or not translator.load(data):
            raise CheckFailed(f"{file} 缺失或无法读取")
        text = translator.translate(context, source)
        if not text or text == source or (expected and text != expected[0]):
            raise CheckFailed(f"{file.name} 未译出“{source}”（得到“{text}”）")
        texts.append(f"{file.name}（{source} → {text}）")
    return "；".join(texts)


def _plugin_file(folder: Path, name: str) -> Path:
    found = sorted(folder.glob(f"*q{name}.*")) if folder.is_dir() else []
    if not found:
        raise CheckFailed(f"缺少 Qt 插件 {name}（{folder}）")
    return found[0]


def check_plugins() -> str:
    from PySide6.QtCore import QLibraryInfo, QPluginLoader

    root = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    native = NATIVE_PLATFORM.get(sys.platform, "offscreen")
    wanted = [("platforms", native), ("platforms", "offscreen"), ("imageformats", "svg")]
    wanted += [("iconengines", "svgicon")]
    loaded = []
    for folder, name in wanted:
        file = _plugin_file(root / folder, name)
        loader = QPluginLoader(str(file))
        if not loader.load():  # dlopen: a missing system library (libxcb-cursor0 …) is named here
            raise CheckFailed(f"Qt 插件 {file.name} 无法加载：{loader.errorString()}")
        loaded.append(f"{folder}/{name}")
    return f"{', '.join(loaded)}（{root}）"


def check_ui_modules() -> str:
    _application()  # a QChart is a QGraphicsWidget: it needs the application
    for name in UI_MODULES:
        importlib.import_module(name)
    from PySide6 import QtCharts, QtPdfWidgets, QtPrintSupport

    QtCharts.QChart()
    return f"{len(UI_MODULES)} 个入口模块及 {QtCharts.__name__}, {QtPdfWidgets.__name__}, {QtPrintSupport.__name__}"


def check_theme(paths: AppPaths) -> str:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ui.theme import ICON_FILE, apply_look

    app = _application()
    assert isinstance(app, QApplication)
    family = apply_look(app, paths.cache)
    if "font-family" not in app.styleSheet():
        raise CheckFailed("qt-material 样式表为空")
    if QIcon(str(resource_dir() / ICON_FILE)).pixmap(32, 32).isNull():
        raise CheckFailed("程序图标（SVG）无法显示")
    icons = len(list((paths.cache / "qt_material").rglob("*.svg")))
    return f"qt-material，字体 {family}，{icons} 个图标缓存于 {paths.cache / 'qt_material'}"


def check_pdf_preview() -> str:
    from PySide6.QtCore import QBuffer, QByteArray, QSize
    from PySide6.QtGui import QColor
    from PySide6.QtPdf import QPdfDocument

    _application()
    buffer = QBuffer()
    buffer.setData(QByteArray(sample_receipt_pdf()))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() is not QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise CheckFailed(f"QtPdf 无法读取回执：{document.error()}")
    image = document.render(0, QSize(120, 170))
    inked = any(
        QColor(image.pixel(x, y)).alpha() > 0
        for x in range(0, image.width(), 3)
        for y in range(image.height())
    )
    if image.isNull() or not inked:
        raise CheckFailed("QtPdf 渲染回执得到空白页")
    return f"QtPdf 读取回执 {document.pageCount()} 页并渲染"


def qt_checks(paths: AppPaths) -> list[Check]:
    return [
        Check("翻译", check_translations),
        Check("Qt 插件", check_plugins),
        Check("界面模块", check_ui_modules),
        Check("界面主题", lambda: check_theme(paths)),
        Check("PDF 预览", check_pdf_preview),
    ]
