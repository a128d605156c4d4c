"""The audit trail: a hash chain that names the first altered event, masking, and PostgreSQL's refusal to edit."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from desktop.db.models import AuditEvent
from desktop.services import audit, auth
from desktop.services.core import Actor, Core
from tests.desktop.services.helpers import PASSWORD, make_station, make_user


def _events(core: Core) -> list[AuditEvent]:
    with core.db.read() as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())


def _populate(core: Core, admin: Actor) -> None:
    make_station(core, admin)
    make_user(core, admin)
    auth.login(core, "zhang", PASSWORD)
    with pytest.raises(Exception, match="密码错误"):
        auth.login(core, "zhang", "bad")


def test_untouched_chain_verifies(core: Core, admin: Actor) -> None:
    _populate(core, admin)
    result = audit.verify_chain(core, admin)
    assert result.ok
    assert result.checked == len(_events(core)) == 4


def test_an_altered_row_is_named(core: Core, admin: Actor, backend: str) -> None:
    _populate(core, admin)
    victim = _events(core)[2]
    with core.db.write() as session:
        if (
            backend == "postgresql"
        ):  # the guard trigger must be removed first, as an attacker with DDL rights would
            session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
        session.execute(text("UPDATE audit_event SET ok = NOT ok WHERE id = :id"), {"id": victim.id})
    result = audit.verify_chain(core, admin)
    assert not result.ok
    assert result.first_bad_id == victim.id


def test_a_deleted_row_breaks_the_link_to_the_next(core: Core, admin: Actor, backend: str) -> None:
    _populate(core, admin)
    events = _events(core)
    with core.db.write() as session:
        if backend == "postgresql":
            session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
        session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": events[1].id})
    assert audit.verify_chain(core, admin).first_bad_id == events[2].id


@pytest.fixture
def pg_core(pg_server) -> Core:  # type: ignore[no-untyped-def]
    from desktop.db.database import Database
    from tests.conftest import new_pg_database

    return Core(db=Database(new_pg_database(pg_server)), workstation="test-desk")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET detail = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event"]
)
def test_postgres_refuses_to_change_audit_events(pg_core: Core, admin: Actor, statement: str) -> None:
    core = pg_core
    _populate(core, admin)
    with pytest.raises(DBAPIError, match="append-only"), core.db.engine.begin() as conn:
        conn.execute(text(statement))
    assert audit.verify_chain(core, admin).ok
    core.db.dispose()


def test_details_are_masked(core: Core, admin: Actor) -> None:
    with core.db.write() as session:
        audit.record(session, core, admin, "test", detail="申请人 440803196001010019 电话 13812345678")
    detail = _events(core)[-1].detail
    assert "440803196001010019" not in detail
    assert "13812345678" not in detail
    assert "440803********0019" in detail


def test_only_auditors_read_the_chain(core: Core, admin: Actor) -> None:
    desk = make_user(core, admin, username="desk1").as_actor()
    with pytest.raises(Exception, match="无权"):
        audit.verify_chain(core, desk)
    auditor = make_user(core, admin, username="aud1", role="auditor").as_actor()
    assert audit.verify_chain(core, auditor).ok
