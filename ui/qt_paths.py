"""Qt's own per-user settings go into the program's config folder instead of the user's: the widget file dialog
(PDF and .xlsx exports) remembers its folder and view in `QtProject.conf`, which Qt otherwise writes to ~/.config —
outside the folders the program may write to, and wherever HOME happens to point (see desktop.paths.AppPaths).

Windows keeps Qt's native settings in the registry (HKCU\\Software\\QtProject), which this does not redirect.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings


def keep_qt_settings_in(folder: Path) -> None:
    """Call before the first QSettings is made (Qt reads the path when a settings object is created)."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
