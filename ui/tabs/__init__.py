"""The registry of main-window tabs. A business issue adds its tab here; the main window shows what the role may use.

A tab is a QWidget built by `factory(ctx: DeskContext)`; its `windowTitle()` is the tab text (set it with
`self.setWindowTitle(self.tr("Walk-in"))`) and its objectName should be `<area>.tab`. A tab may implement any of the
keyboard commands of DESIGN.md as methods; the main window routes the shortcut to the current tab:
F2 → `new_record()`, Ctrl+S → `save()`, Ctrl+P → `print_document()`, Ctrl+F → `search()`, Esc → `cancel()`.
It may also implement `can_leave() -> bool` (unsaved edits) — asked before logout and user switch.

A tab that names itself in its entry (`name`, its objectName, and `title`, its translated tab text) is built when
it is first shown: until then the tab bar holds a bare page of that name. Building every tab at login took most of
the 2.3 s from 登录 to the main window (each tab's widgets polished under qt-material's style sheet).

Registering (in DESIGN's order: walkin 10, exit_entry 20, mediation 30, receipts 40, review 50):

    from desktop.services.core import Permission
    from ui.tabs import TabEntry, register_tab
    from ui.tabs.walkin import WalkinTab
    register_tab(TabEntry(WalkinTab, Permission.INTAKE, order=10))

Add such a line to `_load_builtin_tabs()` below. While no tab is registered for the role, the main window shows its
home page instead (never an empty placeholder tab).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.services.core import Actor, Permission
    from ui.context import DeskContext

TabFactory = Callable[["DeskContext"], QWidget]


@dataclass(frozen=True)
class TabEntry:
    factory: TabFactory
    permission: Permission | None  # None: every logged-in role
    order: int = 100
    name: str = ""  # the tab's objectName; with `title`: built on first show
    title: Callable[[], str] | None = None  # the tab text before the tab exists (translated)

    @property
    def deferred(self) -> bool:
        return bool(self.name) and self.title is not None


_registry: list[TabEntry] = []
_builtins_loaded = False


def register_tab(entry: TabEntry) -> None:
    if entry not in _registry:
        _registry.append(entry)


def unregister_tab(entry: TabEntry) -> None:
    if entry in _registry:
        _registry.remove(entry)


def _load_builtin_tabs() -> None:
    """Imports the business tabs on first use (after login, so their imports do not slow the start)."""
    global _builtins_loaded
    if _builtins_loaded:
        return
    _builtins_loaded = True
    # One line per business tab, in DESIGN.md's order.
    from ui.tabs import exit_entry, mediation, receipts, review, walkin

    register_tab(walkin.TAB)  # 来访受理: INTAKE, order 10
    register_tab(exit_entry.TAB)  # 出入境受理: INTAKE, order 20
    register_tab(mediation.TAB)  # 矛盾调解: INTAKE, order 30
    register_tab(receipts.TAB)  # 回执管理: INTAKE, order 40
    register_tab(review.TAB)  # 当日审核: INTAKE (a desk user read-only), order 50


def tabs_for(actor: Actor) -> list[TabEntry]:
    """The tabs this role may use, in display order."""
    _load_builtin_tabs()
    allowed = [e for e in _registry if e.permission is None or actor.can(e.permission)]
    return sorted(allowed, key=lambda e: e.order)
