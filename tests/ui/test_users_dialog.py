"""User management: the administrator adds, edits and unlocks accounts through the dialog; checked in the database."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView

from desktop.errors import PermissionDenied
from desktop.services import auth
from tests.ui.conftest import wait_for
from ui.dialogs.users import UsersDialog


def users_by_name(desk: Any) -> dict[str, Any]:
    return {u.username: u for u in auth.list_users(desk.core, desk.admin.as_actor())}


def opened(admin_ctx: Any, qtbot: Any) -> UsersDialog:
    dialog = UsersDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.findChild(QTableView, "settings.users")
    wait_for(qtbot, lambda: table.model().rowCount() == 2)
    return dialog


def test_the_admin_adds_a_user_and_it_is_in_the_database(admin_ctx: Any, desk: Any, qtbot: Any) -> None:
    dialog = opened(admin_ctx, qtbot)
    dialog.findChild(QPushButton, "settings.user_add").click()
    form = dialog.findChild(QLineEdit, "settings.username").window()
    form.findChild(QLineEdit, "settings.username").setText("zhangmj")
    form.findChild(QLineEdit, "settings.display_name").setText("张民警")
    form.findChild(QLineEdit, "settings.police_no").setText("012345")
    role = form.findChild(QComboBox, "settings.role")
    role.setCurrentIndex(role.findData("officer"))
    form.findChild(QLineEdit, "settings.password").setText("Officer#2024")
    form.findChild(QLineEdit, "settings.password_repeat").setText("Officer#2024")
    form.findChild(QPushButton, "settings.user_save").click()

    table = dialog.findChild(QTableView, "settings.users")
    wait_for(qtbot, lambda: table.model().rowCount() == 3)
    user = users_by_name(desk)["zhangmj"]
    assert (user.display_name, user.police_no, user.role) == ("张民警", "012345", "officer")
    assert user.must_change_password


def test_a_rule_broken_in_the_form_is_shown_under_the_field(admin_ctx: Any, desk: Any, qtbot: Any) -> None:
    dialog = opened(admin_ctx, qtbot)
    dialog.findChild(QPushButton, "settings.user_add").click()
    form = dialog.findChild(QLineEdit, "settings.username").window()
    form.findChild(QLineEdit, "settings.username").setText("x")
    form.findChild(QLineEdit, "settings.display_name").setText("张三")
    form.findChild(QLineEdit, "settings.password").setText("Officer#2024")
    form.findChild(QLineEdit, "settings.password_repeat").setText("Officer#2024")
    form.findChild(QPushButton, "settings.user_save").click()
    error = form.findChild(QLabel, "settings.username_error")
    wait_for(qtbot, lambda: error.isVisible())
    assert "用户名" in error.text()
    assert form.isVisible()
    assert form.findChild(QLineEdit, "settings.display_name").text() == "张三"
    assert "x" not in users_by_name(desk)


def test_editing_a_stale_account_is_a_conflict_and_keeps_the_form(
    admin_ctx: Any, desk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    dialog = opened(admin_ctx, qtbot)
    dialog.select("clerk")
    dialog.findChild(QPushButton, "settings.user_edit").click()
    form = dialog.findChild(QLineEdit, "settings.display_name").window()
    auth.update_user(desk.core, desk.admin.as_actor(), "clerk", version=desk.clerk.version, police_no="999")
    form.findChild(QLineEdit, "settings.display_name").setText("李新名")
    form.findChild(QCheckBox, "settings.is_active").setChecked(False)
    form.findChild(QPushButton, "settings.user_save").click()
    wait_for(qtbot, lambda: shown)
    assert "其他管理员修改" in shown[0]
    assert form.isVisible()
    assert form.findChild(QLineEdit, "settings.display_name").text() == "李新名"
    assert users_by_name(desk)["clerk"].is_active


def test_unlock_is_offered_only_for_a_locked_account_and_says_what_it_did(
    admin_ctx: Any, desk: Any, qtbot: Any, chinese: None
) -> None:
    dialog = opened(admin_ctx, qtbot)
    unlock = dialog.findChild(QPushButton, "settings.user_unlock")
    status = dialog.findChild(QLabel, "settings.users_status")
    dialog.select("clerk")
    assert not unlock.isEnabled()  # not locked: nothing to unlock
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            auth.login(desk.core, "clerk", "wrong")
    assert users_by_name(desk)["clerk"].locked_until is not None
    dialog.findChild(QPushButton, "settings.user_refresh").click()
    wait_for(qtbot, lambda: unlock.isEnabled())
    unlock.click()
    wait_for(qtbot, lambda: status.text())
    assert status.text() == "已解锁账户 李辅警（clerk），可以重新登录。"
    assert users_by_name(desk)["clerk"].locked_until is None
    wait_for(qtbot, lambda: not unlock.isEnabled())


def test_saving_an_account_is_confirmed_under_the_table(
    admin_ctx: Any, desk: Any, qtbot: Any, chinese: None
) -> None:
    dialog = opened(admin_ctx, qtbot)
    dialog.select("clerk")
    dialog.findChild(QPushButton, "settings.user_edit").click()
    form = dialog.findChild(QLineEdit, "settings.display_name").window()
    username = form.findChild(QLineEdit, "settings.username")
    assert username.isReadOnly()
    form.findChild(QLineEdit, "settings.police_no").setText("440803123")
    form.findChild(QPushButton, "settings.user_save").click()
    status = dialog.findChild(QLabel, "settings.users_status")
    wait_for(qtbot, lambda: status.text())
    assert status.text() == "已保存账户 李辅警（clerk）。"
    assert users_by_name(desk)["clerk"].police_no == "440803123"


def test_deactivating_oneself_is_refused_under_the_state(
    admin_ctx: Any, desk: Any, qtbot: Any, chinese: None
) -> None:
    dialog = opened(admin_ctx, qtbot)
    dialog.select("admin")
    dialog.findChild(QPushButton, "settings.user_edit").click()
    form = dialog.findChild(QLineEdit, "settings.display_name").window()
    form.findChild(QCheckBox, "settings.is_active").setChecked(False)
    form.findChild(QPushButton, "settings.user_save").click()
    error = form.findChild(QLabel, "settings.is_active_error")
    wait_for(qtbot, lambda: error.isVisible())
    assert "不能停用自己的账户" in error.text()
    assert not form.findChild(QLabel, "settings.role_error").isVisible()
    assert users_by_name(desk)["admin"].is_active


def test_an_empty_new_account_shows_the_error_without_squashing_the_fields(
    themed: None, admin_ctx: Any, desk: Any, qtbot: Any
) -> None:
    dialog = opened(admin_ctx, qtbot)
    dialog.findChild(QPushButton, "settings.user_add").click()
    form = dialog.findChild(QLineEdit, "settings.username").window()
    fields = [
        form.findChild(QLineEdit, f"settings.{name}") for name in ("username", "display_name", "password")
    ]
    qtbot.wait(50)
    before = [field.height() for field in fields]
    assert min(before) >= 28
    form.findChild(QPushButton, "settings.user_save").click()
    error = form.findChild(QLabel, "settings.username_error")
    wait_for(qtbot, lambda: error.isVisible())
    qtbot.wait(50)
    assert [field.height() for field in fields] == before
    username = fields[0]
    assert (
        error.mapTo(form, error.rect().topLeft()).y()
        >= username.mapTo(form, username.rect().bottomLeft()).y()
    )
