"""Staff accounts: argon2 hashes, the password policy, lockout after repeated failures, forced first change.

Every login attempt (both outcomes) and every account change writes exactly one audit event.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.clock import format_local
from desktop.db.models import ROLES, StaffUser
from desktop.domain.text import UNSAVABLE, ensure_savable
from desktop.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from desktop.services import audit
from desktop.services.core import ROLE_NAMES, Actor, Core, Permission, authorize
from desktop.services.settings import StationSettings, read_settings

log = logging.getLogger(__name__)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("timing-equaliser-not-a-password")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
BAD_CREDENTIALS = "用户名或密码错误。"
MAX_DISPLAY_NAME = 50  # the columns' widths
MAX_POLICE_NO = 20
MAX_PASSWORD = 128


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    police_no: str
    role: str
    is_active: bool
    must_change_password: bool
    locked_until: datetime | None
    failed_logins: int
    version: int

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def as_actor(self) -> Actor:
        return Actor(username=self.username, role=self.role, user_id=self.id, display_name=self.display_name)


def user_info(user: StaffUser) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        police_no=user.police_no,
        role=user.role,
        is_active=user.is_active,
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        failed_logins=user.failed_logins,
        version=user.version,
    )


def check_password_policy(password: str, settings: StationSettings, *, field: str = "password") -> None:
    if UNSAVABLE.search(
        password
    ):  # a lone surrogate cannot even be hashed; control characters cannot be typed
        raise ValidationError(field, "密码含有无法使用的字符（控制字符或残缺字符），请重新输入")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(field, f"密码不能超过 {MAX_PASSWORD} 个字符")
    if len(password) < settings.password_min_length:
        raise ValidationError(field, f"密码至少需要 {settings.password_min_length} 个字符")
    kinds = sum(
        bool(re.search(pattern, password)) for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    )
    if kinds < 3:
        raise ValidationError(field, "密码需包含大写字母、小写字母、数字、符号中的至少三类")


def _check_new_user_fields(username: str, role: str, display_name: str) -> None:
    if not USERNAME_RE.match(username):
        raise ValidationError("username", "用户名为 2–32 位字母、数字及 _ . - 符号")
    if role not in ROLES:
        raise ValidationError("role", "角色无效")
    check_staff_details(display_name, "")


def check_staff_details(display_name: str | None, police_no: str | None) -> None:
    """The free-text details of an account: savable text within their columns."""
    if display_name is not None:
        ensure_savable("display_name", display_name)
        if not display_name.strip():
            raise ValidationError("display_name", "请填写姓名")
        if len(display_name.strip()) > MAX_DISPLAY_NAME:
            raise ValidationError("display_name", f"姓名不能超过 {MAX_DISPLAY_NAME} 个字")
    if police_no is not None:
        ensure_savable("police_no", police_no)
        if len(police_no.strip()) > MAX_POLICE_NO:
            raise ValidationError("police_no", f"警号不能超过 {MAX_POLICE_NO} 个字符")


def _find(session: Session, username: str) -> StaffUser | None:
    return session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()


def _get(session: Session, username: str) -> StaffUser:
    user = _find(session, username)
    if user is None:
        raise NotFound(f"没有用户“{username}”")
    return user


def create_user(
    session: Session,
    core: Core,
    actor: Actor,
    *,
    username: str,
    role: str,
    display_name: str,
    password: str,
    police_no: str = "",
    must_change_password: bool = True,
) -> StaffUser:
    """Insert a user inside the caller's transaction (used by add_user and by the first-run set-up)."""
    username = username.strip()
    _check_new_user_fields(username, role, display_name)
    check_staff_details(None, police_no)
    check_password_policy(password, read_settings(session))
    if _find(session, username) is not None:
        raise ConflictError(f"用户名“{username}”已存在")
    now = core.clock()
    user = StaffUser(
        username=username,
        display_name=display_name.strip(),
        police_no=police_no.strip(),
        role=role,
        password_hash=_hasher.hash(password),
        is_active=True,
        failed_logins=0,
        must_change_password=must_change_password,
        created_at=now,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        core,
        actor,
        "user.add",
        entity="staff_user",
        entity_id=user.id,
        detail=f"{username} 角色={role}",
    )
    return user


def add_user(
    core: Core,
    actor: Actor,
    *,
    username: str,
    role: str,
    display_name: str,
    password: str,
    police_no: str = "",
) -> UserInfo:
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_USERS)
        user = create_user(
            session,
            core,
            actor,
            username=username,
            role=role,
            display_name=display_name,
            password=password,
            police_no=police_no,
        )
        return user_info(user)


def list_users(core: Core, actor: Actor) -> list[UserInfo]:
    with core.db.read() as session:
        authorize(session, actor, Permission.MANAGE_USERS)
        users = session.execute(select(StaffUser).order_by(StaffUser.username)).scalars()
        return [user_info(u) for u in users]


def count_users(core: Core) -> int:
    with core.db.read() as session:
        return int(session.execute(select(func.count()).select_from(StaffUser)).scalar_one())


def login(core: Core, username: str, password: str) -> UserInfo:
    """Check a password; count failures, lock after the threshold, and audit every attempt in its own commit."""
    username = username.strip()
    with core.db.write() as session:
        # The failure count and the audit event must commit even though the call then fails: decide inside the
        # transaction, raise after it.
        outcome = _attempt(session, core, username, password)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _set_login_state(session: Session, user: StaffUser, **values: object) -> None:
    """Login bookkeeping (failure count, lock, last login, rehash) is not an edit of the account: it must not bump
    `version`, or every login would make an administrator's open form of that user stale."""
    session.execute(update(StaffUser).where(StaffUser.id == user.id).values(**values))
    session.refresh(user)


def _attempt(session: Session, core: Core, username: str, password: str) -> UserInfo | PermissionDenied:
    settings = read_settings(session)
    now = core.clock()
    # FOR UPDATE: parallel attempts on PostgreSQL queue here, so each failure is counted and audited
    # (SQLite's BEGIN IMMEDIATE already serialises writers).
    user = session.execute(
        select(StaffUser).where(StaffUser.username == username).with_for_update()
    ).scalar_one_or_none()

    def failed(detail: str, message: str, entity_id: object = "") -> PermissionDenied:
        audit.record(
            session,
            core,
            username or "-",
            "login",
            entity="staff_user",
            entity_id=entity_id,
            ok=False,
            detail=detail,
        )
        return PermissionDenied(message)

    if user is None:
        verify_password(_DUMMY_HASH, password)  # same cost as a real check: no user enumeration by timing
        return failed("用户不存在", BAD_CREDENTIALS)
    if user.locked_until is not None and user.locked_until > now:
        until = format_local(user.locked_until, "%H:%M")
        return failed("账户已锁定", f"账户已锁定，请于 {until} 后重试，或请管理员解锁。", user.id)
    failures = 0 if user.locked_until is not None else user.failed_logins  # an expired lock starts afresh
    if not verify_password(user.password_hash, password):
        failures += 1
        detail = f"密码错误（第 {failures} 次）"
        if failures < settings.lockout_threshold:
            _set_login_state(session, user, failed_logins=failures, locked_until=None)
            return failed(detail, BAD_CREDENTIALS, user.id)
        _set_login_state(
            session,
            user,
            failed_logins=failures,
            locked_until=now + timedelta(minutes=settings.lockout_minutes),
        )
        return failed(
            detail + f"，锁定 {settings.lockout_minutes} 分钟",
            f"密码错误次数过多，账户已锁定 {settings.lockout_minutes} 分钟。",
            user.id,
        )
    if not user.is_active:
        return failed("账户已停用", "该账户已停用，请联系管理员。", user.id)
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
    if _hasher.check_needs_rehash(user.password_hash):
        values["password_hash"] = _hasher.hash(password)
    _set_login_state(session, user, **values)
    audit.record(session, core, username, "login", entity="staff_user", entity_id=user.id)
    return user_info(user)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches the stored argon2 hash (a malformed hash never matches)."""
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def change_password(core: Core, actor: Actor, old_password: str, new_password: str) -> UserInfo:
    """The user changes their own password (required at first login)."""
    if actor.user_id is None:
        raise PermissionDenied("请先登录。")
    with core.db.write() as session:
        user = session.get(StaffUser, actor.user_id)
        if user is None:
            raise NotFound("账户不存在")
        if not verify_password(user.password_hash, old_password):
            raise ValidationError("old_password", "原密码不正确")
        if old_password == new_password:
            raise ValidationError("new_password", "新密码不能与原密码相同")
        check_password_policy(new_password, read_settings(session), field="new_password")
        user.password_hash = _hasher.hash(new_password)
        user.must_change_password = False
        user.password_changed_at = core.clock()
        audit.record(session, core, actor, "user.change_password", entity="staff_user", entity_id=user.id)
        return user_info(user)


def unlock_user(core: Core, actor: Actor, username: str) -> UserInfo:
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_USERS)
        user = _get(session, username)
        _set_login_state(session, user, failed_logins=0, locked_until=None)
        audit.record(
            session, core, actor, "user.unlock", entity="staff_user", entity_id=user.id, detail=username
        )
        return user_info(user)


def reset_password(core: Core, actor: Actor, username: str, new_password: str) -> UserInfo:
    """An administrator sets a temporary password; the user must change it at the next login."""
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_USERS)
        user = _get(session, username)
        check_password_policy(new_password, read_settings(session))
        user.password_hash = _hasher.hash(new_password)
        user.must_change_password = True
        user.locked_until, user.failed_logins = None, 0
        audit.record(
            session,
            core,
            actor,
            "user.reset_password",
            entity="staff_user",
            entity_id=user.id,
            detail=username,
        )
        return user_info(user)


def update_user(
    core: Core,
    actor: Actor,
    username: str,
    *,
    version: int,
    display_name: str | None = None,
    police_no: str | None = None,
    role: str | None = None,
    is_active: bool | None = None,
) -> UserInfo:
    """Edit an account from the user-management form; a stale form (another admin saved first) is a conflict."""
    check_staff_details(display_name, police_no)
    with core.db.write() as session:
        authorize(session, actor, Permission.MANAGE_USERS)
        user = _get(session, username)
        if user.version != version:
            raise ConflictError("该账户已被其他管理员修改，请刷新后重试。")
        if actor.user_id == user.id and (is_active is False or (role is not None and role != user.role)):
            raise ValidationError("role", "不能停用自己的账户或更改自己的角色")
        changes: list[str] = []
        if display_name is not None and display_name.strip() != user.display_name:
            if not display_name.strip():
                raise ValidationError("display_name", "请填写姓名")
            user.display_name = display_name.strip()
            changes.append(f"姓名={user.display_name}")
        if police_no is not None and police_no.strip() != user.police_no:
            user.police_no = police_no.strip()
            changes.append(f"警号={user.police_no}")
        if role is not None and role != user.role:
            if role not in ROLES:
                raise ValidationError("role", "角色无效")
            changes.append(f"角色 {user.role}→{role}")
            user.role = role
        if is_active is not None and is_active != user.is_active:
            user.is_active = is_active
            changes.append("启用" if is_active else "停用")
        if changes:
            audit.record(
                session,
                core,
                actor,
                "user.update",
                entity="staff_user",
                entity_id=user.id,
                detail=f"{username}: " + "，".join(changes),
            )
        session.flush()
        return user_info(user)
