"""Small builders for service tests: a station and users created the way the CLI creates them."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.db.models import AuditEvent
from desktop.services import auth, station
from desktop.services.auth import UserInfo
from desktop.services.core import Actor, Core

PASSWORD = "Counter#2026"


def make_station(core: Core, admin: Actor, code: str = "XSLX01") -> station.StationInfo:
    return station.init_station(core, admin, station.StationInput(code=code, name="录霞社区微派出所"))


def make_user(core: Core, admin: Actor, username: str = "zhang", role: str = "desk") -> UserInfo:
    return auth.add_user(core, admin, username=username, role=role, display_name="张三", password=PASSWORD)


def audit_actions(core: Core) -> list[tuple[str, bool]]:
    with core.db.read() as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.ok).order_by(AuditEvent.id)).tuples()
        return list(rows)


def audit_count(core: Core) -> int:
    with core.db.read() as session:
        return int(session.execute(select(func.count()).select_from(AuditEvent)).scalar_one())
