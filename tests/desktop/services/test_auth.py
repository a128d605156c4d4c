"""Accounts: password policy, lockout with an injected clock, forced change, roles enforced in the services."""

from __future__ import annotations

import pytest

from desktop.clock import ManualClock
from desktop.errors import ConflictError, PermissionDenied, ValidationError
from desktop.services import auth, settings
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import PASSWORD, audit_actions, audit_count, make_user


@pytest.mark.parametrize(
    ("password", "message"),
    [("Ab1!", "至少需要 8"), ("abcdefgh1", "至少三类"), ("ABCDEFGH", "至少三类"), ("abcdEFGH", "至少三类")],
)
def test_password_policy(core: Core, admin: Actor, password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        auth.add_user(core, admin, username="li", role="desk", display_name="李四", password=password)
    assert err.value.field == "password"


@pytest.mark.parametrize("password", ["abcdEF12", "abcd12!!", "ABCD12!!", "密码abcDEF1"])
def test_three_of_four_kinds_pass(core: Core, admin: Actor, password: str) -> None:
    assert auth.add_user(core, admin, username="li", role="desk", display_name="李四", password=password).id


def test_login_success_and_failure_each_write_one_event(core: Core, admin: Actor) -> None:
    make_user(core, admin)
    before = audit_count(core)
    user = auth.login(core, "zhang", PASSWORD)
    assert user.role == "desk"
    assert user.must_change_password
    with pytest.raises(PermissionDenied, match="用户名或密码错误"):
        auth.login(core, "zhang", "wrong-password")
    with pytest.raises(PermissionDenied, match="用户名或密码错误"):
        auth.login(core, "nobody", "whatever")
    assert audit_count(core) == before + 3
    assert audit_actions(core)[-3:] == [("login", True), ("login", False), ("login", False)]


def test_five_failures_lock_for_fifteen_minutes(core: Core, admin: Actor, clock: ManualClock) -> None:
    make_user(core, admin)
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="用户名或密码错误"):
            auth.login(core, "zhang", "wrong-password")
    with pytest.raises(PermissionDenied, match="锁定 15 分钟"):
        auth.login(core, "zhang", "wrong-password")
    with pytest.raises(PermissionDenied, match="账户已锁定"):
        auth.login(core, "zhang", PASSWORD)  # even the right password, while locked
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(PermissionDenied, match="账户已锁定"):
        auth.login(core, "zhang", PASSWORD)
    clock.advance(seconds=2)
    assert auth.login(core, "zhang", PASSWORD).failed_logins == 0


def test_lock_lifts_by_unlock(core: Core, admin: Actor) -> None:
    make_user(core, admin)
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            auth.login(core, "zhang", "wrong-password")
    auth.unlock_user(core, admin, "zhang")
    assert auth.login(core, "zhang", PASSWORD).username == "zhang"


def test_lockout_threshold_is_a_station_setting(core: Core, admin: Actor) -> None:
    settings.update_settings(core, admin, lockout_threshold=3)
    make_user(core, admin)
    for _ in range(2):
        with pytest.raises(PermissionDenied, match="用户名或密码错误"):
            auth.login(core, "zhang", "wrong-password")
    with pytest.raises(PermissionDenied, match="已锁定"):
        auth.login(core, "zhang", "wrong-password")


def test_first_login_must_change_password(core: Core, admin: Actor) -> None:
    make_user(core, admin)
    user = auth.login(core, "zhang", PASSWORD)
    with pytest.raises(ValidationError) as err:
        auth.change_password(core, user.as_actor(), "not-the-old-one", "NewPass#2027")
    assert err.value.field == "old_password"
    with pytest.raises(ValidationError) as err:
        auth.change_password(core, user.as_actor(), PASSWORD, "short")
    assert err.value.field == "new_password"
    changed = auth.change_password(core, user.as_actor(), PASSWORD, "NewPass#2027")
    assert not changed.must_change_password
    assert not auth.login(core, "zhang", "NewPass#2027").must_change_password


def test_reset_password_forces_a_change_again(core: Core, admin: Actor) -> None:
    user = make_user(core, admin)
    auth.change_password(core, auth.login(core, "zhang", PASSWORD).as_actor(), PASSWORD, "NewPass#2027")
    reset = auth.reset_password(core, admin, "zhang", "Temp#Pass1")
    assert reset.must_change_password
    assert auth.login(core, "zhang", "Temp#Pass1").id == user.id


@pytest.mark.parametrize("role", ["desk", "officer", "auditor"])
def test_only_admins_manage_users(core: Core, admin: Actor, role: str) -> None:
    someone = make_user(core, admin, username="someone", role=role).as_actor()
    with pytest.raises(PermissionDenied, match="无权"):
        auth.add_user(core, someone, username="x1", role="admin", display_name="X", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        auth.list_users(core, someone)
    with pytest.raises(PermissionDenied):
        auth.unlock_user(core, someone, "someone")
    with pytest.raises(PermissionDenied):
        settings.update_settings(core, someone, idle_lock_minutes=30)


def test_inactive_account_cannot_log_in(core: Core, admin: Actor) -> None:
    user = make_user(core, admin)
    auth.update_user(core, admin, "zhang", version=user.version, is_active=False)
    with pytest.raises(PermissionDenied, match="停用"):
        auth.login(core, "zhang", PASSWORD)


def test_stale_user_form_is_a_conflict(core: Core, admin: Actor) -> None:
    user = make_user(core, admin)
    auth.update_user(core, admin, "zhang", version=user.version, display_name="张三丰")
    with pytest.raises(ConflictError, match="已被其他管理员修改"):
        auth.update_user(core, admin, "zhang", version=user.version, police_no="F9")


def test_user_changes_write_exactly_one_event_each(core: Core, admin: Actor) -> None:
    before = audit_count(core)
    user = make_user(core, admin)
    auth.update_user(core, admin, "zhang", version=user.version, display_name="张三丰", police_no="F9")
    auth.unlock_user(core, admin, "zhang")
    auth.reset_password(core, admin, "zhang", "Temp#Pass1")
    assert [a for a, _ in audit_actions(core)[before:]] == [
        "user.add",
        "user.update",
        "user.unlock",
        "user.reset_password",
    ]


def test_duplicate_username_is_refused(core: Core, admin: Actor) -> None:
    make_user(core, admin)
    with pytest.raises(ConflictError, match="已存在"):
        make_user(core, admin)


def test_logins_do_not_make_an_open_account_form_stale(core: Core, admin: Actor) -> None:
    user = make_user(core, admin)
    with pytest.raises(PermissionDenied):
        auth.login(core, "zhang", "wrong-password")
    auth.login(core, "zhang", PASSWORD)
    assert auth.update_user(core, admin, "zhang", version=user.version, police_no="F9").police_no == "F9"


def test_parallel_failed_logins_are_each_counted_and_audited(core: Core, admin: Actor) -> None:
    from concurrent.futures import ThreadPoolExecutor

    make_user(core, admin)
    before = audit_count(core)

    def attempt(_: int) -> str:
        try:
            auth.login(core, "zhang", "wrong-password")
        except PermissionDenied as exc:
            return exc.message
        return "logged in?"

    with ThreadPoolExecutor(max_workers=4) as pool:
        messages = list(pool.map(attempt, range(4)))
    assert messages == ["用户名或密码错误。"] * 4
    assert audit_count(core) == before + 4
    assert auth.list_users(core, admin)[0].failed_logins == 4


def test_a_demoted_or_deactivated_user_loses_rights_at_once(core: Core, admin: Actor) -> None:
    boss = make_user(core, admin, username="boss", role="admin")
    session_actor = auth.login(core, "boss", PASSWORD).as_actor()  # rights as they were at login
    assert auth.list_users(core, session_actor)
    auth.update_user(core, admin, "boss", version=boss.version, role="desk")
    with pytest.raises(PermissionDenied, match="角色已变更"):
        auth.list_users(core, session_actor)
    current = auth.list_users(core, admin)[0]
    auth.update_user(core, admin, "boss", version=current.version, role="admin", is_active=False)
    with pytest.raises(PermissionDenied, match="停用"):
        settings.update_settings(core, session_actor, idle_lock_minutes=5)
