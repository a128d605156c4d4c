"""A damaged SQLite file at start: the error dialog lists the backups, an administrator restores one, and the start
goes on with the backed-up records (the damaged file kept aside, the restore audited); the daily backup is written
once the database is open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton
from sqlalchemy import select

from desktop.db.backup import backup_sqlite, list_backups
from desktop.db.models import AuditEvent, StaffUser
from desktop.services import auth
from tests.ui.conftest import ADMIN_PASSWORD, Desk, top_level, wait_for
from ui.dialogs.startup_error import StartupErrorDialog
from ui.start_flow import StartFlow


def _damage_the_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 4)
        fh.write(b"\xde\xad\xbe\xef" * (size // 8))
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:
        rows = [("malformed",)]
    finally:
        conn.close()
    assert rows != [("ok",)]  # the test's own premise: the file really is damaged


def test_a_damaged_file_is_restored_from_a_listed_backup(
    paths: Any, desk: Desk, runner: Any, qtbot: Any
) -> None:
    taken = backup_sqlite(desk.core.db, paths.backups, "auto")
    assert taken is not None
    auth.add_user(
        desk.core,
        desk.admin.as_actor(),
        username="later",
        role="desk",
        display_name="后来",
        password=ADMIN_PASSWORD,
    )
    desk.core.db.dispose()
    _damage_the_middle(paths.default_database)

    flow = StartFlow(paths, None, runner)
    try:
        flow.start()
        wait_for(qtbot, lambda: top_level(StartupErrorDialog))
        dialog = top_level(StartupErrorDialog)
        assert "损坏" in dialog.findChild(QLabel, "login.startup_message").text()
        listed = dialog.findChild(QListWidget, "login.backups")
        assert listed.count() == 1
        assert listed.item(0).toolTip() == str(taken)  # the file behind the row
        assert list_backups(paths.backups)[0].describe() == listed.item(0).text()  # date, kind, size
        assert "db restore" in dialog.findChild(QLabel, "login.restore_command").text()

        dialog.findChild(QLineEdit, "login.restore_username").setText("admin")
        dialog.findChild(QLineEdit, "login.restore_password").setText("not the password")
        dialog.findChild(QPushButton, "login.restore").click()
        message = dialog.findChild(QLabel, "login.restore_message")
        wait_for(qtbot, lambda: "站管理员" in message.text())
        assert dialog.isVisible()
        assert not list(paths.data.glob("*.damaged-*"))  # refused: nothing replaced

        dialog.findChild(QLineEdit, "login.restore_password").setText(ADMIN_PASSWORD)
        dialog.findChild(QPushButton, "login.restore").click()
        wait_for(qtbot, lambda: flow.core is not None)
        assert flow.login.isVisible()
        assert not dialog.isVisible()
        assert taken.name in flow.login.status.text()
        with flow.core.db.read() as session:
            users = set(session.execute(select(StaffUser.username)).scalars())
            restored_by = session.execute(
                select(AuditEvent.username).where(AuditEvent.action == "db.restore")
            ).scalar_one()
        assert users == {"admin", "clerk"}  # the backed-up accounts; the later one was after the backup
        assert restored_by == "admin"
        kept = [p for p in paths.data.glob("*.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1  # with its -wal beside it: committed rows not yet in the file may be there
        assert kept[0].read_bytes()[:16] == b"SQLite format 3\x00"
    finally:
        flow.finish(0)


def test_the_first_start_of_the_day_writes_the_automatic_backup(
    paths: Any, desk: Desk, runner: Any, qtbot: Any
) -> None:
    desk.core.db.dispose()
    flow = StartFlow(paths, None, runner)
    try:
        flow.start()
        wait_for(qtbot, lambda: flow.core is not None)
        runner.wait_for_done()
        wait_for(qtbot, lambda: any(b.automatic for b in list_backups(paths.backups)))
    finally:
        flow.finish(0)
    autos = [b for b in list_backups(paths.backups) if b.automatic]
    assert len(autos) == 1
