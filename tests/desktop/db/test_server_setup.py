"""`db init-server` on PostgreSQL: a desk connected as the desk role does its normal work but can never change or
delete an audit event, the audit reader only reads, the desk's sessions carry the timeouts, and a second run is fine."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from desktop.db.database import Database
from desktop.db.server_setup import DESK_ROLE, READER_ROLE, init_server, scram_verifier
from desktop.errors import DatabaseUnavailable
from desktop.services import intake
from desktop.services.core import Actor, Core
from tests.desktop.db.test_backup import _form
from tests.desktop.services.helpers import make_station, make_user

pytestmark = pytest.mark.postgres


def _as(url: str, role: str) -> Database:
    return Database(
        make_url(url).set(username=role).render_as_string(hide_password=False), workstation="desk-9"
    )


def _refused(db: Database, statement: str) -> str:
    with pytest.raises(DBAPIError) as refused, db.engine.begin() as conn:
        conn.exec_driver_sql(statement)
    return str(refused.value.orig)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_init_server_roles_grants_and_timeouts(db: Database, core: Core, admin: Actor) -> None:
    first = init_server(db, desk_password="Desk#2026pw", reader_password="Audit#2026pw")
    again = init_server(db, desk_password=None, reader_password=None)  # a second run keeps the passwords
    assert set(first.created_roles + first.updated_roles) == {DESK_ROLE, READER_ROLE}
    assert set(again.updated_roles) == {DESK_ROLE, READER_ROLE}
    assert again.triggers_made == ()  # migration 0001's guard is there: not made twice
    with db.engine.connect() as conn:
        triggers = conn.execute(
            text(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal"
            )
        ).scalar_one()
    assert triggers == 2
    with (
        db.engine.connect() as conn
    ):  # the server holds the verifier of the password given, never the password
        stored = conn.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": DESK_ROLE}
        ).scalar()
    salt = base64.b64decode(stored.split(":")[1].split("$")[0])
    assert stored == scram_verifier("Desk#2026pw", salt=salt)

    make_station(core, admin)  # as the owner, the way the administrator sets up the station
    user = make_user(core, admin)
    desk_db = _as(db.url, DESK_ROLE)
    reader_db = _as(db.url, READER_ROLE)
    try:
        desk = Actor(username=user.username, role="desk", user_id=user.id, display_name=user.display_name)
        saved = intake.create_intake(Core(db=desk_db, clock=core.clock), desk, "XSLX01", "srv-1", _form(1))
        assert saved.record.receipt_no.startswith("XSLX01-")

        for statement in (
            "UPDATE audit_event SET detail = 'x'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
            "UPDATE alembic_version SET version_num = 'x'",
            "CREATE TABLE desk_made (x int)",
        ):
            assert "permission denied" in _refused(desk_db, statement), statement
        with reader_db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one() >= 3
            assert conn.execute(text("SELECT count(*) FROM application")).scalar_one() == 1
        assert "permission denied" in _refused(
            reader_db, "INSERT INTO audit_event (at) SELECT at FROM audit_event LIMIT 1"
        )
        assert "permission denied" in _refused(reader_db, "DELETE FROM application")
        assert "append-only" in _refused(db, "DELETE FROM audit_event")  # the owner too, by the trigger

        with desk_db.engine.connect() as conn:
            shown = {
                name: conn.execute(text(f"SHOW {name}")).scalar_one()
                for name in ("idle_in_transaction_session_timeout", "lock_timeout", "statement_timeout")
            }
        assert shown == {
            "idle_in_transaction_session_timeout": "1min",
            "lock_timeout": "5s",
            "statement_timeout": "30s",
        }
        with db.engine.connect() as conn:  # the owner (migrations, the demo load) is not bound by them
            assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "0"
    finally:
        desk_db.dispose()
        reader_db.dispose()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_new_role_needs_a_password(db: Database) -> None:
    with pytest.raises(DatabaseUnavailable, match="需要设置密码"):
        init_server(
            db, desk_password=None, reader_password=None, desk_role="ms_new_desk", reader_role="ms_new_r"
        )
