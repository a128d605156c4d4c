"""What every service call needs: the open database, the clock, this desk's name, and who is acting."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import Clock, format_local, system_clock
from desktop.db.database import Database
from desktop.db.models import StaffUser
from desktop.errors import ConflictError, PermissionDenied


class Permission(StrEnum):
    INTAKE = "intake"  # register applications, print receipts, mediation records
    REVIEW = "review"  # review, return, void, sign off a day
    REVEAL_ID = "reveal_id"  # see a full ID number (each reveal audited)
    MANAGE_USERS = "manage_users"
    MANAGE_STATION = "manage_station"  # station details and station-wide settings
    MANAGE_SYSTEM = "manage_system"  # catalog, backups, database connection
    READ_AUDIT = "read_audit"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "desk": frozenset({Permission.INTAKE}),
    "officer": frozenset({Permission.INTAKE, Permission.REVIEW, Permission.REVEAL_ID}),
    "admin": frozenset({Permission.MANAGE_USERS, Permission.MANAGE_STATION, Permission.MANAGE_SYSTEM}),
    "auditor": frozenset({Permission.READ_AUDIT}),
}
ROLE_NAMES = {"desk": "辅警", "officer": "民警", "admin": "站管理员", "auditor": "审计员"}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in staff member, or the command line run by whoever can reach the database."""

    username: str
    role: str
    user_id: int | None = None
    display_name: str = ""
    is_command_line: bool = False

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            role = ROLE_NAMES.get(self.role, self.role)
            raise PermissionDenied(f"当前角色（{role}）无权执行此操作。")


def command_line_actor() -> Actor:
    """The CLI acts with admin rights for whoever can reach the database; audited under the OS user name."""
    try:
        who = getpass.getuser()
    except Exception:  # getuser raises on some service accounts without a name; still audit something
        who = "unknown"
    return Actor(username=f"cli:{who}", role="admin", display_name="命令行", is_command_line=True)


def require_staff(actor: Actor) -> int:
    """The staff account behind an action that records who did it (intake, handover …): the command line has none."""
    if actor.user_id is None:
        raise PermissionDenied("该操作须由工作人员以本人账户登录后办理")
    return actor.user_id


def authorize(session: Session, actor: Actor, permission: Permission) -> None:
    """Check `permission` against the account as it is now, inside the action's transaction: a user deactivated
    or given another role since logging in loses the old rights at once, not at the next login."""
    if actor.is_command_line:  # whoever runs the CLI already holds the database itself
        return
    actor.require(permission)
    row = session.execute(
        select(StaffUser.role, StaffUser.is_active).where(StaffUser.id == actor.user_id)
    ).one_or_none()
    if row is None or not row.is_active:
        raise PermissionDenied("该账户已停用或不存在，请重新登录。")
    if permission not in ROLE_PERMISSIONS.get(row.role, frozenset()):
        raise PermissionDenied("您的角色已变更，无权执行此操作，请重新登录。")


@dataclass
class Core:
    db: Database
    clock: Clock = system_clock
    workstation: str = field(default_factory=socket.gethostname)


class _Saved(Protocol):
    @property
    def updated_by_name(self) -> str: ...
    @property
    def created_by_name(self) -> str: ...
    @property
    def updated_at(self) -> datetime: ...


Record = TypeVar("Record", bound=_Saved)


class StaleRecord(ConflictError, Generic[Record]):
    """Another desk saved the record after this form loaded it; `current` is the record as it is now. Each kind
    names what was changed (`noun`: 该记录, 该申请, 该案件)."""

    noun = "该记录"

    def __init__(self, current: Record) -> None:
        who = current.updated_by_name or current.created_by_name or "其他人"
        super().__init__(
            f"{self.noun}已被{who}于{format_local(current.updated_at)}修改，您的修改没有保存，仍保留在表单中。"
            "请核对对方改动的内容，再决定是否在最新记录上保存。"
        )
        self.current = current
