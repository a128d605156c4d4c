"""Station-wide settings shared by every desk (password policy, lockout, idle lock) with DESIGN.md's defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Setting
from desktop.errors import ValidationError
from desktop.services import audit
from desktop.services.core import Actor, Core, Permission, authorize


@dataclass(frozen=True)
class StationSettings:
    password_min_length: int = 8
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 10


LIMITS: dict[str, tuple[int, int, str]] = {
    "password_min_length": (8, 64, "密码最短长度"),
    "lockout_threshold": (3, 20, "锁定前允许的失败次数"),
    "lockout_minutes": (1, 1440, "锁定时长（分钟）"),
    "idle_lock_minutes": (1, 120, "空闲锁屏时间（分钟）"),
}


def read_settings(session: Session) -> StationSettings:
    stored = dict(session.execute(select(Setting.key, Setting.value)).tuples().all())
    values = {f.name: int(stored[f.name]) for f in fields(StationSettings) if f.name in stored}
    return StationSettings(**values)


def get_settings(core: Core) -> StationSettings:
    with core.db.read() as session:
        return read_settings(session)


def check_settings(changes: Mapping[str, int]) -> None:
    for name, value in changes.items():
        if name not in LIMITS:
            raise ValidationError(name, "未知的设置项")
        low, high, label = LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationError(name, f"{label}应在 {low} 到 {high} 之间")


def apply_settings(session: Session, core: Core, actor: Actor, changes: Mapping[str, int]) -> StationSettings:
    """Write the changed values inside the caller's transaction; one audit event names every changed value."""
    check_settings(changes)
    current = read_settings(session)
    changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
    now = core.clock()
    for name, value in changed.items():
        row = session.get(Setting, name)
        if row is None:
            session.add(Setting(key=name, value=str(value), updated_at=now, updated_by=actor.username))
        else:
            row.value, row.updated_at, row.updated_by = str(value), now, actor.username
    if changed:
        detail = ", ".join(f"{k}: {getattr(current, k)} → {v}" for k, v in sorted(changed.items()))
        audit.record(session, core, actor, "settings.update", entity="setting", detail=detail)
    return replace(current, **changed)


def update_settings(core: Core, actor: Actor, **changes: int) -> StationSettings:
    check_settings(changes)
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_STATION)
        return apply_settings(session, core, actor, changes)


def record_desk_change(core: Core, actor: Actor, detail: str) -> None:
    """Audit a change of this desk's own configuration (e.g. its database connection) in the database it now uses.

    The admin's rights were checked in the database they logged in to; the new database may not know that account
    (ids differ between databases), so only the role is checked here and the event names the username."""
    actor.require(Permission.MANAGE_SYSTEM)
    with core.db.write() as session:
        audit.record(
            session,
            core,
            actor,
            "desk.settings",
            entity="workstation",
            entity_id=core.workstation,
            detail=detail,
        )
