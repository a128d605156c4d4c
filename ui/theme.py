"""The look: the bundled CJK font as the application font, and qt-material's light theme using that font.

qt-material writes its recoloured icons into `parent`; we give it a folder in the program's cache, otherwise every
start rewrites them under ~/.qt_material (and fails where HOME is not writable). Rendering the theme (jinja2, 111 SVG
files) costs about a third of the start-up time, so the first start keeps the rendered style sheet in that folder
and later starts reuse it while the qt-material install, the theme and the font are the same.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_dir

log = logging.getLogger(__name__)

FONT_FILE = "fonts/wqy-microhei.ttc"
ICON_FILE = "icons/app.svg"
FALLBACK_FAMILY = "WenQuanYi Micro Hei"
THEME = "light_blue.xml"
# qt-material's sheet is written for Fusion. A new QApplication is given it on its command line (STYLE_ARGUMENTS):
# `setStyle("Fusion")` hands the style object to Python, and PySide6 builds QStyle's Python type with all its enums
# for that (~8 ms of the start, before the login window can paint).
STYLE = "Fusion"
STYLE_ARGUMENTS = ["-style", STYLE]
FONT_POINT_SIZE = 10.5
CACHE_FORMAT = 1
# After qt-material's sheet. Group box titles: qt-material upper-cases them ("POSTGRESQL 服务器") and greys them
# like disabled text; ours are headings in the station's words. Qt's style-sheet parser knows text-transform (it
# sets the font's capitalisation), and the later rule wins.
OVERRIDES = """
QGroupBox { text-transform: none; }
QGroupBox::title { color: #37474f; }
QGroupBox::title:disabled { color: #9e9e9e; }
"""


def load_bundled_font() -> str:
    """Register WenQuanYi Micro Hei with Qt and return its family name (the font covers GB2312 and ASCII)."""
    path = resource_dir() / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("bundled font not loaded: %s", path)
        return FALLBACK_FAMILY
    return families[0]


def _stamp(family: str) -> str:
    """What the cached sheet depends on; find_spec locates qt_material without importing it."""
    spec = importlib.util.find_spec("qt_material")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    installed = f"{origin}:{origin.stat().st_mtime_ns}" if origin is not None else "missing"
    return json.dumps([CACHE_FORMAT, installed, THEME, family, "density 0"])


def _render(app: QApplication, folder: Path, family: str, sheet: Path, meta: Path) -> None:
    import qt_material  # after PySide6 (it picks the Qt binding already imported)

    qt_material.apply_stylesheet(
        app,
        theme=THEME,
        invert_secondary=False,
        extra={"font_family": family, "density_scale": "0"},
        parent=str(folder),
        save_as=str(sheet),
    )
    app.setStyleSheet(app.styleSheet() + OVERRIDES)
    primary = os.environ.get("QTMATERIAL_PRIMARYCOLOR", "")
    meta.write_text(json.dumps({"stamp": _stamp(family), "primary": primary}), encoding="utf-8")


def _reuse(app: QApplication, folder: Path, sheet: Path, primary: str, *, style_given: bool) -> None:
    """What qt_material.apply_stylesheet does, minus rendering: style, icon search path, palette, sheet."""
    if not style_given:
        app.setStyle(STYLE)
    QDir.addSearchPath("icon", str(folder))
    if primary.startswith("#") and len(primary) == 7:
        palette = QGuiApplication.palette()
        colour = QColor(primary)
        colour.setAlpha(92)
        palette.setColor(QPalette.ColorRole.Text, colour)
        QGuiApplication.setPalette(palette)
    app.setStyleSheet(sheet.read_text(encoding="utf-8") + OVERRIDES)


def apply_look(app: QApplication, cache: Path, *, style_given: bool = False) -> str:
    """Font first (so the theme can name it), then the theme; returns the font family. `style_given`: the
    application was made with STYLE_ARGUMENTS."""
    app.setWindowIcon(QIcon(str(resource_dir() / ICON_FILE)))
    family = load_bundled_font()
    font = QFont(family)
    font.setPointSizeF(FONT_POINT_SIZE)
    app.setFont(font)
    folder = cache / "qt_material"
    folder.mkdir(parents=True, exist_ok=True)
    sheet, meta = folder / "theme.qss", folder / "theme.json"
    try:
        saved = json.loads(meta.read_text(encoding="utf-8"))
        usable = saved.get("stamp") == _stamp(family) and sheet.exists() and (folder / "primary").is_dir()
    except (OSError, ValueError):
        saved, usable = {}, False
    if usable:
        _reuse(app, folder, sheet, str(saved.get("primary", "")), style_given=style_given)
    else:
        _render(app, folder, family, sheet, meta)
    return family
